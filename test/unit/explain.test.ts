import assert from 'node:assert/strict';
import { Reachability } from '../../server/src/core';
import { explainPolicy, explainWorkload, peerMatches, selectedWorkloads, summarizePolicy } from '../../server/src/core/explain';
import { deployment, docs, namespace, networkPolicy } from '../helpers/manifests';
import { workspaceOf, yaml } from '../helpers/workspace';

const files = {
  'ns.yaml': docs(namespace('shop', { team: 'shop' }), namespace('edge', { tier: 'edge' })),
  'apps.yaml': docs(
    deployment('shop', 'api', { app: 'api' }, ['http:8080']),
    deployment('shop', 'db', { app: 'db' }),
    deployment('edge', 'proxy', { app: 'proxy' }),
  ),
  'policies.yaml': yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: api}}
      policyTypes: [Ingress, Egress]
      ingress:
        - from:
            - namespaceSelector: {matchLabels: {tier: edge}}
          ports: [{port: http}]
      egress:
        - to:
            - podSelector: {matchLabels: {app: db}}
            - ipBlock: {cidr: 10.0.0.0/8}
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny-db, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: db}}
      policyTypes: [Ingress]
      egress:
        - {}
  `,
};

function setup(): { reach: Reachability; policy: (name: string) => ReturnType<Reachability['model']['policies']['find']> } {
  const model = workspaceOf(files).model();
  return { reach: new Reachability(model), policy: (name) => model.policies.find((p) => p.name === name) };
}

describe('plain-words explanations', () => {
  it('lists the workloads a policy selects, and only those', () => {
    const { reach, policy } = setup();
    assert.deepEqual(selectedWorkloads(policy('api')!, reach).map((w) => w.name), ['api']);
    assert.deepEqual(selectedWorkloads(policy('deny-db')!, reach).map((w) => w.name), ['db']);
  });

  it('matches peers across namespaces by namespace labels, and ipBlocks to addresses', () => {
    const { reach, policy } = setup();
    const api = policy('api')!;
    const from = peerMatches(api, api.ingress![0].peers![0], reach);
    assert.deepEqual(from.namespaces, ['edge']);
    assert.deepEqual(from.workloads.map((w) => w.id), ['edge/Deployment/proxy']);
    const db = peerMatches(api, api.egress![0].peers![0], reach);
    assert.deepEqual(db.workloads.map((w) => w.name), ['db']);
    assert.equal(peerMatches(api, api.egress![0].peers![1], reach).addresses, '10.0.0.0/8');
  });

  it('explains a policy: whom it applies to, each rule, named ports resolved', () => {
    const { reach, policy } = setup();
    const text = explainPolicy(policy('api')!, reach);
    assert.match(text, /\*\*Applies to\*\* pods with `app=api` in namespace `shop`: 1 workload: shop\/Deployment\/api\./);
    assert.match(text, /Allows from every pod in namespaces with `tier=edge` \(1 workload: edge\/Deployment\/proxy\), on TCP port `http` \(TCP 8080 on api\)/);
    assert.match(text, /Allows to pods with `app=db` in namespace `shop` \(1 workload: shop\/Deployment\/db\); or addresses in `10\.0\.0\.0\/8`, on every port/);
    assert.doesNotMatch(text, /Also selected by/);
  });

  it('says that ports entries the API server rejects allow nothing, as reachability counts them', () => {
    const rejected = networkPolicy('shop', 'rejected', yaml`
      podSelector: {matchLabels: {app: api}}
      ingress:
        - ports: [{endPort: 9000}, {port: 9000, endPort: 8000}, {port: http, endPort: 9000}, {port: 8000, endPort: abc}, {port: 7000, endPort: 7100}]
    `);
    const model = workspaceOf({ ...files, 'rejected.yaml': rejected }).model();
    const text = explainPolicy(model.policies.find((p) => p.name === 'rejected')!, new Reachability(model));
    assert.match(text, /nothing \(endPort without port\)/);
    assert.match(text, /nothing \(endPort below port\)/);
    assert.match(text, /nothing \(endPort with a named port\)/);
    assert.match(text, /nothing \(endPort is not a port number\)/);
    assert.match(text, /TCP 7000-7100/);
    assert.doesNotMatch(text, /every TCP port|9000-8000/);
  });

  it('says when rules are ignored because policyTypes leaves their direction out', () => {
    const { reach, policy } = setup();
    const text = explainPolicy(policy('deny-db')!, reach);
    assert.match(text, /\*\*Ingress\*\*: isolated/);
    assert.match(text, /No ingress rule: this policy allows nothing in/);
    assert.match(text, /\*\*Egress\*\*: not affected by this policy\. Its 1 egress rule is ignored/);
  });

  it('links references through the caller', () => {
    const { reach, policy } = setup();
    const text = explainPolicy(policy('api')!, reach, { link: (label) => `[${label}](x)` });
    assert.match(text, /\[shop\/Deployment\/api\]\(x\)/);
  });

  it('summarises a policy in one line for a code lens', () => {
    const { reach, policy } = setup();
    assert.equal(summarizePolicy(policy('api')!, reach), 'selects 1 workload · ingress from proxy · egress to db, 10.0.0.0/8');
    assert.equal(summarizePolicy(policy('deny-db')!, reach), 'selects 1 workload · ingress: deny all');
  });

  it('says in the code lens line when some rules match nothing in view, rather than leaving them out', () => {
    const drifted = networkPolicy('shop', 'drifted', yaml`
      podSelector: {matchLabels: {app: api}}
      policyTypes: [Egress]
      egress:
        - to: [{podSelector: {matchLabels: {app: db}}}]
        - to: [{namespaceSelector: {matchLabels: {name: kube-system}}}]
        - to: [{podSelector: {matchLabels: {app: gone}}}]
    `);
    const model = workspaceOf({ ...files, 'drifted.yaml': drifted }).model();
    const line = summarizePolicy(model.policies.find((p) => p.name === 'drifted')!, new Reachability(model));
    assert.equal(line, 'selects 1 workload · egress to db (+2 rules matching nothing in view)');
    const none = networkPolicy('shop', 'none', yaml`
      podSelector: {matchLabels: {app: api}}
      policyTypes: [Egress]
      egress:
        - to: [{podSelector: {matchLabels: {app: gone}}}]
    `);
    const model2 = workspaceOf({ ...files, 'none.yaml': none }).model();
    assert.equal(summarizePolicy(model2.policies.find((p) => p.name === 'none')!, new Reachability(model2)), 'selects 1 workload · egress to nothing in view');
  });

  it("explains a workload: the policies selecting it and its effective traffic", () => {
    const { reach } = setup();
    const api = reach.model.workloads.find((w) => w.name === 'api')!;
    const text = explainWorkload(api, reach);
    assert.match(text, /\*\*Selected by\*\* api \(Ingress, Egress\)\./);
    assert.match(text, /- edge\/Deployment\/proxy: TCP 8080/);
    assert.doesNotMatch(text, /- shop\/Deployment\/db: .*\n(.|\n)*\*\*Egress/); // db may not connect in
    // Egress to db is allowed by api's side, and db's ingress is isolated by deny-db without rules: nothing.
    assert.doesNotMatch(text, /Allowed to(.|\n)*shop\/Deployment\/db/);
    assert.match(text, /outside the cluster \(`10\.0\.0\.0\/8`\): all ports/);
    // Different ports with different addresses: each address set with exactly its ports, not every port with every CIDR.
    const split = workspaceOf({
      ...files,
      'split.yaml': networkPolicy('edge', 'proxy-egress', yaml`
        podSelector: {matchLabels: {app: proxy}}
        policyTypes: [Egress]
        egress:
          - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
            ports: [{port: 443}]
          - to: [{ipBlock: {cidr: 198.51.100.0/24, except: [198.51.100.64/27]}}]
            ports: [{port: 30000, endPort: 30100}]
      `),
    }).model();
    const splitReach = new Reachability(split);
    const proxyText = explainWorkload(split.workloads.find((w) => w.name === 'proxy')!, splitReach);
    assert.ok(
      proxyText.includes('- outside the cluster:\n  - `203.0.113.0/24`: TCP 443\n  - `198.51.100.0/24 except 198.51.100.64/27`: TCP 30000-30100'),
      proxyText,
    );
    assert.doesNotMatch(proxyText, /TCP 443, 30000-30100/);
    const proxy = reach.model.workloads.find((w) => w.name === 'proxy')!;
    assert.match(explainWorkload(proxy, reach), /\*\*Selected by\*\* no policy/);
    assert.match(explainWorkload(proxy, reach), /\*\*Ingress\*\*: not isolated/);
  });
});
