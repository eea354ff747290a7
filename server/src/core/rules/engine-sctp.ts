// SCTP in policy ports: Cilium lists SCTP among the known missing NetworkPolicy features (its SCTP support is a beta
// to enable explicitly); Azure NPM on Windows nodes does not support SCTP (AKS documentation).
import type { Rule, RuleFinding } from './rule';
import { azureNpmWindowsPods, unsupportedOnWindows } from './engine-common';
import { allPorts } from './walk';

export const engineSctp: Rule = {
  id: 'engine-sctp',
  title: 'SCTP on an engine that does not support it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    let why: string | undefined;
    if (ctx.engine === 'cilium') {
      why = 'Cilium lists SCTP among its missing NetworkPolicy features (SCTP support is a beta that must be enabled with sctp.enabled=true)';
    } else {
      const windows = azureNpmWindowsPods(policy, ctx);
      if (windows.length) why = unsupportedOnWindows('SCTP', windows);
    }
    if (!why) return [];
    const findings: RuleFinding[] = [];
    for (const entry of allPorts(policy)) {
      if (entry.protocol !== 'SCTP' || !entry.protocolValid) continue;
      findings.push({
        message: `${why}: this SCTP entry of ${policy.id} may not be enforced as written. Test it on the cluster, or avoid SCTP rules there.`,
        span: entry.span,
      });
    }
    return findings;
  },
};
