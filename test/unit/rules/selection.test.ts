import assert from 'node:assert/strict';
import { deployment, docs, findings, namespace, spanText } from './helpers';

function policy(spec: string, name = 'p', ns = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n')}\n`;
}

describe('rules: selection', () => {
  describe('selector-matches-nothing', () => {
    const workloads = docs(deployment('shop', 'api', { app: 'api' }), deployment('shop', 'reconcile', { app: 'reconcile' }));
    it('reports a policy podSelector that selects nothing, with a suggestion', () => {
      const files = { 'w.yaml': workloads, 'p.yaml': policy('podSelector: {matchLabels: {app: apii}}\ningress: []') };
      const f = findings('selector-matches-nothing', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /applies to nobody\. Did you mean app=api\?/);
    });
    it('reports a peer podSelector that admits nobody, with a suggestion', () => {
      const files = { 'w.yaml': workloads, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{podSelector: {matchLabels: {app: reconciler}}}]') };
      const f = findings('selector-matches-nothing', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /Did you mean app=reconcile\?/);
      assert.equal(spanText(f[0], files), '{matchLabels: {app: reconciler}}');
      assert.deepEqual(f[0].data, { selector: 'peer.podSelector', fix: 'replace-label', key: 'app', value: 'reconciler', suggestion: { key: 'app', value: 'reconcile' } });
    });
    it('suggests no label whose value differs by a whole word (no quick fix to an unrelated workload)', () => {
      // Seen in np-guard's ACS demo: app=mastercard-processor (deployment removed) read "Did you mean app=visa-processor?".
      const processors = docs(deployment('shop', 'visa', { app: 'visa-processor' }), deployment('shop', 'gateway', { app: 'gateway' }));
      const files = { 'w.yaml': processors, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{podSelector: {matchLabels: {app: mastercard-processor}}}]') };
      const f = findings('selector-matches-nothing', files);
      assert.equal(f.length, 1);
      assert.doesNotMatch(f[0].message, /Did you mean/);
      assert.equal((f[0].data as { suggestion?: unknown } | undefined)?.suggestion, undefined);
      const typo = { 'w.yaml': processors, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{podSelector: {matchLabels: {app: visa-procesor}}}]') };
      assert.match(findings('selector-matches-nothing', typo)[0].message, /Did you mean app=visa-processor\?/);
    });
    it('reports a namespaceSelector no declared namespace carries', () => {
      const files = {
        'ns.yaml': docs(namespace('shop', { tier: 'app' }), namespace('data', { tier: 'data' })),
        'w.yaml': workloads,
        'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {tier: dta}}}]'),
      };
      const f = findings('selector-matches-nothing', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /Did you mean tier=data\?/);
      assert.deepEqual(f[0].data!.suggestion, { key: 'tier', value: 'data' });
    });
    it('is silent when namespaces are not declared, pods are not in view, or the peer targets cluster DNS', () => {
      assert.deepEqual(findings('selector-matches-nothing', { 'w.yaml': workloads, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {tier: x}}}]') }), []);
      assert.deepEqual(findings('selector-matches-nothing', { 'w.yaml': workloads, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}, podSelector: {matchLabels: {app: x}}}]') }), []);
      const dns = policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]');
      assert.deepEqual(findings('selector-matches-nothing', { 'w.yaml': workloads, 'p.yaml': dns }), []);
    });
  });

  describe('typo-label-match', () => {
    const ns = docs(
      namespace('a', { tier: 'app' }),
      namespace('b', { tier: 'app' }),
      namespace('c', { tier: 'data' }),
      namespace('monitoring', { teir: 'observability' }),
    );
    const workloads = docs(deployment('a', 'api', { app: 'api' }), deployment('monitoring', 'prom', { app: 'prom' }));
    it('reports a namespaceSelector key that matches only through the same misspelling', () => {
      const files = { 'ns.yaml': ns, 'w.yaml': workloads, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {teir: observability}}}]', 'p', 'a') };
      const f = findings('typo-label-match', files);
      assert.equal(f.length, 1);
      assert.equal(spanText(f[0], files), 'teir');
      assert.match(f[0].message, /misspelling of "tier", which 3 namespaces carry; this selector matches monitoring only/);
      assert.deepEqual(f[0].data, { fix: 'rename-label-key', from: 'teir', to: 'tier' });
    });
    it('reports a pod label key misspelled on both sides', () => {
      const w = docs(
        deployment('a', 'api', { app: 'api' }),
        deployment('a', 'web', { app: 'web' }),
        deployment('a', 'db', { app: 'db' }),
        deployment('a', 'job', { ap: 'job' }),
      );
      const files = { 'w.yaml': w, 'p.yaml': policy('podSelector: {matchLabels: {ap: job}}\ningress: []', 'p', 'a') };
      const f = findings('typo-label-match', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /"ap".*"app".*a\/Deployment\/job/);
    });
    it('is silent for keys in common use, and when the selector matches nothing', () => {
      const files = { 'ns.yaml': ns, 'w.yaml': workloads, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {tier: app}}}]', 'p', 'a') };
      assert.deepEqual(findings('typo-label-match', files), []);
      const none = { 'ns.yaml': ns, 'w.yaml': workloads, 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{namespaceSelector: {matchLabels: {teir: nothing}}}]', 'p', 'a') };
      assert.deepEqual(findings('typo-label-match', none), []);
    });
  });

  describe('namespace-without-workloads', () => {
    it('reports once per namespace whose workloads are not in view', () => {
      const files = { 'p.yaml': docs(policy('podSelector: {}\ningress: []', 'a', 'x'), policy('podSelector: {}\ningress: []', 'b', 'x')) };
      const f = findings('namespace-without-workloads', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /2 policies select/);
    });
    it('is silent when the namespace has workloads in view', () => {
      assert.deepEqual(findings('namespace-without-workloads', { 'w.yaml': deployment('x', 'a', { app: 'a' }), 'p.yaml': policy('podSelector: {}\ningress: []', 'a', 'x') }), []);
    });
  });
});
