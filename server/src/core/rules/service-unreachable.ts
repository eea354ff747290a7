// A Service port that no client can use: every pod behind the Service is isolated for ingress and no ingress rule of
// the policies selecting them allows the port it forwards to (its targetPort) from any source. Typically a
// default-deny added without the allow rule, or a port added to the Service later. Causes reported by other rules are
// left to them: a rule with a wrong port (the Service's port instead of the targetPort, an unknown name, a port
// nothing listens on), a peer that matches nobody (selector-matches-nothing), an egress-only policy without
// policyTypes (implicit-ingress-isolation).
import type { NetworkPolicy, Workload } from '../types';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { PortSet } from '../ports';
import { resolveTarget, ruleHasBrokenEntry } from './port-checks';
import { listNames, ruleAdmitsSomeone, selectedWorkloads, serviceSelects, servicesIn } from './scope';

function implicitIngressOnly(p: NetworkPolicy): boolean {
  return !p.policyTypesSpan && (!p.ingress || p.ingress.length === 0) && p.affectsEgress;
}

/**
 * The policy a Service's finding belongs to: the first policy isolating the ingress of its first backend. Reporting
 * there, per policy, lets the editor re-check a Service only when a policy of its namespace (or what those policies
 * read) changes, instead of re-checking every Service of the workspace on every keystroke.
 */
function responsibleFor(backends: readonly Workload[], ctx: RuleContext): NetworkPolicy | undefined {
  return backends.length ? ctx.reach.isolatedBy(backends[0], 'ingress')[0] : undefined;
}

export const serviceUnreachable: Rule = {
  id: 'service-unreachable',
  title: 'Service port that no policy lets anyone reach',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    if (!policy.affectsIngress) return findings;
    const selected = selectedWorkloads(policy, ctx);
    if (selected.length === 0) return findings;
    for (const service of servicesIn(policy.namespace, ctx)) {
      if (!service.selector || Object.keys(service.selector).length === 0) continue;
      if (!selected.some((w) => serviceSelects(service, w))) continue;
      const backends = ctx.model.workloadsIn(service.namespace).filter((w) => !w.hostNetwork && serviceSelects(service, w));
      if (responsibleFor(backends, ctx) !== policy) continue;
      for (const sp of service.ports) {
        let open = false;
        let explained = false;
        const closed: { workload: Workload; target: number; policies: NetworkPolicy[] }[] = [];
        for (const w of backends) {
          const target = resolveTarget(sp, w);
          if (!target) continue;
          const policies = ctx.reach.isolatedBy(w, 'ingress');
          if (policies.length === 0) {
            open = true;
            break;
          }
          if (policies.every(implicitIngressOnly)) {
            explained = true;
            continue;
          }
          const names = [sp.name, typeof sp.targetPort === 'string' ? sp.targetPort : undefined].filter((n): n is string => !!n);
          let allowed = false;
          for (const p of policies) {
            for (const r of p.ingress ?? []) {
              if (ctx.reach.rulePorts(r, w).has(sp.protocol, target.port)) {
                if (ruleAdmitsSomeone(p, r, ctx)) allowed = true;
                else explained = true;
              } else if (ruleHasBrokenEntry(r, w, PortSet.of(sp.protocol, target.port), ctx, names)) {
                // A wrong port meant for this one (the Service's own, its name misspelled, a typo): the port rules say so.
                explained = true;
              }
            }
          }
          if (allowed) {
            open = true;
            break;
          }
          closed.push({ workload: w, target: target.port, policies });
        }
        if (open || explained || closed.length === 0) continue;
        const policies = [...new Set(closed.flatMap((c) => c.policies))];
        const targets = [...new Set(closed.map((c) => c.target))];
        const portName = sp.name ? ` (${sp.name})` : '';
        findings.push({
          message:
            `Nobody can reach Service ${service.id} on port ${sp.port}${portName}: its pods (${listNames(closed.map((c) => c.workload.id))}) are isolated ` +
            `for ingress by ${listNames(policies.map((p) => p.id))}, and no ingress rule allows ${sp.protocol} ${targets.join('/')} (the targetPort) from any source. ` +
            `Add an ingress rule for that port from the clients that need it.`,
          span: sp.span,
          related: policies.slice(0, 5).map((p) => ({ span: p.nameSpan, message: `${p.id} isolates these pods for ingress` })),
          data: { service: service.id, port: sp.port, protocol: sp.protocol, targetPorts: targets },
        });
      }
    }
    return findings;
  },
};
