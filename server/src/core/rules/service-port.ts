// Shared by ingress-service-port and egress-service-port: a numeric port that is a Service's `port` where the pods
// receive the traffic on a different `targetPort`. NetworkPolicy matches the pod's port (traffic sent to a Service is
// translated to a pod address and targetPort before it reaches the pod), so the entry misses the Service's traffic.
import type { Direction } from '../types';
import type { RuleContext, RuleFinding } from './rule';
import type { NetworkPolicy } from '../types';
import { entryProblems } from './port-checks';
import { enforcedRules } from './walk';

export function servicePortFindings(policy: NetworkPolicy, ctx: RuleContext, direction: Direction): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const rule of enforcedRules(policy, [direction])) {
    for (const { entry, problem } of entryProblems(policy, rule, ctx, 'service-port')) {
      const target = problem.targetName ? `${problem.target} ("${problem.targetName}")` : `${problem.target}`;
      const replacement = problem.targetName ?? problem.target;
      const message =
        direction === 'ingress'
          ? `Port ${problem.port} is the port of Service ${problem.service.id}, but its pods receive that traffic on targetPort ${target}, ` +
            `and NetworkPolicy matches the pod's port: this entry does not admit connections made through the Service. Allow ${problem.protocol} ${problem.target} instead.`
          : `Connections to Service ${problem.service.id} on port ${problem.port} reach its pods on targetPort ${target}, and NetworkPolicy matches ` +
            `the pod's port: this egress entry does not let them through. Allow ${problem.protocol} ${problem.target} instead.`;
      findings.push({
        message,
        span: entry.portSpan ?? entry.span,
        data: { fix: 'replace-port', replacement, service: problem.service.id, servicePort: problem.port },
      });
    }
  }
  return findings;
}
