// A numeric port that no destination pod declares, when every destination declares its ports: the rule opens a port
// nothing listens on (a typo, or a port that moved), and what was meant stays closed. containerPort is informational,
// so pods that declare no ports at all are given the benefit of the doubt. Service ports are the service-port rules'.
import type { Rule, RuleFinding } from './rule';
import { entryProblems } from './port-checks';
import { endpointName, listNames } from './scope';
import { enforcedRules } from './walk';

export const portNotListening: Rule = {
  id: 'port-not-listening',
  title: 'Port allowed to pods that do not listen on it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    for (const rule of enforcedRules(policy)) {
      for (const { entry, problem, destinations } of entryProblems(policy, rule, ctx, 'not-listening')) {
        findings.push({
          message:
            `No container of ${listNames(destinations.map(endpointName))} declares ${problem.protocol} port ${problem.port} ` +
            `(they declare ${problem.declared}), so this entry opens a port nothing listens on. Use the port the pods listen on.`,
          span: entry.portSpan ?? entry.span,
          data: { fix: 'replace-port', port: problem.port, protocol: problem.protocol },
        });
      }
    }
    return findings;
  },
};
