import assert from 'node:assert/strict';
import { deployment, docs, findings, namespace, service } from './helpers';

function policy(spec: string, name = 'p', ns = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec
    .split('\n')
    .map((l) => (l ? '  ' + l : l))
    .join('\n')}\n`;
}

const api = deployment('shop', 'api', { app: 'api' }, ['http:8080', 'grpc:9090']);
const db = deployment('shop', 'db', { app: 'db' }, ['5432']);
const job = deployment('shop', 'job', { app: 'job' });
const denyAll = policy('podSelector: {}\npolicyTypes: [Ingress, Egress]', 'deny');

describe('rules: availability', () => {
  describe('forgotten-dns', () => {
    it('reports egress isolation without DNS', () => {
      const f = findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': denyAll });
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'error');
    });
    it('reports a pod once, at the policy with its DNS rule, when several policies isolate it', () => {
      const udp = policy('podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: 53, protocol: UDP}]', 'api');
      const f = findings('forgotten-dns', { 'w.yaml': api, 'd.yaml': denyAll, 'p.yaml': udp });
      assert.equal(f.length, 1);
      assert.equal(f[0].span.file, 'p.yaml');
      assert.match(f[0].message, /egress isolated by policies deny, api/);
      // Without a DNS rule anywhere, the namespace-wide default-deny is where the fix goes.
      const other = policy('podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]', 'api');
      const g = findings('forgotten-dns', { 'w.yaml': docs(api, db), 'd.yaml': denyAll, 'p.yaml': other });
      assert.deepEqual(g.map((x) => x.span.file).sort(), ['d.yaml']);
      assert.match(g[0].message, /Affected: shop\/Deployment\/api, shop\/Deployment\/db/);
    });
    it('says why a DNS rule written with namespaceSelector name=kube-system does not work, and only then', () => {
      const rule = (nsLabels: string): string =>
        policy(
          `podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {matchLabels: {${nsLabels}}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]`,
          'api',
        );
      const f = findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': rule('name: kube-system') });
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'error');
      assert.match(
        f[0].message,
        /A rule for port 53 selects namespaces name=kube-system, which namespace kube-system does not match \(it carries only kubernetes\.io\/metadata\.name=kube-system, the label Kubernetes sets by itself\): select `kubernetes\.io\/metadata\.name: kube-system` instead, or label the namespace\./,
      );
      // The namespace declared with that label: the rule works, nothing to say.
      const labelled = namespace('kube-system', { name: 'kube-system' });
      assert.deepEqual(findings('forgotten-dns', { 'w.yaml': api, 'n.yaml': labelled, 'p.yaml': rule('name: kube-system') }), []);
      // A rule whose podSelector would not admit the DNS pods anyway, or without port 53: no such explanation.
      const otherPods = policy(
        'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {matchLabels: {name: kube-system}}, podSelector: {matchLabels: {app: db}}}]',
        'api',
      );
      assert.doesNotMatch(findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': otherPods })[0].message, /A rule for port 53/);
      const otherPort = policy(
        'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {matchLabels: {name: kube-system}}}]\n    ports: [{port: 443}]',
        'api',
      );
      assert.doesNotMatch(findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': otherPort })[0].message, /A rule for port 53/);
    });
    it('does not call a rule for every port that selects other namespaces "a rule for port 53"', () => {
      // Seen in a real guide: `to: [{namespaceSelector: {matchLabels: {environment: production}}}]` (all ports) was listed
      // with name=kube-system, and told to select kubernetes.io/metadata.name: kube-system instead.
      const spec = (nsLabels: string): string =>
        `podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{namespaceSelector: {matchLabels: {${nsLabels}}}}]`;
      const f = findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': policy(spec('environment: production'), 'api') });
      assert.equal(f.length, 1);
      assert.doesNotMatch(f[0].message, /A rule for port 53|environment=production/);
      // A rule for every port towards namespaces named like the DNS namespace is still explained.
      assert.match(findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': policy(spec('name: kube-system'), 'api') })[0].message, /A rule for port 53 selects namespaces name=kube-system,/);
    });
    it('reports pods out of view once per selector, not once per egress policy that selects them', () => {
      // Seen in a rendered chart: three `podSelector: {}` egress policies gave three identical errors for "pods in frontend",
      // and two policies for demo=label two more.
      const egressOnly = (name: string, selector: string, to: string): string =>
        policy(`podSelector: ${selector}\npolicyTypes: [Egress]\negress:\n  - to: [${to}]`, name, 'frontend');
      const files = {
        'd.yaml': policy('podSelector: {}\npolicyTypes: [Ingress, Egress]', 'deny', 'frontend'),
        'a.yaml': egressOnly('any-cidr', '{}', '{ipBlock: {cidr: 10.20.30.0/24}}'),
        'b.yaml': egressOnly('checkout-a', '{matchLabels: {demo: label}}', '{podSelector: {matchLabels: {app: gateway}}}'),
        'c.yaml': egressOnly('checkout-b', '{matchLabels: {demo: label}}', '{podSelector: {matchLabels: {app: other}}}'),
      };
      const f = findings('forgotten-dns', files);
      assert.equal(f.length, 2);
      assert.equal(f.filter((x) => /Affected: pods in frontend/.test(x.message)).length, 1);
      assert.match(f.find((x) => x.span.file === 'b.yaml')!.message, /Affected: pods demo=label/);
    });
    it('grades UDP without TCP as a warning, and is silent with both', () => {
      const udp = policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: 53, protocol: UDP}]', 'dns');
      assert.equal(findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': udp })[0].severity, 'warning');
      const both = policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]', 'dns');
      assert.deepEqual(findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': both }), []);
    });
    it('asks the fix for exactly the protocols that are missing', () => {
      const only = (protocol: string): string =>
        policy(`podSelector: {}\npolicyTypes: [Egress]\negress:\n  - ports: [{port: 53, protocol: ${protocol}}]`, 'dns');
      assert.deepEqual(findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': only('UDP') })[0].data?.missing, ['TCP']);
      const tcp = findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': only('TCP') });
      assert.equal(tcp[0].severity, 'error');
      assert.deepEqual(tcp[0].data?.missing, ['UDP']);
      assert.deepEqual(findings('forgotten-dns', { 'w.yaml': api, 'p.yaml': denyAll })[0].data?.missing, ['UDP', 'TCP']);
    });
  });

  describe('service-unreachable', () => {
    const svc = service('shop', 'api', { app: 'api' }, ['80->http', '9090']);
    it('reports a Service port whose target no ingress rule allows', () => {
      const files = { 'w.yaml': docs(api, svc), 'p.yaml': policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{podSelector: {}}]\n    ports: [{port: http}]') };
      const f = findings('service-unreachable', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /Nobody can reach Service shop\/Service\/api on port 9090: .* no ingress rule allows TCP 9090/);
    });
    it('is silent when the pods are not isolated, or a rule allows the target', () => {
      assert.deepEqual(findings('service-unreachable', { 'w.yaml': docs(api, svc) }), []);
      const allow = policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: 8080}, {port: grpc}]');
      assert.deepEqual(findings('service-unreachable', { 'w.yaml': docs(api, svc), 'p.yaml': allow }), []);
    });
    it('leaves causes other rules report to them', () => {
      // The Service's port instead of the targetPort: ingress-service-port.
      const servicePort = policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - ports: [{port: 80}, {port: 9090}]');
      assert.deepEqual(findings('service-unreachable', { 'w.yaml': docs(api, svc), 'p.yaml': servicePort }), []);
      assert.equal(findings('ingress-service-port', { 'w.yaml': docs(api, svc), 'p.yaml': servicePort }).length, 1);
      // A peer that matches nobody: selector-matches-nothing.
      const dead = policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{podSelector: {matchLabels: {app: nobody}}}]');
      assert.deepEqual(findings('service-unreachable', { 'w.yaml': docs(api, svc), 'p.yaml': dead }), []);
      // Egress-only without policyTypes: implicit-ingress-isolation.
      const implicit = policy('podSelector: {matchLabels: {app: api}}\negress:\n  - to: [{podSelector: {}}]');
      assert.deepEqual(findings('service-unreachable', { 'w.yaml': docs(api, svc), 'p.yaml': implicit }), []);
      assert.equal(findings('implicit-ingress-isolation', { 'w.yaml': docs(api, svc), 'p.yaml': implicit }).length, 1);
    });
  });

  describe('one-sided-allow', () => {
    const dbIngress = policy('podSelector: {matchLabels: {app: db}}\ningress:\n  - from: [{podSelector: {matchLabels: {app: api}}}, {podSelector: {matchLabels: {app: job}}}]\n    ports: [{port: 5432}]', 'db');
    const apiEgress = policy('podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\negress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: 5432}]', 'api');
    it('reports an ingress peer whose sender never gets out (the reconcile job)', () => {
      const files = { 'w.yaml': docs(api, db, job), 'd.yaml': denyAll, 'p.yaml': docs(dbIngress, apiEgress) };
      const f = findings('one-sided-allow', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /admits shop\/Deployment\/job to shop\/Deployment\/db on TCP 5432, but the sender's own egress \(shop\/deny\) never lets it connect there/);
      assert.deepEqual(f[0].data, { direction: 'ingress', senders: ['shop/Deployment/job'], receivers: ['shop/Deployment/db'] });
    });
    it('reports an egress peer whose receiver never admits the sender', () => {
      const jobEgress = policy('podSelector: {matchLabels: {app: job}}\npolicyTypes: [Egress]\negress:\n  - to: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 8080}]', 'job');
      const files = { 'w.yaml': docs(api, db, job), 'd.yaml': denyAll, 'p.yaml': jobEgress };
      const f = findings('one-sided-allow', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /lets shop\/Deployment\/job connect to shop\/Deployment\/api on TCP 8080, but the receiver's ingress \(shop\/deny\) never admits it there/);
    });
    it('is silent when both sides agree, or a side is not isolated', () => {
      const jobEgress = policy('podSelector: {matchLabels: {app: job}}\npolicyTypes: [Egress]\negress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: 5432}]', 'job');
      assert.deepEqual(findings('one-sided-allow', { 'w.yaml': docs(api, db, job), 'd.yaml': denyAll, 'p.yaml': docs(dbIngress, apiEgress, jobEgress) }), []);
      assert.deepEqual(findings('one-sided-allow', { 'w.yaml': docs(api, db, job), 'p.yaml': docs(dbIngress, apiEgress) }), []);
    });
    it('stays silent when the other side has a broken rule meant for it', () => {
      // The job's egress towards db names a port db does not listen on: port-not-listening reports it.
      const wrongPort = policy('podSelector: {matchLabels: {app: job}}\npolicyTypes: [Egress]\negress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n    ports: [{port: 5433}]', 'job');
      const files = { 'w.yaml': docs(api, db, job), 'd.yaml': denyAll, 'p.yaml': docs(dbIngress, apiEgress, wrongPort) };
      assert.deepEqual(findings('one-sided-allow', files), []);
      assert.equal(findings('port-not-listening', files).length, 1);
      // db's ingress admits "jobs" (a typo): the api→db egress is explained by the dead peer.
      const typo = policy('podSelector: {matchLabels: {app: db}}\ningress:\n  - from: [{podSelector: {matchLabels: {app: jobs}}}]\n    ports: [{port: 5432}]', 'db');
      const jobEgress = wrongPort.replace('5433', '5432');
      assert.deepEqual(findings('one-sided-allow', { 'w.yaml': docs(api, db, job), 'd.yaml': denyAll, 'p.yaml': docs(typo, jobEgress) }), []);
    });
  });
});
