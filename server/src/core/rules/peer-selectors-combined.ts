// One peer with both namespaceSelector and podSelector means "these pods in those namespaces" (AND). When nothing
// matches that, but the podSelector alone matches pods of the policy's own namespace and the namespaceSelector alone
// matches namespaces, the author most likely meant two peers (OR) and lost a "- " in the YAML.
import { formatSelector, selectorIsEmpty, selectorMatches } from '../selector';
import type { NetworkPolicy, PolicyPeer, Workload } from '../types';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { listNames, peerScope } from './scope';
import { enforcedRules } from './walk';

export interface CombinedPeerHint {
  /** Pods of the policy's namespace the podSelector matches on its own. */
  local: Workload[];
  /** Namespaces the namespaceSelector matches on its own. */
  namespaces: string[];
}

/** Set when `peer` matches nothing as one peer but each selector alone matches something. */
export function combinedPeerHint(policy: NetworkPolicy, peer: PolicyPeer, ctx: RuleContext): CombinedPeerHint | undefined {
  const ns = peer.namespaceSelector;
  const pod = peer.podSelector;
  if (peer.ipBlock || !ns || !pod || !ns.valid || !pod.valid || selectorIsEmpty(ns) || selectorIsEmpty(pod)) return undefined;
  const scope = peerScope(policy, peer, ctx);
  if (scope.workloads.length > 0 || scope.unseen || scope.namespaces.length === 0) return undefined;
  const local = ctx.model.workloadsIn(policy.namespace).filter((w) => selectorMatches(pod, w.labels));
  return local.length > 0 ? { local, namespaces: scope.namespaces } : undefined;
}

export const peerSelectorsCombined: Rule = {
  id: 'peer-selectors-combined',
  title: 'namespaceSelector and podSelector in one peer, probably meant as two peers',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    for (const rule of enforcedRules(policy)) {
      (rule.peers ?? []).forEach((peer, index) => {
        const hint = combinedPeerHint(policy, peer, ctx);
        if (!hint) return;
        const pod = formatSelector(peer.podSelector!);
        const ns = formatSelector(peer.namespaceSelector!);
        findings.push({
          message:
            `This peer means "pods ${pod} in namespaces ${ns}", and no workload is both. Yet ${pod} alone matches ` +
            `${listNames(hint.local.map((w) => w.id))} in ${policy.namespace}, and ${ns} alone matches namespaces ${listNames(hint.namespaces, 4)}. ` +
            `If you meant either of them, make two peers: put "- " before podSelector.`,
          span: peer.span,
          data: { fix: 'split-peer', policy: policy.id, direction: rule.direction, rule: rule.index, peer: index },
        });
      });
    }
    return findings;
  },
};
