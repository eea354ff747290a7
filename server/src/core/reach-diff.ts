// The connectivity difference between two versions of a repository: which workload pairs may newly connect, may no
// longer connect, or connect on other ports, and which workloads exist on one side only. `diffConnections` compares
// two plain answers; `diffReachability` asks two `Reachability`s and also names the policies behind each change.
import { allowingPolicies } from './explain';
import { PortSet } from './ports';
import type { Reachability } from './reach';
import type { NetworkPolicy, Workload } from './types';

/** One side of the comparison: workload ids and the pairs with some allowed port (as `Reachability.connections`). */
export interface ReachSnapshot {
  workloads: readonly string[];
  connections: readonly { from: string; to: string; ports: PortSet }[];
}

export interface PairChange {
  from: string;
  to: string;
  /** Policy ids (`<ns>/<name>`) of the after side that allow the new ports; empty when neither side is isolated. */
  allowedBy: string[];
  /** Policy ids of the after side that isolate a side no longer allowing the lost ports; empty when a workload is gone. */
  deniedBy: string[];
}

export interface AddedConnection extends PairChange {
  ports: PortSet;
}

export interface RemovedConnection extends PairChange {
  ports: PortSet;
}

export interface ChangedConnection extends PairChange {
  before: PortSet;
  after: PortSet;
  /** Ports allowed after and not before. */
  gained: PortSet;
  /** Ports allowed before and not after. */
  lost: PortSet;
}

export interface ReachDiff {
  /** Workload ids only in the after side, sorted. */
  workloadsAdded: string[];
  /** Workload ids only in the before side, sorted. */
  workloadsRemoved: string[];
  /** Every list sorted by source id, then destination id. */
  added: AddedConnection[];
  removed: RemovedConnection[];
  changed: ChangedConnection[];
}

export function isEmptyDiff(diff: ReachDiff): boolean {
  return !diff.workloadsAdded.length && !diff.workloadsRemoved.length && !diff.added.length && !diff.removed.length && !diff.changed.length;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const comparePairs = (a: { from: string; to: string }, b: { from: string; to: string }): number => compareIds(a.from, b.from) || compareIds(a.to, b.to);

/** Pair key → allowed ports; a pair listed twice (duplicate workload ids) counts once with the union of its ports. */
function byPair(connections: ReachSnapshot['connections']): Map<string, { from: string; to: string; ports: PortSet }> {
  const map = new Map<string, { from: string; to: string; ports: PortSet }>();
  for (const c of connections) {
    const key = `${c.from}\u0000${c.to}`;
    const seen = map.get(key);
    map.set(key, { from: c.from, to: c.to, ports: seen ? seen.ports.union(c.ports) : c.ports });
  }
  return map;
}

/** The difference between two answers, without policy attribution (`allowedBy`/`deniedBy` stay empty). */
export function diffConnections(before: ReachSnapshot, after: ReachSnapshot): ReachDiff {
  const beforeIds = new Set(before.workloads);
  const afterIds = new Set(after.workloads);
  const beforePairs = byPair(before.connections);
  const afterPairs = byPair(after.connections);
  const diff: ReachDiff = {
    workloadsAdded: [...afterIds].filter((id) => !beforeIds.has(id)).sort(compareIds),
    workloadsRemoved: [...beforeIds].filter((id) => !afterIds.has(id)).sort(compareIds),
    added: [],
    removed: [],
    changed: [],
  };
  for (const [key, now] of afterPairs) {
    const was = beforePairs.get(key);
    if (!was || was.ports.isEmpty()) {
      if (!now.ports.isEmpty()) diff.added.push({ from: now.from, to: now.to, ports: now.ports, allowedBy: [], deniedBy: [] });
    } else if (!was.ports.equals(now.ports)) {
      if (now.ports.isEmpty()) {
        diff.removed.push({ from: now.from, to: now.to, ports: was.ports, allowedBy: [], deniedBy: [] });
      } else {
        const gained = now.ports.subtract(was.ports);
        const lost = was.ports.subtract(now.ports);
        diff.changed.push({ from: now.from, to: now.to, before: was.ports, after: now.ports, gained, lost, allowedBy: [], deniedBy: [] });
      }
    }
  }
  for (const [key, was] of beforePairs) {
    if (afterPairs.has(key) || was.ports.isEmpty()) continue; // a pair on both sides was handled above
    diff.removed.push({ from: was.from, to: was.to, ports: was.ports, allowedBy: [], deniedBy: [] });
  }
  diff.added.sort(comparePairs);
  diff.removed.sort(comparePairs);
  diff.changed.sort(comparePairs);
  return diff;
}

/** What `reach` answers, as a snapshot. */
export function reachSnapshot(reach: Reachability): ReachSnapshot {
  return {
    workloads: reach.model.workloads.map((w) => w.id),
    connections: reach.connections().map((c) => ({ from: c.from.id, to: c.to.id, ports: c.ports })),
  };
}

/**
 * The difference between two models' reachability, each change with the after side's policies behind it: those
 * allowing the ports gained (or the new pair), and those isolating a side that no longer allows the ports lost.
 */
export function diffReachability(before: Reachability, after: Reachability): ReachDiff {
  const diff = diffConnections(reachSnapshot(before), reachSnapshot(after));
  const pair = (change: { from: string; to: string }): [Workload, Workload] | undefined => {
    const from = after.model.workload(change.from);
    const to = after.model.workload(change.to);
    return from && to ? [from, to] : undefined;
  };
  const allowed = (change: PairChange, ports: PortSet): void => {
    const ends = pair(change);
    if (ends && !ports.isEmpty()) change.allowedBy = policyIds(allowingPolicies(after, ends[0], ends[1], ports));
  };
  const denied = (change: PairChange, ports: PortSet): void => {
    const ends = pair(change);
    if (ends && !ports.isEmpty()) change.deniedBy = denyingPolicies(after, ends[0], ends[1], ports);
  };
  for (const c of diff.added) allowed(c, c.ports);
  for (const c of diff.removed) denied(c, c.ports);
  for (const c of diff.changed) {
    allowed(c, c.gained);
    denied(c, c.lost);
  }
  return diff;
}

/**
 * Policies isolating a side of `from` → `to` that does not allow all of `ports`: NetworkPolicy has no deny rules, so
 * traffic is denied by the policies that isolate a side without a rule allowing it.
 */
function denyingPolicies(reach: Reachability, from: Workload, to: Workload, ports: PortSet): string[] {
  const policies: NetworkPolicy[] = [];
  if (!ports.subtract(reach.egressAllowed(from, to)).isEmpty()) policies.push(...reach.isolatedBy(from, 'egress'));
  if (!ports.subtract(reach.ingressAllowed(from, to)).isEmpty()) policies.push(...reach.isolatedBy(to, 'ingress'));
  return policyIds(policies);
}

function policyIds(policies: readonly { id: string }[]): string[] {
  return [...new Set(policies.map((p) => p.id))].sort(compareIds);
}
