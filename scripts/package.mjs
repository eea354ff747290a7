// Builds the production bundles and packages the extension into netpol-lens-<version>.vsix (vsce, no dependencies:
// everything the extension runs is bundled by esbuild). Prints the file and its size.
// Usage: node scripts/package.mjs [--out <file.vsix>]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(root, `${pkg.name}-${pkg.version}.vsix`));

const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
run(process.execPath, ['scripts/build.mjs', '--production', '--quiet', '--only=client,webview,server']);
for (const bundle of ['out/client.js', 'out/server.js', 'out/webview/flow-preview.js']) {
  if (!fs.existsSync(path.join(root, bundle))) {
    console.error(`package: ${bundle} was not built`);
    process.exit(1);
  }
}
const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
run(process.execPath, [
  vsce,
  'package',
  '--no-dependencies',
  // No repository field and no LICENSE file in package.json's care yet. docs/ is not packaged: the README's relative
  // links and screenshots point at the project's repository (where codes.ts links the rule docs too).
  '--allow-missing-repository',
  '--skip-license',
  '--baseContentUrl',
  'https://github.com/netpol-lens/netpol-lens/blob/main/',
  '--baseImagesUrl',
  'https://github.com/netpol-lens/netpol-lens/raw/main/',
  '--out',
  out,
]);
const size = fs.statSync(out).size;
console.log(`${path.relative(process.cwd(), out) || out}: ${(size / 1024).toFixed(0)} KB`);
