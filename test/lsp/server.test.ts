// The real language server (out/server.js, built by `npm run build`) over stdio, driven by a real LSP client, on a
// temporary copy of examples/ plus the `lens` namespace of fixture.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeAction,
  CodeActionRequest,
  CodeLens,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  Diagnostic,
  DidChangeConfigurationNotification,
  HoverRequest,
  Location,
  ReferencesRequest,
  TextDocumentEdit,
} from 'vscode-languageserver-protocol/node';
import { ExplainPolicyRequest, ExplainPolicyResult, FlowGraph, FlowGraphRequest } from '../../server/src/protocol';
import { completionLabels, hoverText, TestClient, tempWorkspace, write } from './client';
import { applyLspEdits, LENS_FILES, lensWorkspace, positionOf } from './fixture';

const POLICIES = 'lens/policies.yaml';

function codes(d: Diagnostic[]): string[] {
  return d.map((x) => String(x.code));
}

describe('language server: diagnostics, hovers and navigation', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof tempWorkspace>;
  let client: TestClient;
  const text = (rel: string): string => fs.readFileSync(path.join(ws.dir, rel), 'utf8');

  before(async () => {
    ws = lensWorkspace({ 'node_modules/pkg/ignored.yaml': LENS_FILES[POLICIES].replace(/namespace: lens/g, 'namespace: ignored') });
    client = await TestClient.started({ folder: ws.dir });
  });

  after(async () => {
    await client?.stop();
    ws?.remove();
  });

  it('announces its features and registers file watchers', () => {
    const caps = client.initResult!.capabilities;
    assert.ok(caps.hoverProvider && caps.definitionProvider && caps.referencesProvider && caps.codeLensProvider && caps.completionProvider);
    assert.equal(client.initResult!.serverInfo?.name, 'netpol-lens');
    const watchers = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(watchers, 'file watchers registered dynamically');
    assert.match(JSON.stringify(watchers.registerOptions), /\*\*\/\*\.\{yaml,yml\}/);
  });

  it('logs what it indexed and reports status', async () => {
    const status = client.statuses.find((s) => s.state === 'ready')!;
    const files = fs.readdirSync(ws.dir, { recursive: true }).filter((f) => /\.ya?ml$/.test(String(f)) && !String(f).startsWith('node_modules')).length;
    assert.equal(status.files, files, 'node_modules is left out');
    assert.ok(status.workloads >= 3 && status.policies >= 3 && status.namespaces >= 1);
    assert.ok(typeof status.indexMs === 'number');
    assert.ok(client.statuses[0].state === 'indexing');
    assert.ok(client.logs.some((l) => /^Indexing 1 folder\(s\)/.test(l)));
    assert.ok(client.logs.some((l) => /^Indexed \d+ file\(s\) .* \d+ policies/.test(l)));
  });

  it('publishes the findings of files that are not open, with code, docs link and source', async () => {
    const d = await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'));
    const dns = d.find((x) => x.code === 'forgotten-dns')!;
    assert.equal(dns.source, 'netpol-lens');
    assert.match(dns.codeDescription!.href, /\/docs\/rules\/forgotten-dns\.md$/);
    assert.equal(dns.severity, 1);
    assert.equal(dns.range.start.line, positionOf(text(POLICIES), 'egress:').line);
    assert.ok(!client.diagnostics.has(client.uri('node_modules/pkg/ignored.yaml')));
    // Related information is mapped to locations (any finding that carries some).
    const withRelated = [...client.diagnostics.values()].flatMap((p) => p.diagnostics).find((x) => x.relatedInformation?.length);
    if (withRelated) assert.match(withRelated.relatedInformation![0].location.uri, /^file:\/\//);
  });

  it('hovers a podSelector with the workloads it selects', async () => {
    const t = text(POLICIES);
    const h = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'app: db', 6) });
    const md = hoverText(h);
    assert.match(md, /\*\*podSelector\*\* of lens\/db/);
    assert.match(md, /\[lens\/StatefulSet\/db\]\(file:\/\/.*lens\/db\.yaml#L4\)/);
    const key = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'podSelector:', 3) });
    assert.match(hoverText(key), /Selects 1 workload/);
  });

  it('hovers a peer with what it admits, and a policy with what it does', async () => {
    const t = text(POLICIES);
    const peer = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'team: lens', 2) }));
    assert.match(peer, /namespaceSelector\*\* `team=lens` matches namespace: \[lens\]/);
    assert.match(peer, /Admits \d+ workloads?/);
    const kind = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'NetworkPolicy', 2) }));
    assert.match(kind, /\*\*NetworkPolicy `lens\/db`\*\*/);
    assert.match(kind, /\*\*Applies to\*\* pods with `app=db` in namespace `lens`/);
    assert.match(kind, /Allows from pods with `app=api` in namespace `lens` \(1 workload: \[lens\/Deployment\/api\]/);
    assert.match(kind, /\*\*Egress\*\*: not affected/);
  });

  it('hovers a port with the containers that expose it, and warns about a Service port', async () => {
    const t = text(POLICIES);
    const db = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'port: 5432', 7) }));
    assert.match(db, /Exposed by:\n- \[lens\/StatefulSet\/db\]\(.*\): container `db` TCP 5432/);
    const svc = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'port: 80', 7) }));
    assert.match(svc, /No container of the pods this policy selects declares it/);
    assert.match(svc, /⚠ 80 is the port of Service \[lens\/Service\/api\].*targetPort 8080.*allow TCP 8080/);
  });

  it("hovers a workload's labels with the policies that select it and its effective traffic", async () => {
    const t = text('lens/db.yaml');
    const md = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('lens/db.yaml') }, position: positionOf(t, 'app: db', 1) }));
    assert.match(md, /\*\*StatefulSet `lens\/db`\*\*/);
    assert.match(md, /\*\*Selected by\*\* \[db\]\(.*\) \(Ingress\)/);
    assert.match(md, /\*\*Ingress\*\*: isolated by \[db\]/);
    assert.match(md, /- \[lens\/Deployment\/api\]\(.*\): TCP 5432/);
    assert.match(md, /\*\*Egress\*\*: not isolated/);
  });

  it('answers nothing where there is nothing to say', async () => {
    const t = text(POLICIES);
    const h = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, '# Policies', 3) });
    assert.equal(h, null);
    const far = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: { line: 9999, character: 0 } });
    assert.equal(far, null);
    const unknown = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('nope.yaml') }, position: { line: 0, character: 0 } });
    assert.equal(unknown, null);
  });

  it('goes from a selector to the workloads it selects, and from labels to the policies selecting them', async () => {
    const t = text(POLICIES);
    const defs = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'app: db', 6) })) as Location[];
    assert.deepEqual(defs.map((l) => [path.basename(l.uri), l.range.start.line]), [['db.yaml', 3]]);
    const api = text('lens/api.yaml');
    const back = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: client.uri('lens/api.yaml') }, position: positionOf(api, 'app: api', 2) })) as Location[];
    const lines = back.map((l) => l.range.start.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [positionOf(t, 'name: api-egress', 6).line, positionOf(t, 'name: api-ingress', 6).line]);
    const refs = (await client.conn.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: client.uri('lens/api.yaml') },
      position: positionOf(api, 'app: api', 2),
      context: { includeDeclaration: false },
    })) as Location[];
    // The two policies selecting api, the peer of db's ingress rule, and peers elsewhere that admit it.
    assert.ok(refs.some((l) => l.uri === client.uri(POLICIES) && l.range.start.line === positionOf(t, '- podSelector:').line));
    assert.ok(refs.filter((l) => l.uri === client.uri(POLICIES)).length >= 3);
  });

  it('puts a code lens on each policy', async () => {
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: client.uri(POLICIES) } })) as CodeLens[];
    assert.equal(lenses.length, 3);
    assert.equal(lenses[0].command!.title, 'selects 1 workload · ingress from api');
    assert.equal(lenses[1].command!.title, 'selects 1 workload · egress to db');
    assert.equal(lenses[0].command!.command, 'netpolLens.showFlowPreview');
    assert.deepEqual(lenses[0].command!.arguments, [{ namespaces: [], policy: 'lens/db' }]);
  });

  it('explains the policy at a position, and nothing outside policies', async () => {
    const t = text(POLICIES);
    const r = (await client.conn.sendRequest(ExplainPolicyRequest, { uri: client.uri(POLICIES), position: positionOf(t, 'port: 80') })) as ExplainPolicyResult;
    assert.equal(r.policy, 'lens/api-ingress');
    assert.match(r.markdown!, /\*\*NetworkPolicy `lens\/api-ingress`\*\*/);
    const none = (await client.conn.sendRequest(ExplainPolicyRequest, { uri: client.uri('lens/db.yaml'), position: { line: 0, character: 0 } })) as ExplainPolicyResult;
    assert.equal(none.markdown, null);
  });

  it('draws the flow graph, with ports and the policies behind each edge', async () => {
    const g = (await client.conn.sendRequest(FlowGraphRequest, { namespaces: ['lens'] })) as FlowGraph;
    const ids = g.nodes.map((n) => n.id);
    assert.ok(ids.includes('lens/Deployment/api') && ids.includes('lens/StatefulSet/db'));
    const apiToDb = g.edges.filter((e) => e.from === 'lens/Deployment/api' && e.to === 'lens/StatefulSet/db');
    assert.equal(apiToDb.length, 1);
    assert.deepEqual(apiToDb[0].ports, { TCP: [[5432, 5432]] });
    assert.equal(apiToDb[0].label, 'TCP 5432');
    assert.deepEqual(apiToDb[0].policies, ['lens/api-egress', 'lens/db']);
    // db accepts nothing else: no other edge into it.
    assert.deepEqual(g.edges.filter((e) => e.to === 'lens/StatefulSet/db').map((e) => e.from), ['lens/Deployment/api']);
    const db = g.nodes.find((n) => n.id === 'lens/StatefulSet/db')!;
    assert.equal(db.ingressIsolated, true);
    assert.equal(db.egressIsolated, false);
    assert.deepEqual(db.policies, ['lens/db']);
    assert.match(db.location!.uri, /db\.yaml$/);
    // db may reach any address; nothing outside may reach it.
    const dbOut = g.edges.find((e) => e.from === 'lens/StatefulSet/db' && e.to === 'external');
    assert.ok(dbOut?.cidrs?.includes('0.0.0.0/0'));
    assert.deepEqual(dbOut?.external?.map((p) => `${p.label} → ${p.addresses}`), ['all ports → any address']);
    assert.ok(!g.edges.some((e) => e.from === 'external' && e.to === 'lens/StatefulSet/db'));
    assert.ok(g.nodes.some((n) => n.id === 'external' && n.type === 'external'));
    assert.deepEqual(g.namespaces.find((n) => n.name === 'lens')?.declared, true);
    assert.ok(g.policyLocations?.['lens/db']);
  });

  it('filters the flow graph by policy (what it adds and removes), by workload, and cuts it at maxNodes', async () => {
    const byPolicy = (await client.conn.sendRequest(FlowGraphRequest, { policy: 'lens/db' })) as FlowGraph;
    assert.ok(byPolicy.edges.length > 0);
    assert.ok(byPolicy.edges.every((e) => e.to === 'lens/StatefulSet/db' || e.to === 'external' || e.from === 'external'));
    const removed = byPolicy.edges.filter((e) => e.change === 'removed');
    assert.ok(removed.some((e) => e.from !== 'lens/Deployment/api'), 'isolation removes the other sources');
    // api's own egress policy allows only TCP 5432 to db, with or without lens/db: unchanged, so not shown.
    assert.deepEqual(byPolicy.edges.filter((e) => e.from === 'lens/Deployment/api'), []);
    assert.ok(removed.some((e) => e.label === 'all ports' && e.policies.length === 0), JSON.stringify(removed[0]));
    assert.ok(!byPolicy.edges.some((e) => e.change === 'added'), 'an ingress-only policy with nothing else isolating db adds nothing');
    // From outside the cluster: everything it allowed before is removed, exactly; db's egress is unchanged, so not shown.
    const fromOutside = byPolicy.edges.filter((e) => e.from === 'external' && e.to === 'lens/StatefulSet/db');
    assert.deepEqual(fromOutside.map((e) => [e.change, e.external?.map((p) => `${p.label} ← ${p.addresses}`)]), [['removed', ['all ports ← any address']]]);
    assert.ok(!byPolicy.edges.some((e) => e.from === 'lens/StatefulSet/db' && e.to === 'external'));
    const byWorkload = (await client.conn.sendRequest(FlowGraphRequest, { workload: 'lens/StatefulSet/db' })) as FlowGraph;
    assert.ok(byWorkload.edges.every((e) => e.from === 'lens/StatefulSet/db' || e.to === 'lens/StatefulSet/db'));
    const cut = (await client.conn.sendRequest(FlowGraphRequest, { maxNodes: 2 })) as FlowGraph;
    assert.equal(cut.truncated, true);
    assert.equal(cut.nodes.filter((n) => n.type === 'workload').length, 2);
    assert.ok(cut.totalWorkloads > 2);
  });
});

describe('language server: editing', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof tempWorkspace>;
  let client: TestClient;
  const text = (rel: string): string => fs.readFileSync(path.join(ws.dir, rel), 'utf8');

  beforeEach(async () => {
    ws = lensWorkspace();
    client = await TestClient.started({ folder: ws.dir, initializationOptions: { debounceMs: 20 } });
  });

  afterEach(async () => {
    await client?.stop();
    ws?.remove();
  });

  it('updates the diagnostics of policies in other files when a workload’s labels change', async () => {
    await client.diagnosticsFor(POLICIES, (d) => !codes(d).includes('selector-matches-nothing'));
    const api = text('lens/api.yaml');
    await client.open('lens/api.yaml', api);
    const at = positionOf(api, 'app: api', 5);
    await client.change('lens/api.yaml', [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: 'apx' }]);
    const d = await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('selector-matches-nothing'), 'selector-matches-nothing in the other file');
    assert.ok(d.some((x) => /app=api/.test(x.message)));
    // The hover of the policy follows too.
    const t = text(POLICIES);
    const h = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, 'app: api', 6, 1) }));
    assert.match(h, /No workload in view matches/);
    await client.change('lens/api.yaml', [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: 'api' }]);
    await client.diagnosticsFor(POLICIES, (d) => !codes(d).includes('selector-matches-nothing'), 'the finding to go away');
  });

  it('publishes for an open document at its version, and diagnostics appear and vanish as it is edited', async () => {
    const t = text(POLICIES);
    await client.open(POLICIES, t);
    await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'));
    const version = await client.replaceAll(POLICIES, t.replace('policyTypes:\n    - Egress', 'policyTypes:\n    - Ingress'));
    await client.until('diagnostics at the new version', () => {
      const p = client.diagnostics.get(client.uri(POLICIES));
      return p?.version === version && !codes(p.diagnostics).includes('forgotten-dns') ? true : undefined;
    });
    const bad = await client.replaceAll(POLICIES, t + 'x: [\n');
    await client.until('a syntax error', () => {
      const p = client.diagnostics.get(client.uri(POLICIES));
      return p?.version === bad && codes(p.diagnostics).includes('yaml-syntax') ? true : undefined;
    });
  });

  it('applies the "Allow DNS egress" quick fix, after which the diagnostic is gone', async () => {
    const t = text(POLICIES);
    await client.open(POLICIES, t);
    const [dns] = (await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'))).filter((d) => d.code === 'forgotten-dns');
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.uri(POLICIES) },
      range: dns.range,
      context: { diagnostics: [dns], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => /^Allow DNS egress/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(', '));
    assert.equal(fix.isPreferred, true);
    assert.ok(actions.some((a) => a.title === 'Disable forgotten-dns for this line'));
    const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const fixed = applyLspEdits(t, change.edits);
    assert.ok(fixed.startsWith(t.slice(0, t.indexOf('        - port: 5432'))), 'text before the insertion is untouched');
    const version = await client.replaceAll(POLICIES, fixed);
    await client.until('forgotten-dns to go away', () => {
      const p = client.diagnostics.get(client.uri(POLICIES));
      return p?.version === version && !codes(p.diagnostics).includes('forgotten-dns') ? true : undefined;
    });
  });

  it('offers "Add Egress to policyTypes" on a policy that does not isolate egress', async () => {
    const t = text(POLICIES);
    await client.open(POLICIES, t);
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: client.uri(POLICIES) },
      range: { start: positionOf(t, 'name: db'), end: positionOf(t, 'name: db') },
      context: { diagnostics: [] },
    })) as CodeAction[];
    const add = actions.find((a) => a.title === 'Add Egress to policyTypes');
    assert.ok(add);
    assert.ok(!actions.some((a) => a.title === 'Add Ingress to policyTypes'), 'db isolates ingress already');
    const fixed = applyLspEdits(t, (add.edit!.documentChanges![0] as TextDocumentEdit).edits);
    assert.ok(fixed.includes('  policyTypes:\n    - Ingress\n    - Egress\n  ingress:'));
  });

  it('honours suppression comments', async () => {
    const t = text(POLICIES);
    await client.open(POLICIES, t);
    await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'));
    const version = await client.replaceAll(POLICIES, t.replace('  egress:\n', '  # netpol-lens-disable-next-line forgotten-dns -- DNS via the node-local cache\n  egress:\n'));
    await client.until('the suppressed diagnostic to go away', () => {
      const p = client.diagnostics.get(client.uri(POLICIES));
      return p?.version === version && !codes(p.diagnostics).includes('forgotten-dns') ? true : undefined;
    });
  });

  it('completes label keys and values, policy types, protocols and operators', async () => {
    const base = text(POLICIES);
    const t = base.replace('  podSelector:\n    matchLabels:\n      app: db\n', '  podSelector:\n    matchLabels:\n      app: db\n      \n');
    await client.open(POLICIES, t);
    const at = (needle: string, delta: number, nth = 0) => ({ textDocument: { uri: client.uri(POLICIES) }, position: positionOf(t, needle, delta, nth) });
    const keys = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('app: db\n      \n', 14)));
    assert.ok(keys.includes('app') && keys.includes('tier'), keys.join(', '));
    assert.ok(!keys.includes('team'), 'pod labels, not namespace labels');
    const values = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('app: db', 5)));
    assert.ok(values.includes('api') && values.includes('db'), values.join(', '));
    const ns = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('team: lens', 0)));
    assert.ok(ns.includes('team') && ns.includes('kubernetes.io/metadata.name'), ns.join(', '));
    const nsValues = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('team: lens', 6)));
    assert.ok(nsValues.includes('lens'), nsValues.join(', '));
    const protocols = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('protocol: TCP', 10)));
    assert.deepEqual(protocols, ['TCP', 'UDP', 'SCTP']);
    const types = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('    - Ingress', 6)));
    assert.deepEqual(types, ['Ingress', 'Egress']);
    const flowTypes = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('policyTypes: [Ingress]', 14)));
    assert.deepEqual(flowTypes, ['Ingress', 'Egress']);
    const none = completionLabels(await client.conn.sendRequest(CompletionRequest.type, at('name: db', 6)));
    assert.deepEqual(none, []);
    // matchExpressions: keys, operators, and values of the entry's key.
    const expr = base.replace(
      '        - podSelector:\n            matchLabels:\n              app: api\n',
      '        - podSelector:\n            matchExpressions:\n              - key: app\n                operator: In\n                values:\n                  - \n',
    );
    await client.replaceAll(POLICIES, expr);
    const exprAt = (needle: string, delta: number) => ({ textDocument: { uri: client.uri(POLICIES) }, position: positionOf(expr, needle, delta) });
    assert.ok(completionLabels(await client.conn.sendRequest(CompletionRequest.type, exprAt('key: app', 5))).includes('tier'));
    assert.deepEqual(completionLabels(await client.conn.sendRequest(CompletionRequest.type, exprAt('operator: In', 10))), ['In', 'NotIn', 'Exists', 'DoesNotExist']);
    const exprValues = completionLabels(await client.conn.sendRequest(CompletionRequest.type, exprAt('values:\n                  - ', 28)));
    assert.ok(exprValues.includes('api') && exprValues.includes('db'), exprValues.join(', '));
  });

  it('follows files created, changed and deleted on disk', async () => {
    const extra = LENS_FILES[POLICIES].replace(/namespace: lens/g, 'namespace: extra');
    write(ws.dir, 'extra/policies.yaml', extra);
    await client.fileEvent('extra/policies.yaml', 'created');
    await client.diagnosticsFor('extra/policies.yaml', (d) => codes(d).includes('forgotten-dns'));
    write(ws.dir, 'extra/policies.yaml', extra.replace('policyTypes:\n    - Egress', 'policyTypes:\n    - Ingress'));
    await client.fileEvent('extra/policies.yaml', 'changed');
    await client.diagnosticsFor('extra/policies.yaml', (d) => !codes(d).includes('forgotten-dns'), 'the change on disk');
    fs.rmSync(path.join(ws.dir, 'extra'), { recursive: true });
    await client.fileEvent('extra', 'deleted');
    await client.diagnosticsFor('extra/policies.yaml', (d) => d.length === 0, 'diagnostics cleared after the folder was deleted');
  });

  it('lets the disk take over again when an edited document is closed', async () => {
    const t = text(POLICIES);
    await client.open(POLICIES, t);
    await client.replaceAll(POLICIES, t.replace('policyTypes:\n    - Egress', 'policyTypes:\n    - Ingress'));
    await client.diagnosticsFor(POLICIES, (d) => !codes(d).includes('forgotten-dns'), 'the edit');
    await client.close(POLICIES);
    await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'), 'the disk text again');
  });

  it('applies changed settings: severities, and sends an updated status', async () => {
    await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'));
    const before = client.statuses.filter((s) => s.state === 'ready').pop()!;
    client.settings = { severities: { 'forgotten-dns': 'off' } };
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await client.diagnosticsFor(POLICIES, (d) => !codes(d).includes('forgotten-dns'), 'forgotten-dns turned off');
    const after = await client.until('a status with fewer errors', () => client.statuses.filter((s) => s.state === 'ready' && s.errors < before.errors).pop());
    assert.equal(after.files, before.files);
    client.settings = { severities: { 'forgotten-dns': 'hint' } };
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const d = await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'), 'forgotten-dns as a hint');
    assert.equal(d.find((x) => x.code === 'forgotten-dns')!.severity, 4);
  });
});

describe('language server: other editors', function () {
  this.timeout(60_000);

  it('works with a client that has no capabilities, taking settings from initializationOptions', async () => {
    const ws = lensWorkspace();
    const client = new TestClient({ folder: ws.dir, minimal: true, initializationOptions: { settings: { severities: { 'selector-matches-nothing': 'off' } } } });
    try {
      await client.initialize();
      await client.ready();
      assert.equal(client.registrations.length, 0);
      const t = fs.readFileSync(path.join(ws.dir, POLICIES), 'utf8');
      await client.open(POLICIES, t);
      await client.diagnosticsFor(POLICIES, (d) => codes(d).includes('forgotten-dns'));
      const version = await client.replaceAll(POLICIES, t.replace(/app: db/g, 'app: nothing'));
      await client.until('the edit analysed', () => (client.diagnostics.get(client.uri(POLICIES))?.version === version ? true : undefined));
      assert.ok(!codes(client.diagnostics.get(client.uri(POLICIES))!.diagnostics).includes('selector-matches-nothing'));
      const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: client.uri(POLICIES) },
        range: { start: positionOf(t, 'egress:'), end: positionOf(t, 'egress:') },
        context: { diagnostics: [] },
      })) as CodeAction[];
      const fix = actions.find((a) => /^Allow DNS egress/.test(a.title));
      assert.ok(fix?.edit?.changes, 'plain `changes` for a client without documentChanges');
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});
