// Runs fuzz jobs against the core in a worker thread, so that the test can stop a case that hangs and cap the
// memory a case may use. Before each case it writes the case's index to shared memory: when the watchdog in the
// main thread stops the worker, it knows which case was running.
import { parentPort, workerData } from 'node:worker_threads';
import { CoreCase, CoreReport, EditSequenceCase, exerciseCore, exerciseEdits, prefixCuts } from './exercise-core';
import { exerciseFixes, FixCase } from './exercise-fixes';

export type CoreJob =
  | { kind: 'core'; cases: CoreCase[]; collectCodes?: boolean }
  | { kind: 'edits'; cases: EditSequenceCase[] }
  /** Every quick fix of every finding, applied and checked. */
  | { kind: 'fixes'; cases: FixCase[] }
  /** Every prefix of `text` (cut at every character, or after every line), as the only file of a workspace. */
  | { kind: 'prefixes'; file: string; text: string; unit: 'char' | 'line'; options?: CoreCase['options'] };

export interface CaseFailure {
  index: number;
  label: string;
  violations: string[];
}

export interface JobResult {
  cases: number;
  failures: CaseFailure[];
  findings: number;
  policies: number;
  workloads: number;
  /** With collectCodes: the distinct diagnostic codes of every case. */
  codes?: string[];
  /** For fixes jobs: findings with a registered fix, fixes applied, and fix titles by kind. */
  fixable?: number;
  applied?: number;
  titles?: Record<string, number>;
  /** Largest V8 heap seen after a case, in bytes. */
  maxHeapUsed: number;
}

const progress = new Int32Array(workerData.progress as SharedArrayBuffer);
const MAX_FAILURES = 5;

function run(job: CoreJob): JobResult {
  const result: JobResult = { cases: 0, failures: [], findings: 0, policies: 0, workloads: 0, maxHeapUsed: 0 };
  const record = (index: number, label: string, report: CoreReport): boolean => {
    result.cases++;
    result.findings += report.findings;
    result.policies += report.policies;
    result.workloads += report.workloads;
    if (index % 64 === 0) result.maxHeapUsed = Math.max(result.maxHeapUsed, process.memoryUsage().heapUsed);
    if (report.violations.length) result.failures.push({ index, label, violations: report.violations });
    return result.failures.length < MAX_FAILURES;
  };
  const start = (index: number): void => {
    Atomics.store(progress, 0, index);
    Atomics.add(progress, 1, 1);
  };
  switch (job.kind) {
    case 'core': {
      const codes = new Set<string>();
      for (let i = 0; i < job.cases.length; i++) {
        start(i);
        const report = exerciseCore(job.cases[i]);
        for (const code of report.codes) codes.add(code);
        if (!record(i, job.cases[i].label, report)) break;
      }
      if (job.collectCodes) result.codes = [...codes].sort();
      break;
    }
    case 'edits':
      for (let i = 0; i < job.cases.length; i++) {
        start(i);
        if (!record(i, job.cases[i].label, exerciseEdits(job.cases[i]))) break;
      }
      break;
    case 'fixes': {
      result.fixable = 0;
      result.applied = 0;
      result.titles = {};
      for (let i = 0; i < job.cases.length; i++) {
        start(i);
        const report = exerciseFixes(job.cases[i]);
        result.fixable += report.fixable;
        result.applied += report.applied;
        for (const [title, n] of Object.entries(report.titles)) result.titles[title] = (result.titles[title] ?? 0) + n;
        if (!record(i, job.cases[i].label, { violations: report.violations, findings: 0, codes: [], policies: 0, workloads: 0 })) break;
      }
      break;
    }
    case 'prefixes': {
      const cuts = prefixCuts(job.text, job.unit);
      for (const cut of cuts) {
        start(cut);
        const report = exerciseCore({ label: `${job.file} cut at ${cut}`, files: { [job.file]: job.text.slice(0, cut) }, options: job.options, explainPairs: 8 });
        if (!record(cut, `${job.file} cut at offset ${cut}`, report)) break;
      }
      break;
    }
  }
  result.maxHeapUsed = Math.max(result.maxHeapUsed, process.memoryUsage().heapUsed);
  return result;
}

parentPort!.on('message', (job: CoreJob) => {
  parentPort!.postMessage(run(job));
});
