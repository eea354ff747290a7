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
import type { FileObjects, Finding, NetworkPolicy, Span } from './types';

/** An unknown read: only the complete pass re-runs the unit. */
const ANY = '*';
/**
 * Reads of the whole workload or policy list, which almost every edit changes, are left to the complete pass. The
 * other keys are narrow: `w:<ns>`, `p:<ns>`, `n:<ns>`, `s:<ns>` (a namespace's Services), and `n*` / `s*` for the
 * namespace and Service lists (which change rarely, so that re-running every unit that looked at them is affordable). `t*` is the policy test files:
 * rules read the file list only for their cases, so that editing a test file re-checks its cases in the fast pass.
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
  readonly findings: Finding[];
  /** The same findings by file, each list sorted. Lists of files whose findings did not change keep their identity. */
  byFile: ReadonlyMap<string, Finding[]>;
  /** Files whose list of findings changed (by value) since the previous pass. */
  changedFiles: ReadonlySet<string>;
  /** The first pass of this analyzer (or after new options): any file may have changed since earlier results. */
  fresh: boolean;
  /** Units run (not reused) during this pass, for logs and tests. */
  recomputed: number;
  /** True after a complete pass; false after a fast pass, whose result the next complete pass may still correct. */
  complete: boolean;
}

/**
 * Where a pass's reads are noted: the unit running now. Rules read a namespace's lists thousands of times per pass;
 * each key string is made once (`w:` + namespace per read was a third of the recording cost, large workspace).
 */
class Recorder {
  current = new Set<string>();
  private readonly keys = new Map<string, Map<string, string>>();

  add(key: string): void {
    if (!GLOBAL_KEYS.has(key)) this.current.add(key);
  }

  /** Notes `<kind>:<namespace>` (kinds w, p, n, s). */
  read(kind: string, namespace: string): void {
    let byNamespace = this.keys.get(kind);
    if (!byNamespace) this.keys.set(kind, (byNamespace = new Map()));
    let key = byNamespace.get(namespace);
    if (key === undefined) byNamespace.set(namespace, (key = `${kind}:${namespace}`));
    this.current.add(key);
  }

  /** Notes `w:<namespace>` for a workload id (`namespace/Kind/name`). */
  workloadRead(id: string): void {
    const slash = id.indexOf('/');
    this.read('w', slash < 0 ? id : id.slice(0, slash));
  }
}

export class IncrementalAnalyzer {
  private model?: Model;
  private gen = 0;
  private readonly changes: { gen: number; keys: Set<string> }[] = [];
  private policyUnits = new Map<NetworkPolicy, Unit>();
  private workspaceUnits = new Map<string, Unit>();
  private files = new FileFindings();

  constructor(
    readonly settings: RuleSettings = {},
    private readonly rules: readonly Rule[] = RULES,
  ) {}

  /** A complete pass at once: the same findings as analyze(model). */
  analyze(model: Model): AnalysisResult {
    return drain(this.full(model));
  }

  /**
   * The fast pass: re-runs only the units an edit can affect by their narrow reads. With `focus`, only the policies
   * it accepts are checked (the editor's open files first); the others wait for the next pass without a focus.
   */
  *update(model: Model, focus?: (policy: NetworkPolicy) => boolean): Generator<void, AnalysisResult, void> {
    return yield* this.pass(model, false, focus);
  }

  /** The complete pass: re-runs every unit. */
  *full(model: Model): Generator<void, AnalysisResult, void> {
    return yield* this.pass(model, true);
  }

  private *pass(model: Model, complete: boolean, focus?: (policy: NetworkPolicy) => boolean): Generator<void, AnalysisResult, void> {
    this.advanceTo(model);
    // Policies that are gone (their file changed or went away) take their findings with them.
    const current = new Set(model.policies);
    for (const [policy, unit] of this.policyUnits) {
      if (current.has(policy)) continue;
      this.files.replace(unit, undefined);
      this.policyUnits.delete(policy);
    }
    const recorder = new Recorder();
    const view = recordingView(model, recorder);
    const ctx = ruleContext(view, this.settings, new RecordingReachability(view, recorder));
    /** Runs a unit; an unchanged answer keeps the previous unit's findings (and their identity). */
    const run = (previous: Unit | undefined, check: (ctx: RuleContext) => Finding[]): Unit => {
      recorder.current = new Set();
      const findings = check(ctx);
      if (previous && sameFindings(previous.findings, findings)) {
        previous.deps = recorder.current;
        previous.gen = this.gen;
        return previous;
      }
      const unit = { findings, deps: recorder.current, gen: this.gen };
      this.files.replace(previous, unit);
      return unit;
    };
    let recomputed = 0;
    const policyRules = this.rules.filter((r) => r.checkPolicy);
    const workspaceRules = this.rules.filter((r) => r.checkWorkspace);
    for (const policy of model.policies) {
      if (focus && !focus(policy)) continue;
      const previous = this.policyUnits.get(policy);
      if (!complete && this.valid(previous)) continue;
      this.policyUnits.set(policy, run(previous, (c) => checkPolicy(policy, c, this.settings, policyRules)));
      recomputed++;
      yield;
    }
    for (const rule of focus ? [] : workspaceRules) {
      const previous = this.workspaceUnits.get(rule.id);
      if (!complete && this.valid(previous)) continue;
      this.workspaceUnits.set(rule.id, run(previous, (c) => checkWorkspace(c, this.settings, [rule])));
      recomputed++;
      yield;
    }
    // After a pass over everything, every unit is valid for this model: older changes no longer matter.
    if (!focus) this.changes.length = 0;
    const order = new Map<Unit, number>();
    for (const policy of model.policies) {
      const unit = this.policyUnits.get(policy);
      if (unit) order.set(unit, order.size);
    }
    for (const unit of this.workspaceUnits.values()) order.set(unit, order.size);
    const fresh = this.files.fresh;
    const changedFiles = this.files.flush(model, order);
    return result(model, this.files.byFile, changedFiles, recomputed, complete, fresh);
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
      this.files = new FileFindings();
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

function result(
  model: Model,
  byFile: ReadonlyMap<string, Finding[]>,
  changedFiles: ReadonlySet<string>,
  recomputed: number,
  complete: boolean,
  fresh: boolean,
): AnalysisResult {
  let findings: Finding[] | undefined;
  return {
    model,
    byFile,
    changedFiles,
    recomputed,
    complete,
    fresh,
    get findings(): Finding[] {
      if (!findings) {
        findings = [];
        for (const file of [...byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) findings.push(...byFile.get(file)!);
      }
      return findings;
    },
  };
}

/**
 * Findings per file, kept across passes: a file's list is rebuilt only when its own findings (parse, extraction)
 * changed or a unit with findings in it was replaced. Lists are ordered as analyze() orders them: by position and
 * code, ties in the order file findings, policies (model order), workspace rules.
 */
class FileFindings {
  readonly byFile = new Map<string, Finding[]>();
  private readonly contributors = new Map<string, Set<Unit>>();
  private readonly objects = new Map<string, FileObjects>();
  /** The model files at the last flush, in order. */
  private files: readonly FileObjects[] = [];
  private readonly dirty = new Set<string>();
  /** Not flushed yet. */
  fresh = true;

  replace(old: Unit | undefined, next: Unit | undefined): void {
    if (old) {
      for (const f of old.findings) {
        this.dirty.add(f.span.file);
        this.contributors.get(f.span.file)?.delete(old);
      }
    }
    if (next) {
      for (const f of next.findings) {
        this.dirty.add(f.span.file);
        let set = this.contributors.get(f.span.file);
        if (!set) this.contributors.set(f.span.file, (set = new Set()));
        set.add(next);
      }
    }
  }

  /** Rebuilds the lists of the files touched since the last flush; returns those whose findings changed. */
  flush(model: Model, order: ReadonlyMap<Unit, number>): Set<string> {
    const files = model.files;
    if (files.length === this.files.length && files.every((f, i) => f.file === this.files[i].file)) {
      // The same files in the same order (an edit): only re-extracted ones differ, found without hashing every path.
      files.forEach((f, i) => {
        if (f === this.files[i]) return;
        this.objects.set(f.file, f);
        this.dirty.add(f.file);
      });
    } else {
      const present = new Set<string>();
      for (const f of files) {
        present.add(f.file);
        if (this.objects.get(f.file) !== f) {
          this.objects.set(f.file, f);
          this.dirty.add(f.file);
        }
      }
      for (const file of [...this.objects.keys()]) {
        if (present.has(file)) continue;
        this.objects.delete(file);
        this.dirty.add(file);
      }
    }
    this.files = files;
    const changed = new Set<string>();
    for (const file of this.dirty) {
      const list: Finding[] = [...(this.objects.get(file)?.findings ?? [])];
      const units = [...(this.contributors.get(file) ?? [])].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
      for (const unit of units) for (const f of unit.findings) if (f.span.file === file) list.push(f);
      sortFindings(list);
      const before = this.byFile.get(file);
      if (list.length === 0) {
        if (before) {
          this.byFile.delete(file);
          changed.add(file);
        }
      } else if (!before || !sameFindings(before, list)) {
        this.byFile.set(file, list);
        changed.add(file);
      }
    }
    this.dirty.clear();
    this.fresh = false;
    return changed;
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => sameFinding(f, b[i]));
}

function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end;
}

/** Equal by value: what a diagnostic shows and what a quick fix reads. */
export function sameFinding(a: Finding, b: Finding): boolean {
  if (a === b) return true;
  if (a.code !== b.code || a.severity !== b.severity || a.message !== b.message || !sameSpan(a.span, b.span)) return false;
  const ra = a.related ?? [];
  const rb = b.related ?? [];
  if (ra.length !== rb.length || ra.some((r, i) => r.message !== rb[i].message || !sameSpan(r.span, rb[i].span))) return false;
  return a.data === b.data || JSON.stringify(a.data) === JSON.stringify(b.data);
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
    this.recorder.read('p', endpoint.namespace);
    return super.policiesFor(endpoint);
  }
}

/**
 * The model as rules see it, noting their reads: a plain object of a fixed shape with every public member of the
 * model (the type says so: a member added to Model must be added here). A Proxy trapped every property read of every
 * rule, and an object whose prototype is the model changed the model's hidden class, deoptimising what handles it.
 */
function recordingView(model: Model, recorder: Recorder): Model {
  const view: { [K in keyof Model]: Model[K] } = {
    options: model.options,
    workloads: model.workloads,
    policies: model.policies,
    get namespaces() {
      recorder.add('n*');
      return model.namespaces;
    },
    get services() {
      recorder.add('s*');
      return model.services;
    },
    get files() {
      recorder.add('t*');
      return model.files;
    },
    workloadsIn: (ns) => (recorder.read('w', ns), model.workloadsIn(ns)),
    policiesIn: (ns) => (recorder.read('p', ns), model.policiesIn(ns)),
    workload: (id) => (recorder.workloadRead(id), model.workload(id)),
    namespaceLabels: (ns) => (recorder.read('n', ns), model.namespaceLabels(ns)),
    servicesIn: (ns) => (recorder.read('s', ns), model.servicesIn(ns)),
    hasNamespaceDecls: () => (recorder.add('n*'), model.hasNamespaceDecls()),
    // A read of every workload's labels: left to the complete pass, like the workload list.
    workloadsWithLabel: (key, value) => model.workloadsWithLabel(key, value),
  };
  return view as unknown as Model;
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
    if (!sameItems(before.servicesIn(ns), after.servicesIn(ns))) keys.add(`s:${ns}`);
  }
  if (!sameItems(before.services, after.services)) keys.add('s*');
  const testFiles = (m: Model): FileObjects[] => m.files.filter((f) => f.policyTests);
  if (!sameItems(testFiles(before), testFiles(after))) keys.add('t*');
  return keys;
}
