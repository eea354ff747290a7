// Quick fixes, without an editor: compute the fix for a real finding, apply its edits, analyse again. The finding
// must be gone, nothing else may break, and the rest of the text (comments, style) must be untouched.
import assert from 'node:assert/strict';
import { analyze, DEFAULT_OPTIONS, DnsTarget, Finding } from '../../server/src/core';
import { fixesFor, QuickFix, TextEdit } from '../../server/src/fixes';
import { deployment, docs, namespace, service } from '../helpers/manifests';
import { workspaceOf, yaml } from '../helpers/workspace';

const WORKLOADS = docs(
  namespace('shop', { team: 'shop' }),
  namespace('edge', { tier: 'edge' }),
  deployment('shop', 'api', { app: 'api' }, ['http:8080']),
  deployment('edge', 'web', { app: 'web' }),
  service('shop', 'api', { app: 'api' }, ['80->8080']),
);

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

interface Outcome {
  before: Finding;
  fix: QuickFix;
  text: string;
  after: Finding[];
}

const ERROR_CODES = /^(yaml-|schema|invalid-|deprecated-api)/;

/** Finds `code` in `file`, applies its first fix (or the one titled `pick`), analyses again. */
function fixAndRecheck(policyText: string, code: string, options: { dns?: DnsTarget; pick?: RegExp; workloads?: string } = {}): Outcome {
  const dns = options.dns ?? DEFAULT_OPTIONS.dns;
  const files = { 'workloads.yaml': options.workloads ?? WORKLOADS, 'policy.yaml': policyText };
  const ws = workspaceOf(files, { dns });
  const model = ws.model();
  const findings = analyze(model);
  const before = findings.find((f) => f.span.file === 'policy.yaml' && f.code === code);
  assert.ok(before, `expected a ${code} finding; got ${findings.map((f) => f.code).join(', ')}`);
  const policy = model.policies.find((p) => p.span.file === 'policy.yaml' && p.span.start <= before.span.start && before.span.start <= p.span.end);
  const fixes = fixesFor({ text: policyText, finding: before, dns, policy, policyNames: (ns) => model.policiesIn(ns).map((p) => p.name) });
  const fix = options.pick ? fixes.find((f) => options.pick!.test(f.title)) : fixes[0];
  assert.ok(fix, `expected a fix for ${code}; got ${fixes.map((f) => f.title).join(', ') || 'none'}`);
  const text = applyEdits(policyText, fix.edits);
  ws.setFile('policy.yaml', text);
  const after = analyze(ws.model()).filter((f) => f.span.file === 'policy.yaml');
  const broken = after.filter((f) => ERROR_CODES.test(f.code));
  assert.deepEqual(broken.map((f) => f.message), [], `the fix broke the file:\n${text}`);
  assert.ok(!after.some((f) => f.code === code && f.message === before.message), `${code} is still reported after the fix:\n${text}`);
  return { before, fix, text, after };
}

const POLICY_HEAD = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: api
    namespace: shop
`;

describe('quick fix: allow DNS egress', () => {
  it('adds the egress list when it is absent, keeping comments', () => {
    const text = POLICY_HEAD + yaml`
      # Only the API.
      spec:
        podSelector:
          matchLabels:
            app: api  # the API pods
        policyTypes:
          - Egress
      # trailing comment
    `;
    const { text: fixed, fix } = fixAndRecheck(text, 'forgotten-dns');
    assert.match(fix.title, /Allow DNS egress \(UDP and TCP 53 to kube-system k8s-app=kube-dns\)/);
    assert.equal(
      fixed,
      POLICY_HEAD + yaml`
        # Only the API.
        spec:
          podSelector:
            matchLabels:
              app: api  # the API pods
          policyTypes:
            - Egress
          egress:
            - to:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: kube-system
                  podSelector:
                    matchLabels:
                      k8s-app: kube-dns
              ports:
                - protocol: UDP
                  port: 53
                - protocol: TCP
                  port: 53
        # trailing comment
      `,
    );
  });

  it('fills `egress: []`', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Egress]
        egress: [] # nothing yet
    `;
    const { text: fixed } = fixAndRecheck(text, 'forgotten-dns');
    assert.match(fixed, /  egress: # nothing yet\n    - to:\n        - namespaceSelector:/);
  });

  it('appends to a block list, at the indentation of its items (zero-indented sequences too)', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes:
        - Egress
        egress:
        - to:
          - podSelector: {matchLabels: {app: api}}
        # done
    `;
    const { text: fixed } = fixAndRecheck(text, 'forgotten-dns');
    assert.ok(fixed.includes('  egress:\n  - to:\n    - podSelector: {matchLabels: {app: api}}\n  - to:\n    - namespaceSelector:\n'), fixed);
    assert.ok(fixed.endsWith('  # done\n'));
  });

  it('appends to a flow list in flow style', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Egress]
        egress: [{to: [{podSelector: {matchLabels: {app: api}}}]}]
    `;
    const { text: fixed } = fixAndRecheck(text, 'forgotten-dns');
    assert.ok(
      fixed.includes(
        'egress: [{to: [{podSelector: {matchLabels: {app: api}}}]}, {to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]',
      ),
      fixed,
    );
  });

  it('writes into a flow-style spec', () => {
    const text = POLICY_HEAD + 'spec: {podSelector: {matchLabels: {app: api}}, policyTypes: [Egress]}\n';
    const { text: fixed } = fixAndRecheck(text, 'forgotten-dns');
    assert.match(fixed, /policyTypes: \[Egress\], egress: \[\{to: \[/);
  });

  it('adds only TCP when UDP is already allowed', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Egress]
        egress:
          - to:
              - namespaceSelector: {}
            ports:
              - {protocol: UDP, port: 53}
    `;
    const { fix, text: fixed } = fixAndRecheck(text, 'forgotten-dns');
    assert.match(fix.title, /over TCP/);
    assert.doesNotMatch(fixed.slice(text.length - 10), /UDP/);
  });

  it('uses the configured DNS target and keeps CRLF line endings', () => {
    const dns = { namespace: 'dns', podLabels: { app: 'unbound' } };
    const text = (POLICY_HEAD + 'spec:\n  podSelector: {}\n  policyTypes: [Egress]\n').replace(/\n/g, '\r\n');
    const { fix, text: fixed } = fixAndRecheck(text, 'forgotten-dns', { dns });
    assert.match(fix.title, /to dns app=unbound/);
    assert.ok(fixed.includes('kubernetes.io/metadata.name: dns\r\n'));
    assert.ok(!/[^\r]\n/.test(fixed), 'only CRLF line breaks');
  });
});

describe('quick fix: policyTypes', () => {
  it('adds Egress to a block policyTypes when egress rules are ignored', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes:
          - Ingress
        egress:
          - to: [{podSelector: {}}]
    `;
    const { text: fixed, fix } = fixAndRecheck(text, 'policy-types-ignores-rules');
    assert.equal(fix.title, 'Add Egress to policyTypes');
    assert.ok(fixed.includes('  policyTypes:\n    - Ingress\n    - Egress\n  egress:'), fixed);
  });

  it('adds Ingress to a flow policyTypes', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Egress]
        ingress:
          - from: [{podSelector: {}}]
        egress:
          - {}
    `;
    const { text: fixed } = fixAndRecheck(text, 'policy-types-ignores-rules');
    assert.ok(fixed.includes('policyTypes: [Egress, Ingress]'), fixed);
  });

  it('writes policyTypes: [Egress] for an egress-only policy that also isolated ingress', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        egress:
          - {}
    `;
    const { text: fixed } = fixAndRecheck(text, 'implicit-ingress-isolation');
    assert.ok(fixed.includes('    matchLabels: {app: api}}\n  policyTypes:\n    - Egress\n  egress:') || fixed.includes('{app: api}}\n  policyTypes:\n    - Egress\n'), fixed);
  });
});

describe('quick fix: ports, CIDRs, rules and peers', () => {
  it('swaps endPort and port', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - ports:
              - port: 9000
                endPort: 8000
    `;
    const { text: fixed } = fixAndRecheck(text, 'invalid-end-port');
    assert.ok(fixed.includes('- port: 8000\n          endPort: 9000'), fixed);
  });

  it('completes a bare address into a CIDR', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - from:
              - ipBlock: {cidr: "10.1.2.3"}
    `;
    const { text: fixed } = fixAndRecheck(text, 'invalid-cidr');
    assert.ok(fixed.includes('{cidr: "10.1.2.3/32"}'), fixed);
  });

  it('replaces a Service port with the pod port', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - from: [{namespaceSelector: {}}]
            ports:
              - port: 80
    `;
    const { text: fixed } = fixAndRecheck(text, 'ingress-service-port');
    assert.ok(fixed.includes('- port: 8080'), fixed);
  });

  it('deletes a rule another rule covers', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - from: [{namespaceSelector: {}}]
          # the same again
          - from: [{namespaceSelector: {}}]
            ports: [{port: 8080}]
    `;
    const { text: fixed } = fixAndRecheck(text, 'redundant-rule');
    assert.ok(fixed.endsWith('  ingress:\n    - from: [{namespaceSelector: {}}]\n    # the same again\n'), fixed);
  });

  it('splits a peer whose two selectors were meant as alternatives', () => {
    const workloads = docs(WORKLOADS, deployment('shop', 'probe', { app: 'probe' }));
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - from:
              - namespaceSelector:
                  matchLabels: {tier: edge}
                podSelector:
                  matchLabels: {app: probe}
    `;
    const { text: fixed } = fixAndRecheck(text, 'peer-selectors-combined', { workloads });
    assert.ok(fixed.includes('        - namespaceSelector:\n            matchLabels: {tier: edge}\n        - podSelector:\n'), fixed);
  });

  it('joins two peers that were meant as one', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - from:
              - namespaceSelector:
                  matchLabels: {tier: edge}
              - podSelector:
                  matchLabels: {app: web}
    `;
    const { text: fixed } = fixAndRecheck(text, 'peer-selectors-split');
    assert.ok(fixed.includes('        - namespaceSelector:\n            matchLabels: {tier: edge}\n          podSelector:\n'), fixed);
  });
});

describe('quick fix: did you mean', () => {
  it('replaces a drifted label value with the one the workloads carry', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector:
          matchLabels:
            app: apii   # typo
        policyTypes: [Ingress]
    `;
    const { text: fixed, fix } = fixAndRecheck(text, 'selector-matches-nothing');
    assert.equal(fix.title, 'Change the selector to app=api');
    assert.ok(fixed.includes('      app: api   # typo\n'), fixed);
  });

  it('keeps the quotes of a quoted value, in a peer', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - from:
              - podSelector: {matchLabels: {app: "wbe"}}
                namespaceSelector: {matchLabels: {tier: edge}}
    `;
    const { text: fixed } = fixAndRecheck(text, 'selector-matches-nothing');
    assert.ok(fixed.includes('{matchLabels: {app: "web"}}'), fixed);
  });
});

describe('quick fix: values written in the wrong case or type', () => {
  it('writes a protocol in capitals', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - ports: [{protocol: udp, port: 53}]
    `;
    const { text: fixed } = fixAndRecheck(text, 'invalid-protocol');
    assert.ok(fixed.includes('{protocol: UDP, port: 53}'));
  });

  it('writes a policy type in the right case', () => {
    const text = POLICY_HEAD + 'spec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [ingress]\n';
    const { text: fixed } = fixAndRecheck(text, 'invalid-field');
    assert.ok(fixed.includes('policyTypes: [Ingress]'));
  });

  it('unquotes a port number', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector: {matchLabels: {app: api}}
        policyTypes: [Ingress]
        ingress:
          - ports: [{port: "8080"}]
    `;
    const { text: fixed } = fixAndRecheck(text, 'invalid-port');
    assert.ok(fixed.includes('[{port: 8080}]'));
  });

  it('quotes a label value that YAML reads as a boolean', () => {
    const text = POLICY_HEAD + yaml`
      spec:
        podSelector:
          matchLabels:
            app: api
            canary: true
        policyTypes: [Ingress]
    `;
    const { text: fixed } = fixAndRecheck(text, 'invalid-label');
    assert.ok(fixed.includes('canary: "true"'));
  });

  it('offers nothing when the text is not what the fix expects', () => {
    const finding: Finding = { code: 'invalid-protocol', severity: 'error', message: '', span: { file: 'f', start: 0, end: 4 } };
    assert.deepEqual(fixesFor({ text: 'ICMP', finding, dns: DEFAULT_OPTIONS.dns }), []);
    const dns: Finding = { code: 'forgotten-dns', severity: 'error', message: '', span: { file: 'f', start: 0, end: 1 }, data: { fix: 'add-dns-egress' } };
    assert.deepEqual(fixesFor({ text: 'a: [', finding: dns, dns: DEFAULT_OPTIONS.dns }), []);
  });
});

describe('quick fix: default-deny for a namespace', () => {
  it('appends a default-deny policy to the file of the finding, with a name not taken yet', () => {
    const files: Record<string, string> = {
      'shop.yaml': WORKLOADS,
      'policy.yaml': POLICY_HEAD.replace('name: api', 'name: default-deny') + 'spec:\n  podSelector: {matchLabels: {app: api}}\n',
    };
    const ws = workspaceOf(files);
    const model = ws.model();
    const finding = analyze(model).find((f) => f.code === 'missing-default-deny' && f.data?.namespace === 'shop');
    assert.ok(finding);
    const file = finding.span.file;
    const [fix] = fixesFor({ text: files[file], finding, dns: DEFAULT_OPTIONS.dns, policyNames: (ns) => model.policiesIn(ns).map((p) => p.name) });
    assert.ok(fix);
    const fixed = applyEdits(files[file], fix.edits);
    assert.ok(fixed.startsWith(files[file]), 'the existing text is untouched');
    assert.match(fixed.slice(files[file].length), /^---\napiVersion: networking.k8s.io\/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-2\n  namespace: shop\n/);
    ws.setFile(file, fixed);
    assert.ok(!analyze(ws.model()).some((f) => f.code === 'missing-default-deny' && f.data?.namespace === 'shop'));
  });
});
