// Named ports: Azure NPM on Windows nodes does not support them (AKS documentation, limitations of Azure NPM).
import type { Rule, RuleFinding } from './rule';
import { azureNpmWindowsPods, unsupportedOnWindows } from './engine-common';
import { allPorts } from './walk';

export const engineNamedPort: Rule = {
  id: 'engine-named-port',
  title: 'Named port on an engine that does not support it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const windows = azureNpmWindowsPods(policy, ctx);
    if (windows.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const entry of allPorts(policy)) {
      if (typeof entry.port !== 'string') continue;
      // The number to write instead: what the name resolves to on those pods, when that is one number.
      const numbers = [...new Set(windows.flatMap((w) => w.ports.filter((p) => p.name === entry.port && p.protocol === entry.protocol).map((p) => p.port)))];
      findings.push({
        message: `${unsupportedOnWindows('named ports', windows)}: port "${entry.port}" will not be enforced as written there. Use the port number.`,
        span: entry.portSpan ?? entry.span,
        data: numbers.length === 1 ? { fix: 'replace-port', replacement: numbers[0] } : undefined,
      });
    }
    return findings;
  },
};
