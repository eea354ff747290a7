// `npm start`: builds, then opens real VS Code on examples/ with the extension loaded from this folder.
// - With `code` on PATH: desktop VS Code, `code --extensionDevelopmentPath=<repo> examples`.
// - Otherwise: code-server (installed into .e2e/code-server on first use) on 127.0.0.1, and the URL to open.
// Options: --port <n> (code-server; default 8080, or a free port when taken), --code-server (even if `code` exists).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, prepareDirs, ROOT, startCodeServer, workbenchUrl } from './code-server';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const wantedPort = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 8080);
const examples = path.join(ROOT, 'examples');

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function portIsFree(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  console.log('Building…');
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet', '--only=client,webview,server'], { cwd: ROOT, stdio: 'inherit' });

  const code = args.includes('--code-server') ? undefined : onPath('code');
  if (code) {
    console.log(`Opening VS Code on examples/ with the extension from ${ROOT}`);
    const result = spawnSync(code, [`--extensionDevelopmentPath=${ROOT}`, examples], { stdio: 'inherit' });
    process.exit(result.status ?? 0);
  }

  const install = spawnSync('bash', [path.join(ROOT, 'scripts/install-code-server.sh'), '--no-browser'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
  const port = Number.isInteger(wantedPort) && wantedPort > 0 && (await portIsFree(wantedPort)) ? wantedPort : await freePort();
  const dirs = prepareDirs(path.join(ROOT, '.e2e-run', 'start'), {}, false);
  const server = await startCodeServer({ dirs, folder: examples, port });
  const url = workbenchUrl(server, examples, { extension: ROOT });
  console.log('\nVS Code (code-server) is running with NetworkPolicy Lens on examples/. Open:\n');
  console.log(`  ${url}\n`);
  console.log('After `npm run build`, run "Developer: Reload Window" there to load your changes. Ctrl+C stops it.');
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await server.exited;
  console.error(`code-server stopped.\n${server.log().slice(-2000)}`);
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
