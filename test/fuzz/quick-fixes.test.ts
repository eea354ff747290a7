// Every quick fix, applied to every finding that has one: in the examples as they are, in formatting variants
// (CRLF, wider indentation), under every engine profile, and in randomly mutated variants. See exercise-fixes.ts for
// what each application must satisfy.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENGINES } from '../../server/src/core';
import { CoreFuzzer, describeFailures } from './harness/core-runner';
import type { FixCase } from './harness/exercise-fixes';
import { exampleFiles, rel, runs, seed } from './examples';
import { applyMutations, mutationsArb } from './mutations';

const SEED = seed(20240611);

/**
 * The same YAML indented by 4 instead of 2: every leading run of spaces doubled, and so is the width of each `- `
 * before a line's content (or a mapping inside a sequence item would no longer line up with its first key).
 */
function widerIndent(text: string): string {
  return text.replace(/^( *)((?:- +)*)/gm, (_all, spaces: string, dashes: string) => spaces + spaces + dashes.replace(/- +/g, (d) => '-' + ' '.repeat(2 * d.length - 1)));
}

const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

function mapTexts(files: Record<string, string>, f: (text: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, f(v)]));
}

describe(`fuzz: quick fixes keep everything else (seed ${SEED})`, function () {
  this.timeout(0);
  const files = exampleFiles();
  const names = Object.keys(files);
  const fuzzer = new CoreFuzzer();
  after(() => fuzzer.close());
  const totals = { fixable: 0, applied: 0, titles: {} as Record<string, number> };

  const check = async (cases: FixCase[]): Promise<void> => {
    const result = await fuzzer.run({ kind: 'fixes', cases }, (i) => cases[i]?.label ?? `case ${i}`);
    assert.equal(result.failures.length, 0, describeFailures(result.failures));
    totals.fixable += result.fixable ?? 0;
    totals.applied += result.applied ?? 0;
    for (const [t, n] of Object.entries(result.titles ?? {})) totals.titles[t] = (totals.titles[t] ?? 0) + n;
  };

  for (const [variant, transform] of [
    ['as written', (t: string) => t],
    ['with CRLF line endings', crlf],
    ['indented by 4', widerIndent],
  ] as const) {
    it(`every fix of every finding in examples/ ${variant}, with every engine profile`, async () => {
      const before = totals.applied;
      await check(ENGINES.map((engine) => ({ label: `examples ${variant}, --engine ${engine}`, files: mapTexts(files, transform), engine })));
      assert.ok(totals.applied - before >= 10, `expected the examples to offer at least 10 fixes, got ${totals.applied - before}`);
    });
  }

  it('fixes in policies written with anchors, aliases, merge keys, flow style and comments everywhere keep all of them', async () => {
    const policy = [
      '# Written the way some people do: anchors, aliases, flow mappings, comments on every line.',
      'apiVersion: networking.k8s.io/v1 # the API',
      'kind: NetworkPolicy',
      'metadata: {name: anchored, namespace: shop} # flow style',
      'spec:',
      '  podSelector: &web {matchLabels: {app: web}} # anchored selector',
      '  policyTypes: [Egress] # only egress',
      '  egress:',
      '    - to: # the peers',
      '        - podSelector: *web # alias',
      '        - ipBlock: {cidr: &net 10.0.0.1/8} # host bits set',
      '      ports: &ports',
      '        - {port: 80, protocol: TCP} # http',
      '    - to: [{ipBlock: {cidr: *net}}]',
      '      ports: *ports',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: &meta {name: web, namespace: shop, labels: {app: web}}',
      'spec:',
      '  template:',
      '    metadata: {<<: *meta}',
      '    spec: {containers: [{name: web, ports: [{containerPort: 8080, name: http}]}]}',
      '',
    ].join('\n');
    for (const text of [policy, crlf(policy), widerIndent(policy)]) {
      const before = totals.applied;
      await check([{ label: 'anchored policy', files: { '/fuzz/anchored.yaml': text } }]);
      assert.ok(totals.applied - before >= 2, `fixes were offered and checked (${totals.applied - before})`);
    }
  });

  it('every fix of every finding in randomly mutated examples (each mutated file in the whole workspace)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: names.length - 1 }), mutationsArb, fc.boolean(), async (i, mutations, useCrlf) => {
        const file = names[i];
        const text = applyMutations(useCrlf ? crlf(files[file]) : files[file], mutations);
        const label = `${rel(file)} mutated by ${JSON.stringify(mutations)}${useCrlf ? ' (CRLF)' : ''}`;
        await check([{ label, files: { ...files, [file]: text }, only: [file] }]);
      }),
      { seed: SEED, numRuns: runs(250) },
    );
  });

  after(() => {
    // The coverage, for docs/reliability.md: how many fixes of which kind were applied and checked.
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify(totals, null, 2));
  });
});
