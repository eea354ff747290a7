// Two neighbouring peers, one with only a namespaceSelector and one with only a podSelector, are alternatives (OR):
// every pod of those namespaces, or those pods of the policy's own namespace. When the podSelector matches nothing in
// the own namespace but matches pods in the selected namespaces, the author most likely meant one peer ("these pods in
// those namespaces") and wrote a "- " too many, which admits every pod of those namespaces.
import { dnsEndpoints } from '../dns';
import type { Endpoint } from '../reach';
import { formatSelector, selectorIsEmpty, selectorMatches } from '../selector';
import type { NetworkPolicy, PolicyPeer, PolicyRule } from '../types';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { listNames, peerScope } from './scope';
import { enforcedRules } from './walk';

export interface SplitPeerHint {
  namespacePeer: PolicyPeer;
  podPeer: PolicyPeer;
  /** Workloads in the namespace peer's namespaces that the pod peer's selector matches (and the assumed DNS pods). */
  matches: Endpoint[];
}

function namespaceOnly(p: PolicyPeer): boolean {
  return !p.ipBlock && !p.podSelector && !!p.namespaceSelector && p.namespaceSelector.valid && !selectorIsEmpty(p.namespaceSelector);
}

function podOnly(p: PolicyPeer): boolean {
  return !p.ipBlock && !p.namespaceSelector && !!p.podSelector && p.podSelector.valid && !selectorIsEmpty(p.podSelector);
}

/** Set when `peer` is the podSelector half of a split pair as described above. */
export function splitPeerHint(policy: NetworkPolicy, rule: PolicyRule, peer: PolicyPeer, ctx: RuleContext): SplitPeerHint | undefined {
  const peers = rule.peers ?? [];
  const i = peers.indexOf(peer);
  if (i < 0 || !podOnly(peer)) return undefined;
  const own = peerScope(policy, peer, ctx);
  if (own.workloads.length > 0 || own.unseen) return undefined;
  for (const j of [i - 1, i + 1]) {
    const other = peers[j];
    if (!other || !namespaceOnly(other)) continue;
    const namespaces = new Set(peerScope(policy, other, ctx).namespaces);
    const matches: Endpoint[] = ctx.model.workloads.filter((w) => namespaces.has(w.namespace) && selectorMatches(peer.podSelector!, w.labels));
    // Cluster DNS runs whether or not the workspace defines it: the split DNS rule of many guides (every pod of
    // kube-system, or kube-dns pods here) is this mistake too. When the namespaceSelector matches no namespace (`name:
    // kube-system`), nothing is admitted at all: forgotten-dns says so, and that the two peers were meant as one.
    const dns = dnsEndpoints(ctx.model, ctx.options.dns);
    if (dns.assumed) matches.push(...dns.endpoints.filter((e) => namespaces.has(e.namespace) && selectorMatches(peer.podSelector!, e.labels)));
    if (matches.length > 0) return { namespacePeer: other, podPeer: peer, matches };
  }
  return undefined;
}

export const peerSelectorsSplit: Rule = {
  id: 'peer-selectors-split',
  title: 'namespaceSelector and podSelector in two peers, probably meant as one',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    for (const rule of enforcedRules(policy)) {
      for (const peer of rule.peers ?? []) {
        const hint = splitPeerHint(policy, rule, peer, ctx);
        if (!hint) continue;
        const pod = formatSelector(peer.podSelector!);
        const ns = formatSelector(hint.namespacePeer.namespaceSelector!);
        findings.push({
          message:
            `These are two peers: every pod in namespaces ${ns}, or pods ${pod} in ${policy.namespace}, where none has ${pod}. ` +
            `${pod} does match ${listNames(hint.matches.map((w) => w.id ?? w.namespace))} in namespaces ${ns}: if you meant "pods ${pod} in namespaces ${ns}", ` +
            `remove the "- " before podSelector to make one peer. As written, every pod of those namespaces is admitted.`,
          span: peer.span,
          related: [{ span: hint.namespacePeer.span, message: `admits every pod in namespaces ${ns}` }],
          data: {
            fix: 'join-peers',
            policy: policy.id,
            direction: rule.direction,
            rule: rule.index,
            peers: [(rule.peers ?? []).indexOf(hint.namespacePeer), (rule.peers ?? []).indexOf(peer)],
          },
        });
      }
    }
    return findings;
  },
};
