// What a rule is. Each rule lives in its own file under rules/ and is listed in rules/index.ts.
import type { Model } from '../model';
import type { Reachability } from '../reach';
import type { AnalysisOptions, Finding, NetworkPolicy, Severity } from '../types';

export interface RuleContext {
  model: Model;
  reach: Reachability;
  options: AnalysisOptions;
  /** The policy engine the cluster runs (engine-specific rules use it). */
  engine: Engine;
}

export type Engine = 'generic' | 'azure-npm' | 'calico' | 'cilium' | 'none';
export const ENGINES: readonly Engine[] = ['generic', 'azure-npm', 'calico', 'cilium', 'none'];

/** A finding as a rule emits it; the engine fills in `code` and applies configured severities. */
export type RuleFinding = Omit<Finding, 'code' | 'severity'> & { severity?: Severity };

export interface Rule {
  /** Stable id: the diagnostic code, the docs page (docs/rules/<id>.md) and the settings key. */
  id: string;
  title: string;
  defaultSeverity: Severity;
  /** Checks one policy. Most rules are per policy, which lets the server re-check only what an edit touched. */
  checkPolicy?(policy: NetworkPolicy, ctx: RuleContext): RuleFinding[];
  /** Checks the workspace as a whole (per namespace, per workload). */
  checkWorkspace?(ctx: RuleContext): RuleFinding[];
}
