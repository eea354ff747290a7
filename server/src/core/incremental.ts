// Incremental analysis: the same findings as analyze(), re-computing after an edit only what the edit can affect.
//
// The unit of work is one rule on one policy (or one workspace-wide rule). While a unit runs, its rule sees the
// model through a recording view that notes what it reads: the workloads or policies of a namespace, a
// namespace's labels, or a whole list. Between two models, the analyzer lists what changed, by object identity
// (the Workspace re-extracts only the edited file, so unchanged objects keep their identity), and a unit is re-run
// only when something it read changed. Reading something the view does not know marks the unit as depending on
// everything, so a new rule or a new Model member can make the analysis slower, never wrong.
//
// `run` is a generator: it yields between units so that a caller can spread a long run over several event-loop
// turns and abandon it when a newer edit arrives. Units finished before an abandoned run stay valid for the next.
import { checkPolicy, checkWorkspace, ruleContext, RuleSettings, sortFindings } from './analyze';
import type { Model, NamespaceInfo } from './model';
import { RULES } from './rules';
import type { Rule } from './rules/rule';
import type { Finding, NetworkPolicy } from './types';

/** Depends on everything: re-run after any change. */
const ANY = '*';

interface Unit {
  findings: Finding[];
  deps: Set<string>;
  /** The model generation the unit was last known valid at. */
  gen: number;
}

export interface AnalysisResult {
  model: Model;
  /** Every finding, sorted by file and position (what analyze() returns). */
  findings: Finding[];
  /** The same findings by file, each list sorted. */
  byFile: Map<string, Finding[]>;
  /** Units run (not reused from an earlier run) during this run, for logs and tests. */
  recomputed: number;
}

export class IncrementalAnalyzer {
  private model?: Model;
  private gen = 0;
  private readonly changes: { gen: number; keys: Set<string> }[] = [];
  private policyUnits = new Map<NetworkPolicy, Map<string, Unit>>();
  private workspaceUnits = new Map<string, Unit>();

  constructor(
    readonly settings: RuleSettings = {},
    private readonly rules: readonly Rule[] = RULES,
  ) {}

  /** Analyses `model` to completion at once. */
  analyze(model: Model): AnalysisResult {
    const steps = this.run(model);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** Analyses `model`, yielding between units. */
  *run(model: Model): Generator<void, AnalysisResult, void> {
    this.advanceTo(model);
    let recomputed = 0;
    const policyRules = this.rules.filter((r) => r.checkPolicy);
    const workspaceRules = this.rules.filter((r) => r.checkWorkspace);
    for (const policy of model.policies) {
      let units = this.policyUnits.get(policy);
      if (!units) this.policyUnits.set(policy, (units = new Map()));
      for (const rule of policyRules) {
        if (this.valid(units.get(rule.id))) continue;
        units.set(rule.id, this.compute(model, (ctx) => checkPolicy(policy, ctx, this.settings, [rule])));
        recomputed++;
        yield;
      }
    }
    for (const rule of workspaceRules) {
      if (this.valid(this.workspaceUnits.get(rule.id))) continue;
      this.workspaceUnits.set(rule.id, this.compute(model, (ctx) => checkWorkspace(ctx, this.settings, [rule])));
      recomputed++;
      yield;
    }
    // A complete run: every unit kept is valid now, so older changes no longer matter.
    const live = new Map<NetworkPolicy, Map<string, Unit>>();
    for (const policy of model.policies) live.set(policy, this.policyUnits.get(policy)!);
    this.policyUnits = live;
    this.changes.length = 0;
    return { ...collect(model, live, this.workspaceUnits), recomputed };
  }

  private compute(model: Model, check: (ctx: ReturnType<typeof ruleContext>) => Finding[]): Unit {
    const deps = new Set<string>();
    const findings = check(ruleContext(recordingView(model, deps), this.settings));
    return { findings, deps, gen: this.gen };
  }

  private valid(unit: Unit | undefined): boolean {
    if (!unit) return false;
    if (unit.gen === this.gen) return true;
    for (const change of this.changes) {
      if (change.gen <= unit.gen) continue;
      if (unit.deps.has(ANY)) return false;
      for (const key of change.keys) if (unit.deps.has(key)) return false;
    }
    unit.gen = this.gen;
    return true;
  }

  private advanceTo(model: Model): void {
    if (model === this.model) return;
    if (this.model && this.model.options !== model.options) {
      this.policyUnits.clear();
      this.workspaceUnits.clear();
    }
    const keys = this.model ? changedKeys(this.model, model) : new Set([ANY]);
    this.model = model;
    this.gen++;
    this.changes.push({ gen: this.gen, keys });
  }
}

function collect(model: Model, policyUnits: Map<NetworkPolicy, Map<string, Unit>>, workspaceUnits: Map<string, Unit>): Omit<AnalysisResult, 'recomputed'> {
  const findings: Finding[] = [];
  for (const f of model.files) findings.push(...f.findings);
  for (const units of policyUnits.values()) for (const unit of units.values()) findings.push(...unit.findings);
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

/** The model as a rule sees it, noting in `deps` what the rule reads. */
function recordingView(model: Model, deps: Set<string>): Model {
  const fns: Record<string, unknown> = {
    workloadsIn: (ns: string) => (deps.add(`w:${ns}`), model.workloadsIn(ns)),
    policiesIn: (ns: string) => (deps.add(`p:${ns}`), model.policiesIn(ns)),
    workload: (id: string) => (deps.add(`w:${id.split('/')[0]}`), model.workload(id)),
    namespaceLabels: (ns: string) => (deps.add(`n:${ns}`), model.namespaceLabels(ns)),
    hasNamespaceDecls: () => (deps.add('n*'), model.hasNamespaceDecls()),
  };
  const lists: Record<string, string> = { workloads: 'w*', policies: 'p*', services: 's*', namespaces: 'n*', files: 'files' };
  return new Proxy(model, {
    get(target, prop, receiver) {
      if (typeof prop === 'string') {
        if (prop in fns) return fns[prop];
        if (prop in lists) {
          deps.add(lists[prop]);
          return Reflect.get(target, prop, receiver);
        }
        if (prop === 'options') return target.options;
      }
      deps.add(ANY);
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

/** What differs between two models, as the dependency keys recordingView notes. */
export function changedKeys(before: Model, after: Model): Set<string> {
  const keys = new Set<string>([ANY]);
  const names = new Set([...before.namespaces.keys(), ...after.namespaces.keys()]);
  for (const ns of names) {
    if (!sameItems(before.workloadsIn(ns), after.workloadsIn(ns))) keys.add(`w:${ns}`).add('w*');
    if (!sameItems(before.policiesIn(ns), after.policiesIn(ns))) keys.add(`p:${ns}`).add('p*');
    if (!sameNamespace(before.namespaces.get(ns), after.namespaces.get(ns))) keys.add(`n:${ns}`).add('n*');
  }
  if (!sameItems(before.workloads, after.workloads)) keys.add('w*');
  if (!sameItems(before.policies, after.policies)) keys.add('p*');
  if (!sameItems(before.services, after.services)) keys.add('s*');
  if (!sameItems(before.files, after.files)) keys.add('files');
  return keys;
}
