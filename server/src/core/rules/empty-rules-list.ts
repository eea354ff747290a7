// `ingress: []` / `egress: []` (or the key with no value) spelled out: when the direction is in effect it denies
// everything in that direction (unlike `[{}]`, which allows everything); when it is not, because policyTypes leaves
// the direction out or is absent (egress counts only when it has rules), it does nothing at all.
import type { Rule, RuleFinding } from './rule';
import { affects, keySpan } from './scope';

export const emptyRulesList: Rule = {
  id: 'empty-rules-list',
  title: 'Empty ingress/egress list: deny-all, or no effect',
  defaultSeverity: 'warning',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = direction === 'ingress' ? policy.ingress : policy.egress;
      const span = direction === 'ingress' ? policy.ingressSpan : policy.egressSpan;
      if (!span || (rules && rules.length > 0)) continue;
      const Type = direction === 'ingress' ? 'Ingress' : 'Egress';
      const traffic = direction === 'ingress' ? 'inbound' : 'outbound';
      if (affects(policy, direction)) {
        findings.push({
          severity: 'hint',
          message:
            `An empty ${direction} list allows no ${traffic} traffic: the pods ${policy.id} selects are ${direction}-isolated ` +
            `with no exception (deny all). \`${direction}: [{}]\` would allow all ${traffic} traffic instead.`,
          span: keySpan(span, direction),
        });
      } else {
        const why = policy.policyTypesSpan
          ? `policyTypes does not include ${Type}`
          : `without policyTypes, ${Type} applies only when ${direction} has rules`;
        findings.push({
          message:
            `\`${direction}: []\` has no effect here: ${why}, so ${policy.id} leaves ${traffic} traffic of its pods unrestricted. ` +
            `To deny all ${traffic} traffic, add ${Type} to policyTypes.`,
          span: keySpan(span, direction),
          // Without policyTypes, Ingress is in effect already; writing the field must keep it.
          data: policy.policyTypesSpan
            ? { fix: 'add-policy-type', policy: policy.id, policyType: Type }
            : { fix: 'add-policy-types', policy: policy.id, policyTypes: ['Ingress', 'Egress'] },
        });
      }
    }
    return findings;
  },
};
