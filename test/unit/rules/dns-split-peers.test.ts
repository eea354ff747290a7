// The DNS rule of many guides, written as two peers (`- namespaceSelector: …` / `- podSelector: {k8s-app: kube-dns}`),
// which Kubernetes ORs: with the label kube-system carries it admits every pod of kube-system (peer-selectors-split,
// also when the DNS pods are only assumed), with `name: kube-system` it admits nothing and forgotten-dns says that the
// two peers were meant as one. Seen in the real-world audit.
import assert from 'node:assert/strict';
import { analyze, AnalysisOptions, DnsTarget, Finding } from '../../../server/src/core';
import { deployment, docs, namespace, networkPolicy, workload } from '../../helpers/manifests';
import { workspaceOf } from '../../helpers/workspace';

const API = docs(namespace('shop'), deployment('shop', 'api', { app: 'api' }, ['http:8080']));
const COREDNS = docs(namespace('kube-system'), deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, ['dns:53/UDP', 'dns-tcp:53/TCP']));
const OPENSHIFT: DnsTarget = { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 };

/** shop/api's egress policy whose one rule has `to` peers `to` (YAML list items at 8 spaces) on `ports`. */
function egress(to: string, ports = '{port: 53, protocol: UDP}, {port: 53, protocol: TCP}'): string {
  return networkPolicy('shop', 'api', `podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to:\n${to}\n    ports: [${ports}]`);
}

const split = (nsLabels: string, podLabels = 'k8s-app: kube-dns'): string =>
  egress(`      - namespaceSelector: {matchLabels: {${nsLabels}}}\n      - podSelector: {matchLabels: {${podLabels}}}`);
const joined = (nsLabels: string, podLabels = 'k8s-app: kube-dns'): string =>
  egress(`      - namespaceSelector: {matchLabels: {${nsLabels}}}\n        podSelector: {matchLabels: {${podLabels}}}`);

const CARRIED = split('kubernetes.io/metadata.name: kube-system');
const NOT_CARRIED = split('name: kube-system');

function found(code: string, files: Record<string, string>, options: Partial<AnalysisOptions> = {}): Finding[] {
  return analyze(workspaceOf(files, options).model()).filter((f) => f.code === code);
}

const TWO_PEERS = /In the 1st egress rule of shop\/api, namespaceSelector (\S+) and podSelector (\S+) are two peers \(either one, not both\)/;

describe('DNS rule written as two peers', () => {
  const dnsPods: [string, Record<string, string>][] = [
    ['assumed', {}],
    ['defined in the workspace', { 'dns.yaml': COREDNS }],
  ];
  for (const [where, dns] of dnsPods) {
    describe(`DNS pods ${where}`, () => {
      it('reports the split rule that allows DNS and every pod of kube-system at the podSelector peer, not as a DNS failure', () => {
        const files = { 'w.yaml': API, ...dns, 'p.yaml': CARRIED };
        assert.deepEqual(found('forgotten-dns', files), []);
        const f = found('peer-selectors-split', files);
        assert.equal(f.length, 1);
        assert.match(f[0].message, /^These are two peers: every pod in namespaces kubernetes\.io\/metadata\.name=kube-system, or pods k8s-app=kube-dns in shop/);
        assert.match(f[0].message, /does match kube-system\/Deployment\/coredns/);
        assert.equal(files['p.yaml'].slice(f[0].span.start, f[0].span.end).trim(), 'podSelector: {matchLabels: {k8s-app: kube-dns}}');
        assert.deepEqual(f[0].data?.peers, [0, 1]);
        // The podSelector peer is explained there, not also as a selector that matches nothing.
        assert.deepEqual(found('selector-matches-nothing', files), []);
      });

      it('says in forgotten-dns that a split rule whose namespace label kube-system lacks was meant as one peer', () => {
        const files = { 'w.yaml': API, ...dns, 'p.yaml': NOT_CARRIED };
        const f = found('forgotten-dns', files);
        assert.equal(f.length, 1);
        assert.equal(f[0].severity, 'error');
        assert.match(f[0].message, /A rule for port 53 selects namespaces name=kube-system, which namespace kube-system does not match/);
        const m = TWO_PEERS.exec(f[0].message);
        assert.ok(m, f[0].message);
        assert.deepEqual([m[1], m[2]], ['name=kube-system', 'k8s-app=kube-dns']);
        assert.match(f[0].message, /meant as one peer, write both selectors under one "- " \(`- namespaceSelector: … podSelector: …`\)\. Affected:/);
        // Nothing is admitted at all: not "every pod of those namespaces".
        assert.doesNotMatch(f[0].message, /is admitted/);
        assert.deepEqual(f[0].data?.splitPeers, [{ policy: 'shop/api', direction: 'egress', rule: 0, peers: [0, 1] }]);
        assert.deepEqual(f[0].data?.missing, ['UDP', 'TCP']);
        // peer-selectors-split would claim every pod of matching namespaces is admitted: none matches, so it is silent.
        assert.deepEqual(found('peer-selectors-split', files), []);
      });

      it('is silent about the correct single peer', () => {
        const files = { 'w.yaml': API, ...dns, 'p.yaml': joined('kubernetes.io/metadata.name: kube-system') };
        assert.deepEqual(found('forgotten-dns', files), []);
        assert.deepEqual(found('peer-selectors-split', files), []);
        // One peer with the wrong namespace label: the label is the mistake, the peers are fine.
        const wrongLabel = found('forgotten-dns', { ...files, 'p.yaml': joined('name: kube-system') });
        assert.equal(wrongLabel.length, 1);
        assert.match(wrongLabel[0].message, /A rule for port 53 selects namespaces name=kube-system/);
        assert.doesNotMatch(wrongLabel[0].message, /two peers/);
        assert.equal(wrongLabel[0].data?.splitPeers, undefined);
      });
    });
  }

  it('leaves two peers that are meant as two alone (monitoring namespace, a local app)', () => {
    const app = docs(API, deployment('shop', 'cache', { app: 'cache' }, ['6379']), namespace('monitoring', { team: 'monitoring' }));
    const two = egress('      - namespaceSelector: {matchLabels: {team: monitoring}}\n      - podSelector: {matchLabels: {app: cache}}', '{port: 6379}');
    const cases: Record<string, string>[] = [
      { 'w.yaml': app, 'p.yaml': two },
      { 'w.yaml': app, 'dns.yaml': COREDNS, 'p.yaml': two },
    ];
    for (const files of cases) {
      assert.deepEqual(found('peer-selectors-split', files), []);
      const f = found('forgotten-dns', files);
      assert.equal(f.length, 1); // no DNS rule at all: reported, but nothing about peers
      assert.doesNotMatch(f[0].message, /two peers|A rule for port/);
      assert.equal(f[0].data?.splitPeers, undefined);
    }
    // Two genuine peers on the DNS port whose podSelector is not the DNS pods': nothing about peers either.
    const notDns = egress('      - namespaceSelector: {matchLabels: {name: kube-system}}\n      - podSelector: {matchLabels: {app: cache}}');
    const f = found('forgotten-dns', { 'w.yaml': app, 'p.yaml': notDns });
    assert.equal(f.length, 1);
    assert.doesNotMatch(f[0].message, /two peers/);
  });

  it('leaves a split pair that is not why DNS fails to peer-selectors-split (UDP only)', () => {
    const udpOnly = egress(
      '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n      - podSelector: {matchLabels: {k8s-app: kube-dns}}',
      '{port: 53, protocol: UDP}',
    );
    const files = { 'w.yaml': API, 'p.yaml': udpOnly };
    const dns = found('forgotten-dns', files);
    assert.equal(dns.length, 1);
    assert.equal(dns[0].severity, 'warning'); // severity unchanged: UDP without TCP
    assert.doesNotMatch(dns[0].message, /two peers/);
    assert.equal(found('peer-selectors-split', files).length, 1);
  });

  it('says it when the policy\'s pods are out of view too (peer-selectors-split cannot tell there)', () => {
    const noPods = { 'n.yaml': namespace('shop'), 'p.yaml': NOT_CARRIED };
    const f = found('forgotten-dns', noPods);
    assert.equal(f.length, 1);
    assert.match(f[0].message, TWO_PEERS);
    assert.match(f[0].message, /Affected: pods app=api/);
  });

  describe('custom DNS target and port', () => {
    const ocpSplit = (nsLabels: string, port: number): string =>
      egress(
        `      - namespaceSelector: {matchLabels: {${nsLabels}}}\n      - podSelector: {matchLabels: {dns.operator.openshift.io/daemonset-dns: default}}`,
        `{port: ${port}, protocol: UDP}, {port: ${port}, protocol: TCP}`,
      );
    const ocpPods = docs(
      namespace('openshift-dns'),
      workload('DaemonSet', 'openshift-dns', 'dns-default', { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ['dns:5353/UDP', 'dns-tcp:5353/TCP']),
    );

    it('explains the split rule with the configured namespace, labels and port', () => {
      const defined: Record<string, string>[] = [{}, { 'dns.yaml': ocpPods }];
      for (const dns of defined) {
        const files = { 'w.yaml': API, ...dns, 'p.yaml': ocpSplit('name: openshift-dns', 5353) };
        const f = found('forgotten-dns', files, { dns: OPENSHIFT });
        assert.equal(f.length, 1);
        assert.match(f[0].message, /^Egress allows neither UDP nor TCP port 5353 to openshift-dns pods/);
        assert.match(f[0].message, /A rule for port 5353 selects namespaces name=openshift-dns/);
        assert.deepEqual(TWO_PEERS.exec(f[0].message)?.slice(1), ['name=openshift-dns', 'dns.operator.openshift.io/daemonset-dns=default']);
        // The default target (kube-system k8s-app=kube-dns, 53) sees no DNS rule here at all: nothing about peers.
        assert.doesNotMatch(found('forgotten-dns', files)[0].message, /two peers/);

        const carried = { ...files, 'p.yaml': ocpSplit('kubernetes.io/metadata.name: openshift-dns', 5353) };
        assert.deepEqual(found('forgotten-dns', carried, { dns: OPENSHIFT }), []);
        const s = found('peer-selectors-split', carried, { dns: OPENSHIFT });
        assert.equal(s.length, 1);
        assert.match(s[0].message, /does match openshift-dns\/DaemonSet\/dns-default|does match openshift-dns\/Deployment\/coredns \(assumed\)/);
      }
    });

    it('says nothing about peers for a split rule on another port than the configured one', () => {
      const files = { 'w.yaml': API, 'p.yaml': ocpSplit('name: openshift-dns', 443) };
      const f = found('forgotten-dns', files, { dns: OPENSHIFT });
      assert.equal(f.length, 1);
      assert.doesNotMatch(f[0].message, /two peers|A rule for port/);
    });
  });
});
