// Loading the paths given on the command line into a core Workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisOptions, Workspace } from '../core';
import { scanManifests } from '../fs/scan';

export class UsageError extends Error {}

export interface Loaded {
  workspace: Workspace;
  /** File path → text, for positions and for the text formatter. */
  texts: Map<string, string>;
}

export function loadPaths(paths: readonly string[], options: AnalysisOptions): Loaded {
  if (paths.length === 0) throw new UsageError('no paths given');
  const workspace = new Workspace(options);
  const texts = new Map<string, string>();
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UsageError(`${p}: no such file or directory`);
    for (const file of scanManifests(p)) {
      if (texts.has(file)) continue;
      // Editors do not count a byte-order mark as a column; neither do we.
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      texts.set(file, text);
      workspace.setFile(file, text);
    }
  }
  return { workspace, texts };
}

/** A path as the user will want to see it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}
