// Bundles the extension client, the language server and the CLI with esbuild into out/.
// Usage: node scripts/build.mjs [--watch] [--production] [--quiet] [--only=client,server,cli]
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

const entries = {
  client: { in: 'client/src/extension.ts', out: 'client', external: ['vscode'] },
  server: { in: 'server/src/server.ts', out: 'server', external: [] },
  cli: { in: 'server/src/cli/main.ts', out: 'cli', external: [] },
};

const selected = Object.entries(entries).filter(
  ([name, e]) => (!only || only.includes(name)) && fs.existsSync(path.join(root, e.in)),
);
const contexts = await Promise.all(
  selected.map(([, e]) =>
    esbuild.context({
      absWorkingDir: root,
      entryPoints: [{ in: e.in, out: e.out }],
      outdir: 'out',
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: production ? false : 'linked',
      minify: production,
      external: e.external,
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
