// The rule catalogue: every rule the CLI and the server run. One rule, one file; docs in docs/rules/<id>.md.
import { forgottenDns } from './forgotten-dns';
import type { Rule } from './rule';
import { namespaceWithoutWorkloads, selectorMatchesNothing } from './selector-matches-nothing';

export const RULES: readonly Rule[] = [forgottenDns, selectorMatchesNothing, namespaceWithoutWorkloads];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
