// The cluster DNS port (`netpolLens.dns.port`, `--dns-port`): OpenShift's DNS pods listen on 5353 behind a Service on
// 53, and NetworkPolicy matches the pod's port. forgotten-dns, its quick fix, overly-broad-peer's DNS exception, the
// assumed DNS pods, policy tests, settings and the CLI all follow it; 53 stays the default.
import assert from 'node:assert/strict';
import { analyze, AnalysisOptions, DEFAULT_OPTIONS, dnsEndpoints, DnsTarget, Finding, runPolicyTests } from '../../../server/src/core';
import { fixesFor } from '../../../server/src/fixes';
import { analysisOptions, resolveSettings } from '../../../server/src/lsp/settings';
import { cli, withTempDir, writeFiles } from '../../helpers/cli';
import { deployment, docs, namespace, networkPolicy, workload } from '../../helpers/manifests';
import { workspaceOf, yaml } from '../../helpers/workspace';

const OPENSHIFT: DnsTarget = { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 };
const OPENSHIFT_AT_53: DnsTarget = { ...OPENSHIFT, port: undefined };

const API = docs(namespace('shop'), deployment('shop', 'api', { app: 'api' }, ['http:8080']));

/** An egress policy for shop's api pods towards the OpenShift DNS pods on `ports` (YAML flow list items). */
function dnsPolicy(ports: string): string {
  return networkPolicy(
    'shop',
    'api',
    yaml`
      podSelector: {matchLabels: {app: api}}
      policyTypes: [Egress]
      egress:
        - to:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}
              podSelector: {matchLabels: {dns.operator.openshift.io/daemonset-dns: default}}
          ports: [${ports}]
    `,
  );
}

const BOTH_5353 = dnsPolicy('{protocol: UDP, port: 5353}, {protocol: TCP, port: 5353}');
const UDP_5353 = dnsPolicy('{protocol: UDP, port: 5353}');
const BOTH_53 = dnsPolicy('{protocol: UDP, port: 53}, {protocol: TCP, port: 53}');

function found(code: string, files: Record<string, string>, options: Partial<AnalysisOptions> = {}): Finding[] {
  return analyze(workspaceOf(files, options).model()).filter((f) => f.code === code);
}

describe('cluster DNS port', () => {
  describe('forgotten-dns', () => {
    it('accepts UDP and TCP 5353 to the OpenShift DNS pods when the port is set, and reports them without it', () => {
      const files = { 'w.yaml': API, 'p.yaml': BOTH_5353 };
      assert.deepEqual(found('forgotten-dns', files, { dns: OPENSHIFT }), []);
      const at53 = found('forgotten-dns', files, { dns: OPENSHIFT_AT_53 });
      assert.equal(at53.length, 1);
      assert.equal(at53[0].severity, 'error');
      assert.match(at53[0].message, /^Egress allows neither UDP nor TCP port 53 to openshift-dns pods dns\.operator\.openshift\.io\/daemonset-dns=default/);
      // The default target (kube-system, port 53) reports it too.
      assert.equal(found('forgotten-dns', files).length, 1);
    });

    it('reports UDP 5353 alone as a warning that names the port', () => {
      const f = found('forgotten-dns', { 'w.yaml': API, 'p.yaml': UDP_5353 }, { dns: OPENSHIFT });
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'warning');
      assert.match(f[0].message, /^Egress allows UDP but not TCP port 5353 /);
      assert.deepEqual(f[0].data?.missing, ['TCP']);
    });

    it('reports port 53 to pods that listen on 5353 as no DNS at all', () => {
      const f = found('forgotten-dns', { 'w.yaml': API, 'p.yaml': BOTH_53 }, { dns: OPENSHIFT });
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'error');
      assert.match(f[0].message, /^Egress allows neither UDP nor TCP port 5353 /);
    });

    it('judges the DNS pods the workspace defines on the configured port', () => {
      const dnsPods = docs(
        namespace('openshift-dns'),
        workload('DaemonSet', 'openshift-dns', 'dns-default', { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ['dns:5353/UDP', 'dns-tcp:5353/TCP']),
      );
      const files = { 'w.yaml': API, 'dns.yaml': dnsPods, 'p.yaml': BOTH_5353 };
      assert.deepEqual(found('forgotten-dns', files, { dns: OPENSHIFT }), []);
      const named = { ...files, 'p.yaml': dnsPolicy('{protocol: UDP, port: dns}, {protocol: TCP, port: dns-tcp}') };
      assert.deepEqual(found('forgotten-dns', named, { dns: OPENSHIFT }), []);
      assert.match(found('forgotten-dns', files, { dns: OPENSHIFT_AT_53 })[0].message, /neither UDP nor TCP port 53 to openshift-dns pods/);
    });

    it('names the configured port when a namespaceSelector misses the DNS namespace', () => {
      const wrongNs = BOTH_5353.replace('kubernetes.io/metadata.name: openshift-dns', 'name: openshift-dns');
      const [f] = found('forgotten-dns', { 'w.yaml': API, 'p.yaml': wrongNs }, { dns: OPENSHIFT });
      assert.match(f.message, /A rule for port 5353 selects namespaces name=openshift-dns, which namespace openshift-dns does not match/);
    });

    it('keeps port 53 by default', () => {
      const kubeDns = BOTH_53.replace('openshift-dns', 'kube-system').replace('dns.operator.openshift.io/daemonset-dns: default', 'k8s-app: kube-dns');
      assert.deepEqual(found('forgotten-dns', { 'w.yaml': API, 'p.yaml': kubeDns }), []);
      assert.equal(DEFAULT_OPTIONS.dns.port, 53);
    });
  });

  it('assumes DNS pods that listen on the configured port', () => {
    const model = workspaceOf({ 'w.yaml': API }, { dns: OPENSHIFT }).model();
    const { endpoints, assumed } = dnsEndpoints(model, OPENSHIFT);
    assert.equal(assumed, true);
    assert.deepEqual(
      endpoints[0].ports.filter((p) => p.name !== 'metrics').map((p) => `${p.name} ${p.port}/${p.protocol}`),
      ['dns 5353/UDP', 'dns-tcp 5353/TCP'],
    );
    assert.deepEqual(
      dnsEndpoints(model, OPENSHIFT_AT_53).endpoints[0].ports.filter((p) => p.name !== 'metrics').map((p) => p.port),
      [53, 53],
    );
  });

  it('runs policy tests against the assumed DNS pods on the configured port', () => {
    const cases = yaml`
      tests:
        - from: shop/api
          to: {namespace: openshift-dns}
          ports: [{port: dns, protocol: UDP}, dns-tcp]
          expect: allow
        - from: shop/api
          to: {namespace: openshift-dns}
          ports: [{port: 53, protocol: UDP}]
          expect: deny
    `;
    const files = { 'w.yaml': API, 'p.yaml': BOTH_5353, 'dns.netpol-test.yaml': cases };
    const run = (dns: DnsTarget): string[] => runPolicyTests(workspaceOf(files, { dns }).model())[0].results.map((r) => r.status);
    assert.deepEqual(run(OPENSHIFT), ['pass', 'pass']);
    // Assumed on 53, the DNS pods' named ports resolve to 53, which the policy does not allow.
    assert.deepEqual(run(OPENSHIFT_AT_53), ['fail', 'pass']);
  });

  describe('overly-broad-peer', () => {
    const broadDns = (port: number): string =>
      networkPolicy('shop', 'dns', yaml`
        podSelector: {}
        policyTypes: [Egress]
        egress:
          - to: [{namespaceSelector: {}}]
            ports: [{protocol: UDP, port: ${port}}, {protocol: TCP, port: ${port}}]
      `);
    const deny = networkPolicy('shop', 'deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');

    it('accepts a rule for the configured DNS port alone towards every namespace', () => {
      const files = { 'w.yaml': API, 'd.yaml': deny, 'p.yaml': broadDns(5353) };
      assert.deepEqual(found('overly-broad-peer', files, { dns: OPENSHIFT }), []);
      assert.equal(found('overly-broad-peer', files, { dns: OPENSHIFT_AT_53 }).length, 1);
    });

    it('still accepts port 53 alone (node-local caches, upstream resolvers)', () => {
      const files = { 'w.yaml': API, 'd.yaml': deny, 'p.yaml': broadDns(53) };
      assert.deepEqual(found('overly-broad-peer', files, { dns: OPENSHIFT }), []);
      assert.deepEqual(found('overly-broad-peer', files), []);
      assert.equal(found('overly-broad-peer', { ...files, 'p.yaml': broadDns(54) }).length, 1);
    });
  });

  describe('quick fix', () => {
    it('inserts the configured port, after which forgotten-dns is gone', () => {
      const policy = networkPolicy('shop', 'api', 'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\n');
      const ws = workspaceOf({ 'w.yaml': API, 'p.yaml': policy }, { dns: OPENSHIFT });
      const [finding] = analyze(ws.model()).filter((f) => f.code === 'forgotten-dns');
      assert.ok(finding);
      const [fix] = fixesFor({ text: policy, finding, dns: OPENSHIFT });
      assert.equal(fix.title, 'Allow DNS egress (UDP and TCP 5353 to openshift-dns dns.operator.openshift.io/daemonset-dns=default)');
      let fixed = policy;
      for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.newText + fixed.slice(e.end);
      assert.match(fixed, /protocol: UDP\n\s+port: 5353\n\s+- protocol: TCP\n\s+port: 5353\n/);
      assert.doesNotMatch(fixed, /port: 53\n/);
      ws.setFile('p.yaml', fixed);
      assert.deepEqual(analyze(ws.model()).filter((f) => f.code === 'forgotten-dns'), []);
    });

    it('adds only TCP on the configured port when UDP is there', () => {
      const ws = workspaceOf({ 'w.yaml': API, 'p.yaml': UDP_5353 }, { dns: OPENSHIFT });
      const [finding] = analyze(ws.model()).filter((f) => f.code === 'forgotten-dns');
      const [fix] = fixesFor({ text: UDP_5353, finding, dns: OPENSHIFT });
      assert.match(fix.title, /^Allow DNS egress over TCP \(port 5353 to openshift-dns /);
      assert.match(fix.edits.map((e) => e.newText).join(''), /protocol: TCP\n\s+port: 5353$/);
      assert.doesNotMatch(fix.edits.map((e) => e.newText).join(''), /UDP/);
    });
  });

  describe('settings', () => {
    it('reads netpolLens.dns.port and carries it into the analysis options', () => {
      const problems: string[] = [];
      const s = resolveSettings([{ dns: { namespace: 'openshift-dns', port: 5353 } }], problems);
      assert.deepEqual(problems, []);
      assert.deepEqual(s.dns, { namespace: 'openshift-dns', podLabels: { 'k8s-app': 'kube-dns' }, port: 5353 });
      assert.equal(analysisOptions(s).dns.port, 5353);
      assert.equal(analysisOptions(resolveSettings([])).dns.port, 53);
    });

    it('reports and ignores a port that is not one', () => {
      for (const port of [0, 65536, 53.5, '5353', null]) {
        const problems: string[] = [];
        const s = resolveSettings([{ dns: { port } }], problems);
        assert.equal(s.dns.port, 53, JSON.stringify(port));
        assert.deepEqual(problems, ['netpolLens.dns.port: expected a port number (1-65535)'], JSON.stringify(port));
      }
    });
  });

  describe('CLI --dns-port', () => {
    const openshiftArgs = ['--dns-namespace', 'openshift-dns', '--dns-labels', 'dns.operator.openshift.io/daemonset-dns=default'];

    it('checks against the port it is given, and against 53 without it', () => {
      withTempDir('netpol-lens-dns-port-', (dir) => {
        writeFiles(dir, { 'w.yaml': API, 'p.yaml': BOTH_5353 });
        const set = cli(['check', dir, ...openshiftArgs, '--dns-port', '5353']);
        assert.doesNotMatch(set.out, /forgotten-dns/);
        const eq = cli(['check', dir, ...openshiftArgs, '--dns-port=5353']);
        assert.doesNotMatch(eq.out, /forgotten-dns/);
        const unset = cli(['check', dir, ...openshiftArgs]);
        assert.equal(unset.code, 1);
        assert.match(unset.out, /error forgotten-dns Egress allows neither UDP nor TCP port 53 /);
        writeFiles(dir, { 'p.yaml': UDP_5353 });
        assert.match(cli(['check', dir, ...openshiftArgs, '--dns-port', '5353']).out, /warning forgotten-dns Egress allows UDP but not TCP port 5353 /);
      });
    });

    it('rejects a value that is not a port', () => {
      for (const bad of ['0', '65536', 'dns', '53.5', '-1']) {
        const run = cli(['check', '.', '--dns-port', bad]);
        assert.equal(run.code, 2, bad);
        assert.match(run.err, /--dns-port: expected a port number \(1-65535\)/, bad);
      }
      assert.equal(cli(['check', '.', '--dns-port']).code, 2);
    });
  });
});
