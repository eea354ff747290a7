import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { Document, parseAllDocuments } from 'yaml';
import { Finding } from '../../server/src/core';
import { displayPath, locatedValue, NETWORK_POLICY_SCHEMA } from '../../server/src/core/schema-validation';
import { AstReader } from '../../server/src/core/yaml-ast';
import policySchema from '../../schemas/networkpolicy.schema.json';
import { workspaceOf, yaml } from '../helpers/workspace';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function yamlFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFilesUnder(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

function findingsOf(text: string): Finding[] {
  return workspaceOf({ 'p.yaml': text }).file('p.yaml')!.findings;
}

/** The one finding of the document, with the text it points at. */
function only(text: string): { finding: Finding; at: string } {
  const findings = findingsOf(text);
  assert.equal(findings.length, 1, `expected one finding, got:\n${findings.map((f) => `  ${f.code} ${f.message}`).join('\n')}`);
  return { finding: findings[0], at: text.slice(findings[0].span.start, findings[0].span.end) };
}

/** The schema's own problems for the first document (before leaving some checks to rules). */
function rawProblems(text: string): { message: string; at: string }[] {
  const doc = (parseAllDocuments(text, { version: '1.1' }) as Document.Parsed[])[0];
  const located = locatedValue(new AstReader('p.yaml', doc), doc.contents);
  return NETWORK_POLICY_SCHEMA.validate(located).map((p) => ({ message: p.message, at: text.slice(p.span.start, p.span.end) }));
}

const HEAD = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: ns\n';

/** A policy whose spec is `spec` (indented YAML for the spec's body). */
function policy(spec: string): string {
  return `${HEAD}spec:\n${spec.replace(/^\n/, '').replace(/^/gm, '  ')}\n`;
}

describe('NetworkPolicy JSON schema', () => {
  it('compiles under ajv strict mode without warnings', () => {
    const warnings: unknown[] = [];
    const logger = { log: () => undefined, warn: (...a: unknown[]) => warnings.push(a), error: (...a: unknown[]) => warnings.push(a) };
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, logger });
    ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    ajv.addFormat('cidr', () => true);
    ajv.compile(policySchema);
    assert.deepEqual(warnings, []);
  });

  it('every NetworkPolicy in examples/ validates cleanly, and no example file has a schema finding', () => {
    const files = yamlFilesUnder(EXAMPLES).filter((f) => !/\.netpol-test\.ya?ml$/.test(f));
    let policies = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const doc of parseAllDocuments(text, { version: '1.1' }) as Document.Parsed[]) {
        const value = doc.toJS() as { kind?: string } | null;
        if (value?.kind !== 'NetworkPolicy') continue;
        policies++;
        const problems = NETWORK_POLICY_SCHEMA.validate(locatedValue(new AstReader(file, doc), doc.contents));
        assert.deepEqual(problems, [], `${file}: ${problems.map((p) => p.message).join('; ')}`);
      }
    }
    assert.ok(policies >= 8, `expected the examples' policies, found ${policies}`);
    const ws = workspaceOf(Object.fromEntries(files.map((f) => [f, fs.readFileSync(f, 'utf8')])));
    const schemaFindings = ws.files().flatMap((f) => ws.file(f)!.findings).filter((f) => f.code === 'schema');
    assert.deepEqual(schemaFindings, []);
  });

  it('accepts what the API server accepts: null fields, empty rules, anchors and merges, timestamps, named ports, ranges', () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: ok
        namespace: ns
        creationTimestamp: 2024-01-02T03:04:05Z
        labels: {app.kubernetes.io/name: web, team: ""}
        annotations: {example.com/owner: "team-a"}
      spec:
        podSelector:
        policyTypes: [Ingress, Egress]
        ingress:
          -
          - from:
              - podSelector: &web {matchLabels: {app: web}}
              - namespaceSelector:
                  matchExpressions:
                    - {key: env, operator: In, values: [prod, stage]}
                    - {key: legacy, operator: DoesNotExist}
            ports:
              - port: http
              - {protocol: UDP, port: 8000, endPort: 8100}
              - {protocol: SCTP}
              -
        egress:
          - to:
              - podSelector: *web
              - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
              - ipBlock: {cidr: "2001:db8::/32"}
            ports:
              - <<: {protocol: TCP}
                port: 443
    `;
    assert.deepEqual(findingsOf(text), []);
  });

  it('an unknown field in a peer: one finding on the key, with the field it probably meant', () => {
    const text = policy(`
      podSelector: {}
      ingress:
        - from:
            - namespaceSelector: {}
            - podselector: {matchLabels: {app: web}}`);
    const { finding, at } = only(text);
    assert.equal(finding.code, 'schema');
    assert.equal(finding.severity, 'error');
    assert.equal(at, 'podselector');
    assert.equal(finding.message, 'spec.ingress[0].from[1]: unknown field "podselector" (did you mean podSelector?)');
    assert.equal(finding.data?.replacement, 'podSelector');
  });

  it('an unknown field with a typo in the spec suggests the field; a far-off one suggests nothing', () => {
    const near = only(policy(`
      podSelector: {}
      polcyTypes: [Ingress]`));
    assert.equal(near.at, 'polcyTypes');
    assert.equal(near.finding.message, 'spec: unknown field "polcyTypes" (did you mean policyTypes?)');
    const far = only(policy(`
      podSelector: {}
      priority: 10`));
    assert.equal(far.finding.message, 'spec: unknown field "priority"');
  });

  it('a known field at the wrong indentation says where it belongs', () => {
    const ports = only(policy(`
      podSelector: {}
      ingress:
        - from:
            - podSelector: {}
              ports: [{port: 80}]`));
    assert.equal(ports.at, 'ports');
    assert.match(ports.finding.message, /ports belongs to the rule, not to a peer/);
    const to = only(policy(`
      podSelector: {}
      ingress:
        - to: [{podSelector: {}}]`));
    assert.match(to.finding.message, /^spec\.ingress\[0\]: unknown field "to" \(ingress rules list their sources under from\)$/);
    const rootLevel = only(`${HEAD}podSelector: {}\n`);
    assert.equal(rootLevel.at, 'podSelector');
    assert.equal(rootLevel.finding.message, 'unknown field "podSelector" (podSelector belongs under spec)');
    const peerInRule = only(policy(`
      podSelector: {}
      egress:
        - namespaceSelector: {}`));
    assert.match(peerInRule.finding.message, /namespaceSelector is a peer: put it in a list under to/);
  });

  it('a port that is neither a number nor a port name: one finding on the value', () => {
    const { finding, at } = only(policy(`
      podSelector: {}
      ingress:
        - ports:
            - port: on`));
    assert.equal(at, 'on');
    assert.equal(finding.code, 'schema');
    assert.match(finding.message, /^spec\.ingress\[0\]\.ports\[0\]\.port must be an integer 1-65535 or a port name: YAML 1\.1 reads on as a boolean/);
  });

  it('problems the extractor reports are not reported twice (ports, protocols, policyTypes, selectors, peers, lists)', () => {
    const cases: [string, string, string][] = [
      ['ingress:\n  - ports: [{port: 70000}]', '70000', 'invalid-port'],
      ['ingress:\n  - ports: [{port: "80"}]', '"80"', 'invalid-port'],
      ['ingress:\n  - ports: [{port: 80, endPort: 0}]', '0', 'invalid-port'],
      ['ingress:\n  - ports: [{protocol: tcp, port: 80}]', 'tcp', 'invalid-protocol'],
      ['policyTypes: [ingress]', 'ingress', 'invalid-field'],
      ['policyTypes: Ingress', 'Ingress', 'invalid-field'],
      ['ingress: {from: []}', '{from: []}', 'invalid-field'],
      ['ingress:\n  - from: {podSelector: {}}', '{podSelector: {}}', 'invalid-field'],
      ['ingress:\n  - from:\n      - ipBlock: {cidr: 10.0.0.0/8}\n        podSelector: {}', 'ipBlock: {cidr: 10.0.0.0/8}\n          podSelector: {}', 'invalid-peer'],
      ['podSelector: {app: web}', 'app', 'invalid-selector'],
      ['podSelector: {matchExpressions: [{key: app, operator: in, values: [a]}]}', 'in', 'invalid-selector'],
      ['podSelector: {matchExpressions: [{operator: Exists}]}', '{operator: Exists}', 'invalid-selector'],
      ['podSelector: {matchLabels: {app: yes}}', 'yes', 'invalid-label'],
      ['podSelector: {matchLabels: {"bad key": x}}', '"bad key"', 'invalid-label'],
    ];
    for (const [spec, at, code] of cases) {
      const text = policy(`podSelector: {}\n${spec}`.replace(/^podSelector: \{\}\npodSelector/, 'podSelector'));
      const result = only(text);
      assert.equal(result.finding.code, code, spec);
      assert.equal(result.at.trimEnd(), at, spec);
    }
  });

  it('policyTypes listing a type twice: one finding on the repeated item', () => {
    const text = policy(`
      podSelector: {}
      policyTypes: [Ingress, Egress, Ingress]`);
    const { finding, at } = only(text);
    assert.equal(finding.message, 'spec.policyTypes lists "Ingress" more than once');
    assert.equal(finding.span.start, text.lastIndexOf('Ingress'));
    assert.equal(at, 'Ingress');
  });

  it('endPort without port, or after a named port: in the schema, and left to the invalid-end-port rule', () => {
    const alone = policy(`
      podSelector: {}
      ingress:
        - ports: [{endPort: 90}]`);
    assert.deepEqual(rawProblems(alone), [{ message: 'spec.ingress[0].ports[0]: endPort requires port: the range runs from port to endPort', at: 'endPort' }]);
    assert.deepEqual(findingsOf(alone).filter((f) => f.code === 'schema'), []);
    const named = policy(`
      podSelector: {}
      ingress:
        - ports: [{port: http, endPort: 90}]`);
    assert.deepEqual(rawProblems(named), [
      { message: 'spec.ingress[0].ports[0].port must be a number when endPort is set: a named port cannot start a range', at: 'http' },
    ]);
    assert.deepEqual(findingsOf(named).filter((f) => f.code === 'schema'), []);
  });

  it('ipBlock: a missing cidr or a typo points at the key; a malformed cidr is in the schema and left to the invalid-cidr rule', () => {
    const missing = only(policy(`
      podSelector: {}
      egress:
        - to:
            - ipBlock: {except: [10.1.0.0/16]}`));
    assert.equal(missing.at, 'ipBlock');
    assert.equal(missing.finding.message, 'spec.egress[0].to[0].ipBlock: missing required field "cidr"');
    const typo = only(policy(`
      podSelector: {}
      egress:
        - to:
            - ipBlock: {cdir: 10.0.0.0/8}`));
    assert.equal(typo.at, 'cdir');
    assert.equal(typo.finding.message, 'spec.egress[0].to[0].ipBlock: unknown field "cdir" (did you mean cidr?)');
    const address = policy(`
      podSelector: {}
      egress:
        - to:
            - ipBlock: {cidr: 10.0.0.1, except: [10.1.0.0/33]}`);
    assert.deepEqual(rawProblems(address), [
      { message: 'spec.egress[0].to[0].ipBlock.cidr: "10.0.0.1" is not a CIDR: add a prefix length, e.g. 10.0.0.1/32', at: '10.0.0.1' },
      { message: 'spec.egress[0].to[0].ipBlock.except[0]: "10.1.0.0/33" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or 2001:db8::/32)', at: '10.1.0.0/33' },
    ]);
    assert.deepEqual(findingsOf(address).filter((f) => f.code === 'schema'), []);
  });

  it('an empty peer is in the schema, on the peer, and left to the empty-peer rule', () => {
    const text = policy(`
      podSelector: {}
      ingress:
        - from: [{}]`);
    assert.deepEqual(rawProblems(text), [{ message: 'spec.ingress[0].from[0]: a peer must set podSelector, namespaceSelector or ipBlock', at: '{}' }]);
    assert.deepEqual(findingsOf(text).filter((f) => f.code === 'schema'), []);
  });

  it('metadata: a missing name points at metadata, a missing metadata at kind, a bad name at the value', () => {
    const noName = only('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  namespace: ns\nspec: {}\n');
    assert.equal(noName.at, 'metadata');
    assert.equal(noName.finding.message, 'metadata: missing required field "name"');
    const noMetadata = only('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {}\n');
    assert.equal(noMetadata.at, 'kind');
    assert.equal(noMetadata.finding.message, 'missing required field "metadata"');
    const badName = only('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: Allow_Web\nspec: {}\n');
    assert.equal(badName.at, 'Allow_Web');
    assert.match(badName.finding.message, /^metadata\.name: "Allow_Web" must be a DNS subdomain/);
  });

  it('metadata labels and annotations must be strings (YAML 1.1 readings explained)', () => {
    const label = only(`${HEAD}  labels: {pci: true}\nspec: {}\n`);
    assert.equal(label.at, 'true');
    assert.equal(label.finding.message, 'metadata.labels.pci must be a string, not true: YAML 1.1 reads true as a boolean; quote it ("true")');
    const annotation = only(`${HEAD}  annotations: {example.com/revision: 0755}\nspec: {}\n`);
    assert.equal(annotation.at, '0755');
    assert.match(annotation.finding.message, /^metadata\.annotations\["example\.com\/revision"\] must be a string, not 493 \(written 0755\)/);
  });

  it('matchExpressions entries: unknown fields and non-list values are reported', () => {
    const typo = only(policy(`
      podSelector:
        matchExpressions:
          - {key: env, operator: Exists, value: [x]}`));
    assert.equal(typo.at, 'value');
    assert.equal(typo.finding.message, 'spec.podSelector.matchExpressions[0]: unknown field "value" (did you mean values?)');
    const scalar = only(policy(`
      podSelector:
        matchExpressions:
          - {key: env, operator: Exists, values: prod}`));
    assert.equal(scalar.at, 'prod');
    assert.equal(scalar.finding.message, 'spec.podSelector.matchExpressions[0].values must be a list, not "prod"');
  });

  it('a merged unknown field is reported where it is written (the anchor)', () => {
    const withAnchor = `${HEAD}x-base: &base {protocol: TCP, prot: 80}\nspec:\n  podSelector: {}\n  ingress:\n    - ports:\n        - <<: *base\n          port: 80\n`;
    const findings = findingsOf(withAnchor).filter((f) => f.message.includes('"prot"'));
    assert.equal(findings.length, 1);
    assert.equal(withAnchor.slice(findings[0].span.start, findings[0].span.end), 'prot');
    assert.match(findings[0].message, /^spec\.ingress\[0\]\.ports\[0\]: unknown field "prot" \(did you mean port\?\)$/);
  });

  it('a policy inside a List is validated with paths relative to the policy', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: {name: p}\n    spec: {podSelector: {}, ingres: []}\n`;
    const { finding, at } = only(text);
    assert.equal(at, 'ingres');
    assert.equal(finding.message, 'spec: unknown field "ingres" (did you mean ingress?)');
  });

  it('other kinds and other API groups are not validated against the NetworkPolicy schema', () => {
    assert.deepEqual(findingsOf('apiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {selector: all(), order: 10}\n'), []);
    assert.deepEqual(findingsOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\ndata: {a: b}\n'), []);
  });

  it('displayPath quotes keys that are not identifiers and indexes lists', () => {
    const value = { metadata: { labels: { 'app.kubernetes.io/name': 'x' } }, spec: { ingress: [{ from: [{}, {}] }] } };
    assert.equal(displayPath('/metadata/labels/app.kubernetes.io~1name', value), 'metadata.labels["app.kubernetes.io/name"]');
    assert.equal(displayPath('/spec/ingress/0/from/1', value), 'spec.ingress[0].from[1]');
    assert.equal(displayPath('', value), '');
  });
});
