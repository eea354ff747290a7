import assert from 'node:assert/strict';
import { deployment, docs, findings, namespace, spanText, yaml } from './helpers';

const api = deployment('shop', 'api', { app: 'api' }, ['http:8080']);
const web = deployment('shop', 'web', { app: 'web' }, ['http:8080']);

function policy(spec: string, name = 'p', ns = 'shop'): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
${spec
  .replace(/^\n/, '')
  .split('\n')
  .map((l) => '  ' + l)
  .join('\n')}
`;
}

describe('rules: policy shape', () => {
  describe('policy-types-ignores-rules', () => {
    it('reports egress rules when policyTypes lists only Ingress', () => {
      const files = {
        'w.yaml': api,
        'p.yaml': policy(yaml`
          podSelector: {matchLabels: {app: api}}
          policyTypes: [Ingress]
          egress:
            - to: [{podSelector: {matchLabels: {app: web}}}]
        `),
      };
      const f = findings('policy-types-ignores-rules', files);
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'error');
      assert.equal(spanText(f[0], files), 'egress');
      assert.match(f[0].message, /egress rule is ignored/);
      assert.deepEqual(f[0].data, { fix: 'add-policy-type', policy: 'shop/p', policyType: 'Egress' });
    });
    it('reports ingress rules when policyTypes lists only Egress', () => {
      const files = {
        'p.yaml': policy(yaml`
          podSelector: {}
          policyTypes: [Egress]
          ingress:
            - from: [{podSelector: {}}]
            - from: [{podSelector: {}}]
        `),
      };
      const f = findings('policy-types-ignores-rules', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /its 2 ingress rules are ignored/);
    });
    it('is silent when policyTypes covers the rules, is absent, or the list is empty', () => {
      for (const spec of [
        'podSelector: {}\npolicyTypes: [Ingress, Egress]\negress:\n  - {}\n',
        'podSelector: {}\negress:\n  - {}\n',
        'podSelector: {}\npolicyTypes: [Ingress]\negress: []\n',
      ]) {
        assert.deepEqual(findings('policy-types-ignores-rules', { 'p.yaml': policy(spec) }), [], spec);
      }
    });
  });

  describe('implicit-ingress-isolation', () => {
    const egressOnly = policy(yaml`
      podSelector: {matchLabels: {app: api}}
      egress:
        - to: [{podSelector: {matchLabels: {app: web}}}]
    `);
    it('reports an egress-only policy without policyTypes that newly isolates ingress', () => {
      const files = { 'w.yaml': docs(api, web), 'p.yaml': egressOnly };
      const f = findings('implicit-ingress-isolation', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /shop\/Deployment\/api now accepts no inbound connections/);
      assert.deepEqual(f[0].data, { fix: 'add-policy-types', policy: 'shop/p', policyTypes: ['Egress'] });
    });
    it('reports it when the selected pods are not in view', () => {
      assert.equal(findings('implicit-ingress-isolation', { 'p.yaml': egressOnly }).length, 1);
    });
    it('is silent when another policy already isolates those pods for ingress', () => {
      const deny = policy('podSelector: {}\npolicyTypes: [Ingress]\n', 'deny');
      assert.deepEqual(findings('implicit-ingress-isolation', { 'w.yaml': docs(api, web), 'p.yaml': egressOnly, 'd.yaml': deny }), []);
    });
    it('is silent with policyTypes, with ingress rules, or without egress rules', () => {
      for (const spec of [
        'podSelector: {}\npolicyTypes: [Egress]\negress:\n  - {}\n',
        'podSelector: {}\ningress:\n  - {}\negress:\n  - {}\n',
        'podSelector: {}\negress: []\n',
      ]) {
        assert.deepEqual(findings('implicit-ingress-isolation', { 'w.yaml': api, 'p.yaml': policy(spec) }), [], spec);
      }
    });
  });

  describe('empty-rules-list', () => {
    it('spells out that an empty list in effect denies all (as a hint)', () => {
      const files = { 'p.yaml': policy('podSelector: {}\npolicyTypes: [Ingress]\ningress: []\n') };
      const f = findings('empty-rules-list', files);
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'hint');
      assert.match(f[0].message, /deny all/);
      assert.match(f[0].message, /\[\{\}\]/);
    });
    it('treats `ingress:` with no value like an empty list', () => {
      const f = findings('empty-rules-list', { 'p.yaml': policy('podSelector: {}\ningress:\n') });
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'hint');
    });
    it('warns that egress: [] without policyTypes has no effect', () => {
      const files = { 'p.yaml': policy('podSelector: {}\negress: []\n') };
      const f = findings('empty-rules-list', files);
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'warning');
      assert.match(f[0].message, /has no effect/);
      assert.deepEqual(f[0].data, { fix: 'add-policy-types', policy: 'shop/p', policyTypes: ['Ingress', 'Egress'] });
    });
    it('warns that an empty list of a direction policyTypes leaves out has no effect', () => {
      const f = findings('empty-rules-list', { 'p.yaml': policy('podSelector: {}\npolicyTypes: [Ingress]\negress: []\n') });
      assert.equal(f.length, 1);
      assert.match(f[0].message, /policyTypes does not include Egress/);
    });
    it('is silent for absent lists and lists with rules', () => {
      assert.deepEqual(findings('empty-rules-list', { 'p.yaml': policy('podSelector: {}\npolicyTypes: [Ingress, Egress]\n') }), []);
      assert.deepEqual(findings('empty-rules-list', { 'p.yaml': policy('podSelector: {}\ningress:\n  - {}\n') }), []);
    });
    it('follows configured severities for both kinds', () => {
      const f = findings('empty-rules-list', { 'p.yaml': policy('podSelector: {}\npolicyTypes: [Ingress]\ningress: []\n') }, { severities: { 'empty-rules-list': 'error' } });
      assert.equal(f[0].severity, 'error');
      assert.deepEqual(findings('empty-rules-list', { 'p.yaml': policy('podSelector: {}\negress: []\n') }, { severities: { 'empty-rules-list': 'off' } }), []);
    });
  });

  describe('allow-all-rule', () => {
    it('reports `- {}` in a direction in effect', () => {
      const files = { 'p.yaml': policy('podSelector: {}\ningress:\n  - {}\n') };
      const f = findings('allow-all-rule', files);
      assert.equal(f.length, 1);
      assert.equal(f[0].severity, 'info');
      assert.equal(spanText(f[0], files), '{}');
      assert.match(f[0].message, /allows all inbound connections to the pods shop\/p selects, from every pod and address/);
    });
    it('says `to` every pod and address for an egress rule (it read "outbound connections from … from every pod")', () => {
      const files = { 'p.yaml': policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - {}\n') };
      const f = findings('allow-all-rule', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /allows all outbound connections from the pods shop\/p selects, to every pod and address, on every port/);
      assert.doesNotMatch(f[0].message, /from every pod/);
    });
    it('is silent for rules with peers or ports, explicit empty lists, and ignored directions', () => {
      for (const spec of [
        'podSelector: {}\ningress:\n  - ports: [{port: 80}]\n',
        'podSelector: {}\ningress:\n  - from: [{podSelector: {}}]\n',
        'podSelector: {}\ningress:\n  - from: []\n',
        'podSelector: {}\npolicyTypes: [Ingress]\negress:\n  - {}\n',
      ]) {
        assert.deepEqual(findings('allow-all-rule', { 'p.yaml': policy(spec) }), [], spec);
      }
    });
  });

  describe('empty-list-means-all', () => {
    it('reports from: [] and ports: []', () => {
      const files = { 'p.yaml': policy('podSelector: {}\ningress:\n  - from: []\n    ports: []\n') };
      const f = findings('empty-list-means-all', files);
      assert.equal(f.length, 2);
      assert.deepEqual(f.map((x) => spanText(x, files)), ['from', 'ports']);
      assert.match(f[0].message, /admits every source .* on every port/);
    });
    it('reports `to:` with no value', () => {
      const f = findings('empty-list-means-all', { 'p.yaml': policy('podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to:\n    ports: [{port: 443}]\n') });
      assert.equal(f.length, 1);
      assert.match(f[0].message, /every destination/);
    });
    it('is silent for absent and non-empty lists', () => {
      assert.deepEqual(findings('empty-list-means-all', { 'p.yaml': policy('podSelector: {}\ningress:\n  - from: [{podSelector: {}}]\n    ports: [{port: 80}]\n  - ports: [{port: 81}]\n') }), []);
    });
  });

  describe('peer-selectors-combined', () => {
    const files = {
      'ns.yaml': docs(namespace('shop', { tier: 'app' }), namespace('edge', { tier: 'edge' })),
      'w.yaml': docs(api, web, deployment('edge', 'proxy', { app: 'proxy' })),
      'p.yaml': policy(yaml`
        podSelector: {matchLabels: {app: api}}
        ingress:
          - from:
              - namespaceSelector: {matchLabels: {tier: edge}}
                podSelector: {matchLabels: {app: web}}
      `),
    };
    it('reports one peer that matches nothing while each half matches something', () => {
      const f = findings('peer-selectors-combined', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /app=web alone matches shop\/Deployment\/web in shop, and tier=edge alone matches namespaces edge/);
      assert.deepEqual(f[0].data, { fix: 'split-peer', policy: 'shop/p', direction: 'ingress', rule: 0, peer: 0 });
    });
    it('keeps selector-matches-nothing silent on that peer (one voice)', () => {
      assert.deepEqual(findings('selector-matches-nothing', files), []);
    });
    it('is silent when the peer matches, or the pod selector matches nothing locally either', () => {
      const ok = { ...files, 'w.yaml': docs(api, web, deployment('edge', 'web', { app: 'web' })) };
      assert.deepEqual(findings('peer-selectors-combined', ok), []);
      const nothing = { ...files, 'w.yaml': docs(api, deployment('edge', 'proxy', { app: 'proxy' })) };
      assert.deepEqual(findings('peer-selectors-combined', nothing), []);
      assert.equal(findings('selector-matches-nothing', nothing).length, 1);
    });
  });

  describe('peer-selectors-split', () => {
    const files = {
      'ns.yaml': docs(namespace('shop', { tier: 'app' }), namespace('data', { tier: 'data' })),
      'w.yaml': docs(api, deployment('data', 'redis', { app: 'redis' }, ['6379']), deployment('data', 'backup', { app: 'backup' })),
      'p.yaml': policy(yaml`
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Egress]
        egress:
          - to:
              - namespaceSelector: {matchLabels: {tier: data}}
              - podSelector: {matchLabels: {app: redis}}
      `),
    };
    it('reports two peers that were probably meant as one', () => {
      const f = findings('peer-selectors-split', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /app=redis does match data\/Deployment\/redis in namespaces tier=data/);
      assert.match(spanText(f[0], files), /^podSelector/);
      assert.deepEqual(f[0].data, { fix: 'join-peers', policy: 'shop/p', direction: 'egress', rule: 0, peers: [0, 1] });
      assert.deepEqual(findings('selector-matches-nothing', files), []);
    });
    it('is silent when the pod selector matches in the own namespace, or not in the selected namespaces', () => {
      const local = { ...files, 'w.yaml': docs(api, deployment('shop', 'redis', { app: 'redis' }), deployment('data', 'redis', { app: 'redis' })) };
      assert.deepEqual(findings('peer-selectors-split', local), []);
      const elsewhere = { ...files, 'w.yaml': docs(api, deployment('data', 'backup', { app: 'backup' })) };
      assert.deepEqual(findings('peer-selectors-split', elsewhere), []);
    });
  });

  describe('empty-peer', () => {
    it('reports `- {}` and a selector with no value', () => {
      const files = { 'p.yaml': policy('podSelector: {}\ningress:\n  - from:\n      - {}\n      - podSelector:\n') };
      const f = findings('empty-peer', files);
      assert.equal(f.length, 2);
      assert.equal(f[0].severity, 'error');
      assert.match(f[0].message, /API server rejects/);
    });
    it('is silent for peers with a selector or an ipBlock', () => {
      const files = { 'p.yaml': policy('podSelector: {}\ningress:\n  - from:\n      - podSelector: {}\n      - namespaceSelector: {}\n      - ipBlock: {cidr: 10.0.0.0/8}\n') };
      assert.deepEqual(findings('empty-peer', files), []);
    });
  });

  describe('ipBlock checks', () => {
    const block = (cidr: string, except: string[] = []): Record<string, string> => ({
      'p.yaml': policy(`podSelector: {}\npolicyTypes: [Egress]\negress:\n  - to:\n      - ipBlock:\n          cidr: ${cidr}\n${except.length ? `          except: [${except.join(', ')}]\n` : ''}`),
    });
    it('invalid-cidr: a bare address, with a /32 fix', () => {
      const files = block('203.0.113.7');
      const f = findings('invalid-cidr', files);
      assert.equal(f.length, 1);
      assert.equal(spanText(f[0], files), '203.0.113.7');
      assert.deepEqual(f[0].data, { fix: 'replace-text', replacement: '203.0.113.7/32' });
    });
    it('invalid-cidr: garbage, too long a prefix, a bad except', () => {
      assert.equal(findings('invalid-cidr', block('10.0.0.0/33')).length, 1);
      assert.equal(findings('invalid-cidr', block('10.0.0/8')).length, 1);
      assert.equal(findings('invalid-cidr', block('10.0.0.0/8', ['10.1.0.0/xx'])).length, 1);
      assert.deepEqual(findings('invalid-cidr', block('10.0.0.0/8', ['10.1.0.0/16'])), []);
      assert.deepEqual(findings('invalid-cidr', block('2001:db8::/32')), []);
    });
    it('cidr-host-bits: offers the network and the single address', () => {
      const files = block('203.0.113.7/24');
      const f = findings('cidr-host-bits', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /reads it as 203\.0\.113\.0\/24/);
      assert.deepEqual(f[0].data, { fix: 'replace-text', replacements: ['203.0.113.0/24', '203.0.113.7/32'] });
      assert.equal(findings('cidr-host-bits', block('2001:db8::1/64'))[0].data!.replacements instanceof Array, true);
      assert.match(findings('cidr-host-bits', block('2001:db8::1/64'))[0].message, /2001:db8::\/64/);
      assert.deepEqual(findings('cidr-host-bits', block('203.0.113.0/24')), []);
      assert.deepEqual(findings('cidr-host-bits', block('0.0.0.0/0')), []);
    });
    it('ipblock-except-outside-cidr: outside, not smaller, other family', () => {
      assert.match(findings('ipblock-except-outside-cidr', block('10.0.0.0/16', ['10.1.0.0/24']))[0].message, /not inside 10\.0\.0\.0\/16/);
      assert.match(findings('ipblock-except-outside-cidr', block('10.0.0.0/16', ['10.0.0.0/16']))[0].message, /not smaller/);
      assert.match(findings('ipblock-except-outside-cidr', block('10.0.0.0/16', ['fd00::/64']))[0].message, /IPv6/);
      assert.deepEqual(findings('ipblock-except-outside-cidr', block('10.0.0.0/16', ['10.0.5.0/24', '10.0.0.1/32'])), []);
    });
  });

  describe('invalid-end-port', () => {
    const ports = (entry: string): Record<string, string> => ({ 'p.yaml': policy(`podSelector: {}\ningress:\n  - ports:\n      - ${entry}\n`) });
    it('reports endPort below port, with a named port, and without port', () => {
      const below = findings('invalid-end-port', ports('{port: 9000, endPort: 8000}'));
      assert.equal(below.length, 1);
      assert.deepEqual(below[0].data, { fix: 'swap-ports', port: 9000, endPort: 8000 });
      assert.match(findings('invalid-end-port', ports('{port: http, endPort: 8000}'))[0].message, /named port "http"/);
      assert.match(findings('invalid-end-port', ports('{endPort: 8000}'))[0].message, /needs a port/);
    });
    it('is silent for a valid range and a single port', () => {
      assert.deepEqual(findings('invalid-end-port', ports('{port: 8000, endPort: 9000}')), []);
      assert.deepEqual(findings('invalid-end-port', ports('{port: 8000, endPort: 8000}')), []);
      assert.deepEqual(findings('invalid-end-port', ports('{port: 8000}')), []);
    });
  });

  describe('redundant-rule', () => {
    it('reports an exact duplicate (written differently) as the later rule', () => {
      const files = {
        'p.yaml': policy(yaml`
          podSelector: {}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{port: 8080}]
            - ports: [{protocol: TCP, port: 8080}]
              from: [{podSelector: {matchLabels: {app: web}}}]
        `),
      };
      const f = findings('redundant-rule', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /same as the 1st ingress rule/);
      assert.deepEqual(f[0].data, { fix: 'delete-rule', policy: 'shop/p', direction: 'ingress', rule: 1 });
    });
    it('reports a rule shadowed by a broader one', () => {
      const files = {
        'p.yaml': policy(yaml`
          podSelector: {}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{port: 8080}]
            - from: [{podSelector: {}}, {ipBlock: {cidr: 10.0.0.0/8}}]
              ports: [{port: 8000, endPort: 9000}]
        `),
      };
      const f = findings('redundant-rule', files);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /covered by the 2nd ingress rule/);
    });
    it('covers peers across namespaces and ip ranges', () => {
      const files = {
        'p.yaml': policy(yaml`
          podSelector: {}
          policyTypes: [Egress]
          egress:
            - to: [{namespaceSelector: {}, podSelector: {matchLabels: {app: x}}}, {ipBlock: {cidr: 10.0.0.0/8}}]
            - to: [{podSelector: {matchLabels: {app: x}}}, {ipBlock: {cidr: 10.1.0.0/16}}]
        `),
      };
      assert.equal(findings('redundant-rule', files).length, 1);
    });
    it('compares named and numeric ports as they resolve on the selected pods', () => {
      const spec = yaml`
        podSelector: {matchLabels: {app: api}}
        ingress:
          - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
            ports: [{port: http}]
          - from: [{ipBlock: {cidr: 0.0.0.0/0}}]
            ports: [{port: 8080}]
      `;
      const f = findings('redundant-rule', { 'w.yaml': api, 'p.yaml': policy(spec) });
      assert.equal(f.length, 1);
      assert.match(f[0].message, /covered by the 1st ingress rule/);
      // Without the pods, "http" cannot be resolved: nothing to say.
      assert.deepEqual(findings('redundant-rule', { 'p.yaml': policy(spec) }), []);
    });
    it('never calls a working rule redundant because of a rejected ports entry (endPort without port allows nothing)', () => {
      const files = {
        'p.yaml': policy(yaml`
          podSelector: {}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{endPort: 9000}]
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{protocol: TCP}]
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{port: 8000, endPort: abc}]
        `),
      };
      assert.deepEqual(findings('redundant-rule', files), []);
      assert.equal(findings('invalid-end-port', files).length, 1);
    });
    it('is silent for rules that differ in peers or ports', () => {
      const files = {
        'p.yaml': policy(yaml`
          podSelector: {}
          ingress:
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{port: 8080}]
            - from: [{podSelector: {matchLabels: {app: web}}}]
              ports: [{port: 9090}]
            - from: [{podSelector: {matchLabels: {app: api}}}]
              ports: [{port: 8080}]
            - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
            - from: [{ipBlock: {cidr: 10.1.0.0/16}}]
        `),
      };
      assert.deepEqual(findings('redundant-rule', files), []);
    });
  });

  describe('duplicate-policy', () => {
    const a = policy('podSelector: {matchLabels: {app: api}}\ningress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n', 'a');
    it('reports a policy that means the same as another one', () => {
      const b = policy('podSelector:\n  matchLabels:\n    app: api\npolicyTypes: [Ingress]\ningress:\n  - from:\n      - podSelector: {matchLabels: {app: web}}\n', 'b');
      const files = { 'a.yaml': a, 'b.yaml': b };
      const f = findings('duplicate-policy', files);
      assert.equal(f.length, 1);
      assert.equal(f[0].span.file, 'b.yaml');
      assert.match(f[0].message, /shop\/b means exactly what shop\/a means/);
    });
    it('is silent for the same name twice, other namespaces and other rules', () => {
      assert.deepEqual(findings('duplicate-policy', { 'a.yaml': a, 'overlay/a.yaml': a }), []);
      assert.deepEqual(findings('duplicate-policy', { 'a.yaml': a, 'b.yaml': a.replace('name: a', 'name: b').replace('namespace: shop', 'namespace: other') }), []);
      assert.deepEqual(findings('duplicate-policy', { 'a.yaml': a, 'b.yaml': a.replace('name: a', 'name: b').replace('app: web', 'app: web2') }), []);
    });
  });
});
