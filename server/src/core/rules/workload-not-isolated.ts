// A workload that no policy selects for ingress, in a namespace that has policies (so isolation was intended there):
// any pod or address may connect to it. kube-linter's non-isolated-pod, but judged on the whole workspace, policies of
// the namespace included. Namespaces without any policy are missing-default-deny's; host-network pods are
// host-network-pod's. The namespace's findings are reported by the unit of its first policy, so that the editor
// re-checks them only when that namespace's policies or workloads change.
import type { Rule, RuleFinding } from './rule';

export const workloadNotIsolated: Rule = {
  id: 'workload-not-isolated',
  title: 'Workload not isolated by any policy',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    const policies = ctx.model.policiesIn(policy.namespace);
    if (policies[0] !== policy) return findings;
    for (const w of ctx.model.workloadsIn(policy.namespace)) {
      if (w.hostNetwork || ctx.reach.isolatedBy(w, 'ingress').length > 0) continue;
      const egress = ctx.reach.isolatedBy(w, 'egress').length > 0 ? '' : ' (and its egress is not restricted either)';
      findings.push({
        message:
          `${w.id} is not isolated for ingress${egress}: ` +
          (policies.length === 1
            ? `the only policy in namespace ${w.namespace}, ${policies[0].name}, does not select it`
            : `none of the ${policies.length} policies in namespace ${w.namespace} selects it`) +
          `, so any pod or address may connect to it. Select it in a policy, or add a default-deny ingress policy to ${w.namespace}.`,
        span: w.labelsSpan ?? w.nameSpan,
        data: { workload: w.id, namespace: w.namespace },
      });
    }
    return findings;
  },
};
