// A rule that allows nothing another rule of the same policy and direction does not already allow: an exact
// duplicate (copy-paste), or a narrower rule shadowed by a broader one (a peer list and ports both covered). It
// changes nothing today and misleads whoever later edits one copy and not the other.
import type { Rule, RuleFinding } from './rule';
import { canonicalRuleKey, ruleCovers } from './canonical';
import type { PortSet } from '../ports';
import type { PolicyRule } from '../types';
import { affects, ordinal, rulesOf, selectedWorkloads } from './scope';

export const redundantRule: Rule = {
  id: 'redundant-rule',
  title: 'Rule duplicated or shadowed by another rule of the policy',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      if (!affects(policy, direction)) continue;
      const rules = rulesOf(policy, direction);
      if (rules.length < 2 || rules.length > 200) continue;
      const keys = rules.map(canonicalRuleKey);
      // Ingress ports resolve on the pods the policy selects: `http` and 80 may be the same port there.
      const selected = direction === 'ingress' ? selectedWorkloads(policy, ctx) : [];
      const portsOn = (rule: PolicyRule): PortSet[] | undefined =>
        selected.length > 0 && selected.length <= 50 ? selected.map((w) => ctx.reach.rulePorts(rule, w)) : undefined;
      rules.forEach((rule, i) => {
        if (keys[i] === undefined) return;
        // Equal rules: the later copy is the redundant one. Otherwise any rule strictly broader shadows it.
        const twin = keys.findIndex((key, j) => j < i && key === keys[i]);
        // Two rules covering each other (written differently, meaning the same): only the later one is reported.
        const cover =
          twin >= 0
            ? twin
            : rules.findIndex((other, j) => j !== i && keys[j] !== undefined && keys[j] !== keys[i] && ruleCovers(other, rule, portsOn) && !(j > i && ruleCovers(rule, other, portsOn)));
        if (cover < 0) return;
        const other = rules[cover];
        const what = twin >= 0 ? `is the same as the ${ordinal(cover + 1)} ${direction} rule` : `is covered by the ${ordinal(cover + 1)} ${direction} rule, which allows the same peers and ports and more`;
        findings.push({
          message: `This ${direction} rule ${what}, so it adds nothing to ${policy.id}. Delete it, or merge the two if they should differ.`,
          span: rule.span,
          related: [{ span: other.span, message: twin >= 0 ? 'the same rule' : 'the broader rule' }],
          data: { fix: 'delete-rule', policy: policy.id, direction, rule: rule.index },
        });
      });
    }
    return findings;
  },
};
