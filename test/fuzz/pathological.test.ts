// Hostile and unusual files through the whole core: each answered within the per-case time and heap limits, with
// valid findings, and with the diagnostic that tells the user what happened.
import assert from 'node:assert/strict';
import { CoreFuzzer, describeFailures } from './harness/core-runner';
import { exampleFiles } from './examples';
import { pathologicalCases } from './pathological';

describe('fuzz: pathological inputs (alias bombs, huge, deep, binary, Helm, CRLF/BOM, not UTF-8)', function () {
  this.timeout(0);
  const fuzzer = new CoreFuzzer();
  after(() => fuzzer.close());

  for (const c of pathologicalCases(exampleFiles())) {
    it(c.label, async () => {
      const result = await fuzzer.run({ kind: 'core', cases: [c], collectCodes: true }, () => c.label);
      assert.equal(result.failures.length, 0, describeFailures(result.failures));
      for (const code of c.expectCodes ?? []) {
        assert.ok(result.codes?.includes(code), `expected a ${code} diagnostic; got ${JSON.stringify(result.codes)}`);
      }
      for (const code of c.forbidCodes ?? []) {
        assert.ok(!result.codes?.includes(code), `expected no ${code} diagnostic; got ${JSON.stringify(result.codes)}`);
      }
    });
  }
});
