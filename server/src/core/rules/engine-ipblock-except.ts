// ipBlock `except`: Azure NPM on Windows nodes does not support CIDRs with exceptions (AKS documentation).
import type { Rule, RuleFinding } from './rule';
import { windowsPods } from './engine-common';
import { listNames } from './scope';

export const engineIpblockExcept: Rule = {
  id: 'engine-ipblock-except',
  title: 'ipBlock except on an engine that does not support it',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    if (ctx.engine !== 'azure-npm') return [];
    const windows = windowsPods(policy, ctx);
    if (windows.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      for (const peer of rule.peers ?? []) {
        const block = peer.ipBlock;
        if (!block || block.except.length === 0) continue;
        findings.push({
          message:
            `Azure NPM does not support ipBlock except on Windows nodes, where ${listNames(windows.map((w) => w.id))} run: ` +
            `${block.cidr} except ${block.except.join(', ')} will not be enforced as written there. Split the range into CIDRs without exceptions.`,
          span: block.exceptSpans[0] ?? block.span,
        });
      }
    }
    return findings;
  },
};
