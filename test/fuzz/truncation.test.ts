// Every truncation of every example file: what an editor hands the server while a file is being typed or pasted.
import assert from 'node:assert/strict';
import { CoreFuzzer, describeFailures } from './harness/core-runner';
import { prefixCuts } from './harness/exercise-core';
import { exampleFiles, rel } from './examples';

describe('fuzz: every truncation of every example file', function () {
  this.timeout(0); // each case has its own limit (CoreFuzzer); the suite's length is the sum of its cases
  const files = exampleFiles();
  const fuzzer = new CoreFuzzer();
  after(() => fuzzer.close());

  for (const [file, text] of Object.entries(files)) {
    it(`${rel(file)}: every character prefix, alone (${text.length + 1} cases)`, async () => {
      const result = await fuzzer.run({ kind: 'prefixes', file, text, unit: 'char' }, (i) => `${rel(file)} cut at offset ${i}`);
      assert.equal(result.failures.length, 0, describeFailures(result.failures));
      assert.equal(result.cases, text.length + 1);
    });
  }

  for (const [file, text] of Object.entries(files)) {
    const cuts = prefixCuts(text, 'line');
    it(`${rel(file)}: every line prefix, in the whole example workspace, incremental = full (${cuts.length} edits)`, async () => {
      const edits = cuts.map((cut) => ({ file, text: text.slice(0, cut) }));
      const result = await fuzzer.run(
        { kind: 'edits', cases: [{ label: `${rel(file)} typed line by line`, files, edits, compareEveryEdit: true }] },
        () => `${rel(file)} typed line by line`,
      );
      assert.equal(result.failures.length, 0, describeFailures(result.failures));
    });
  }
});
