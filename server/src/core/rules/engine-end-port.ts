// Cilium's Kubernetes NetworkPolicy page lists port ranges (endPort) among the known missing features (tracking
// issue cilium/cilium#16622); cilium/cilium#28684 reports that such policies were accepted with endPort ignored.
// Cilium 1.16 added port ranges, so the finding asks to check the version.
import type { Rule, RuleFinding } from './rule';
import { allPorts } from './walk';

export const engineEndPort: Rule = {
  id: 'engine-end-port',
  title: 'endPort on an engine that does not implement port ranges',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    if (ctx.engine !== 'cilium') return [];
    const findings: RuleFinding[] = [];
    for (const entry of allPorts(policy)) {
      if (entry.endPort === undefined || typeof entry.port !== 'number' || entry.endPort <= entry.port) continue;
      findings.push({
        message:
          `Cilium before 1.16 does not implement endPort (its documentation lists port ranges as a missing feature): ` +
          `${entry.protocol} ${entry.port}-${entry.endPort} is not enforced as a range there. On such versions list the ports one by one, or upgrade Cilium.`,
        span: entry.endPortSpan ?? entry.span,
      });
    }
    return findings;
  },
};
