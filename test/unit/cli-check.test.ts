// `netpol-lens check` and `reach` run for real on temporary folders: the three formats of check, the readable
// matrix of reach, exit codes and usage errors.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cli, tempRoot } from '../helpers/cli';
import { deployment, docs, namespace, networkPolicy } from '../helpers/manifests';
import { yaml } from '../helpers/workspace';

const WORKLOADS = docs(namespace('shop'), deployment('shop', 'web', { app: 'web' }, ['http:8080']), deployment('shop', 'api', { app: 'api' }, ['http:9090']));

/** Default-deny egress for api with no DNS: a forgotten-dns error at `egress` (line 7, column 3). */
const NO_DNS = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: api-egress, namespace: shop}
  spec:
    podSelector: {matchLabels: {app: api}}
    policyTypes: [Egress]
    egress:
      - to: [{podSelector: {matchLabels: {app: web}}}]
`;

/** Ingress to web from api on its port: clean apart from coverage notes. */
const WEB_IN = networkPolicy('shop', 'web-in', yaml`
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: api}}}]
      ports: [{port: http}]
`);

describe('netpol-lens check and reach (CLI)', () => {
  const tmp = tempRoot('netpol-lens-cli-');
  const folder = tmp.folder;

  it('prints findings like a compiler, a summary line, and exits 1 on an error', () => {
    const dir = folder('broken', { 'workloads.yaml': WORKLOADS, 'policy.yaml': NO_DNS });
    const { code, out } = cli(['check', dir]);
    assert.equal(code, 1);
    const dns = out.split('\n').find((l) => / error forgotten-dns /.test(l));
    assert.ok(dns, out);
    assert.match(dns, /^.*policy\.yaml:\d+:\d+ error forgotten-dns Egress allows neither UDP nor TCP port 53/);
    assert.match(out, /\n2 files checked: 1 error\(s\), \d+ warning\(s\), \d+ info\.\n$/);
  });

  it('counts hints apart from info, and only when there are some', () => {
    const dir = folder('hints', { 'workloads.yaml': WORKLOADS, 'policy.yaml': NO_DNS });
    const plain = cli(['check', dir]).out;
    assert.doesNotMatch(plain, /hint\(s\)/);
    const hinted = cli(['check', dir, '--severity', 'forgotten-dns=hint']);
    assert.equal(hinted.code, 0, 'no error left');
    assert.match(hinted.out, / hint forgotten-dns /);
    assert.match(hinted.out, /checked: 0 error\(s\), \d+ warning\(s\), \d+ info, 1 hint\(s\)\.\n$/);
  });

  it('--format json gives 1-based positions that point at the finding', () => {
    const dir = folder('json', { 'workloads.yaml': WORKLOADS, 'policy.yaml': NO_DNS });
    const { code, out } = cli(['check', dir, '--format', 'json']);
    assert.equal(code, 1);
    const { diagnostics } = JSON.parse(out) as { diagnostics: Record<string, unknown>[] };
    const dns = diagnostics.find((d) => d.code === 'forgotten-dns');
    assert.ok(dns);
    assert.deepEqual(Object.keys(dns).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    assert.equal(dns.severity, 'error');
    assert.ok(String(dns.file).endsWith('policy.yaml'));
    assert.deepEqual([dns.line, dns.column], [7, 3]);
    const lines = NO_DNS.split('\n');
    assert.ok(lines[(dns.line as number) - 1].slice((dns.column as number) - 1).startsWith('egress'), JSON.stringify(dns));
    assert.ok((dns.endLine as number) > (dns.line as number) || (dns.endColumn as number) > (dns.column as number));
  });

  it('--format sarif is SARIF 2.1.0 with every rule, help links and located results', () => {
    const dir = folder('sarif', { 'workloads.yaml': WORKLOADS, 'policy.yaml': NO_DNS });
    const { code, out } = cli(['check', dir, '--format', 'sarif']);
    assert.equal(code, 1);
    const sarif = JSON.parse(out);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'netpol-lens');
    assert.match(run.tool.driver.version, /^\d+\.\d+\.\d+/);
    const rules = run.tool.driver.rules as { id: string; helpUri: string }[];
    assert.ok(rules.length >= 25);
    assert.ok(rules.every((r) => /^https:\/\//.test(r.helpUri) && r.helpUri.includes(r.id)), 'every rule links its own docs page');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'forgotten-dns');
    assert.equal(result.level, 'error');
    assert.equal(rules[result.ruleIndex].id, 'forgotten-dns');
    const location = result.locations[0].physicalLocation;
    assert.ok(location.artifactLocation.uri.endsWith('policy.yaml'));
    assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
  });

  it('exits 0 when nothing is an error, and honours --severity … =off', () => {
    const clean = folder('clean', { 'workloads.yaml': WORKLOADS, 'policy.yaml': WEB_IN });
    assert.equal(cli(['check', clean]).code, 0);
    const broken = folder('off', { 'workloads.yaml': WORKLOADS, 'policy.yaml': NO_DNS });
    const off = cli(['check', broken, '--severity', 'forgotten-dns=off']);
    assert.equal(off.code, 0);
    assert.doesNotMatch(off.out, /forgotten-dns/);
  });

  it('exits 2 on usage and I/O errors, saying why on stderr', () => {
    const missing = cli(['check', path.join(tmp.root, 'no-such-folder')]);
    assert.equal(missing.code, 2);
    assert.notEqual(missing.err, '');
    assert.equal(cli(['check']).code, 2);
    assert.equal(cli(['check', tmp.root, '--format', 'xml']).code, 2);
    assert.equal(cli(['check', tmp.root, '--severity', 'forgotten-dns=loud']).code, 2);
    assert.equal(cli(['frobnicate', tmp.root]).code, 2);
  });

  it('reach prints a readable matrix without --json, and the exact JSON with it', () => {
    const dir = folder('reach', { 'workloads.yaml': WORKLOADS, 'policy.yaml': WEB_IN });
    const text = cli(['reach', dir]);
    assert.equal(text.code, 0);
    assert.match(text.out, /shop\/Deployment\/web/);
    assert.match(text.out, /shop\/Deployment\/api/);
    const json = JSON.parse(cli(['reach', dir, '--json']).out);
    assert.deepEqual(json.workloads, ['shop/Deployment/api', 'shop/Deployment/web']);
    // web admits only api, on its http port; api (not isolated) admits everyone, web may call it on every port.
    assert.deepEqual(json.connections, [
      { from: 'shop/Deployment/api', to: 'shop/Deployment/api', ports: { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] } },
      { from: 'shop/Deployment/api', to: 'shop/Deployment/web', ports: { TCP: [[8080, 8080]] } },
      { from: 'shop/Deployment/web', to: 'shop/Deployment/api', ports: { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] } },
    ]);
  });
});
