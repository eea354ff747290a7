import assert from 'node:assert/strict';
import type { Engine } from '../../../server/src/core';
import { deployment, docs, findings } from './helpers';

function policy(spec: string, name = 'p', ns = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n')}\n`;
}

const linux = deployment('shop', 'api', { app: 'api' }, ['http:8080']);
const windows = deployment('shop', 'win', { app: 'win' }, ['http:8080'], '      nodeSelector:\n        kubernetes.io/os: windows\n');
const files = (spec: string, w = docs(linux, windows)): Record<string, string> => ({ 'w.yaml': w, 'p.yaml': policy(spec) });
const on = (id: string, f: Record<string, string>, engine: Engine): number => findings(id, f, { engine }).length;

describe('rules: engine profiles', () => {
  it('the generic engine raises none of the engine rules', () => {
    const all = files(
      'podSelector: {}\ningress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {ipBlock: {cidr: "fd00::/64"}}, {podSelector: {matchExpressions: [{key: a, operator: NotIn, values: [b]}]}}]\n    ports: [{port: http}, {port: 9000, endPort: 9100}, {protocol: SCTP, port: 3868}]',
    );
    for (const id of ['engine-no-enforcement', 'engine-end-port', 'engine-sctp', 'engine-named-port', 'engine-negative-selector', 'engine-ipblock-except', 'engine-ipv6', 'engine-ipblock-pods', 'engine-ipblock-count']) {
      assert.equal(on(id, all, 'generic'), 0, id);
    }
  });

  describe('engine-no-enforcement', () => {
    it('reports every policy when no engine enforces them', () => {
      const f = findings('engine-no-enforcement', files('podSelector: {}\ningress: []'), { engine: 'none' });
      assert.equal(f.length, 1);
      assert.match(f[0].message, /stored but not enforced: the pods it selects \(2 workloads in view\) stay open/);
    });
    it('is silent with an engine', () => {
      assert.equal(on('engine-no-enforcement', files('podSelector: {}\ningress: []'), 'calico'), 0);
    });
  });

  describe('engine-end-port', () => {
    const range = files('podSelector: {}\ningress:\n  - ports: [{port: 9000, endPort: 9100}]');
    it('reports endPort on Cilium', () => {
      assert.match(findings('engine-end-port', range, { engine: 'cilium' })[0].message, /Cilium before 1\.16 does not implement endPort/);
    });
    it('is silent on engines documented to support it, and for single ports', () => {
      assert.equal(on('engine-end-port', range, 'calico'), 0);
      assert.equal(on('engine-end-port', range, 'azure-npm'), 0);
      assert.equal(on('engine-end-port', files('podSelector: {}\ningress:\n  - ports: [{port: 9000}]'), 'cilium'), 0);
    });
  });

  describe('engine-sctp', () => {
    const sctp = (selector: string): Record<string, string> => files(`podSelector: ${selector}\ningress:\n  - ports: [{protocol: SCTP, port: 3868}]`);
    it('reports SCTP on Cilium, and on Azure NPM for Windows pods', () => {
      assert.equal(on('engine-sctp', sctp('{}'), 'cilium'), 1);
      assert.match(findings('engine-sctp', sctp('{matchLabels: {app: win}}'), { engine: 'azure-npm' })[0].message, /Windows nodes, where shop\/Deployment\/win run/);
    });
    it('is silent on Azure NPM for Linux pods, on Calico, and for TCP', () => {
      assert.equal(on('engine-sctp', sctp('{matchLabels: {app: api}}'), 'azure-npm'), 0);
      assert.equal(on('engine-sctp', sctp('{}'), 'calico'), 0);
      assert.equal(on('engine-sctp', files('podSelector: {}\ningress:\n  - ports: [{port: 3868}]'), 'cilium'), 0);
    });
  });

  describe('Azure NPM on Windows: named ports, negative selectors, except', () => {
    const spec = (selector: string): Record<string, string> =>
      files(
        `podSelector: ${selector}\ningress:\n  - from:\n      - podSelector: {matchExpressions: [{key: debug, operator: DoesNotExist}]}\n      - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n    ports: [{port: http}]`,
      );
    it('reports each unsupported feature for policies selecting Windows pods', () => {
      const f = spec('{}');
      assert.equal(on('engine-named-port', f, 'azure-npm'), 1);
      assert.deepEqual(findings('engine-named-port', f, { engine: 'azure-npm' })[0].data, { fix: 'replace-port', replacement: 8080 });
      assert.equal(on('engine-negative-selector', f, 'azure-npm'), 1);
      assert.equal(on('engine-ipblock-except', f, 'azure-npm'), 1);
    });
    it('is silent when the policy selects only Linux pods, or on other engines', () => {
      const f = spec('{matchLabels: {app: api}}');
      for (const id of ['engine-named-port', 'engine-negative-selector', 'engine-ipblock-except']) {
        assert.equal(on(id, f, 'azure-npm'), 0, id);
        assert.equal(on(id, spec('{}'), 'calico'), 0, id);
      }
    });
  });

  describe('engine-ipv6', () => {
    it('reports IPv6 ipBlocks on Azure NPM only', () => {
      const f = files('podSelector: {}\ningress:\n  - from: [{ipBlock: {cidr: "2001:db8::/32"}}, {ipBlock: {cidr: 10.0.0.0/8}}]');
      assert.equal(on('engine-ipv6', f, 'azure-npm'), 1);
      assert.equal(on('engine-ipv6', f, 'cilium'), 0);
    });
  });

  describe('engine-ipblock-count', () => {
    const blocks = (n: number): Record<string, string> =>
      files(`podSelector: {}\ningress:\n  - from: [${Array.from({ length: n }, (_, i) => `{ipBlock: {cidr: 198.51.${i}.0/24}}`).join(', ')}]`);
    it('reports more than four ipBlock sections on Azure NPM', () => {
      assert.equal(on('engine-ipblock-count', blocks(5), 'azure-npm'), 1);
      assert.equal(findings('engine-ipblock-count', blocks(5), { engine: 'azure-npm' })[0].severity, 'info');
    });
    it('is silent at four, and on other engines', () => {
      assert.equal(on('engine-ipblock-count', blocks(4), 'azure-npm'), 0);
      assert.equal(on('engine-ipblock-count', blocks(5), 'calico'), 0);
    });
  });

  describe('engine-ipblock-pods', () => {
    const block = (cidr: string, except = ''): Record<string, string> =>
      files(`podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: ${cidr}${except ? `, except: [${except}]` : ''}}}]`);
    it('Calico: a block taking in a private range admits pods too', () => {
      const f = findings('engine-ipblock-pods', block('0.0.0.0/0'), { engine: 'calico' });
      assert.equal(f.length, 1);
      assert.match(f[0].message, /pods numbered from 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16, 100\.64\.0\.0\/10 are admitted/);
      assert.equal(on('engine-ipblock-pods', block('0.0.0.0/0', '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10'), 'calico'), 0);
      assert.equal(on('engine-ipblock-pods', block('10.20.0.0/16'), 'calico'), 0);
      assert.equal(on('engine-ipblock-pods', block('203.0.113.0/24'), 'calico'), 0);
    });
    it('Calico: a public entry point is open to everyone anyway', () => {
      const lb = 'apiVersion: v1\nkind: Service\nmetadata: {name: lb, namespace: shop}\nspec:\n  type: LoadBalancer\n  selector: {app: api}\n  ports: [{port: 443, targetPort: 8080}]\n';
      const entry = { 'w.yaml': docs(linux, lb), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 8080}]') };
      assert.equal(on('engine-ipblock-pods', entry, 'calico'), 0);
      const internal = { ...entry, 'w.yaml': linux };
      assert.equal(on('engine-ipblock-pods', internal, 'calico'), 1);
    });
    it('Cilium: a private block does not match pods (information)', () => {
      const f = findings('engine-ipblock-pods', block('10.20.0.0/16'), { engine: 'cilium' });
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'info');
      assert.equal(on('engine-ipblock-pods', block('0.0.0.0/0'), 'cilium'), 0);
      assert.equal(on('engine-ipblock-pods', block('203.0.113.0/24'), 'cilium'), 0);
    });
    it('is silent on Azure NPM (not documented either way)', () => {
      assert.equal(on('engine-ipblock-pods', block('0.0.0.0/0'), 'azure-npm'), 0);
    });
  });
});
