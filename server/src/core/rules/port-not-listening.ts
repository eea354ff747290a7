// A numeric port that no destination pod declares, when every destination declares its ports: the rule opens a port
// nothing listens on (a typo, or a port that moved), and what was meant stays closed. containerPort is informational,
// so pods that declare no ports at all are given the benefit of the doubt. Service ports are the service-port rules'.
import type { Rule, RuleFinding } from './rule';
import { entryProblem, ruleDestinations } from './port-checks';
import { affects, endpointName, listNames } from './scope';

export const portNotListening: Rule = {
  id: 'port-not-listening',
  title: 'Port allowed to pods that do not listen on it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      if (!affects(policy, direction)) continue;
      for (const rule of (direction === 'ingress' ? policy.ingress : policy.egress) ?? []) {
        if (!rule.ports || rule.ports.length === 0) continue;
        const destinations = ruleDestinations(policy, rule, ctx);
        if (!destinations || destinations.length === 0) continue;
        for (const entry of rule.ports) {
          const problem = entryProblem(entry, destinations, ctx);
          if (!problem || problem.kind !== 'not-listening') continue;
          findings.push({
            message:
              `No container of ${listNames(destinations.map(endpointName))} declares ${problem.protocol} port ${problem.port} ` +
              `(they declare ${problem.declared}), so this entry opens a port nothing listens on. Use the port the pods listen on.`,
            span: entry.portSpan ?? entry.span,
            data: { fix: 'replace-port', port: problem.port, protocol: problem.protocol },
          });
        }
      }
    }
    return findings;
  },
};
