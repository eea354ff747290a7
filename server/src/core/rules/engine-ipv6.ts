// IPv6 ipBlocks: Azure NPM does not support IPv6 (AKS documentation, limitations of Azure NPM).
import { parseCidr } from '../cidr';
import type { Rule, RuleFinding } from './rule';
import { allPeers } from './walk';

export const engineIpv6: Rule = {
  id: 'engine-ipv6',
  title: 'IPv6 ipBlock on an engine without IPv6 support',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    if (ctx.engine !== 'azure-npm') return [];
    const findings: RuleFinding[] = [];
    for (const peer of allPeers(policy)) {
      const block = peer.ipBlock;
      if (!block || parseCidr(block.cidr)?.version !== 6) continue;
      findings.push({
        message: `Azure NPM does not support IPv6, so ipBlock ${block.cidr} of ${policy.id} is not enforced. Use Cilium (Azure CNI Powered by Cilium) for IPv6 policies.`,
        span: block.cidrSpan,
      });
    }
    return findings;
  },
};
