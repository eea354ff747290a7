// In-process measurements of the analysis core, to see where time goes (the server measurements in lsp-bench.ts
// are the ones the targets apply to). Every figure is wall time on this process, after the files are in memory.
import { parseAllDocuments } from 'yaml';
import { analyze, DEFAULT_OPTIONS, Workspace } from '../server/src/core';
import { AnalysisResult, IncrementalAnalyzer } from '../server/src/core/incremental';
import { Probes, policiesTouching } from './probes';
import { timeRuns } from './stats';

export interface CoreResults {
  /** Bare `yaml` parse of every file (the floor). */
  parseFloor: number[];
  /** … its CPU time (this process, every thread), to compare with the server's index CPU time. */
  parseFloorCpu: number[];
  /** Extraction (parse + model objects) of every file into a fresh Workspace. */
  extract: number[];
  /** Building the Model from the per-file objects. */
  model: number[];
  /** Every rule over the whole model (analyze()). */
  analyze: number[];
  /** A complete pass of an IncrementalAnalyzer over the whole model (analysis plus dependency recording). */
  analyzeIncremental: number[];
  /** extract + model + incremental analysis: a full index with its first diagnostics. */
  index: number[];
  /** Policy keystroke → the IncrementalAnalyzer's fast pass (what the server publishes after the debounce). */
  keystroke: number[];
  /** … of which: setFile (re-extract one file), model() rebuild, incremental analysis. */
  keystrokeSetFile: number[];
  keystrokeModel: number[];
  keystrokeRules: number[];
  /** Policy keystroke followed by a whole-workspace analyze(). */
  keystrokeFull: number[];
  /** Workload label edit → the IncrementalAnalyzer's fast pass. */
  crossFile: number[];
  /** Rule units the incremental analysis re-ran, per edit (median). */
  keystrokeUnits: number[];
  crossFileUnits: number[];
  /** Workload label edit followed by a whole-workspace analyze(). */
  crossFileFull: number[];
  /** How many policies the workload edit can affect (select it or admit it as a peer). */
  touchingPolicies: number;
  findings: number;
}

export interface CoreOptions {
  indexRuns: number;
  editRuns: number;
  /** Skip the whole-workspace re-analysis per edit (slow on huge). */
  skipFull: boolean;
}

/** The editor's fast pass after an edit (what the server publishes first), run to completion. */
function fastPass(analyzer: IncrementalAnalyzer, model: ReturnType<Workspace['model']>): AnalysisResult {
  const steps = analyzer.update(model);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const PARSE_OPTIONS = { version: '1.1' as const, uniqueKeys: true, prettyErrors: false };

/** The floor: `yaml`'s bare parse of every text with the core's options; wall and CPU time (this process) in ms. */
export function parseFloor(texts: Iterable<string>): { wall: number; cpu: number } {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let docs = 0;
  for (const text of texts) docs += parseAllDocuments(text, PARSE_OPTIONS).length;
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (docs === 0) throw new Error('nothing parsed');
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export function runCoreBench(texts: Map<string, string>, probes: Probes, opts: CoreOptions): CoreResults {
  const r: CoreResults = {
    parseFloor: [], parseFloorCpu: [], extract: [], model: [], analyze: [], analyzeIncremental: [], index: [],
    keystroke: [], keystrokeSetFile: [], keystrokeModel: [], keystrokeRules: [], keystrokeFull: [],
    crossFile: [], keystrokeUnits: [], crossFileUnits: [], crossFileFull: [], touchingPolicies: 0, findings: 0,
  };
  const entries = [...texts];
  let ws = new Workspace(DEFAULT_OPTIONS);
  let analyzer = new IncrementalAnalyzer();
  // Floor and index interleaved, so that both see the same heap and JIT state.
  for (let i = 0; i < opts.indexRuns; i++) {
    const floor = parseFloor(entries.map(([, text]) => text));
    r.parseFloor.push(floor.wall);
    r.parseFloorCpu.push(floor.cpu);

    ws = new Workspace(DEFAULT_OPTIONS);
    let t0 = performance.now();
    for (const [file, text] of entries) ws.setFile(file, text);
    const t1 = performance.now();
    const model = ws.model();
    const t2 = performance.now();
    analyzer = new IncrementalAnalyzer();
    r.findings = analyzer.analyze(model).findings.length;
    const t3 = performance.now();
    r.extract.push(t1 - t0);
    r.model.push(t2 - t1);
    r.analyzeIncremental.push(t3 - t2);
    r.index.push(t3 - t0);
    const t4 = performance.now();
    const plain = analyze(model).length;
    r.analyze.push(performance.now() - t4);
    if (plain !== r.findings) throw new Error(`analyze() found ${plain} findings, the IncrementalAnalyzer ${r.findings}`);
  }

  const { policyEdit, workloadEdit } = probes;
  r.keystroke = timeRuns(opts.editRuns, (i) => {
    const t0 = performance.now();
    ws.setFile(policyEdit.file, i % 2 === 0 ? policyEdit.after : policyEdit.before);
    const t1 = performance.now();
    const model = ws.model();
    const t2 = performance.now();
    const result = fastPass(analyzer, model);
    result.byFile.get(policyEdit.file);
    const t3 = performance.now();
    r.keystrokeSetFile.push(t1 - t0);
    r.keystrokeModel.push(t2 - t1);
    r.keystrokeRules.push(t3 - t2);
    r.keystrokeUnits.push(result.recomputed);
  });
  ws.setFile(policyEdit.file, policyEdit.before);
  analyzer.analyze(ws.model());

  r.crossFile = timeRuns(opts.editRuns, (i) => {
    ws.setFile(workloadEdit.file, i % 2 === 0 ? workloadEdit.after : workloadEdit.before);
    const result = fastPass(analyzer, ws.model());
    for (const file of probes.dependents) result.byFile.get(file);
    r.crossFileUnits.push(result.recomputed);
  });
  ws.setFile(workloadEdit.file, workloadEdit.before);
  r.touchingPolicies = policiesTouching(ws.model(), probes.workloadId).length;

  if (!opts.skipFull) {
    const fullRuns = Math.max(2, Math.floor(opts.editRuns / 4));
    r.keystrokeFull = timeRuns(fullRuns, (i) => {
      ws.setFile(policyEdit.file, i % 2 === 0 ? policyEdit.after : policyEdit.before);
      analyze(ws.model());
    });
    ws.setFile(policyEdit.file, policyEdit.before);
    r.crossFileFull = timeRuns(fullRuns, (i) => {
      ws.setFile(workloadEdit.file, i % 2 === 0 ? workloadEdit.after : workloadEdit.before);
      analyze(ws.model());
    });
    ws.setFile(workloadEdit.file, workloadEdit.before);
  }
  return r;
}
