// The CLI run in-process on temporary folders, for unit tests: what it prints and how it exits, without a child process.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `netpol-lens <args>`: its exit code and everything it wrote to stdout and stderr. */
export function cli(args: string[]): CliRun {
  let out = '';
  let err = '';
  const code = main(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

/** Writes `files` (name → text) into `dir`, creating it if needed; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `fn` on a fresh temporary folder, removed afterwards whatever happens. */
export function withTempDir<T>(prefix: string, fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface TempRoot {
  /** The folder; set by the before hook, so read it inside hooks and tests. */
  readonly root: string;
  /** `files` written into a folder `name` under the root; returns its path. */
  folder(name: string, files: Record<string, string>): string;
}

/**
 * A temporary folder for the enclosing `describe`: made before all its tests (or before each, with `'each'`) and
 * removed after. Call it in the `describe` body, ahead of hooks that use it.
 */
export function tempRoot(prefix: string, scope: 'all' | 'each' = 'all'): TempRoot {
  let root = '';
  (scope === 'all' ? before : beforeEach)(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  (scope === 'all' ? after : afterEach)(() => fs.rmSync(root, { recursive: true, force: true }));
  return {
    get root() {
      return root;
    },
    folder: (name, files) => writeFiles(path.join(root, name), files),
  };
}
