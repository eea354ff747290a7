// Random mutations of the real policies and manifests of examples/: the core must answer every one with findings
// (never an exception, a hang or a span outside the text), the incremental analysis the server runs on each
// keystroke must agree with a full analysis, and policy tests generated from the mutated model must pass on it.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { CoreFuzzer, describeFailures } from './harness/core-runner';
import { exampleFiles, EXAMPLES_DIR, rel, runs, seed } from './examples';
import { applyMutations, mutationsArb } from './mutations';

const SEED = seed(20240607);

describe(`fuzz: random mutations of the examples (seed ${SEED}; FUZZ_SEED, FUZZ_RUNS to change)`, function () {
  this.timeout(0);
  const files = exampleFiles();
  const names = Object.keys(files);
  const fuzzer = new CoreFuzzer();
  after(() => fuzzer.close());

  /** The files of the same top-level example folder (payments/, platform/, shop/, tests/): a small, related workspace. */
  const siblings = (file: string): Record<string, string> => {
    const top = path.relative(EXAMPLES_DIR, file).split(path.sep)[0];
    return Object.fromEntries(Object.entries(files).filter(([f]) => path.relative(EXAMPLES_DIR, f).split(path.sep)[0] === top));
  };
  const CRLF = (text: string): string => text.replace(/\r?\n/g, '\r\n');

  it('mutated in the whole example workspace: incremental findings equal analyze(), all valid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: names.length - 1 }), mutationsArb, fc.boolean(), async (i, mutations, crlf) => {
        const file = names[i];
        const text = applyMutations(crlf ? CRLF(files[file]) : files[file], mutations);
        const label = `${rel(file)} mutated by ${JSON.stringify(mutations)}${crlf ? ' (CRLF)' : ''}`;
        const result = await fuzzer.run({ kind: 'edits', cases: [{ label, files, edits: [{ file, text }] }] }, () => label);
        assert.equal(result.failures.length, 0, describeFailures(result.failures));
      }),
      { seed: SEED, numRuns: runs(200) },
    );
  });

  it('mutated with its folder: findings, reachability, explanations, policy tests, generated tests round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: names.length - 1 }), mutationsArb, fc.boolean(), async (i, mutations, crlf) => {
        const file = names[i];
        const text = applyMutations(crlf ? CRLF(files[file]) : files[file], mutations);
        const label = `${rel(file)} mutated by ${JSON.stringify(mutations)}${crlf ? ' (CRLF)' : ''}`;
        const result = await fuzzer.run(
          { kind: 'core', cases: [{ label, files: { ...siblings(file), [file]: text }, roundTripGeneratedTests: true }] },
          () => label,
        );
        assert.equal(result.failures.length, 0, describeFailures(result.failures));
      }),
      { seed: SEED + 1, numRuns: runs(400) },
    );
  });

  it('a sequence of mutations typed into one file, compared with a full analysis after every edit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: names.length - 1 }), fc.array(mutationsArb, { minLength: 2, maxLength: 6 }), async (i, steps) => {
        const file = names[i];
        let text = files[file];
        const edits = steps.map((mutations) => ({ file, text: (text = applyMutations(text, mutations)) }));
        // …and back to the original: whatever the edits left behind must be gone.
        edits.push({ file, text: files[file] });
        const label = `${rel(file)} edited by ${JSON.stringify(steps)} then restored`;
        const result = await fuzzer.run({ kind: 'edits', cases: [{ label, files: siblings(file), edits, compareEveryEdit: true }] }, () => label);
        assert.equal(result.failures.length, 0, describeFailures(result.failures));
      }),
      { seed: SEED + 2, numRuns: runs(80) },
    );
  });
});
