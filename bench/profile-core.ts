// One core scenario in a loop, to be run under `node --cpu-prof` (bundled, so that profile locations are real
// lines of one file rather than tsx's transformed modules):
//
//   npx esbuild bench/profile-core.ts --bundle --platform=node --outfile=out/bench-profile-core.js --log-level=error
//   node --cpu-prof --cpu-prof-dir=out/profiles out/bench-profile-core.js --preset large --scenario keystroke
//   npx tsx bench/profile-summary.ts out/profiles --top 25
//
// Scenarios: index (extract + model + incremental analysis), analyze (analyze() on a loaded model),
// keystroke (policy edit → the incremental fast pass), crossfile (workload label edit → fast pass), complete (policy
// edit → complete incremental pass), model (Model rebuild alone).
import { analyze, DEFAULT_OPTIONS, Workspace } from '../server/src/core';
import { IncrementalAnalyzer } from '../server/src/core/incremental';
import { ensureWorkspace, PRESETS } from './gen';
import { chooseProbes, loadWorkspace, readWorkspace } from './probes';

function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function main(argv: string[]): void {
  let preset = 'large';
  let scenario = 'keystroke';
  let iterations: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--preset') preset = argv[++i];
    else if (argv[i] === '--scenario') scenario = argv[++i];
    else if (argv[i] === '--iterations') iterations = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const texts = readWorkspace(ensureWorkspace(PRESETS[preset]).dir);
  const ws = loadWorkspace(texts);
  const probes = chooseProbes(texts, ws);
  const analyzer = new IncrementalAnalyzer();
  analyzer.analyze(ws.model());
  const n = iterations ?? (scenario === 'index' || scenario === 'analyze' ? 3 : 200);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    switch (scenario) {
      case 'index': {
        const fresh = new Workspace(DEFAULT_OPTIONS);
        for (const [file, text] of texts) fresh.setFile(file, text);
        new IncrementalAnalyzer().analyze(fresh.model());
        break;
      }
      case 'analyze':
        analyze(ws.model());
        break;
      case 'keystroke':
        ws.setFile(probes.policyEdit.file, i % 2 === 0 ? probes.policyEdit.after : probes.policyEdit.before);
        drain(analyzer.update(ws.model()));
        break;
      case 'crossfile':
        ws.setFile(probes.workloadEdit.file, i % 2 === 0 ? probes.workloadEdit.after : probes.workloadEdit.before);
        drain(analyzer.update(ws.model()));
        break;
      case 'complete':
        ws.setFile(probes.policyEdit.file, i % 2 === 0 ? probes.policyEdit.after : probes.policyEdit.before);
        analyzer.analyze(ws.model());
        break;
      case 'model':
        ws.setFile(probes.policyEdit.file, i % 2 === 0 ? probes.policyEdit.after : probes.policyEdit.before);
        ws.model();
        break;
      default:
        throw new Error(`unknown scenario ${scenario}`);
    }
  }
  console.log(`${preset} ${scenario}: ${((performance.now() - t0) / n).toFixed(1)} ms per iteration (${n})`);
}

main(process.argv.slice(2));
