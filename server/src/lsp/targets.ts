// The model objects a located target points at, shared by definition and references: what a selector or peer
// selects, which policies select or admit a workload, which peers select a namespace.
import type { NetworkPolicy, PolicyPeer, Reachability, Span, Workload } from '../core';
import { peerMatches, selectedWorkloads } from '../core/explain';
import type { Target } from './locate';

/** Workloads (or namespace declarations) that a selector target designates; undefined for other targets. */
export function selectedBy(target: Target, reach: Reachability): Span[] | undefined {
  switch (target.kind) {
    case 'policy-selector':
      return selectedWorkloads(target.policy, reach).map((w) => w.nameSpan);
    case 'peer': {
      if (target.part === 'ipBlock') return [];
      const match = peerMatches(target.policy, target.peer, reach);
      if (target.part === 'namespaceSelector' && !target.peer.podSelector) {
        const decls = match.namespaces.map((ns) => reach.model.namespaces.get(ns)?.decl?.nameSpan).filter((s): s is Span => !!s);
        if (decls.length) return decls;
      }
      return match.workloads.map((w) => w.nameSpan);
    }
    case 'port': {
      const spans: Span[] = [];
      const port = target.port;
      const dests = target.rule.direction === 'ingress' ? selectedWorkloads(target.policy, reach) : (target.rule.peers ?? []).flatMap((p) => peerMatches(target.policy, p, reach).workloads);
      for (const w of dests) {
        for (const cp of w.ports) {
          const same = typeof port.port === 'number' ? cp.port >= port.port && cp.port <= (port.endPort ?? port.port) : port.port === undefined || cp.name === port.port;
          if (same && cp.protocol === port.protocol && cp.span.file) spans.push(cp.span);
        }
      }
      return spans;
    }
    default:
      return undefined;
  }
}

export interface Referrer {
  policy: NetworkPolicy;
  /** The podSelector of a policy that selects it, or a peer that admits it. */
  span: Span;
  peer?: PolicyPeer;
}

/** Policies that select a workload (their podSelector) and peers that admit it. */
export function referrersOfWorkload(workload: Workload, reach: Reachability, withPeers: boolean): Referrer[] {
  const out: Referrer[] = [];
  const { ingress, egress } = reach.policiesFor(workload);
  for (const policy of new Set([...ingress, ...egress])) out.push({ policy, span: policy.podSelector.span });
  if (!withPeers) return out;
  for (const policy of reach.model.policies) {
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      for (const peer of rule.peers ?? []) {
        if (reach.peerMatches(policy, peer, workload)) out.push({ policy, span: peer.span, peer });
      }
    }
  }
  return out;
}

/** Peers whose namespaceSelector selects a namespace. */
export function referrersOfNamespace(name: string, reach: Reachability): Referrer[] {
  const out: Referrer[] = [];
  for (const policy of reach.model.policies) {
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      for (const peer of rule.peers ?? []) {
        if (peer.namespaceSelector && reach.namespacesMatching(peer.namespaceSelector).includes(name)) out.push({ policy, span: peer.namespaceSelector.span, peer });
      }
    }
  }
  return out;
}
