// Summarises a V8 CPU profile (`node --cpu-prof` writes *.cpuprofile): the functions with the most self time,
// and optionally the most total time, so that optimisation starts from measurements rather than guesses.
//
// Usage: npx tsx bench/profile-summary.ts <file.cpuprofile | dir> [--top N] [--total] [--filter TEXT] [--skip-ms MS]
//          [--until-ms MS]
// (--skip-ms and --until-ms keep a window of the profile, e.g. a language server's keystrokes without its index.)
import * as fs from 'node:fs';
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface FunctionCost {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

function location(frame: CallFrame): string {
  if (!frame.url) return '(native)';
  let file = frame.url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) file = file.slice(nm + 'node_modules/'.length);
  else file = path.relative(process.cwd(), file) || file;
  return `${file}:${frame.lineNumber + 1}`;
}

/** Self and total time per function (merged over every call site), in milliseconds. */
export function costs(profile: CpuProfile, skipMs = 0, untilMs = Infinity): FunctionCost[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = 0;
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0;
    if (at < skipMs * 1000 || at > untilMs * 1000) continue;
    // A sample's duration is the gap to the next one.
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, dt));
  }
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'}\u0000${location(n.callFrame)}`;
  const result = new Map<string, FunctionCost>();
  const entry = (n: ProfileNode): FunctionCost => {
    const k = key(n);
    let e = result.get(k);
    if (!e) {
      e = { name: n.callFrame.functionName || '(anonymous)', where: location(n.callFrame), selfMs: 0, totalMs: 0 };
      result.set(k, e);
    }
    return e;
  };
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    entry(node).selfMs += us / 1000;
    // Total: charge every distinct function on the stack once.
    const seen = new Set<string>();
    for (let cur: ProfileNode | undefined = node; cur; cur = byId.get(parent.get(cur.id) ?? -1)) {
      const k = key(cur);
      if (seen.has(k)) continue;
      seen.add(k);
      entry(cur).totalMs += us / 1000;
    }
  }
  return [...result.values()];
}

function main(argv: string[]): void {
  let top = 25;
  let byTotal = false;
  let filter: string | undefined;
  let skipMs = 0;
  let untilMs = Infinity;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') top = Number(argv[++i]);
    else if (argv[i] === '--total') byTotal = true;
    else if (argv[i] === '--filter') filter = argv[++i];
    else if (argv[i] === '--skip-ms') skipMs = Number(argv[++i]);
    else if (argv[i] === '--until-ms') untilMs = Number(argv[++i]);
    else files.push(argv[i]);
  }
  if (files.length === 0) {
    console.error('Usage: npx tsx bench/profile-summary.ts <file.cpuprofile | dir> [--top N] [--total] [--filter TEXT] [--skip-ms MS]');
    process.exit(2);
  }
  const expanded = files.flatMap((f) =>
    fs.statSync(f).isDirectory() ? fs.readdirSync(f).filter((n) => n.endsWith('.cpuprofile')).map((n) => path.join(f, n)) : [f],
  );
  for (const file of expanded) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    const all = costs(profile, skipMs, untilMs);
    const wall = Math.min(untilMs, (profile.endTime - profile.startTime) / 1000) - skipMs;
    const shown = all
      .filter((c) => !filter || c.where.includes(filter) || c.name.includes(filter))
      .sort((a, b) => (byTotal ? b.totalMs - a.totalMs : b.selfMs - a.selfMs))
      .slice(0, top);
    const window = skipMs || untilMs < Infinity ? ` (from ${skipMs} ms to ${untilMs < Infinity ? `${untilMs} ms` : 'the end'})` : '';
    console.log(`${file}: ${wall.toFixed(0)} ms profiled${window}; top ${shown.length} by ${byTotal ? 'total' : 'self'} time`);
    console.log(`${'self ms'.padStart(9)} ${'self %'.padStart(7)} ${'total ms'.padStart(9)}  function (location)`);
    for (const c of shown) {
      console.log(`${c.selfMs.toFixed(1).padStart(9)} ${((100 * c.selfMs) / wall).toFixed(1).padStart(6)}% ${c.totalMs.toFixed(1).padStart(9)}  ${c.name} (${c.where})`);
    }
    console.log('');
  }
}

// (Checked by file name too: bundled with other scripts, require.main === module holds for every module.)
if (require.main === module && path.basename(process.argv[1] ?? '').startsWith('profile-summary.')) main(process.argv.slice(2));
