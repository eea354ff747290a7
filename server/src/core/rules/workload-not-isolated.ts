// A workload that no policy selects for ingress, in a namespace that has policies (so isolation was intended there):
// any pod or address may connect to it. kube-linter's non-isolated-pod, but judged on the whole workspace, policies of
// the namespace included. Namespaces without any policy are missing-default-deny's; host-network pods are
// host-network-pod's.
import type { Rule, RuleFinding } from './rule';

export const workloadNotIsolated: Rule = {
  id: 'workload-not-isolated',
  title: 'Workload not isolated by any policy',
  defaultSeverity: 'warning',
  checkWorkspace(ctx) {
    const findings: RuleFinding[] = [];
    for (const w of ctx.model.workloads) {
      if (w.hostNetwork) continue;
      const policies = ctx.model.policiesIn(w.namespace);
      if (policies.length === 0 || ctx.reach.isolatedBy(w, 'ingress').length > 0) continue;
      const egress = ctx.reach.isolatedBy(w, 'egress').length > 0 ? '' : ' (and its egress is not restricted either)';
      findings.push({
        message:
          `${w.id} is not isolated for ingress${egress}: none of the ${policies.length} ${policies.length === 1 ? 'policy' : 'policies'} in namespace ` +
          `${w.namespace} selects it, so any pod or address may connect to it. Select it in a policy, or add a default-deny ingress policy to ${w.namespace}.`,
        span: w.labelsSpan ?? w.nameSpan,
        data: { workload: w.id, namespace: w.namespace },
      });
    }
    return findings;
  },
};
