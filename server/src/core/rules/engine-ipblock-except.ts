// ipBlock `except`: Azure NPM on Windows nodes does not support CIDRs with exceptions (AKS documentation).
import type { Rule, RuleFinding } from './rule';
import { azureNpmWindowsPods, unsupportedOnWindows } from './engine-common';
import { allPeers } from './walk';

export const engineIpblockExcept: Rule = {
  id: 'engine-ipblock-except',
  title: 'ipBlock except on an engine that does not support it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const windows = azureNpmWindowsPods(policy, ctx);
    if (windows.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const peer of allPeers(policy)) {
      const block = peer.ipBlock;
      if (!block || block.except.length === 0) continue;
      findings.push({
        message:
          `${unsupportedOnWindows('ipBlock except', windows)}: ` +
          `${block.cidr} except ${block.except.join(', ')} will not be enforced as written there. Split the range into CIDRs without exceptions.`,
        span: block.exceptSpans[0] ?? block.span,
      });
    }
    return findings;
  },
};
