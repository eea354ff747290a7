// The example repository as the fuzz tests read it: every file under examples/, by absolute path.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './harness/core-runner';

export const EXAMPLES_DIR = path.join(ROOT, 'examples');

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Path → text of every file under examples/ (all of them: the fuzzing is about what the editor may be handed). */
export function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of walk(EXAMPLES_DIR)) files[file] = fs.readFileSync(file, 'utf8');
  return files;
}

/** A path relative to the repository, for messages. */
export function rel(file: string): string {
  return path.relative(ROOT, file);
}

/** How many random cases a property runs: FUZZ_RUNS overrides the default (e.g. FUZZ_RUNS=5000 for a long run). */
export function runs(defaultRuns: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : defaultRuns;
}

/** The fast-check seed: FUZZ_SEED overrides the fixed default, so that any run can be replayed. */
export function seed(defaultSeed: number): number {
  const n = Number(process.env.FUZZ_SEED);
  return Number.isInteger(n) ? n : defaultSeed;
}
