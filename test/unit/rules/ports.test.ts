import assert from 'node:assert/strict';
import { deployment, docs, findings, service, spanText } from './helpers';

function policy(spec: string, name = 'p', ns = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n')}\n`;
}

const api = deployment('shop', 'api', { app: 'api' }, ['http:8080', 'metrics:9102', 'dns-proxy:5353/UDP']);
const web = deployment('shop', 'web', { app: 'web' }, ['http:8080']);
const quiet = deployment('shop', 'quiet', { app: 'quiet' });
const apiSvc = service('shop', 'api', { app: 'api' }, ['80->http', '9102']);

describe('rules: ports', () => {
  describe('named-port-undefined', () => {
    it('reports an ingress name no selected pod declares, with a suggestion', () => {
      const files = { 'w.yaml': api, 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: metric}]') };
      const f = findings('named-port-undefined', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /"metric" \(TCP\) is not declared by any of the pods shop\/p selects \(shop\/Deployment\/api\).*Did you mean "metrics"\?/);
      assert.equal(spanText(f[0], files), 'metric');
    });
    it('says when the name exists for another protocol', () => {
      const files = { 'w.yaml': api, 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: dns-proxy}]') };
      assert.match(findings('named-port-undefined', files)[0].message, /declared for UDP, not TCP/);
    });
    it('reports an egress name none of the destination pods declares', () => {
      const files = { 'w.yaml': docs(api, web), 'p.yaml': policy('podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n  - to: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: grpc}]') };
      assert.equal(findings('named-port-undefined', files).length, 1);
    });
    it('reports a name towards ipBlock addresses, where it can never resolve', () => {
      const files = { 'p.yaml': policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 203.0.113.0/24}}]\n    ports: [{port: https}]') };
      assert.match(findings('named-port-undefined', files)[0].message, /cannot match traffic to ipBlock addresses/);
    });
    it('is silent for declared names, pods out of view, and egress to everyone', () => {
      assert.deepEqual(findings('named-port-undefined', { 'w.yaml': api, 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: http}, {port: dns-proxy, protocol: UDP}]') }), []);
      assert.deepEqual(findings('named-port-undefined', { 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: nope}]') }), []);
      assert.deepEqual(findings('named-port-undefined', { 'w.yaml': api, 'p.yaml': policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: nope}]') }), []);
    });
    it('resolves names on the assumed cluster DNS pods', () => {
      const dns = policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: dns, protocol: UDP}, {port: dns-tcp}]');
      assert.deepEqual(findings('named-port-undefined', { 'w.yaml': api, 'p.yaml': dns }), []);
    });
  });

  describe('ingress-service-port', () => {
    it('reports the Service port where the targetPort is meant, with the target as the fix', () => {
      const files = { 'w.yaml': docs(api, apiSvc), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: 80}]') };
      const f = findings('ingress-service-port', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /Port 80 is the port of Service shop\/Service\/api, but its pods receive that traffic on targetPort 8080 \("http"\)/);
      assert.deepEqual(f[0].data, { fix: 'replace-port', replacement: 'http', service: 'shop/Service/api', servicePort: 80 });
      assert.deepEqual(findings('port-not-listening', files), []);
    });
    it('is silent when the pods listen on that port too, or port equals targetPort', () => {
      assert.deepEqual(findings('ingress-service-port', { 'w.yaml': docs(api, apiSvc), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: 8080}, {port: 9102}]') }), []);
    });
  });

  describe('egress-service-port', () => {
    it('reports egress to the Service port of the destination pods', () => {
      const files = { 'w.yaml': docs(api, apiSvc, web), 'p.yaml': policy('podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n  - to: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 80}]') };
      const f = findings('egress-service-port', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /Connections to Service shop\/Service\/api on port 80 reach its pods on targetPort 8080/);
      assert.deepEqual(findings('ingress-service-port', files), []);
    });
    it('is silent for egress to addresses', () => {
      assert.deepEqual(findings('egress-service-port', { 'w.yaml': docs(api, apiSvc, web), 'p.yaml': policy('podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n  - to: [{ipBlock: {cidr: 10.0.0.0/8}}, {podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 80}]') }), []);
    });
  });

  describe('port-not-listening', () => {
    it('reports a port none of the destination pods declares', () => {
      const files = { 'w.yaml': docs(api, web), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: 8081}]') };
      const f = findings('port-not-listening', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /No container of shop\/Deployment\/api declares TCP port 8081 \(they declare TCP 8080, 9102; UDP 5353\)/);
    });
    it('checks egress destinations, DNS pods included', () => {
      const files = { 'w.yaml': docs(api, web), 'p.yaml': policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: 5353, protocol: UDP}, {port: 53, protocol: UDP}]') };
      const f = findings('port-not-listening', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /UDP port 5353/);
    });
    it('is silent when the destination may be a pod out of view (every namespace, a namespace without workloads in view)', () => {
      // Seen in real repos: `to: [{namespaceSelector: {}}]` on 443 beside a DNS rule; it was judged against the assumed
      // CoreDNS pods alone ("no container of kube-system/Deployment/coredns (assumed) declares TCP port 443").
      const everywhere = policy('podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {}}]\n    ports: [{port: 443}]');
      assert.deepEqual(findings('port-not-listening', { 'w.yaml': docs(api, web), 'p.yaml': everywhere }), []);
      assert.deepEqual(findings('port-not-listening', { 'p.yaml': everywhere }), []);
      const kubeSystem = policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n    ports: [{port: 443}]');
      assert.deepEqual(findings('port-not-listening', { 'w.yaml': docs(api, web), 'p.yaml': kubeSystem }), []);
      const namedEverywhere = policy('podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {}}]\n    ports: [{port: https}]');
      assert.deepEqual(findings('named-port-undefined', { 'w.yaml': docs(api, web), 'p.yaml': namedEverywhere }), []);
    });
    it('still judges every namespace when all of them have their workloads in view', () => {
      const coredns = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, ['dns:53/UDP', 'dns-tcp:53']);
      const hello = deployment('default', 'hello', { app: 'hello' }, ['http:8080']);
      const files = { 'w.yaml': docs(api, web, coredns, hello), 'p.yaml': policy('podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {}}]\n    ports: [{port: 443}]') };
      const f = findings('port-not-listening', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /TCP port 443/);
    });
    it('gives pods that declare no ports the benefit of the doubt, and ignores ranges', () => {
      assert.deepEqual(findings('port-not-listening', { 'w.yaml': docs(api, quiet), 'p.yaml': policy('podSelector: {}\ningress:\n  - ports: [{port: 7000}]') }), []);
      assert.deepEqual(findings('port-not-listening', { 'w.yaml': api, 'p.yaml': policy('podSelector: {}\ningress:\n  - ports: [{port: 7000, endPort: 7100}, {protocol: UDP}]') }), []);
    });
  });
});
