// The main-thread side of the core fuzzing: bundles core-worker.ts with esbuild (worker threads do not inherit the
// tsx hooks mocha runs under), runs jobs in it, and enforces a per-case time limit and a heap cap. A case over its
// limit is a test failure naming the case, not a hung test run; a crash or an out-of-memory worker likewise.
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CaseFailure, CoreJob, JobResult } from './core-worker';

export const ROOT = path.resolve(__dirname, '../../..');
const WORKER_BUNDLE = path.join(ROOT, 'out', 'fuzz', 'core-worker.js');

/** Per-case wall-clock limit: generous (CI machines are slow), it only catches hangs. FUZZ_CASE_MS overrides it. */
export const CASE_LIMIT_MS = Number(process.env.FUZZ_CASE_MS) || 20_000;
/**
 * Heap cap of the worker. The server runs with Node's defaults (a few GB on a 64-bit machine); a case needing more
 * than this would make the editor sluggish long before it crashed.
 */
export const HEAP_LIMIT_MB = Number(process.env.FUZZ_HEAP_MB) || 1024;
/**
 * Stack of the worker, close to the ~984 KB Node gives its main thread (where the server runs): deep nesting must be
 * refused before it overflows a stack this size.
 */
const STACK_MB = 1;

const bundled = new Set<string>();
/**
 * Bundles `entry` (a path in the repository) for Node into `outfile`, once per run, and returns `outfile`: what runs
 * in a worker thread or a child process does not get the tsx hooks mocha runs under. Shared with lsp-server.ts.
 */
export function bundleOnce(entry: string, outfile: string): string {
  if (bundled.has(outfile)) return outfile;
  esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'error',
  });
  bundled.add(outfile);
  return outfile;
}

export class CoreFuzzer {
  private worker?: Worker;
  private readonly progress = new SharedArrayBuffer(8);
  private readonly counters = new Int32Array(this.progress);

  /** Runs a job; rejects when a case exceeds CASE_LIMIT_MS or the heap cap, or the worker dies. */
  run(job: CoreJob, describe: (index: number) => string = (i) => `case #${i}`): Promise<JobResult> {
    const worker = (this.worker ??= new Worker(bundleOnce('test/fuzz/harness/core-worker.ts', WORKER_BUNDLE), {
      workerData: { progress: this.progress },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB, stackSizeMb: STACK_MB },
    }));
    Atomics.store(this.counters, 1, 0);
    return new Promise<JobResult>((resolve, reject) => {
      let seen = -1;
      let since = Date.now();
      const current = (): string => describe(Atomics.load(this.counters, 0));
      const finish = (): void => {
        clearInterval(watchdog);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (message: string): void => {
        finish();
        this.worker = undefined;
        void worker.terminate();
        reject(new Error(message));
      };
      const watchdog = setInterval(() => {
        const count = Atomics.load(this.counters, 1);
        if (count !== seen) {
          seen = count;
          since = Date.now();
        } else if (Date.now() - since > CASE_LIMIT_MS) {
          fail(`${current()} did not finish within ${CASE_LIMIT_MS} ms (a hang, or pathological slowness); set FUZZ_CASE_MS to allow more`);
        }
      }, 100);
      const onMessage = (result: JobResult): void => {
        finish();
        resolve(result);
      };
      const onError = (error: Error & { code?: string }): void => {
        const why = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `needed more than ${HEAP_LIMIT_MB} MB of heap` : `crashed the worker: ${error.stack ?? error.message}`;
        fail(`${current()} ${why}`);
      };
      const onExit = (code: number): void => fail(`${current()}: the worker exited with code ${code}`);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

/** A readable failure message for the failures a job reported. */
export function describeFailures(failures: readonly CaseFailure[], hint = ''): string {
  return (
    failures
      .map((f) => `${f.label}:\n${f.violations.map((v) => `  - ${v.split('\n').join('\n    ')}`).join('\n')}`)
      .join('\n\n') + (hint ? `\n\n${hint}` : '')
  );
}
