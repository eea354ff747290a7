// Policies in a namespace none of whose workloads are in the workspace: nothing can be checked about which pods they
// select. Said once per namespace, at its first policy, instead of once per selector.
import type { Rule, RuleContext, RuleFinding } from './rule';

export const namespaceWithoutWorkloads: Rule = {
  id: 'namespace-without-workloads',
  title: 'Policies in a namespace with no workloads in view',
  defaultSeverity: 'info',
  checkWorkspace(ctx: RuleContext) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    // Model.policies is in file order, and in document order within a file: the first of a namespace comes first.
    for (const policy of ctx.model.policies) {
      if (seen.has(policy.namespace) || ctx.model.workloadsIn(policy.namespace).length > 0) continue;
      seen.add(policy.namespace);
      const count = ctx.model.policiesIn(policy.namespace).length;
      findings.push({
        message:
          `Namespace ${policy.namespace} has no workloads in view, so NetworkPolicy Lens cannot check which pods its ` +
          `${count} ${count === 1 ? 'policy selects' : 'policies select'}. Add the workloads' manifests to the workspace to check them.`,
        span: policy.nameSpan,
      });
    }
    return findings;
  },
};
