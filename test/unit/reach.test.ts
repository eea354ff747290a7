// Reachability beyond the conformance matrix: named ports resolved on the destination, explain(), traffic to and
// from addresses (ipBlock with except), externalAccess, hypothetical endpoints and DNS targets.
import assert from 'node:assert/strict';
import { dnsEndpoints, DEFAULT_OPTIONS, Endpoint, externalAccess, hypotheticalLabels, PortSet, Reachability, selectorMatches } from '../../server/src/core';
import { deployment, docs, namespace, networkPolicy } from '../helpers/manifests';
import { workspaceOf, yaml } from '../helpers/workspace';

const WORKLOADS = docs(
  namespace('shop', { team: 'shop' }),
  namespace('ops', { team: 'ops' }),
  deployment('shop', 'web', { app: 'web' }, ['http:8080', 'metrics:9102']),
  deployment('shop', 'api', { app: 'api' }, ['http:9090', 'grpc:9000', 'dns:5353/UDP']),
  deployment('ops', 'prom', { app: 'prom' }),
);

function setup(policies: string) {
  const ws = workspaceOf({ 'workloads.yaml': WORKLOADS, 'policies.yaml': policies });
  assert.deepEqual(ws.file('policies.yaml')!.findings, []);
  const model = ws.model();
  const reach = new Reachability(model);
  const w = (id: string) => {
    const found = model.workload(id);
    assert.ok(found, id);
    return found;
  };
  return { model, reach, web: w('shop/Deployment/web'), api: w('shop/Deployment/api'), prom: w('ops/Deployment/prom') };
}

describe('Reachability: named ports', () => {
  it('an egress rule resolves a named port on each destination pod, not on the source', () => {
    const { reach, web, api } = setup(networkPolicy('shop', 'web-out', yaml`
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Egress]
      egress:
      - ports:
        - port: http
    `));
    assert.deepEqual(reach.allowed(web, api).toJSON(), { TCP: [[9090, 9090]] }, "api's http is 9090");
    assert.deepEqual(reach.allowed(web, web).toJSON(), { TCP: [[8080, 8080]] }, "web's own http is 8080");
  });

  it('an ingress rule resolves a named port on the pod it protects', () => {
    const { reach, web, api, prom } = setup(networkPolicy('shop', 'api-in', yaml`
      podSelector: {matchLabels: {app: api}}
      ingress:
      - ports:
        - port: http
        - {port: dns, protocol: UDP}
        - port: metrics
    `));
    // metrics names nothing on api: it adds no port.
    assert.deepEqual(reach.allowed(web, api).toJSON(), { TCP: [[9090, 9090]], UDP: [[5353, 5353]] });
    assert.deepEqual(reach.allowed(prom, api).toJSON(), { TCP: [[9090, 9090]], UDP: [[5353, 5353]] });
  });

  it('a named port with the wrong protocol names nothing', () => {
    const { reach, web, api } = setup(networkPolicy('shop', 'api-in', yaml`
      podSelector: {matchLabels: {app: api}}
      ingress:
      - ports:
        - port: dns
    `));
    assert.ok(reach.allowed(web, api).isEmpty(), 'dns is UDP; the entry is TCP');
  });
});

describe('Reachability: ports entries the API server rejects', () => {
  // Found by test/unit/reach-oracle.test.ts: `{endPort: 90}` used to allow every TCP port.
  it('endPort without port allows nothing, in ingress and egress, while a protocol-only entry allows all its ports', () => {
    const { reach, web, api } = setup(networkPolicy('shop', 'api-in', yaml`
      podSelector: {matchLabels: {app: api}}
      policyTypes: [Ingress, Egress]
      ingress:
      - ports:
        - endPort: 9090
        - protocol: UDP
      egress:
      - ports:
        - {protocol: SCTP, endPort: 100}
    `));
    assert.deepEqual(reach.allowed(web, api).toJSON(), { UDP: [[1, 65535]] });
    assert.ok(reach.allowed(api, web).isEmpty(), 'the egress entry is rejected too');
    assert.equal(reach.explain(web, api, 'TCP', 9090).allowed, false);
  });

  // Found by test/unit/reach-oracle.test.ts: `{port: 1, endPort: 0}` used to allow port 1.
  it('an endPort that is no port number makes the entry allow nothing, with a numeric or a named port', () => {
    const ws = workspaceOf({
      'workloads.yaml': WORKLOADS,
      'policies.yaml': networkPolicy('shop', 'api-in', yaml`
        podSelector: {matchLabels: {app: api}}
        ingress:
        - ports:
          - {port: 1, endPort: 0}
          - {port: 9000, endPort: 70000}
          - {port: http, endPort: abc}
          - {port: 5353, protocol: UDP, endPort: null}
      `),
    });
    assert.deepEqual(
      ws.file('policies.yaml')!.findings.map((f) => f.code),
      ['invalid-port', 'invalid-port', 'invalid-port'],
      'each bad endPort is reported; endPort: null is absent',
    );
    const model = ws.model();
    const reach = new Reachability(model);
    const allowed = reach.allowed(model.workload('shop/Deployment/web')!, model.workload('shop/Deployment/api')!);
    assert.deepEqual(allowed.toJSON(), { UDP: [[5353, 5353]] });
  });
});

describe('Reachability.explain', () => {
  const policies = yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api-from-web, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress:
      - from: [{podSelector: {matchLabels: {app: web}}}]
        ports: [{port: 9090}]
      - from: [{podSelector: {}}]
        ports: [{port: 9000, endPort: 9100}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api-from-ops, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress:
      - from: [{namespaceSelector: {matchLabels: {team: ops}}}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web-egress, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Egress]
      egress:
      - to: [{podSelector: {matchLabels: {app: api}}}]
  `;

  it('names the policies that isolate each side and the rules that allow the connection', () => {
    const { reach, web, api } = setup(policies);
    const v = reach.explain(web, api, 'TCP', 9090);
    assert.equal(v.allowed, true);
    assert.deepEqual(v.egress.isolatedBy.map((p) => p.name), ['web-egress']);
    assert.deepEqual(v.egress.allowedBy.map((r) => [r.policy.name, r.rule.index]), [['web-egress', 0]]);
    assert.deepEqual(v.ingress.isolatedBy.map((p) => p.name), ['api-from-web', 'api-from-ops']);
    // 9090 is allowed by rule 0 (port 9090) and by rule 1 (9000-9100).
    assert.deepEqual(v.ingress.allowedBy.map((r) => [r.policy.name, r.rule.direction, r.rule.index]), [
      ['api-from-web', 'ingress', 0],
      ['api-from-web', 'ingress', 1],
    ]);
  });

  it('a port only in the range is allowed by the range rule alone', () => {
    const { reach, web, api } = setup(policies);
    const ranged = reach.explain(web, api, 'TCP', 9050);
    assert.deepEqual(ranged.ingress.allowedBy.map((r) => [r.policy.name, r.rule.index]), [['api-from-web', 1]]);
    assert.equal(ranged.allowed, true);
  });

  it('denied: the side that denies has isolating policies and no allowing rule', () => {
    const { reach, web, api, prom } = setup(policies);
    const v = reach.explain(web, api, 'TCP', 8080);
    assert.equal(v.allowed, false);
    assert.equal(v.egress.allowed, true);
    assert.equal(v.ingress.allowed, false);
    assert.deepEqual(v.ingress.allowedBy, []);
    const out = reach.explain(web, prom, 'TCP', 80);
    assert.equal(out.allowed, false);
    assert.equal(out.egress.allowed, false, 'web egress reaches only api');
    assert.equal(out.ingress.allowed, true);
    assert.deepEqual(out.ingress.isolatedBy, [], 'prom is not isolated');
  });

  it('a namespaceSelector peer admits every pod of the matching namespaces, on every port', () => {
    const { reach, api, prom } = setup(policies);
    const v = reach.explain(prom, api, 'UDP', 1);
    assert.equal(v.allowed, true);
    assert.deepEqual(v.ingress.allowedBy.map((r) => r.policy.name), ['api-from-ops']);
    assert.ok(reach.allowed(prom, api).isAll());
  });

  it('agrees with allowed() on every port of a connection', () => {
    const { reach, web, api } = setup(policies);
    const ports = reach.allowed(web, api);
    assert.deepEqual(ports.toJSON(), { TCP: [[9000, 9100]] });
    for (const port of [8999, 9000, 9050, 9090, 9100, 9101]) {
      assert.equal(reach.explain(web, api, 'TCP', port).allowed, ports.has('TCP', port), String(port));
    }
  });
});

describe('Reachability: traffic to and from addresses', () => {
  const { reach, web, api } = setup(networkPolicy('shop', 'web-out', yaml`
    podSelector: {matchLabels: {app: web}}
    policyTypes: [Egress, Ingress]
    egress:
    - to:
      - ipBlock:
          cidr: 10.0.0.0/8
          except: [10.1.0.0/16, 10.2.3.4/32]
      - ipBlock: {cidr: "2001:db8::/32"}
      ports: [{port: 443}, {port: http}]
    - to: [{podSelector: {}}]
    ingress:
    - from: [{ipBlock: {cidr: 192.168.0.0/16}}]
      ports: [{port: http}]
  `));

  it('egress to an address inside the CIDR and outside every except, on an allowed port', () => {
    assert.equal(reach.egressToAddress(web, '10.9.9.9', 'TCP', 443).allowed, true);
    assert.equal(reach.egressToAddress(web, '10.1.2.3', 'TCP', 443).allowed, false, 'in an except');
    assert.equal(reach.egressToAddress(web, '10.2.3.4', 'TCP', 443).allowed, false, 'the excepted /32');
    assert.equal(reach.egressToAddress(web, '10.2.3.5', 'TCP', 443).allowed, true);
    assert.equal(reach.egressToAddress(web, '11.0.0.1', 'TCP', 443).allowed, false, 'outside the CIDR');
    assert.equal(reach.egressToAddress(web, '10.9.9.9', 'TCP', 80).allowed, false, 'another port');
    assert.equal(reach.egressToAddress(web, '10.9.9.9', 'UDP', 443).allowed, false, 'another protocol');
    assert.equal(reach.egressToAddress(web, '2001:db8::1', 'TCP', 443).allowed, true, 'IPv6');
    assert.equal(reach.egressToAddress(web, '2001:db9::1', 'TCP', 443).allowed, false);
  });

  it('a named port cannot name a port of an address outside the cluster', () => {
    assert.equal(reach.egressToAddress(web, '10.9.9.9', 'TCP', 8080).allowed, false);
  });

  it('names the isolating policy and allowing rule; an unparsable address is allowed only by peerless rules', () => {
    const v = reach.egressToAddress(web, '10.9.9.9', 'TCP', 443);
    assert.deepEqual(v.isolatedBy.map((p) => p.name), ['web-out']);
    assert.deepEqual(v.allowedBy.map((r) => r.rule.index), [0]);
    assert.equal(reach.egressToAddress(web, 'not-an-ip', 'TCP', 443).allowed, false);
  });

  it('a pod that is not egress-isolated reaches every address', () => {
    const v = reach.egressToAddress(api, '8.8.8.8', 'UDP', 53);
    assert.equal(v.allowed, true);
    assert.deepEqual(v.isolatedBy, []);
  });

  it('ingress from an address: ipBlock, with the named port resolved on the destination', () => {
    assert.equal(reach.ingressFromAddress('192.168.1.1', web, 'TCP', 8080).allowed, true, "web's http");
    assert.equal(reach.ingressFromAddress('192.168.1.1', web, 'TCP', 9090).allowed, false);
    assert.equal(reach.ingressFromAddress('172.16.0.1', web, 'TCP', 8080).allowed, false);
    assert.equal(reach.ingressFromAddress('172.16.0.1', api, 'TCP', 1).allowed, true, 'api is not isolated');
  });

  it('an address is never a pod: the ipBlock rule admits no workload', () => {
    assert.deepEqual(reach.allowed(api, web).toJSON(), {}, 'ingress admits only 192.168.0.0/16');
    assert.ok(reach.allowed(web, api).isAll(), 'the second egress rule reaches every pod of shop');
  });
});

describe('externalAccess', () => {
  it('not isolated: anywhere, on every port', () => {
    const { reach, api } = setup('');
    assert.deepEqual(externalAccess(reach, api, 'egress'), { ports: PortSet.ALL, cidrs: [], anywhere: true });
  });

  it('ipBlock rules give their CIDRs (with excepts) and ports; pod-only rules give nothing', () => {
    const { reach, web } = setup(networkPolicy('shop', 'web-out', yaml`
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Egress]
      egress:
      - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
        ports: [{port: 443}]
      - to: [{ipBlock: {cidr: 0.0.0.0/0}}, {podSelector: {}}]
        ports: [{port: 53, protocol: UDP}]
      - to: [{podSelector: {}}]
        ports: [{port: 5432}]
      - to: [{ipBlock: {cidr: 172.16.0.0/12}}]
        ports: [{port: http}]
    `));
    const access = externalAccess(reach, web, 'egress');
    assert.equal(access.anywhere, false);
    assert.deepEqual(access.cidrs, ['0.0.0.0/0', '10.0.0.0/8 except 10.1.0.0/16']);
    assert.deepEqual(access.ports.toJSON(), { TCP: [[443, 443]], UDP: [[53, 53]] }, 'a named port cannot reach an address');
  });

  it('a rule without peers (or an empty to: []) reaches anywhere', () => {
    const { reach, web } = setup(networkPolicy('shop', 'web-out', yaml`
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Egress]
      egress:
      - to: []
        ports: [{port: 443}]
    `));
    const access = externalAccess(reach, web, 'egress');
    assert.equal(access.anywhere, true);
    assert.deepEqual(access.ports.toJSON(), { TCP: [[443, 443]] });
  });

  it('ingress: named ports resolve on the endpoint itself', () => {
    const { reach, web } = setup(networkPolicy('shop', 'web-in', yaml`
      podSelector: {matchLabels: {app: web}}
      ingress:
      - from: [{ipBlock: {cidr: 203.0.113.0/24}}]
        ports: [{port: http}]
    `));
    const access = externalAccess(reach, web, 'ingress');
    assert.deepEqual(access, { ports: PortSet.of('TCP', 8080), cidrs: ['203.0.113.0/24'], anywhere: false });
  });

  it('isolated with nothing external allowed: no ports, no CIDRs', () => {
    const { reach, web } = setup(networkPolicy('shop', 'deny', yaml`
      podSelector: {}
      policyTypes: [Egress]
    `));
    const access = externalAccess(reach, web, 'egress');
    assert.ok(access.ports.isEmpty());
    assert.deepEqual([access.cidrs, access.anywhere], [[], false]);
  });
});

describe('Reachability: selection, hypothetical endpoints, connections', () => {
  const policies = yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny-shop, namespace: shop}
    spec:
      podSelector: {}
      policyTypes: [Ingress, Egress]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web-from-ops, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: web}}
      ingress:
      - from: [{namespaceSelector: {matchLabels: {team: ops}}}]
        ports: [{port: http}]
  `;

  it('a policy selects only pods of its own namespace', () => {
    const { reach, model, web, prom } = setup(policies);
    const deny = model.policies.find((p) => p.name === 'deny-shop')!;
    assert.equal(reach.selects(deny, web), true);
    assert.equal(reach.selects(deny, prom), false);
    assert.deepEqual(reach.policiesFor(web).ingress.map((p) => p.name), ['deny-shop', 'web-from-ops']);
    assert.deepEqual(reach.policiesFor(web).egress.map((p) => p.name), ['deny-shop']);
    assert.deepEqual(reach.policiesFor(prom), { ingress: [], egress: [] });
  });

  it('a hypothetical pod (not in the model) is judged by its namespace and labels', () => {
    const { reach, web } = setup(policies);
    const newcomer: Endpoint = { namespace: 'ops', labels: { app: 'batch' }, ports: [] };
    assert.deepEqual(reach.allowed(newcomer, web).toJSON(), { TCP: [[8080, 8080]] });
    const insider: Endpoint = { namespace: 'shop', labels: { app: 'new' }, ports: [] };
    assert.ok(reach.allowed(insider, web).isEmpty(), 'shop egress is denied');
    assert.deepEqual(reach.isolatedBy(insider, 'egress').map((p) => p.name), ['deny-shop']);
  });

  it('connections(): every pair with some allowed port, sorted by source then destination', () => {
    const { reach } = setup(policies);
    assert.deepEqual(
      reach.connections().map((c) => `${c.from.id} → ${c.to.id}: ${c.ports}`),
      ['ops/Deployment/prom → ops/Deployment/prom: all ports', 'ops/Deployment/prom → shop/Deployment/web: TCP 8080'],
    );
  });

  it('namespacesMatching() uses declared labels and kubernetes.io/metadata.name', () => {
    const { reach, model } = setup(policies);
    const sel = model.policies[1].ingress![0].peers![0].namespaceSelector!;
    assert.deepEqual(reach.namespacesMatching(sel), ['ops']);
  });
});

describe('cluster DNS targets', () => {
  it('the workspace DNS pods when it defines them', () => {
    const model = workspaceOf({
      'dns.yaml': yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: coredns, namespace: kube-system}
        spec:
          template:
            metadata: {labels: {k8s-app: kube-dns}}
            spec:
              containers: [{name: coredns, ports: [{containerPort: 53, protocol: UDP, name: dns}]}]
      `,
    }).model();
    const { endpoints, assumed } = dnsEndpoints(model, DEFAULT_OPTIONS.dns);
    assert.equal(assumed, false);
    assert.deepEqual(endpoints.map((e) => e.id), ['kube-system/Deployment/coredns']);
  });

  it('otherwise the conventional CoreDNS pods, assumed, with dns/dns-tcp/metrics ports', () => {
    const model = workspaceOf({}).model();
    const { endpoints, assumed } = dnsEndpoints(model, { namespace: 'dns', podLabels: { app: 'resolver' } });
    assert.equal(assumed, true);
    assert.equal(endpoints.length, 1);
    assert.equal(endpoints[0].namespace, 'dns');
    assert.deepEqual(endpoints[0].labels, { app: 'resolver' });
    assert.deepEqual(endpoints[0].ports.map((p) => `${p.name} ${p.port}/${p.protocol}`), ['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP']);
  });

  it('hypotheticalLabels() builds labels its selector matches (matchLabels, first In value, Exists)', () => {
    const span = { file: '', start: 0, end: 0 };
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In' as const, values: ['prod', 'stage'], span },
        { key: 'tier', operator: 'Exists' as const, values: [], span },
        { key: 'legacy', operator: 'DoesNotExist' as const, values: [], span },
        { key: 'zone', operator: 'NotIn' as const, values: ['a'], span },
      ],
      span,
      labelSpans: [],
      valid: true,
    };
    const labels = hypotheticalLabels(selector);
    assert.deepEqual(labels, { app: 'web', env: 'prod', tier: 'x' });
    assert.ok(selectorMatches(selector, labels));
  });

  it('hypotheticalLabels(): the Exists placeholder avoids the values a NotIn on the same key excludes', () => {
    const span = { file: '', start: 0, end: 0 };
    const selector = {
      matchLabels: {},
      matchExpressions: [
        { key: 'tier', operator: 'Exists' as const, values: [], span },
        { key: 'tier', operator: 'NotIn' as const, values: ['x', 'xx'], span },
      ],
      span,
      labelSpans: [],
      valid: true,
    };
    assert.ok(selectorMatches(selector, hypotheticalLabels(selector)));
  });
});
