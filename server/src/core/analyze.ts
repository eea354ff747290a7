// The one entry point the CLI, the server and the tests call: a model in, every finding out (parse problems of
// each file plus the rule catalogue), with configured severities applied.
import type { Model } from './model';
import { Reachability } from './reach';
import { RULES } from './rules';
import type { Engine, Rule, RuleContext } from './rules/rule';
import type { Finding, NetworkPolicy, Severity } from './types';

export type SeveritySetting = Severity | 'off';

export interface RuleSettings {
  /** Per-rule severity overrides; 'off' disables a rule. */
  severities?: Readonly<Record<string, SeveritySetting>>;
  engine?: Engine;
}

export function ruleContext(model: Model, settings: RuleSettings = {}, reach = new Reachability(model)): RuleContext {
  return { model, reach, options: model.options, engine: settings.engine ?? 'generic' };
}

function configured(rule: Rule, settings: RuleSettings): SeveritySetting {
  return settings.severities?.[rule.id] ?? rule.defaultSeverity;
}

function finish(rule: Rule, setting: SeveritySetting, emitted: ReturnType<NonNullable<Rule['checkPolicy']>>): Finding[] {
  // A configured severity replaces the rule's own; left at default, a rule may grade its findings itself.
  const overridden = setting !== rule.defaultSeverity;
  return emitted.map((f) => ({ ...f, code: rule.id, severity: overridden ? (setting as Severity) : (f.severity ?? rule.defaultSeverity) }));
}

/** Findings of the per-policy rules for one policy. */
export function checkPolicy(policy: NetworkPolicy, ctx: RuleContext, settings: RuleSettings = {}, rules = RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const setting = configured(rule, settings);
    if (setting === 'off' || !rule.checkPolicy) continue;
    out.push(...finish(rule, setting, rule.checkPolicy(policy, ctx)));
  }
  return out;
}

/** Findings of the workspace-wide rules. */
export function checkWorkspace(ctx: RuleContext, settings: RuleSettings = {}, rules = RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const setting = configured(rule, settings);
    if (setting === 'off' || !rule.checkWorkspace) continue;
    out.push(...finish(rule, setting, rule.checkWorkspace(ctx)));
  }
  return out;
}

/** Every finding for the model: each file's parse findings and every rule's, sorted by file and position. */
export function analyze(model: Model, settings: RuleSettings = {}, ctx = ruleContext(model, settings)): Finding[] {
  const findings: Finding[] = [];
  for (const f of model.files) findings.push(...f.findings);
  for (const policy of model.policies) findings.push(...checkPolicy(policy, ctx, settings));
  findings.push(...checkWorkspace(ctx, settings));
  return sortFindings(findings);
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = map.get(f.span.file);
    if (list) list.push(f);
    else map.set(f.span.file, [f]);
  }
  return map;
}
