// The index's scan of the workspace folders: local disks are read synchronously, slow ones asynchronously; both must
// index the same texts, strip a byte-order mark, leave out what is too large or gone, and never hang on a file that
// is not a regular file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { DEFAULT_OPTIONS } from '../../server/src/core';
import { readTextSync, WorkspaceIndex } from '../../server/src/lsp/workspace-index';

const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {}\n';

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-scan-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function index(dir: string, maxFileSize = DEFAULT_OPTIONS.maxFileSize): WorkspaceIndex {
  const idx = new WorkspaceIndex({ ...DEFAULT_OPTIONS, maxFileSize }, ['**/*.yaml'], []);
  idx.setFolders([{ uri: URI.file(dir).toString(), path: dir }]);
  return idx;
}

const nextTurn = (): Promise<boolean> => new Promise((resolve) => setImmediate(() => resolve(true)));

describe('workspace index: scanning the folders', () => {
  const files: Record<string, string> = { 'bom.yaml': `\uFEFF${POLICY}`, 'big.yaml': `# ${'x'.repeat(1000)}\n${POLICY}` };
  // More files than one batch, so that both read paths go through several.
  for (let i = 0; i < 70; i++) files[`apps/ns-${i % 7}/p-${i}.yaml`] = POLICY.replace('name: p', `name: p-${i}`);
  let dir: string;
  before(() => (dir = folder(files)));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const slowDisk of [false, true]) {
    it(`reads every manifest ${slowDisk ? 'asynchronously (slow disk)' : 'synchronously (local disk)'}: the same texts, a byte-order mark stripped, too large files skipped`, async () => {
      const idx = index(dir, 200); // analysed up to 200 characters, read up to 4 × 200
      const report = await idx.scan(nextTurn, slowDisk);
      assert.deepEqual(report.skipped, [path.join(dir, 'big.yaml')]);
      assert.equal(idx.fileCount, 71);
      assert.equal(idx.text(path.join(dir, 'bom.yaml')), POLICY);
      assert.equal(idx.text(path.join(dir, 'apps/ns-3/p-10.yaml')), files['apps/ns-3/p-10.yaml']);
      assert.equal(idx.sync().policies.length, 71);
    });
  }

  it('gives both read paths the same index', async () => {
    const sync = index(dir);
    const async = index(dir);
    await sync.scan(nextTurn, false);
    await async.scan(nextTurn, true);
    assert.deepEqual(sync.files().sort(), async.files().sort());
    for (const file of sync.files()) assert.equal(sync.text(file), async.text(file), file);
  });

  it('reads one file synchronously: none for a missing file, a folder or a named pipe (without waiting for a writer)', function () {
    const d = folder({ 'a.yaml': `\uFEFF${POLICY}`, 'dir.yaml/x.yaml': POLICY });
    try {
      assert.equal(readTextSync(path.join(d, 'a.yaml'), 1000), POLICY);
      assert.equal(readTextSync(path.join(d, 'a.yaml'), 10), undefined);
      assert.equal(readTextSync(path.join(d, 'gone.yaml'), 1000), undefined);
      assert.equal(readTextSync(path.join(d, 'dir.yaml'), 1000), undefined);
      if (process.platform === 'win32') return;
      execFileSync('mkfifo', [path.join(d, 'pipe.yaml')]);
      assert.equal(readTextSync(path.join(d, 'pipe.yaml'), 1000), undefined);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
