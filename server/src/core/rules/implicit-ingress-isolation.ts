// A policy with egress rules and no policyTypes gets policyTypes [Ingress, Egress] from the API server: besides
// restricting egress it makes the selected pods ingress-isolated with no ingress rule, so they accept no connections
// unless another policy admits them. Reported only when that changes something, i.e. when no other policy already
// isolates those pods for ingress.
import type { Rule } from './rule';
import { keySpan, listNames, selectedWorkloads } from './scope';

export const implicitIngressIsolation: Rule = {
  id: 'implicit-ingress-isolation',
  title: 'Egress-only policy without policyTypes also denies ingress',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    if (policy.policyTypesSpan || !policy.egressSpan || !policy.affectsEgress) return [];
    if (policy.ingress && policy.ingress.length > 0) return [];
    const selected = selectedWorkloads(policy, ctx).filter((w) => !w.hostNetwork);
    const newlyIsolated = selected.filter((w) => ctx.reach.isolatedBy(w, 'ingress').every((p) => p === policy));
    if (selected.length > 0 && newlyIsolated.length === 0) return [];
    const who = newlyIsolated.length ? listNames(newlyIsolated.map((w) => w.id)) : 'the pods it selects';
    return [
      {
        message:
          `${policy.id} has egress rules but no policyTypes, so Kubernetes applies it to Ingress too: ${who} now ${newlyIsolated.length === 1 ? 'accepts' : 'accept'} no ` +
          `inbound connections unless another policy allows them. Add policyTypes: [Egress] if it should restrict egress only.`,
        span: keySpan(policy.egressSpan, 'egress'),
        data: { fix: 'add-policy-types', policy: policy.id, policyTypes: ['Egress'] },
      },
    ];
  },
};
