// An open document that netpolLens.exclude leaves out is not analysed, whether the exclusion is known before the
// document opens, arrives after it (VS Code opens documents while the server still pulls its settings, as after trusting
// a folder in Restricted Mode), or is added or removed while it is open.
import assert from 'node:assert/strict';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { TestClient } from './client';
import { lensWorkspace } from './fixture';

const POLICIES = 'lens/policies.yaml';
const EXCLUDE_LENS = { exclude: ['lens/**'] };

describe('language server: open documents under netpolLens.exclude', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof lensWorkspace>;
  let client: TestClient | undefined;

  beforeEach(() => {
    ws = lensWorkspace();
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    ws.remove();
  });

  it('leaves out a document opened before the settings that exclude it are pulled', async () => {
    client = new TestClient({ folder: ws.dir, settings: EXCLUDE_LENS });
    await client.initialize();
    await client.open(POLICIES);
    const ready = await client.ready();
    const published = client.diagnostics.get(client.uri(POLICIES));
    assert.ok(!published || published.diagnostics.length === 0, `diagnostics of an excluded document: ${JSON.stringify(published?.diagnostics.map((d) => d.code))}`);
    assert.ok(!client.statuses.some((s) => s.state === 'ready' && s.namespaces > ready.namespaces), 'lens is not counted');
  });

  it('analyses the same document when nothing excludes it', async () => {
    client = new TestClient({ folder: ws.dir });
    await client.initialize();
    await client.open(POLICIES);
    await client.ready();
    await client.diagnosticsFor(POLICIES, (d) => d.some((x) => x.code === 'forgotten-dns'));
  });

  it('drops an open document when the exclusion is added, and takes it back when it is removed', async () => {
    client = await TestClient.started({ folder: ws.dir });
    await client.open(POLICIES);
    await client.diagnosticsFor(POLICIES, (d) => d.some((x) => x.code === 'forgotten-dns'));
    client.settings = EXCLUDE_LENS;
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await client.diagnosticsFor(POLICIES, (d) => d.length === 0, 'the excluded document’s diagnostics withdrawn');
    client.settings = {};
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await client.diagnosticsFor(POLICIES, (d) => d.some((x) => x.code === 'forgotten-dns'), 'the document analysed again');
  });
});
