// SCTP in policy ports: Cilium lists SCTP among the known missing NetworkPolicy features (its SCTP support is a beta
// to enable explicitly); Azure NPM on Windows nodes does not support SCTP (AKS documentation).
import type { Rule, RuleFinding } from './rule';
import { windowsPods } from './engine-common';
import { listNames } from './scope';

export const engineSctp: Rule = {
  id: 'engine-sctp',
  title: 'SCTP on an engine that does not support it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    let why: string | undefined;
    if (ctx.engine === 'cilium') {
      why = 'Cilium lists SCTP among its missing NetworkPolicy features (SCTP support is a beta that must be enabled with sctp.enabled=true)';
    } else if (ctx.engine === 'azure-npm') {
      const windows = windowsPods(policy, ctx);
      if (windows.length) why = `Azure NPM does not support SCTP on Windows nodes, where ${listNames(windows.map((w) => w.id))} run`;
    }
    if (!why) return [];
    const findings: RuleFinding[] = [];
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      for (const entry of rule.ports ?? []) {
        if (entry.protocol !== 'SCTP' || !entry.protocolValid) continue;
        findings.push({
          message: `${why}: this SCTP entry of ${policy.id} may not be enforced as written. Test it on the cluster, or avoid SCTP rules there.`,
          span: entry.span,
        });
      }
    }
    return findings;
  },
};
