// Bad input never kills or stalls the server: after each, a normal request still gets its answer.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { HoverRequest } from 'vscode-languageserver-protocol/node';
import { FlowGraph, FlowGraphRequest } from '../../server/src/protocol';
import { billionLaughs } from '../helpers/alias-bombs';
import { TestClient, tempWorkspace } from './client';
import { LENS_FILES, lensWorkspace, positionOf } from './fixture';

const POLICIES = 'lens/policies.yaml';

const ALIAS_BOMB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bomb, namespace: lens}
x:
${billionLaughs(8, '  ')}spec:
  podSelector: {matchLabels: {app: api}}
  ingress: *a8
  egress: [{to: *a8}]
`;

function binaryJunk(size: number): string {
  let s = '';
  let seed = 7;
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(seed % 256);
  }
  return s;
}

describe('language server: bad input', function () {
  this.timeout(120_000);
  let ws: ReturnType<typeof tempWorkspace>;
  let client: TestClient;

  async function stillAnswers(): Promise<void> {
    const h = await client.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: client.uri(POLICIES) },
      position: positionOf(LENS_FILES[POLICIES], 'app: db', 6),
    });
    assert.match((h?.contents as { value: string }).value, /podSelector/);
    assert.equal(client.exited, false);
  }

  before(async () => {
    // Already on disk when the index runs.
    ws = lensWorkspace({ 'bad/huge.yaml': 'a: b\n'.repeat(4_200_000), 'bad/junk.yaml': binaryJunk(64 * 1024), 'bad/bomb.yaml': ALIAS_BOMB });
    client = await TestClient.started({ folder: ws.dir, initializationOptions: { debounceMs: 20 } });
  });

  after(async () => {
    await client?.stop();
    ws?.remove();
  });

  it('indexes a workspace holding a 20 MB file, binary junk and an alias bomb', async () => {
    const huge = await client.diagnosticsFor('bad/huge.yaml', (d) => d.length > 0);
    assert.equal(huge[0].code, 'file-skipped');
    const junk = await client.diagnosticsFor('bad/junk.yaml', (d) => d.length > 0);
    assert.equal(junk[0].code, 'file-skipped');
    const bomb = await client.diagnosticsFor('bad/bomb.yaml', (d) => d.length > 0);
    assert.ok(bomb.some((d) => d.code === 'yaml-too-complex'), bomb.map((d) => d.code).join(', '));
    await stillAnswers();
  });

  it('survives malformed YAML typed into an open document', async () => {
    await client.open('bad/typing.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n');
    for (const text of ['spec: [\n', 'spec:\n  podSelector: {matchLabels: {app: "\n', ': : :\n- - -\n  }]', '\t\tkey: value\n', '---\n---\n...\n%YAML 9\n']) {
      await client.replaceAll('bad/typing.yaml', text);
      await stillAnswers();
    }
    const d = await client.diagnosticsFor('bad/typing.yaml', (d) => d.some((x) => x.code === 'yaml-syntax'));
    assert.ok(d.length > 0);
  });

  it('survives a 20 MB document, binary junk and an alias bomb opened in the editor', async () => {
    await client.open('bad/open-huge.yaml', 'x: y\n'.repeat(4_200_000));
    await client.diagnosticsFor('bad/open-huge.yaml', (d) => d.some((x) => x.code === 'file-skipped'));
    await stillAnswers();
    await client.open('bad/open-junk.yaml', binaryJunk(32 * 1024));
    await client.diagnosticsFor('bad/open-junk.yaml', (d) => d.some((x) => x.code === 'file-skipped'));
    await stillAnswers();
    await client.open('bad/open-bomb.yaml', ALIAS_BOMB);
    await client.diagnosticsFor('bad/open-bomb.yaml', (d) => d.some((x) => x.code === 'yaml-too-complex'));
    await stillAnswers();
    // Hovers, code lenses and completion inside the bad documents answer too.
    for (const rel of ['bad/open-huge.yaml', 'bad/open-junk.yaml', 'bad/open-bomb.yaml']) {
      await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(rel) }, position: { line: 3, character: 3 } });
      await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: client.uri(rel) }, position: { line: 5, character: 2 } });
      await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: client.uri(rel) } });
      await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri: client.uri(rel) },
        range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
        context: { diagnostics: [] },
      });
    }
    await stillAnswers();
  });

  it('survives nesting deep enough to exhaust a recursive parser', async () => {
    await client.open('bad/deep.yaml', '['.repeat(100_000) + ']'.repeat(100_000) + '\n');
    await client.diagnosticsFor('bad/deep.yaml', (d) => d.length > 0);
    await client.replaceAll('bad/deep.yaml', 'a:\n' + Array.from({ length: 5000 }, (_, i) => ' '.repeat(i + 1) + '- b:').join('\n'));
    await stillAnswers();
  });

  it('answers malformed requests with an error and keeps going', async () => {
    await assert.rejects(client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(POLICIES) } } as never));
    await stillAnswers();
    await assert.rejects(client.conn.sendRequest('netpolLens/noSuchRequest', {}));
    const g = (await client.conn.sendRequest(FlowGraphRequest, { maxNodes: 'many', namespaces: 'lens' } as never)) as FlowGraph | undefined;
    assert.ok(g === undefined || Array.isArray(g?.nodes));
    await client.conn.sendRequest('netpolLens/explainPolicy', { uri: 'file:///nowhere.yaml', position: { line: -5, character: -1 } });
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: client.uri('never-opened.yaml'), version: 3 }, contentChanges: [{ text: 'x' }] });
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///etc/passwd', type: 2 }, { uri: 'untitled:x', type: 3 }] });
    await stillAnswers();
    assert.ok(!client.stderr.includes('uncaught exception'), client.stderr.slice(-1000));
  });

  it('logs what it could not analyse', () => {
    assert.ok(client.logs.some((l) => /^Indexed /.test(l)));
    assert.ok(path.isAbsolute(ws.dir));
  });
});
