// Bugs the fuzzing found, each pinned by the smallest input that showed it (see docs/reliability.md).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, DEFAULT_OPTIONS, generatePolicyTests, runPolicyTests } from '../../server/src/core';
import { parseSuppressions } from '../../server/src/core/suppressions';
import { brokenDocuments, fixesFor } from '../../server/src/fixes';
import { workspaceOf, yaml } from '../helpers/workspace';

describe('fuzz regressions: core', () => {
  it('generated policy tests leave out workloads a test case cannot name (empty or invalid name), and all pass', () => {
    const manifests = {
      'a.yaml': yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: ""
          namespace: shop
        spec:
          template:
            metadata:
              labels: {app: unnamed}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: Web_1
          namespace: shop
        spec:
          template:
            metadata:
              labels: {app: upper}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          template:
            metadata:
              labels: {app: web}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: deny-all
          namespace: shop
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
          egress:
            - to: [{podSelector: {}}]
      `,
    };
    const generated = generatePolicyTests(workspaceOf(manifests).model());
    assert.doesNotMatch(generated, /shop\/(\s|$)|shop\/StatefulSet\/\s|Web_1/);
    assert.match(generated, /from: shop\/web/, 'the nameable workload is still pinned');
    const results = runPolicyTests(workspaceOf({ ...manifests, 'gen.netpol-test.yaml': generated }).model());
    const statuses = results.flatMap((f) => f.results.map((r) => `${r.status}: ${r.name} ${r.reason ?? ''}`));
    assert.ok(statuses.length > 0);
    assert.deepEqual(
      statuses.filter((s) => !s.startsWith('pass')),
      [],
    );
  });
});

describe('fuzz regressions: suppression comments', () => {
  // The directive scan before the fix: for each directive, walk forward to the next code line. Kept as the oracle.
  function naiveTargets(text: string): { directiveLine: number; fromLine: number }[] {
    const lines = text.split(/\r\n|\r|\n/);
    const isCode = (l: string): boolean => l.trim() !== '' && !l.trim().startsWith('#');
    const out: { directiveLine: number; fromLine: number }[] = [];
    lines.forEach((line, i) => {
      if (!/^\s*#\s*netpol-lens-disable-next-line(?=\s|$)/.test(line)) return;
      let target = i + 1;
      while (target < lines.length && !isCode(lines[target])) target++;
      if (target < lines.length) out.push({ directiveLine: i, fromLine: target });
    });
    return out;
  }

  it('100,000 consecutive directives are read in linear time (was quadratic: minutes), each aimed at the next code line', () => {
    const text = '# netpol-lens-disable-next-line forgotten-dns\n'.repeat(100_000) + 'kind: NetworkPolicy\nspec:\n  podSelector: {}\n';
    const parsed = parseSuppressions(text);
    assert.equal(parsed.lines.length, 100_000);
    assert.ok(parsed.lines.every((l) => l.fromLine === 100_000 && l.toLine === 100_000));
  });

  it('directive targets and block ends are what the forward scan gave, on random files of directives, comments and code', () => {
    const line = fc.constantFrom(
      '# netpol-lens-disable-next-line',
      '# netpol-lens-disable-next-line forgotten-dns -- why',
      '  # netpol-lens-disable-next-line a, b',
      '# netpol-lens-disable x',
      '# a comment',
      '',
      '   ',
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      '      app: web',
      '  - from:',
      '  - to: []',
      '---',
      'kind: NetworkPolicy',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const text = lines.join(eol);
        const parsed = parseSuppressions(text);
        assert.deepEqual(
          parsed.lines.map((l) => ({ directiveLine: l.directiveLine, fromLine: l.fromLine })),
          naiveTargets(text),
        );
        for (const l of parsed.lines) assert.ok(l.toLine >= l.fromLine);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('fuzz regressions: quick fixes', () => {
  const fixesOf = (files: Record<string, string>, code: string): string[] => {
    const model = workspaceOf(files).model();
    const finding = analyze(model).find((f) => f.code === code);
    assert.ok(finding, `expected a ${code} finding`);
    const text = files[finding.span.file];
    const policy = model.policies.find((p) => p.span.file === finding.span.file && p.span.start <= finding.span.start && finding.span.start <= p.span.end);
    return fixesFor({ text, finding, dns: DEFAULT_OPTIONS.dns, policy, policyNames: () => [] }).map((f) => f.title);
  };
  const workload = (namespace: string): string => yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: db, namespace: ${namespace}}
    spec:
      template:
        metadata:
          labels: {app: db}
  `;

  it('no default-deny policy is offered for a namespace name the API server rejects (it became a schema error)', () => {
    assert.deepEqual(fixesOf({ 'w.yaml': workload('payme.ts') }, 'missing-default-deny'), []);
    assert.match(fixesOf({ 'w.yaml': workload('payments') }, 'missing-default-deny').join(), /Add a default-deny policy for namespace payments/);
  });

  const policy = (spec: string): string =>
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-dns-egress\n  namespace: payments\nspec:\n' + spec;
  const rules = '    - ports:\n        - {protocol: TCP, port: 80}\n      to:\n        - podSelector: {}\n';

  it('no fix inside a document with YAML errors (a fix built on a broken structure made the file worse)', () => {
    // `egress:` and `podSelector: {}` swapped: the rule list now hangs under podSelector, a YAML error.
    const broken = { 'p.yaml': policy('  egress:\n  podSelector: {}\n' + rules) };
    assert.deepEqual(fixesOf(broken, 'empty-rules-list'), []);
    // The same mistake (`egress` has no rules) in a readable document is fixed as before.
    const readable = { 'p.yaml': policy('  egress:\n  podSelector: {}\n  ingress:\n' + rules) };
    assert.ok(fixesOf(readable, 'empty-rules-list').length > 0);
  });
});

describe('fuzz regressions: quick fixes that write into a broken document', () => {
  it('no fix appends into a document the YAML parser cannot read (the new policy became part of an unclosed string)', () => {
    const namespaces = yaml`
      apiVersion: v1
      kind: Namespace
      metadata: {name: app}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: app}
      spec:
        template:
          metadata:
            labels: {app: web}
    `;
    const model = (files: Record<string, string>) => workspaceOf(files).model();
    const fixesOfDefaultDeny = (files: Record<string, string>): string[] => {
      const m = model(files);
      const finding = analyze(m).find((f) => f.code === 'missing-default-deny' && f.span.file === 'ns.yaml');
      assert.ok(finding, 'a missing-default-deny finding in ns.yaml');
      return fixesFor({ text: files['ns.yaml'], finding, dns: DEFAULT_OPTIONS.dns, policyNames: () => [] }).map((f) => f.title);
    };
    // The last document of the file opens a quote it never closes: anything appended lands inside it.
    assert.deepEqual(fixesOfDefaultDeny({ 'ns.yaml': namespaces + "---\napiVersion: '\nkind: Namespace\n" }), []);
    assert.equal(fixesOfDefaultDeny({ 'ns.yaml': namespaces }).length, 1, 'with the file readable, the fix is offered');
  });
});

describe('fuzz regressions: where a document with YAML errors ends', () => {
  it('tokens the parser could not place after a broken document count as broken (a comment inserted there changed the errors)', () => {
    // From the server fuzz (shop/app/default-deny.yaml after three random edits): the parser ends the document after
    // its first line and leaves the rest in no document at all.
    const text =
      ' App tier: nothing in unless a policy allows it.\napiVersion: networking.k8s.io/v1\nkind: Netw\n  name: default-deny\n  namespace: app\n' +
      'spec:\n  podSelector: {}\n  policyTypes😀aegress too, but policyTypes leaves Egress out, so this does nothing.\n  egress: []\n';
    const broken = brokenDocuments(text);
    const line4 = text.indexOf('spec:');
    assert.ok(broken.some(([from, to]) => from <= line4 && line4 <= to), `spec: at ${line4} lies in a broken range: ${JSON.stringify(broken)}`);
    assert.deepEqual(brokenDocuments('a: 1\n---\nb: 2\n'), [], 'readable documents are not broken');
    const two = 'a: [\n---\nb: 2\n';
    assert.deepEqual(brokenDocuments(two).length, 1);
    assert.ok(brokenDocuments(two)[0][1] < two.indexOf('b: 2'), 'the readable document after a broken one stays usable');
  });
});
