// Bundles the extension client, the flow-preview webview, the language server and the CLI with esbuild into out/.
// Usage: node scripts/build.mjs [--watch] [--production] [--quiet] [--only=client,webview,server,cli,e2e]
// `e2e` (the extension-host test suite, out/test/suite/*.js) is built only when named in --only.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const quiet = args.includes('--quiet');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : undefined;

const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const node = { platform: 'node', target: 'node20', format: 'cjs' };
const entries = {
  client: { ...node, in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
  // Runs in the webview (Chromium); an IIFE loaded by <script nonce=…>, no eval, no remote imports.
  // ELK runs in a worker started from its code bundled as text (client/webview/layout-worker.ts); the main-thread
  // ELK that layout.ts loads by default (for Node) stays out.
  webview: { platform: 'browser', target: 'chrome114', format: 'iife', in: 'client/webview/main.ts', out: 'webview/flow-preview', external: ['elkjs/lib/elk.bundled.js'] },
  server: { ...node, in: 'server/src/server.ts', out: 'server', external: [] },
  cli: { ...node, in: 'server/src/cli/main.ts', out: 'cli', external: [] },
};
const suiteDir = path.join(root, 'test/e2e/suite');
if (only?.includes('e2e') && fs.existsSync(suiteDir)) {
  for (const file of fs.readdirSync(suiteDir).filter((f) => f.endsWith('.ts'))) {
    const name = file.slice(0, -'.ts'.length);
    // mocha stays external: the suite's index loads it from node_modules, the test files register with it.
    entries[`e2e:${name}`] = { ...node, in: `test/e2e/suite/${file}`, out: `test/suite/${name}`, external: ['vscode', 'mocha'] };
  }
}

const selected = Object.entries(entries).filter(
  ([name, e]) => (!only || only.includes(name) || (name.startsWith('e2e:') && only.includes('e2e'))) && fs.existsSync(path.join(root, e.in)),
);
const contexts = await Promise.all(
  selected.map(([, e]) =>
    esbuild.context({
      absWorkingDir: root,
      entryPoints: [{ in: e.in, out: e.out }],
      outdir: 'out',
      bundle: true,
      platform: e.platform,
      target: e.target,
      format: e.format,
      sourcemap: production ? false : 'linked',
      minify: production,
      external: e.external,
      define: { NETPOL_LENS_VERSION: JSON.stringify(version) },
      logLevel: quiet ? 'error' : 'info',
    }),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
