// Policies in a namespace none of whose workloads are in the workspace: nothing can be checked about which pods they
// select. Said once per namespace, at its first policy, instead of once per selector.
import type { NetworkPolicy } from '../types';
import type { Rule, RuleContext, RuleFinding } from './rule';

export const namespaceWithoutWorkloads: Rule = {
  id: 'namespace-without-workloads',
  title: 'Policies in a namespace with no workloads in view',
  defaultSeverity: 'info',
  checkWorkspace(ctx: RuleContext) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const policy of firstByNamespace(ctx.model.policies)) {
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

function firstByNamespace(policies: readonly NetworkPolicy[]): NetworkPolicy[] {
  return [...policies].sort((a, b) => (a.nameSpan.file < b.nameSpan.file ? -1 : a.nameSpan.file > b.nameSpan.file ? 1 : a.span.start - b.span.start));
}
