// One core scenario in a loop, to be run under `node --cpu-prof` (bundled, so that profile locations are real
// lines of one file rather than tsx's transformed modules):
//
//   npx esbuild bench/profile-core.ts --bundle --platform=node --outfile=out/bench-profile-core.js --log-level=error
//   node out/bench-profile-core.js --preset large --scenario keystroke --profile out/keystroke.cpuprofile
//   npx tsx bench/profile-summary.ts out/keystroke.cpuprofile --top 25
//
// --profile records only the loop (the inspector's profiler, started after the workspace is loaded); `node
// --cpu-prof` instead records the whole process, loading included.
//
// Scenarios: index (extract + model + incremental analysis), analyze (analyze() on a loaded model),
// keystroke (policy edit → the incremental fast pass), crossfile (workload label edit → fast pass), complete (policy
// edit → complete incremental pass), first-analysis (the index's complete pass: a fresh analyzer on a fresh model),
// model (Model rebuild alone).
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import { analyze, DEFAULT_OPTIONS, Model, Workspace } from '../server/src/core';
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
  let profile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--preset') preset = argv[++i];
    else if (argv[i] === '--scenario') scenario = argv[++i];
    else if (argv[i] === '--iterations') iterations = Number(argv[++i]);
    else if (argv[i] === '--profile') profile = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const texts = readWorkspace(ensureWorkspace(PRESETS[preset]).dir);
  const ws = loadWorkspace(texts);
  const probes = chooseProbes(texts, ws);
  const analyzer = new IncrementalAnalyzer();
  analyzer.analyze(ws.model());
  const n = iterations ?? (scenario === 'index' || scenario === 'analyze' || scenario === 'first-analysis' ? 3 : 200);
  const session = profile ? new Session() : undefined;
  if (session) {
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 100 });
    session.post('Profiler.start');
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
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
      case 'first-analysis': {
        // The index's analysis: a fresh analyzer on a fresh model (whose lazily built indexes are not warm yet).
        const model = ws.model();
        new IncrementalAnalyzer().analyze(new Model(model.files, model.options));
        break;
      }
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
  const cpu = process.cpuUsage(cpu0);
  // CPU time is less sensitive than wall time to other processes sharing the machine.
  console.log(
    `${preset} ${scenario}: ${((performance.now() - t0) / n).toFixed(1)} ms wall, ` +
      `${((cpu.user + cpu.system) / 1000 / n).toFixed(1)} ms CPU per iteration (${n})`,
  );
  if (session && profile) {
    session.post('Profiler.stop', (err, result) => {
      if (err) throw err;
      fs.writeFileSync(profile!, JSON.stringify(result.profile));
      session.disconnect();
    });
  }
}

main(process.argv.slice(2));
