// Real VS Code for `npm start` and the end-to-end tests: code-server 4.100.3 (VS Code 1.100.3) from .e2e/code-server,
// started detached on 127.0.0.1 and stopped by killing its process group, with its state in a scratch directory.
// Extensions run server-side in Node, so the language server really runs (IPC) under code-server's extension host.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.resolve(__dirname, '..');
export const CODE_SERVER = path.join(ROOT, '.e2e/code-server/node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_ID = 'netpol-lens.netpol-lens';

export interface CodeServerDirs {
  /** Scratch root: user data, extensions, XDG dirs and logs live under it. */
  home: string;
  userData: string;
  extensions: string;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  dirs: CodeServerDirs;
  /** code-server's own output, for failure reports. */
  log(): string;
  /** Resolves when code-server exits. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/**
 * A scratch directory with VS Code user settings that keep the UI quiet and deterministic. `fresh` (the tests) wipes
 * it first; otherwise (npm start) what the user changed there is kept.
 */
export function prepareDirs(home: string, settings: Record<string, unknown> = {}, fresh = true): CodeServerDirs {
  if (fresh) fs.rmSync(home, { recursive: true, force: true });
  const dirs = { home, userData: path.join(home, 'user-data'), extensions: path.join(home, 'extensions') };
  for (const dir of [dirs.userData, dirs.extensions, path.join(dirs.userData, 'User'), ...xdgDirs(home)]) fs.mkdirSync(dir, { recursive: true });
  const userSettings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    // The examples are copied under the system temp dir; no git prompts or decorations in the screenshots.
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'window.zoomLevel': 0,
    ...settings,
  };
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  if (fresh || !fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(userSettings, null, 2));
  return dirs;
}

function xdgDirs(home: string): string[] {
  return ['config', 'data', 'cache', 'state'].map((d) => path.join(home, 'xdg', d));
}

function xdgEnv(home: string): NodeJS.ProcessEnv {
  const [config, data, cache, state] = xdgDirs(home);
  return { XDG_CONFIG_HOME: config, XDG_DATA_HOME: data, XDG_CACHE_HOME: cache, XDG_STATE_HOME: state };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `code-server --install-extension <vsix>` into the given extensions directory; returns its output. */
export async function installExtension(dirs: CodeServerDirs, vsix: string): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(
    CODE_SERVER,
    ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--install-extension', vsix, '--force'],
    { env: { ...process.env, ...xdgEnv(dirs.home) }, timeout: 120_000 },
  );
  return stdout + stderr;
}

export async function listExtensions(dirs: CodeServerDirs): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    CODE_SERVER,
    ['--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--list-extensions', '--show-versions'],
    { env: { ...process.env, ...xdgEnv(dirs.home) }, timeout: 60_000 },
  );
  return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** `workspaceTrust`: keep VS Code's workspace trust (Restricted Mode) on; by default it is off, as users of `npm start` expect. */
export async function startCodeServer(options: { dirs: CodeServerDirs; folder: string; port?: number; host?: string; workspaceTrust?: boolean }): Promise<RunningCodeServer> {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run scripts/install-code-server.sh (${CODE_SERVER})`);
  const { dirs, folder } = options;
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const config = path.join(dirs.home, 'config.yaml');
  fs.writeFileSync(config, `bind-addr: ${host}:${port}\nauth: none\ncert: false\n`);
  const args = [
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--extensions-dir',
    dirs.extensions,
    '--user-data-dir',
    dirs.userData,
    '--config',
    config,
    folder,
  ];
  const child: ChildProcess = spawn(CODE_SERVER, args, {
    cwd: ROOT,
    env: { ...process.env, ...xdgEnv(dirs.home) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://${host}:${port}/`;
  try {
    await waitFor(async () => (await httpStatus(`${url}healthz`)) === 200, 60_000, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`code-server did not start: ${String(error)}\n${output}`);
  }
  return { url, port, dirs, log: () => output, exited, stop };
}

/** The workbench URL, optionally running the extension from a folder and an extension-host test suite. */
export function workbenchUrl(server: RunningCodeServer, folder: string, dev?: { extension: string; tests?: string }): string {
  const params = new URLSearchParams({ folder });
  if (dev) {
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload: [string, string][] = [['extensionDevelopmentPath', remote(dev.extension)]];
    if (dev.tests) payload.push(['extensionTestsPath', remote(dev.tests)]);
    params.set('payload', JSON.stringify(payload));
  }
  return `${server.url}?${params.toString()}`;
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => {
      request.destroy();
      resolve(0);
    });
  });
}

export async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number, abort?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (abort?.()) throw new Error('aborted');
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A fresh copy of examples/ to open (as `<tmp>/netpol-lens-e2e/<name>/examples`), so that tests which edit files never
 * touch the repository and VS Code sees no enclosing git repository.
 */
export function copyExamples(name: string): string {
  const parent = path.join(os.tmpdir(), 'netpol-lens-e2e', name);
  fs.rmSync(parent, { recursive: true, force: true });
  const target = path.join(parent, 'examples');
  fs.cpSync(path.join(ROOT, 'examples'), target, { recursive: true });
  return target;
}
