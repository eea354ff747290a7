// A namespace with workloads in view and no policy selecting all of its pods (`podSelector: {}`) for a direction:
// whatever pod no other policy selects is open in that direction, including pods added later. Missing ingress
// default-deny is a warning; missing egress default-deny alone is information (many platforms start with ingress).
// System namespaces are left alone.
import type { Span } from '../types';
import type { Rule, RuleFinding } from './rule';
import { defaultDenyPolicies, isSystemNamespace } from './scope';

export const missingDefaultDeny: Rule = {
  id: 'missing-default-deny',
  title: 'Namespace without default-deny policy',
  defaultSeverity: 'warning',
  checkWorkspace(ctx) {
    const findings: RuleFinding[] = [];
    const namespaces = [...new Set(ctx.model.workloads.map((w) => w.namespace))].sort();
    for (const namespace of namespaces) {
      if (isSystemNamespace(namespace) || namespace === ctx.options.dns.namespace) continue;
      const workloads = ctx.model.workloadsIn(namespace).filter((w) => !w.hostNetwork);
      if (workloads.length === 0) continue;
      const deny = defaultDenyPolicies(namespace, ctx);
      const missing = [...(deny.ingress.length ? [] : ['Ingress']), ...(deny.egress.length ? [] : ['Egress'])];
      if (missing.length === 0) continue;
      const decl = ctx.model.namespaces.get(namespace)?.decl;
      const span: Span = decl?.nameSpan ?? ctx.model.policiesIn(namespace)[0]?.nameSpan ?? workloads[0].nameSpan;
      const unselected = workloads.filter((w) => missing.some((m) => ctx.reach.isolatedBy(w, m === 'Ingress' ? 'ingress' : 'egress').length === 0));
      const open = unselected.length
        ? ` Today ${unselected.length} of its ${workloads.length} workloads ${unselected.length === 1 ? 'is' : 'are'} open that way.`
        : ' Every workload is covered by its own policy today, but new ones will not be.';
      const what =
        missing.length === 2
          ? 'no default-deny policy: pods that no policy selects accept connections from anywhere and may connect anywhere.'
          : missing[0] === 'Ingress'
            ? 'no default-deny ingress policy: pods that no policy selects for ingress accept connections from anywhere.'
            : 'default-deny ingress but no default-deny egress: pods that no policy selects for egress may connect anywhere.';
      findings.push({
        severity: missing.includes('Ingress') ? 'warning' : 'info',
        message:
          `Namespace ${namespace} has ${what}${open} Add a policy with \`podSelector: {}\` and policyTypes [${missing.join(', ')}], ` +
          `then allow what each workload needs${missing.includes('Egress') ? ' (DNS included)' : ''}.`,
        span,
        data: { fix: 'add-default-deny', namespace, policyTypes: missing },
      });
    }
    return findings;
  },
};
