// Finding the manifests under a set of paths: *.yaml and *.yml, skipping dependency and build folders and anything
// matching the exclude globs. Used by the CLI and by the server's workspace index.
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

export const DEFAULT_INCLUDE = ['**/*.yaml', '**/*.yml'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/out/**', '**/dist/**', '**/.e2e/**', '**/.e2e-run/**'];

export interface ScanOptions {
  include?: readonly string[];
  exclude?: readonly string[];
  /** Stop after this many files (a guard against scanning a whole disk). */
  maxFiles?: number;
}

export class FileMatcher {
  private readonly included: (p: string) => boolean;
  private readonly excluded: (p: string) => boolean;

  constructor(options: ScanOptions = {}) {
    this.included = picomatch([...(options.include ?? DEFAULT_INCLUDE)], { dot: true });
    this.excluded = picomatch([...(options.exclude ?? DEFAULT_EXCLUDE)], { dot: true });
  }

  /** `relative` uses forward slashes, relative to the scanned root. */
  matches(relative: string): boolean {
    return this.included(relative) && !this.excluded(relative);
  }

  /** A directory to skip entirely. */
  skipsDirectory(relative: string): boolean {
    return this.excluded(relative) || this.excluded(`${relative}/`) || this.excluded(`${relative}/x`);
  }
}

/** Absolute paths of the manifests under `root` (a directory or a file), sorted. */
export function scanManifests(root: string, options: ScanOptions = {}): string[] {
  const matcher = new FileMatcher(options);
  const maxFiles = options.maxFiles ?? 200_000;
  const absRoot = path.resolve(root);
  const stat = fs.statSync(absRoot);
  if (stat.isFile()) return [absRoot];
  const found: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directory: skip it
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (found.length >= maxFiles) return;
      const abs = path.join(dir, entry.name);
      const rel = path.relative(absRoot, abs).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!matcher.skipsDirectory(rel)) walk(abs);
      } else if (entry.isFile() && matcher.matches(rel)) {
        found.push(abs);
      }
    }
  };
  walk(absRoot);
  return found;
}
