// Compares server builds on the full index alone, alternating them run by run (A B A B …) with the parse floor
// measured before each run, so that a shared machine's changing load falls on every build alike. For deciding
// whether an index-path change helps; `npm run bench` gives the figures.
//
// Usage: npx tsx bench/compare-index.ts [--preset large] [--runs N] <name=path/to/server.js[,--node-flag…]> …
// (e.g. base=out/server.js semi=out/server.js,--max-semi-space-size=64: one build with and without a V8 flag)
import * as path from 'node:path';
import { parseFloor } from './core-bench';
import { ensureWorkspace, PRESETS } from './gen';
import { runLspBench } from './lsp-bench';
import { chooseProbes, loadWorkspace, readWorkspace } from './probes';
import { formatMs, summarize, table } from './stats';

interface Variant {
  name: string;
  server: string;
  nodeArgs: string[];
  ratio: number[];
  wall: number[];
  cpu: number[];
  mainCpu: number[];
  reported: string[];
}

async function main(argv: string[]): Promise<void> {
  let preset = 'large';
  let runs = 5;
  const variants: Variant[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--preset') preset = argv[++i];
    else if (argv[i] === '--runs') runs = Number(argv[++i]);
    else {
      const at = argv[i].indexOf('=');
      const [name, spec] = at > 0 ? [argv[i].slice(0, at), argv[i].slice(at + 1)] : [path.basename(argv[i]), argv[i]];
      const [server, ...nodeArgs] = spec.split(',');
      variants.push({ name, server: path.resolve(server), nodeArgs, ratio: [], wall: [], cpu: [], mainCpu: [], reported: [] });
    }
  }
  if (variants.length === 0 || !PRESETS[preset]) throw new Error('Usage: compare-index.ts [--preset P] [--runs N] name=server.js …');
  const workspace = ensureWorkspace(PRESETS[preset]);
  const texts = readWorkspace(workspace.dir);
  const probes = chooseProbes(texts, loadWorkspace(texts));
  for (let run = 0; run < runs; run++) {
    // A different build first in each round, so that none always follows the floor's own garbage.
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(run + k) % variants.length];
      const r = await runLspBench(probes, {
        serverPath: v.server, workspaceDir: workspace.dir, indexRuns: 1, editRuns: 0, hoverRuns: 0, flowRuns: 0,
        gapMs: 0, nodeArgs: v.nodeArgs, timeoutMs: 120_000, indexOnly: true, floor: () => parseFloor(texts.values()),
      });
      v.ratio.push(r.index[0] / r.floor[0]);
      v.wall.push(r.index[0]);
      v.cpu.push(r.indexCpu[0] / r.floorCpu[0]);
      v.mainCpu.push(r.indexMainCpu[0] / r.floorCpu[0]);
      v.reported.push(/\(read and parsed in (\d+) ms, analysed in (\d+) ms\)/.exec(r.indexLogs[0] ?? '')?.slice(1).join('+') ?? '?');
      process.stderr.write(`${v.name}: ${formatMs(r.index[0])}, ${(r.index[0] / r.floor[0]).toFixed(2)}× the floor (${formatMs(r.floor[0])}); read+analysed ${v.reported.at(-1)} ms\n`);
    }
  }
  const f = (x: number): string => `${x.toFixed(2)}×`;
  console.log(
    table(
      ['build', 'index ÷ floor (median)', 'min', 'max', 'index (median)', 'CPU ÷ floor CPU', 'main thread CPU ÷ floor CPU'],
      variants.map((v) => {
        const r = summarize(v.ratio);
        return [v.name, f(r.median), f(r.min), f(r.max), formatMs(summarize(v.wall).median), f(summarize(v.cpu).median), f(summarize(v.mainCpu).median)];
      }),
    ),
  );
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
