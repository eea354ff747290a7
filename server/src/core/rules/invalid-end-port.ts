// endPort is valid only with a numeric port no greater than it; the API server rejects anything else:
// endPort below port, endPort with a named port, endPort without port.
import type { Rule, RuleFinding } from './rule';
import { allPorts } from './walk';

export const invalidEndPort: Rule = {
  id: 'invalid-end-port',
  title: 'endPort below port, with a named port, or without port',
  defaultSeverity: 'error',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    for (const entry of allPorts(policy)) {
      if (!entry.endPortSpan) continue;
      const span = entry.endPortSpan;
      if (entry.port === undefined) {
        findings.push({
          message: `endPort needs a port to start the range from: the API server rejects ${policy.id}. Add \`port:\` with the first port of the range.`,
          span,
        });
      } else if (typeof entry.port === 'string') {
        findings.push({
          message:
            `endPort cannot follow the named port "${entry.port}" (a range needs a numeric port): the API server rejects ${policy.id}. ` +
            `Use the port number, or delete endPort.`,
          span,
        });
      } else if (entry.endPort !== undefined && !Number.isNaN(entry.port) && entry.endPort < entry.port) {
        findings.push({
          message:
            `endPort ${entry.endPort} is below port ${entry.port}: the API server rejects ${policy.id}. ` +
            `Swap them (port: ${entry.endPort}, endPort: ${entry.port}) if that range was meant.`,
          span,
          data: { fix: 'swap-ports', port: entry.port, endPort: entry.endPort },
        });
      }
    }
    return findings;
  },
};
