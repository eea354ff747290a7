// The packaged extension in an untrusted workspace (VS Code's Restricted Mode), in the real UI: code-server with
// workspace trust on and no startup prompt, so the folder opens untrusted. The folder's own .vscode/settings.json
// excludes payments/, which package.json lists among the settings Restricted Mode withholds: the extension must still
// analyse payments/ (user settings only), say in its status bar tooltip what is limited, and honour the exclusion once
// the user trusts the folder (which also shows that the assertions before could fail).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { copyExamples, installExtension, prepareDirs, ROOT, type RunningCodeServer, startCodeServer, workbenchUrl } from '../../scripts/code-server';
import { launchChromium } from './browser';
import { hoverUntilShown, openFile, runCommand } from './workbench';

const RUN_DIR = path.join(ROOT, '.e2e-run');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const VSIX = path.join(ROOT, `${pkg.name}-${pkg.version}.vsix`);
const COUNTS = /(\d+) polic(?:y|ies) · (\d+) workloads?/;
const LIMITS = 'Restricted Mode: workspace settings for include, exclude and maxFileSizeMB are ignored.';

describe('the packaged extension in an untrusted workspace (Restricted Mode, code-server + Chromium)', function () {
  this.timeout(120_000);
  let server: RunningCodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let restrictedCounts: { policies: number; workloads: number } | undefined;
  const dirs = prepareDirs(path.join(RUN_DIR, 'restricted-code-server'), {
    'security.workspace.trust.enabled': true,
    // No modal asking whether to trust the folder: it opens in Restricted Mode, as when a user picks "Don't Trust".
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'always',
    'editor.hover.delay': 200,
    'workbench.hover.delay': 200,
  });

  before(async () => {
    assert.ok(fs.existsSync(VSIX), `${path.basename(VSIX)} is missing: run npm run package first`);
    const output = await installExtension(dirs, VSIX);
    assert.match(output, /successfully installed/i, output);
    const workspace = copyExamples('restricted');
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({ 'netpolLens.exclude': ['payments/**'] }, null, 2));
    server = await startCodeServer({ dirs, folder: workspace, workspaceTrust: true });
    browser = await launchChromium(path.join(RUN_DIR, 'restricted-browser'));
    page = await browser.newPage();
    await page.goto(workbenchUrl(server, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await page.screenshot({ path: path.join(RUN_DIR, 'restricted-failure.png') }).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the folder in Restricted Mode', async () => {
    await page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).first().waitFor({ timeout: 60_000 });
    await page.locator('.part.banner').filter({ hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
  });

  it('still analyses the workspace: status bar counts, a squiggle in the editor', async () => {
    await openFile(page, 'api.yaml', 'payments/policies');
    const status = page.locator('.statusbar-item').filter({ hasText: COUNTS });
    await status.first().waitFor({ timeout: 60_000 });
    restrictedCounts = counts(await status.first().innerText());
    assert.ok(restrictedCounts.policies > 0 && restrictedCounts.workloads > 0, `counts: ${JSON.stringify(restrictedCounts)}`);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
  });

  it('ignores the workspace exclusion: a file of payments/ that is not open has its finding in Problems', async () => {
    // Files that are not open are read from disk only when the globs take them in; duplicate-policy is found in
    // payments/policies/dns.yaml alone.
    await runCommand(page, 'Focus on Problems View');
    // Only the rows in view are in the DOM: the panel's filter keeps the one sought in view.
    await page.locator('.markers-panel-container .viewpane-filter input, .panel .viewpane-filter input').first().fill('duplicate-policy');
    await problemRow(page, 'duplicate-policy').waitFor({ timeout: 60_000 });
  });

  it('says in the status bar tooltip what Restricted Mode limits', async () => {
    const status = page.locator('.statusbar-item').filter({ hasText: COUNTS }).first();
    const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: LIMITS }).first();
    await hoverUntilShown(page, status, tooltip);
    await page.mouse.move(5, 5);
  });

  it('applies the workspace exclusion once the folder is trusted', async () => {
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first().click({ timeout: 30_000 });
    await page.locator('.statusbar-item').filter({ hasText: 'Restricted Mode' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    const before = restrictedCounts;
    assert.ok(before, 'the counts in Restricted Mode were read');
    // The server restarts with the workspace settings: payments/ (its policies and workloads) leaves the index. It
    // sends its counts once the complete analysis is published, so by then dns.yaml's finding is withdrawn.
    await waitForCounts(page, (now) => now.policies < before.policies && now.workloads < before.workloads);
    await problemRow(page, 'duplicate-policy').waitFor({ state: 'detached', timeout: 30_000 });
    // The open api.yaml is left out as well: no squiggles once its editor is back in front.
    await page.locator('.tab').filter({ hasText: 'api.yaml' }).first().click();
    await page.locator('.monaco-editor .view-line').filter({ hasText: 'ingress-ngnix' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ state: 'detached', timeout: 30_000 });
  });
});

/** A row of the Problems panel (opened with Ctrl+Shift+M when hidden) whose text names `code`. */
function problemRow(page: Page, code: string): Locator {
  return page.locator('.markers-panel .monaco-list-row').filter({ hasText: code }).first();
}

function counts(text: string): { policies: number; workloads: number } {
  const match = COUNTS.exec(text);
  assert.ok(match, `status bar: ${text}`);
  return { policies: Number(match[1]), workloads: Number(match[2]) };
}

async function waitForCounts(page: Page, expected: (now: { policies: number; workloads: number }) => boolean): Promise<void> {
  const status = page.locator('.statusbar-item').filter({ hasText: COUNTS }).first();
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    last = await status.innerText({ timeout: 5_000 }).catch(() => last);
    if (COUNTS.test(last) && expected(counts(last))) return;
    await page.waitForTimeout(250);
  }
  assert.fail(`status bar after trusting: ${last}`);
}
