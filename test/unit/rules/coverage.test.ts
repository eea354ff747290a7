import assert from 'node:assert/strict';
import { deployment, docs, findings, namespace, service, spanText } from './helpers';

function policy(spec: string, name = 'p', ns = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n')}\n`;
}

const api = deployment('shop', 'api', { app: 'api' }, ['http:8080']);
const web = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const denyAll = policy('podSelector: {}\npolicyTypes: [Ingress, Egress]', 'deny');
const denyIngress = policy('podSelector: {}\npolicyTypes: [Ingress]', 'deny');

describe('rules: coverage', () => {
  describe('missing-default-deny', () => {
    it('reports a namespace without any default-deny at its Namespace object', () => {
      const files = { 'ns.yaml': namespace('shop'), 'w.yaml': docs(api, web) };
      const f = findings('missing-default-deny', files);
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'warning');
      assert.equal(spanText(f[0], files), 'shop');
      assert.match(f[0].message, /Today 2 of its 2 workloads are open/);
      assert.deepEqual(f[0].data, { fix: 'add-default-deny', namespace: 'shop', policyTypes: ['Ingress', 'Egress'] });
    });
    it('grades a missing egress default-deny alone as information', () => {
      const f = findings('missing-default-deny', { 'w.yaml': docs(api, web), 'p.yaml': denyIngress });
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'info');
      assert.deepEqual(f[0].data!.policyTypes, ['Egress']);
    });
    it('counts any policy selecting every pod, rules or not', () => {
      const allowDns = policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: 53, protocol: UDP}]', 'dns');
      assert.deepEqual(findings('missing-default-deny', { 'w.yaml': docs(api, web), 'p.yaml': docs(denyIngress, allowDns) }), []);
    });
    it('leaves system namespaces and namespaces without workloads alone', () => {
      assert.deepEqual(findings('missing-default-deny', { 'w.yaml': deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }) }), []);
      assert.deepEqual(findings('missing-default-deny', { 'ns.yaml': namespace('empty') }), []);
    });
  });

  describe('workload-not-isolated', () => {
    it('reports a workload no policy selects for ingress in a namespace with policies', () => {
      const files = { 'w.yaml': docs(api, web), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress: []') };
      const f = findings('workload-not-isolated', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /^shop\/Deployment\/web is not isolated for ingress \(and its egress is not restricted either\)/);
      // One policy reads "the only policy …, p, does not select it" (it read "none of the 1 policy … selects it").
      assert.match(f[0].message, /: the only policy in namespace shop, p, does not select it, so any pod or address may connect to it\./);
      const two = findings('workload-not-isolated', { ...files, 'q.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress: []', 'q') });
      assert.match(two[0].message, /: none of the 2 policies in namespace shop selects it, so any pod/);
    });
    it('is silent with a default-deny, without any policy, and for host-network pods', () => {
      assert.deepEqual(findings('workload-not-isolated', { 'w.yaml': docs(api, web), 'p.yaml': denyIngress }), []);
      assert.deepEqual(findings('workload-not-isolated', { 'w.yaml': docs(api, web) }), []);
      const host = deployment('shop', 'agent', { app: 'agent' }, [], '      hostNetwork: true\n');
      assert.deepEqual(findings('workload-not-isolated', { 'w.yaml': docs(api, host), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress: []') }), []);
    });
  });

  describe('overly-broad-peer', () => {
    it('reports namespaceSelector: {} reopening a default-deny', () => {
      const files = { 'w.yaml': api, 'd.yaml': denyAll, 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{namespaceSelector: {}}]\n    ports: [{port: 8080}]') };
      const f = findings('overly-broad-peer', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /every pod in every namespace on TCP 8080, reopening the ingress that shop\/deny closed for shop\/Deployment\/api/);
    });
    it('says so when the broad rule is in the namespace-wide policy itself, instead of "reopening what it closed"', () => {
      // Seen in a real repo: 'reopening the egress that default/loadtest-egress closed for the pods default/loadtest-egress selects'.
      const files = { 'w.yaml': api, 'p.yaml': policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: 443}]', 'egress') };
      const f = findings('overly-broad-peer', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /every address on TCP 443, although shop\/egress itself isolates every pod of namespace shop for egress\. List the destinations/);
      assert.doesNotMatch(f[0].message, /reopening/);
      // Another default-deny beside it: the words name the other one.
      const both = { ...files, 'd.yaml': denyAll };
      assert.match(findings('overly-broad-peer', both)[0].message, /reopening the egress that shop\/deny closed for shop\/Deployment\/api/);
    });
    it('reports 0.0.0.0/0 egress and rules without a peer list', () => {
      const files = {
        'w.yaml': api,
        'd.yaml': denyAll,
        'p.yaml': policy('podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n  - ports: [{port: 443}]'),
      };
      assert.equal(findings('overly-broad-peer', files).length, 2);
    });
    it('accepts DNS-only rules, except lists, selectors, and public entry points', () => {
      const lb = service('shop', 'api', { app: 'api' }, ['443->8080'], 'LoadBalancer');
      const files = {
        'w.yaml': docs(api, lb),
        'd.yaml': denyAll,
        'p.yaml': policy(
          'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress, Egress]\n' +
            'ingress:\n  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 8080}]\n' +
            'egress:\n  - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n' +
            '  - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]\n' +
            '  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: x}}}]',
        ),
      };
      assert.deepEqual(findings('overly-broad-peer', files), []);
    });
    it('is silent for a rule whose ports entries the API server rejects (it opens nothing), and leaves them out of the words', () => {
      const rejected = { 'w.yaml': api, 'd.yaml': denyAll, 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{endPort: 9000}, {port: 9000, endPort: 8000}]') };
      assert.deepEqual(findings('overly-broad-peer', rejected), []);
      const mixed = { ...rejected, 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{endPort: 9000}, {port: 443}]') };
      const f = findings('overly-broad-peer', mixed);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /every address on TCP 443 \(/);
    });
    it('is silent without a default-deny in that direction', () => {
      const files = { 'w.yaml': api, 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{namespaceSelector: {}}]') };
      assert.deepEqual(findings('overly-broad-peer', files), []);
    });
  });

  describe('host-network-pod', () => {
    const agent = deployment('shop', 'agent', { app: 'agent' }, ['9100'], '      hostNetwork: true\n');
    it('reports a policy selecting host-network pods', () => {
      const files = { 'w.yaml': docs(api, agent), 'p.yaml': policy('podSelector: {matchLabels: {app: agent}}\ningress: []') };
      const f = findings('host-network-pod', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /shop\/Deployment\/agent runs on the host network/);
    });
    it('reports a peer matching only host-network pods', () => {
      const files = { 'w.yaml': docs(api, agent), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{podSelector: {matchLabels: {app: agent}}}]') };
      assert.match(findings('host-network-pod', files)[0].message, /matches only host-network pods/);
    });
    it('is silent for ordinary pods', () => {
      assert.deepEqual(findings('host-network-pod', { 'w.yaml': docs(api, agent), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{podSelector: {}}]') }), []);
    });
  });
});
