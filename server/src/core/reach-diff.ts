// The connectivity difference between two versions of a repository: which workload pairs may newly connect, may no
// longer connect, or connect on other ports, and which workloads exist on one side only. `diffConnections` compares
// two plain answers; `diffReachability` asks two `Reachability`s and also names the policies behind each change.
// Traffic with addresses outside the cluster is compared exactly too: per workload and direction, the addresses and
// ports gained and lost.
import { allowingPolicies } from './explain';
import { AddressPorts, externalAllowed, externalRules, subtractPieces } from './external-access';
import type { AddressSet } from './address-set';
import { PortSet } from './ports';
import type { Reachability } from './reach';
import type { Direction, NetworkPolicy, Workload } from './types';

/** What a workload's policies allow with addresses outside the cluster, per direction (as `externalAllowed`). */
export interface ExternalSnapshot {
  egress: readonly AddressPorts[];
  ingress: readonly AddressPorts[];
}

/** One side of the comparison: workload ids and the pairs with some allowed port (as `Reachability.connections`). */
export interface ReachSnapshot {
  workloads: readonly string[];
  connections: readonly { from: string; to: string; ports: PortSet }[];
  /**
   * Workload id → what it allows with addresses outside the cluster; a workload of `workloads` missing here allows
   * nothing. Compared only when both sides have it.
   */
  external?: ReadonlyMap<string, ExternalSnapshot>;
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

/** Addresses outside the cluster that `workload` gained or lost, in `direction`, on `ports`. */
export interface ExternalChange {
  workload: string;
  /** `egress`: traffic from the workload to the addresses; `ingress`: from the addresses to the workload. */
  direction: Direction;
  addresses: AddressSet;
  ports: PortSet;
  /** Gained: policy ids of the after side with a rule allowing some of it; empty when the direction is not isolated. */
  allowedBy: string[];
  /** Lost: policy ids of the after side isolating the direction; empty when the workload is gone. */
  deniedBy: string[];
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
  /**
   * Traffic with addresses outside the cluster, sorted by workload, egress before ingress: each entry one address
   * set with the ports on which exactly those addresses were gained (or lost).
   */
  external: { gained: ExternalChange[]; lost: ExternalChange[] };
}

export function isEmptyDiff(diff: ReachDiff): boolean {
  return (
    !diff.workloadsAdded.length &&
    !diff.workloadsRemoved.length &&
    !diff.added.length &&
    !diff.removed.length &&
    !diff.changed.length &&
    !diff.external.gained.length &&
    !diff.external.lost.length
  );
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
    external: before.external && after.external ? diffExternal(before.workloads, before.external, after.workloads, after.external) : { gained: [], lost: [] },
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

const NOTHING: ExternalSnapshot = { egress: [], ingress: [] };
const DIRECTIONS: readonly Direction[] = ['egress', 'ingress'];

function diffExternal(
  beforeIds: readonly string[],
  before: ReadonlyMap<string, ExternalSnapshot>,
  afterIds: readonly string[],
  after: ReadonlyMap<string, ExternalSnapshot>,
): ReachDiff['external'] {
  const external: ReachDiff['external'] = { gained: [], lost: [] };
  const beforeSet = new Set(beforeIds);
  const afterSet = new Set(afterIds);
  for (const workload of [...new Set([...beforeIds, ...afterIds])].sort(compareIds)) {
    const was = (beforeSet.has(workload) && before.get(workload)) || NOTHING;
    const now = (afterSet.has(workload) && after.get(workload)) || NOTHING;
    for (const direction of DIRECTIONS) {
      const change = (p: AddressPorts): ExternalChange => ({ workload, direction, addresses: p.addresses, ports: p.ports, allowedBy: [], deniedBy: [] });
      external.gained.push(...subtractPieces(now[direction], was[direction]).map(change));
      external.lost.push(...subtractPieces(was[direction], now[direction]).map(change));
    }
  }
  return external;
}

/** What `reach` answers, as a snapshot. */
export function reachSnapshot(reach: Reachability): ReachSnapshot {
  const external = new Map<string, ExternalSnapshot>();
  for (const w of reach.model.workloads) {
    if (!external.has(w.id)) external.set(w.id, { egress: externalAllowed(reach, w, 'egress'), ingress: externalAllowed(reach, w, 'ingress') });
  }
  return {
    workloads: reach.model.workloads.map((w) => w.id),
    connections: reach.connections().map((c) => ({ from: c.from.id, to: c.to.id, ports: c.ports })),
    external,
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
  for (const c of diff.external.gained) {
    const workload = after.model.workload(c.workload);
    const rules = workload ? externalRules(after, workload, c.direction) : undefined;
    // A rule allows part of the gained piece when both its addresses and its ports meet the piece's.
    const allowing = (rules ?? []).filter((r) => !r.addresses.intersect(c.addresses).isEmpty() && !r.ports.intersect(c.ports).isEmpty());
    c.allowedBy = policyIds(allowing.map((r) => r.policy));
  }
  for (const c of diff.external.lost) {
    const workload = after.model.workload(c.workload);
    if (workload) c.deniedBy = policyIds(after.isolatedBy(workload, c.direction));
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
