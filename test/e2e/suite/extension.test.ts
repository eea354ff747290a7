// Runs inside a real VS Code extension host, on a copy of examples/ (tests edit documents but never save them).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NetpolLensApi } from '../../../client/src/extension';
import {
  activeApi,
  codeOf,
  diagnosticsWhere,
  hoverText,
  nextEvent,
  open,
  positionOf,
  revertAndCloseAll,
  workspaceFile,
} from './helpers';

// examples/ marks each deliberate mistake with a `# MISTAKE (<code>)` comment; these tests use two of them.
const API_POLICY = 'payments/policies/api.yaml';
const TYPO = 'app.kubernetes.io/name: ingress-ngnix';
const ORDERS_POLICY = 'shop/app/policies.yaml';

describe('NetworkPolicy Lens in VS Code', () => {
  let api: NetpolLensApi;

  before(async () => {
    api = await activeApi();
    assert.equal(await api.ready(), true, 'the language server should start');
  });

  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('does not claim .yaml: the documents stay in the yaml language', async () => {
    const editor = await open(API_POLICY);
    assert.equal(editor.document.languageId, 'yaml');
  });

  it('reports the examples’ mistakes as diagnostics, in open files and across the workspace', async () => {
    const editor = await open(API_POLICY);
    const diagnostics = await diagnosticsWhere(editor.document.uri, (ds) => ds.some((d) => codeOf(d) === 'selector-matches-nothing'));
    const nothing = diagnostics.find((d) => codeOf(d) === 'selector-matches-nothing')!;
    assert.equal(nothing.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(nothing.message, /ingress-ngnix/);
    assert.match(nothing.message, /Did you mean app\.kubernetes\.io\/name=ingress-nginx/);
    const typoLine = positionOf(editor.document, TYPO).line;
    assert.ok(Math.abs(nothing.range.start.line - typoLine) <= 2, `the diagnostic is on the selector (line ${nothing.range.start.line + 1})`);
    // A file nobody opened: the workspace index reports it too.
    await diagnosticsWhere(workspaceFile(ORDERS_POLICY), (ds) =>
      ds.some((d) => codeOf(d) === 'forgotten-dns' && d.severity === vscode.DiagnosticSeverity.Error),
    );
  });

  it('shows a hover on a selector', async () => {
    const editor = await open(API_POLICY);
    await diagnosticsWhere(editor.document.uri, (ds) => ds.length > 0);
    const position = positionOf(editor.document, TYPO, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
    const text = hoverText(hovers);
    assert.ok(text.length > 0, 'a hover on the selector');
    assert.match(text, /ingress-ngnix|matches no/);
  });

  it('applies the quick fix for a selector that matches nothing, and the diagnostic goes away', async () => {
    const editor = await open(API_POLICY);
    const [nothing] = (
      await diagnosticsWhere(editor.document.uri, (ds) => ds.some((d) => codeOf(d) === 'selector-matches-nothing'))
    ).filter((d) => codeOf(d) === 'selector-matches-nothing');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      nothing.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => /ingress-nginx/.test(a.title) && a.edit);
    assert.ok(fix, `a quick fix to ingress-nginx among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.ok(editor.document.getText().includes('app.kubernetes.io/name: ingress-nginx\n'), 'the label is corrected in place');
    assert.ok(editor.document.getText().includes('# MISTAKE (selector-matches-nothing)'), 'comments are kept');
    await diagnosticsWhere(editor.document.uri, (ds) => !ds.some((d) => codeOf(d) === 'selector-matches-nothing'));
  });

  it('reports what is indexed through netpolLens/status', async () => {
    await open(API_POLICY);
    const deadline = Date.now() + 30_000;
    while (!(api.status()?.state === 'ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const status = api.status();
    assert.ok(status, 'a status notification');
    assert.equal(status.state, 'ready');
    assert.ok(status.workloads >= 8, `workloads indexed: ${status.workloads}`);
    assert.ok(status.policies >= 8, `policies indexed: ${status.policies}`);
    assert.ok(status.errors >= 1);
  });

  it('opens the flow preview from the command, and it draws the examples', async () => {
    await open(API_POLICY);
    const rendered = nextEvent(api.onDidRenderFlowPreview, (r) => r.nodes >= 8, 60_000, 'flow preview drawing');
    await vscode.commands.executeCommand('netpolLens.showFlowPreview');
    const render = await rendered;
    assert.ok(render.edges > 0, 'some flows are drawn');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(
      tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('netpolLens.flowPreview')),
      `a flow preview tab among ${tabs.map((t) => t.label).join(', ')}`,
    );
  });

  it('narrows the flow preview to what one policy changes', async () => {
    const rendered = nextEvent(api.onDidRenderFlowPreview, (r) => r.filters.policy === 'payments/postgres', 60_000, 'filtered drawing');
    await vscode.commands.executeCommand('netpolLens.showFlowPreview', { policy: 'payments/postgres' });
    const render = await rendered;
    assert.ok(render.nodes > 0);
  });

  it('redraws the flow preview as a document changes', async () => {
    const editor = await open('payments/api.yaml');
    await vscode.commands.executeCommand('netpolLens.showFlowPreview');
    const first = await nextEvent(api.onDidRenderFlowPreview, () => true, 60_000, 'first drawing');
    const redrawn = nextEvent(api.onDidRenderFlowPreview, (r) => r.seq > first.seq, 60_000, 'redrawing after an edit');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, '\n# a comment typed while the preview is open\n'));
    await redrawn;
  });

  it('explains the policy at the cursor', async () => {
    const editor = await open('payments/policies/default-deny.yaml');
    const position = positionOf(editor.document, 'podSelector');
    editor.selection = new vscode.Selection(position, position);
    const result = await vscode.commands.executeCommand<{ markdown: string | null; policy?: string }>('netpolLens.explainPolicy');
    assert.ok(result?.markdown, 'an explanation');
    assert.match(result.markdown, /default-deny-all/);
  });

  it('generates policy tests from current reachability into an unsaved test file', async () => {
    await open(API_POLICY);
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('netpolLens.generatePolicyTests');
    assert.ok(document, 'a document');
    assert.equal(document.uri.scheme, 'untitled', 'nothing is written to disk');
    assert.match(document.uri.path, /\/tests\/current-reachability(-\d+)?\.netpol-test\.yaml$/);
    assert.equal(document.languageId, 'yaml');
    const text = document.getText();
    assert.match(text, /^tests:/m);
    assert.match(text, /expect: allow/);
    assert.match(text, /expect: deny/);
    assert.match(text, /payments\/(Deployment\/)?payments-api/);
  });

  it('restarts the server and gets the diagnostics back', async () => {
    const editor = await open(API_POLICY);
    await vscode.commands.executeCommand('netpolLens.restartServer');
    assert.equal(await api.ready(), true);
    await diagnosticsWhere(editor.document.uri, (ds) => ds.some((d) => codeOf(d) === 'selector-matches-nothing'));
  });
});
