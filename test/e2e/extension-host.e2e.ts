// Runs the extension-host mocha suite (test/e2e/suite, built to out/test/suite) inside code-server's real VS Code,
// with the extension loaded from this repository (extensionDevelopmentPath), on a copy of examples/.
import * as assert from 'node:assert/strict';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from './browser';
import { copyExamples, prepareDirs, ROOT, type RunningCodeServer, startCodeServer, workbenchUrl } from '../../scripts/code-server';

const RUN_DIR = path.join(ROOT, '.e2e-run');
const SUITE_TIMEOUT_MS = 240_000;

describe('extension-host suite in code-server (VS Code 1.100)', function () {
  this.timeout(SUITE_TIMEOUT_MS + 60_000);
  let server: RunningCodeServer | undefined;
  let browser: BrowserContext | undefined;
  let workspace = '';

  before(async () => {
    workspace = copyExamples('suite');
    server = await startCodeServer({ dirs: prepareDirs(path.join(RUN_DIR, 'suite-code-server')), folder: workspace });
    browser = await launchChromium(path.join(RUN_DIR, 'suite-browser'));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('passes every extension-host test', async () => {
    const page = await browser!.newPage();
    const output: string[] = [];
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    // VS Code forwards the extension host's console here: (level, [format, ...args]) in printf style.
    await page.exposeFunction('codeAutomationLog', (_level: unknown, args: unknown) => {
      output.push(printf(Array.isArray(args) ? args : [args]));
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.goto(workbenchUrl(server!, workspace, { extension: ROOT, tests: path.join(ROOT, 'out/test/suite') }));
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), SUITE_TIMEOUT_MS));
    const code = await Promise.race([exited, timeout]);
    const report = output.join('\n');
    if (report) console.log(report.replace(/^/gm, '    │ '));
    assert.notEqual(code, -1, `the suite did not finish within ${SUITE_TIMEOUT_MS} ms\n${server!.log().slice(-4000)}`);
    assert.equal(code, 0, 'the extension-host suite failed (its mocha report is above)');
  });
});

function printf(args: unknown[]): string {
  const text = (a: unknown): string => (typeof a === 'string' ? a : JSON.stringify(a));
  const [format, ...rest] = args;
  if (typeof format !== 'string') return args.map(text).join(' ');
  const line = format.replace(/%[sdifoOjc]/g, () => (rest.length ? text(rest.shift()) : ''));
  return [line, ...rest.map(text)].join(' ');
}
