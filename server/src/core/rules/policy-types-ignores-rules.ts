// policyTypes written without Egress (or Ingress) while the policy has egress (ingress) rules: the API server keeps
// the rules but nothing enforces them, so the direction stays open for the selected pods. Almost always a forgotten
// entry in policyTypes after adding rules.
import type { Direction } from '../types';
import type { Rule, RuleFinding } from './rule';
import { affects, keySpan } from './scope';

const TYPE: Record<Direction, 'Ingress' | 'Egress'> = { ingress: 'Ingress', egress: 'Egress' };

export const policyTypesIgnoresRules: Rule = {
  id: 'policy-types-ignores-rules',
  title: 'policyTypes omits a direction that has rules (the rules are ignored)',
  defaultSeverity: 'error',
  checkPolicy(policy) {
    if (!policy.declaredPolicyTypes || policy.declaredPolicyTypes.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = direction === 'ingress' ? policy.ingress : policy.egress;
      const span = direction === 'ingress' ? policy.ingressSpan : policy.egressSpan;
      if (affects(policy, direction) || !rules || rules.length === 0 || !span) continue;
      const count = rules.length === 1 ? `its ${direction} rule is` : `its ${rules.length} ${direction} rules are`;
      findings.push({
        message:
          `policyTypes lists only ${policy.declaredPolicyTypes.join(', ')}, so ${count} ignored: ${policy.id} does not restrict ` +
          `${direction === 'ingress' ? 'inbound' : 'outbound'} traffic of the pods it selects. Add ${TYPE[direction]} to policyTypes, or delete the ${direction} rules.`,
        span: keySpan(span, direction),
        related: policy.policyTypesSpan ? [{ span: policy.policyTypesSpan, message: 'policyTypes without ' + TYPE[direction] }] : undefined,
        data: { fix: 'add-policy-type', policy: policy.id, policyType: TYPE[direction] },
      });
    }
    return findings;
  },
};
