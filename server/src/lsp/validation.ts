// When analysis runs. An edit starts a debounced fast pass (what the edit can affect); a pause in editing starts a
// complete pass (everything, so that the published findings are exactly analyze()'s). Passes run in slices of a few
// milliseconds, so that hovers and completions are answered in between, and a newer edit abandons a running pass.
import type { Model, NetworkPolicy } from '../core';
import { AnalysisResult, IncrementalAnalyzer } from '../core/incremental';
import type { RuleSettings } from '../core';

export interface ValidationTimings {
  /** Quiet time after the last change before the fast pass. */
  debounceMs: number;
  /** Quiet time after a fast pass before the complete pass. */
  settleMs: number;
  /** Longest slice of analysis between two turns of the event loop. */
  sliceMs: number;
}

export const DEFAULT_TIMINGS: ValidationTimings = { debounceMs: 200, settleMs: 600, sliceMs: 8 };

interface Run {
  cancelled: boolean;
  done: Promise<void>;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Validator {
  private analyzer: IncrementalAnalyzer;
  private timer?: NodeJS.Timeout;
  private running?: Run;
  /** Something changed since the last pass started. */
  private stale = true;
  /** The last published result is not from a complete pass of the current model. */
  private incomplete = true;
  private enabled = false;
  private lastResult?: AnalysisResult;
  /** How long the last complete pass took. */
  private completeMs = 0;

  constructor(
    private readonly model: () => Model,
    /** `partial`: only the policies in focus were brought up to date (the rest follows in another result). */
    private readonly onResult: (result: AnalysisResult, ms: number, partial: boolean) => void,
    private readonly onError: (err: unknown) => void,
    rules: RuleSettings,
    private timings: ValidationTimings = DEFAULT_TIMINGS,
    /** Policies to check first after an edit (those of the editor's open files), or undefined. */
    private readonly focus?: () => ((policy: NetworkPolicy) => boolean) | undefined,
  ) {
    this.analyzer = new IncrementalAnalyzer(rules);
  }

  get result(): AnalysisResult | undefined {
    return this.lastResult;
  }

  setTimings(timings: ValidationTimings): void {
    this.timings = timings;
  }

  /** New rule settings: everything is checked again. */
  setRules(rules: RuleSettings): void {
    this.analyzer = new IncrementalAnalyzer(rules);
    this.changed(true);
  }

  /** Starts validating (after the first index); until then changes are only noted. */
  enable(): void {
    this.enabled = true;
  }

  /** Runs a complete pass now and waits for it (the first index, new settings). */
  async runComplete(): Promise<AnalysisResult | undefined> {
    this.cancel();
    this.stale = false;
    return this.run(true);
  }

  /** Something changed: abandon the running pass, and check again once the edits pause. */
  changed(everything = false): void {
    this.stale = true;
    this.incomplete = true;
    this.cancel();
    if (!this.enabled) return;
    this.schedule(everything ? 0 : this.timings.debounceMs, everything);
  }

  /** Brings the findings up to date with every change so far (code actions need them exact for the text). */
  async flush(): Promise<void> {
    if (this.running && !this.stale) {
      await this.running.done;
      if (!this.stale) return;
    }
    if (!this.stale) return;
    this.cancel();
    this.stale = false;
    await this.run(false);
  }

  dispose(): void {
    this.cancel();
    this.enabled = false;
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) this.running.cancelled = true;
    this.running = undefined;
  }

  private schedule(delay: number, complete: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.stale = false;
      void this.run(complete);
    }, delay);
  }

  private run(complete: boolean): Promise<AnalysisResult | undefined> {
    let resolveDone!: () => void;
    const run: Run = { cancelled: false, done: new Promise((r) => (resolveDone = r)) };
    this.running = run;
    /** Steps through a pass in slices; undefined when the run was cancelled meanwhile. */
    const drive = async (steps: Generator<void, AnalysisResult, void>): Promise<AnalysisResult | undefined> => {
      let sliceStart = performance.now();
      for (;;) {
        const step = steps.next();
        if (step.done) return run.cancelled ? undefined : step.value;
        if (performance.now() - sliceStart > this.timings.sliceMs) {
          await nextTurn();
          if (run.cancelled) {
            steps.return(undefined as never);
            return undefined;
          }
          sliceStart = performance.now();
        }
      }
    };
    const work = async (): Promise<AnalysisResult | undefined> => {
      const started = performance.now();
      const model = this.model();
      const focus = complete ? undefined : this.focus?.();
      if (focus) {
        // What the user looks at first: the open files' policies, published before the rest is checked.
        const first = await drive(this.analyzer.update(model, focus));
        if (!first) return undefined;
        this.onResult(first, performance.now() - started, true);
      }
      const result = await drive(complete ? this.analyzer.full(model) : this.analyzer.update(model));
      if (!result) return undefined;
      this.lastResult = result;
      if (result.complete) {
        this.incomplete = false;
        this.completeMs = performance.now() - started;
      }
      this.onResult(result, performance.now() - started, false);
      // The fast pass may miss what the complete one finds: run it when the edits pause, for longer the longer a
      // complete pass takes (so that on a big workspace a pause between two sentences does not start one).
      if (!result.complete && this.enabled) this.schedule(Math.min(10_000, Math.max(this.timings.settleMs, 2 * this.completeMs)), true);
      return result;
    };
    return work()
      .catch((err) => {
        this.onError(err);
        return undefined;
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
        resolveDone();
      });
  }

  /** True when the published findings come from a complete pass of the current text. */
  get settled(): boolean {
    return !this.stale && !this.incomplete && !this.running;
  }
}
