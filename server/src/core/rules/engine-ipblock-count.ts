// Azure NPM: editing or deleting a "large enough" policy can hit a race that briefly allows unexpected connectivity
// for new connections on a node; the AKS documentation says this is most likely with several ipBlock sections and
// that four or fewer make it less likely.
import type { Rule } from './rule';
import { allPeers } from './walk';

const LIMIT = 4;

export const engineIpblockCount: Rule = {
  id: 'engine-ipblock-count',
  title: 'Many ipBlock sections on Azure NPM',
  defaultSeverity: 'info',
  checkPolicy(policy, ctx) {
    if (ctx.engine !== 'azure-npm') return [];
    const count = allPeers(policy).filter((peer) => peer.ipBlock).length;
    if (count <= LIMIT) return [];
    return [
      {
        message:
          `${policy.id} has ${count} ipBlock sections. Azure NPM may briefly allow unexpected new connections while a large policy is edited or deleted, ` +
          `most likely with many ipBlock sections; AKS recommends ${LIMIT} or fewer. Split it into smaller policies.`,
        span: policy.nameSpan,
      },
    ];
  },
};
