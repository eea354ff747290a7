// A `from`/`to` entry with none of podSelector, namespaceSelector and ipBlock (`- {}`, or `- podSelector:` with no
// value, which is null): the API server rejects the policy ("must specify a peer"). To admit every pod of the
// namespace the peer must say `podSelector: {}`; every pod of the cluster, `namespaceSelector: {}`.
import type { Rule, RuleFinding } from './rule';
import { allPeers } from './walk';

export const emptyPeer: Rule = {
  id: 'empty-peer',
  title: 'Peer without podSelector, namespaceSelector or ipBlock',
  defaultSeverity: 'error',
  checkPolicy(policy) {
    const findings: RuleFinding[] = [];
    for (const peer of allPeers(policy)) {
      if (peer.podSelector || peer.namespaceSelector || peer.ipBlock) continue;
      findings.push({
        message:
          `This peer has no podSelector, namespaceSelector or ipBlock (a selector with no value is null), so the API server ` +
          `rejects ${policy.id}. Write \`podSelector: {}\` for every pod in ${policy.namespace}, or \`namespaceSelector: {}\` for every pod in the cluster.`,
        span: peer.span,
      });
    }
    return findings;
  },
};
