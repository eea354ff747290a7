// Incremental analysis for an editor: after an edit, a fast pass re-checks what the edit can affect and a complete
// pass, run when the user pauses, re-checks everything, so that what is shown is exactly analyze()'s answer.
//
// The unit of work is one policy (every per-policy rule on it) or one workspace-wide rule. While a unit runs, its
// rules see the model through a recording view that notes what they read: the workloads or the policies of a
// namespace, a namespace's labels (narrow reads), or a whole list (a global read). Between two models the analyzer
// lists what changed, by object identity: the Workspace re-extracts only the edited file, so unchanged objects keep
// their identity.
//
// - The fast pass (`update`) re-runs the units of policies that are new (their file changed) and the units whose
//   narrow reads changed. It is what an edit usually affects: the policies of the edited file, those of the
//   namespace whose workloads or policies changed, those whose peers look at it.
// - The complete pass (`full`) re-runs every unit. It is needed because units share one rule context per pass, and
//   rules memoise per context (label indexes, workspace-wide tallies): a unit that reuses an answer memoised by
//   another does not record the reads behind it, and global reads (a label index over every workload) change with
//   almost any edit. Re-running everything on a pause keeps the result exact without making keystrokes pay for it.
//
// Both passes are generators that yield between units, so that a caller can spread them over event-loop turns and
// abandon them when a newer edit arrives; units finished before an abandoned pass are kept.
import { checkPolicy, checkWorkspace, ruleContext, RuleSettings, sortFindings } from './analyze';
import type { Model, NamespaceInfo } from './model';
import { Endpoint, Reachability } from './reach';
import { RULES } from './rules';
import type { Rule, RuleContext } from './rules/rule';
import type { Finding, NetworkPolicy } from './types';

/** An unknown read: only the complete pass re-runs the unit. */
const ANY = '*';
/**
 * Reads of the whole workload or policy list, which almost every edit changes, are left to the complete pass. The
 * other keys are narrow: `w:<ns>`, `p:<ns>`, `n:<ns>`, and `n*` / `s*` for the namespaces and the Services (which
 * change rarely, so that re-running every unit that looked at them is affordable).
 */
const GLOBAL_KEYS = new Set([ANY, 'w*', 'p*', 'files']);

interface Unit {
  findings: Finding[];
  /** Narrow reads of the unit. */
  deps: Set<string>;
  /** The model generation the unit was last known valid at. */
  gen: number;
}

export interface AnalysisResult {
  model: Model;
  /** Every finding, sorted by file and position. After a complete pass, exactly what analyze() returns. */
  findings: Finding[];
  /** The same findings by file, each list sorted. */
  byFile: Map<string, Finding[]>;
  /** Units run (not reused) during this pass, for logs and tests. */
  recomputed: number;
  /** True after a complete pass; false after a fast pass, whose result the next complete pass may still correct. */
  complete: boolean;
}

/** Where a pass's reads are noted: the unit running now. */
class Recorder {
  current = new Set<string>();
  add(key: string): void {
    if (!GLOBAL_KEYS.has(key)) this.current.add(key);
  }
}

export class IncrementalAnalyzer {
  private model?: Model;
  private gen = 0;
  private readonly changes: { gen: number; keys: Set<string> }[] = [];
  private policyUnits = new Map<NetworkPolicy, Unit>();
  private workspaceUnits = new Map<string, Unit>();

  constructor(
    readonly settings: RuleSettings = {},
    private readonly rules: readonly Rule[] = RULES,
  ) {}

  /** A complete pass at once: the same findings as analyze(model). */
  analyze(model: Model): AnalysisResult {
    return drain(this.full(model));
  }

  /** The fast pass: re-runs only the units an edit can affect by their narrow reads. */
  *update(model: Model): Generator<void, AnalysisResult, void> {
    return yield* this.pass(model, false);
  }

  /** The complete pass: re-runs every unit. */
  *full(model: Model): Generator<void, AnalysisResult, void> {
    return yield* this.pass(model, true);
  }

  private *pass(model: Model, complete: boolean): Generator<void, AnalysisResult, void> {
    this.advanceTo(model);
    const recorder = new Recorder();
    const view = recordingView(model, recorder);
    const ctx = ruleContext(view, this.settings, new RecordingReachability(view, recorder));
    const run = (check: (ctx: RuleContext) => Finding[]): Unit => {
      recorder.current = new Set();
      const findings = check(ctx);
      return { findings, deps: recorder.current, gen: this.gen };
    };
    let recomputed = 0;
    const policyRules = this.rules.filter((r) => r.checkPolicy);
    const workspaceRules = this.rules.filter((r) => r.checkWorkspace);
    for (const policy of model.policies) {
      if (!complete && this.valid(this.policyUnits.get(policy))) continue;
      this.policyUnits.set(policy, run((c) => checkPolicy(policy, c, this.settings, policyRules)));
      recomputed++;
      yield;
    }
    for (const rule of workspaceRules) {
      if (!complete && this.valid(this.workspaceUnits.get(rule.id))) continue;
      this.workspaceUnits.set(rule.id, run((c) => checkWorkspace(c, this.settings, [rule])));
      recomputed++;
      yield;
    }
    const live = new Map<NetworkPolicy, Unit>();
    for (const policy of model.policies) live.set(policy, this.policyUnits.get(policy)!);
    this.policyUnits = live;
    // Every unit kept is now valid for this model: older changes no longer matter to the fast pass.
    this.changes.length = 0;
    return { ...collect(model, live, this.workspaceUnits), recomputed, complete };
  }

  private valid(unit: Unit | undefined): boolean {
    if (!unit) return false;
    if (unit.gen === this.gen) return true;
    for (const change of this.changes) {
      if (change.gen <= unit.gen) continue;
      for (const key of change.keys) if (unit.deps.has(key)) return false;
    }
    unit.gen = this.gen;
    return true;
  }

  private advanceTo(model: Model): void {
    if (model === this.model) return;
    if (!this.model || this.model.options !== model.options) {
      this.policyUnits.clear();
      this.workspaceUnits.clear();
    } else {
      this.changes.push({ gen: this.gen + 1, keys: changedKeys(this.model, model) });
    }
    this.model = model;
    this.gen++;
  }
}

function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

function collect(model: Model, policyUnits: Map<NetworkPolicy, Unit>, workspaceUnits: Map<string, Unit>): Pick<AnalysisResult, 'model' | 'findings' | 'byFile'> {
  const findings: Finding[] = [];
  for (const f of model.files) findings.push(...f.findings);
  for (const unit of policyUnits.values()) findings.push(...unit.findings);
  for (const unit of workspaceUnits.values()) findings.push(...unit.findings);
  sortFindings(findings);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.span.file);
    if (list) list.push(f);
    else byFile.set(f.span.file, [f]);
  }
  return { model, findings, byFile };
}

/** Reachability whose cached answers still note what they depend on (the policies of the endpoint's namespace). */
class RecordingReachability extends Reachability {
  constructor(
    model: Model,
    private readonly recorder: Recorder,
  ) {
    super(model);
  }

  override policiesFor(endpoint: Endpoint): ReturnType<Reachability['policiesFor']> {
    this.recorder.add(`p:${endpoint.namespace}`);
    return super.policiesFor(endpoint);
  }
}

/** The model as rules see it, noting their reads. */
function recordingView(model: Model, recorder: Recorder): Model {
  const fns: Record<string, unknown> = {
    workloadsIn: (ns: string) => (recorder.add(`w:${ns}`), model.workloadsIn(ns)),
    policiesIn: (ns: string) => (recorder.add(`p:${ns}`), model.policiesIn(ns)),
    workload: (id: string) => (recorder.add(`w:${id.split('/')[0]}`), model.workload(id)),
    namespaceLabels: (ns: string) => (recorder.add(`n:${ns}`), model.namespaceLabels(ns)),
    hasNamespaceDecls: () => (recorder.add('n*'), model.hasNamespaceDecls()),
  };
  const lists: Record<string, string> = { namespaces: 'n*', services: 's*' };
  return new Proxy(model, {
    get(target, prop, receiver) {
      if (typeof prop === 'string') {
        if (prop in fns) return fns[prop];
        if (prop in lists) recorder.add(lists[prop]);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameNamespace(a: NamespaceInfo | undefined, b: NamespaceInfo | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.decl !== b.decl) return false;
  const ka = Object.keys(a.labels);
  return ka.length === Object.keys(b.labels).length && ka.every((k) => a.labels[k] === b.labels[k]);
}

/** The narrow keys whose data differ between two models of the same options. */
export function changedKeys(before: Model, after: Model): Set<string> {
  const keys = new Set<string>();
  for (const ns of new Set([...before.namespaces.keys(), ...after.namespaces.keys()])) {
    if (!sameItems(before.workloadsIn(ns), after.workloadsIn(ns))) keys.add(`w:${ns}`);
    if (!sameItems(before.policiesIn(ns), after.policiesIn(ns))) keys.add(`p:${ns}`);
    if (!sameNamespace(before.namespaces.get(ns), after.namespaces.get(ns))) keys.add(`n:${ns}`).add('n*');
  }
  if (!sameItems(before.services, after.services)) keys.add('s*');
  return keys;
}
