// The cluster DNS port through the real language server: `dns.port` from initializationOptions or
// workspace/configuration decides what forgotten-dns accepts and what its quick fix inserts (OpenShift: 5353).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeAction, CodeActionRequest, Diagnostic, DidChangeConfigurationNotification, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { TestClient, write } from './client';
import { applyLspEdits } from './fixture';

const OPENSHIFT_DNS = { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 };
const POLICY = 'shop/policy.yaml';

const API = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1
`;

function policy(ports: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: openshift-dns
          podSelector:
            matchLabels:
              dns.operator.openshift.io/daemonset-dns: default
      ports:
${ports}`;
}

const UDP_5353 = policy('        - protocol: UDP\n          port: 5353\n');
const BOTH_5353 = policy('        - protocol: UDP\n          port: 5353\n        - protocol: TCP\n          port: 5353\n');

function dnsFindings(d: Diagnostic[]): Diagnostic[] {
  return d.filter((x) => x.code === 'forgotten-dns');
}

describe('language server: the cluster DNS port', function () {
  this.timeout(60_000);
  let dir: string;
  let client: TestClient | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-lens-dns-port-'));
    write(dir, 'shop/api.yaml', API);
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('warns about UDP 5353 alone, and its quick fix adds TCP 5353, after which the diagnostic is gone (initializationOptions)', async () => {
    write(dir, POLICY, UDP_5353);
    client = await TestClient.started({ folder: dir, initializationOptions: { debounceMs: 20, settings: { dns: OPENSHIFT_DNS } } });
    await client.open(POLICY, UDP_5353);
    const [dns] = dnsFindings(await client.diagnosticsFor(POLICY, (d) => dnsFindings(d).length > 0));
    assert.equal(dns.severity, 2);
    assert.match(dns.message, /^Egress allows UDP but not TCP port 5353 to openshift-dns pods/);
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.uri(POLICY) },
      range: dns.range,
      context: { diagnostics: [dns], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => /^Allow DNS egress/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.equal(fix.title, 'Allow DNS egress over TCP (port 5353 to openshift-dns dns.operator.openshift.io/daemonset-dns=default)');
    const fixed = applyLspEdits(UDP_5353, (fix.edit!.documentChanges![0] as TextDocumentEdit).edits);
    assert.match(fixed, /- protocol: TCP\n\s+port: 5353\n/);
    assert.doesNotMatch(fixed, /port: 53\n/);
    const version = await client.replaceAll(POLICY, fixed);
    await client.until('forgotten-dns to go away', () => {
      const p = client!.diagnostics.get(client!.uri(POLICY));
      return p?.version === version && dnsFindings(p.diagnostics).length === 0 ? true : undefined;
    });
  });

  it('accepts UDP and TCP 5353 with the setting, and reports them once the setting is gone (workspace/configuration)', async () => {
    write(dir, POLICY, BOTH_5353);
    client = await TestClient.started({ folder: dir, settings: { dns: OPENSHIFT_DNS }, initializationOptions: { debounceMs: 20 } });
    await client.open(POLICY, BOTH_5353);
    await client.diagnosticsFor(POLICY, (d) => dnsFindings(d).length === 0, 'no forgotten-dns with port 5353');
    client.settings = { dns: { ...OPENSHIFT_DNS, port: 53 } };
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const [dns] = dnsFindings(await client.diagnosticsFor(POLICY, (d) => dnsFindings(d).length > 0, 'forgotten-dns at port 53'));
    assert.equal(dns.severity, 1);
    assert.match(dns.message, /^Egress allows neither UDP nor TCP port 53 to openshift-dns pods/);
  });
});
