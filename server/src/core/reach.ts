// Reachability with exact Kubernetes NetworkPolicy semantics.
//
// - A pod is isolated for a direction when some policy in its namespace selects it and has that policy type.
//   Non-isolated: everything is allowed in that direction.
// - Isolated: allowed is the union, over every selecting policy of that type, of its rules of that direction.
// - A rule allows a peer when `from`/`to` is absent or empty, or some peer matches; it allows the ports listed, or
//   every port of every protocol when `ports` is absent or empty. Named ports resolve against the destination
//   pod's container ports (same name and protocol).
// - A connection src → dst on a port is allowed iff src's egress allows it AND dst's ingress allows it.
// - ipBlock peers match addresses outside the cluster; they never match a workload here (whether an engine applies
//   ipBlock to pod IPs is implementation-defined, which the engine rules discuss).
import { cidrContains, parseCidr, parseIp } from './cidr';
import { Model } from './model';
import { PortSet } from './ports';
import { selectorMatches } from './selector';
import type { Direction, LabelSelector, Labels, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Protocol, Workload } from './types';

/** Something that sends or receives traffic: a workload of the model, or a hypothetical pod (e.g. cluster DNS). */
export type Endpoint = Pick<Workload, 'namespace' | 'labels' | 'ports'> & Partial<Pick<Workload, 'id' | 'name' | 'kind'>>;

export interface RuleRef {
  policy: NetworkPolicy;
  rule: PolicyRule;
}

export interface DirectionVerdict {
  direction: Direction;
  /** Policies of this direction that select the endpoint (empty: not isolated, everything allowed). */
  isolatedBy: NetworkPolicy[];
  /** Rules that allow the connection (when isolated). */
  allowedBy: RuleRef[];
  allowed: boolean;
}

export interface Verdict {
  allowed: boolean;
  protocol: Protocol;
  port: number;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

export interface Connection {
  from: Workload;
  to: Workload;
  ports: PortSet;
}

/**
 * True for a ports entry the API server rejects (unknown protocol, a port that is no number, endPort without port,
 * with a named port, below port, or not a port number): reachability counts it as allowing nothing, and so must
 * every rule and explanation that reads ports.
 */
export function portEntryRejected(entry: PolicyPort): boolean {
  if (!entry.protocolValid) return true;
  if (entry.endPortSpan !== undefined && entry.endPort === undefined) return true;
  if (entry.port === undefined || typeof entry.port === 'string') return entry.endPort !== undefined;
  return Number.isNaN(entry.port) || (entry.endPort !== undefined && entry.endPort < entry.port);
}

/** Where `candidatePeers` looks for peers: the endpoints of a namespace, the namespaces a selector matches. */
export interface PeerUniverse<E extends Endpoint> {
  endpointsIn(namespace: string): Iterable<E>;
  namespacesMatching(selector: LabelSelector): readonly string[];
}

export class Reachability {
  private readonly selecting = new Map<string, { ingress: NetworkPolicy[]; egress: NetworkPolicy[] }>();

  constructor(readonly model: Model) {}

  /** True when `policy` selects the pods of `endpoint` (same namespace, podSelector matches). */
  selects(policy: NetworkPolicy, endpoint: Endpoint): boolean {
    return policy.namespace === endpoint.namespace && selectorMatches(policy.podSelector, endpoint.labels);
  }

  /** Policies selecting `endpoint`, by the direction they isolate. */
  policiesFor(endpoint: Endpoint): { ingress: NetworkPolicy[]; egress: NetworkPolicy[] } {
    const key = endpoint.id;
    const cached = key !== undefined ? this.selecting.get(key) : undefined;
    if (cached) return cached;
    const result = { ingress: [] as NetworkPolicy[], egress: [] as NetworkPolicy[] };
    for (const policy of this.model.policiesIn(endpoint.namespace)) {
      if (!this.selects(policy, endpoint)) continue;
      if (policy.affectsIngress) result.ingress.push(policy);
      if (policy.affectsEgress) result.egress.push(policy);
    }
    if (key !== undefined && this.model.workload(key) === endpoint) this.selecting.set(key, result);
    return result;
  }

  isolatedBy(endpoint: Endpoint, direction: Direction): NetworkPolicy[] {
    return this.policiesFor(endpoint)[direction];
  }

  /** Does `peer` of a rule in `policy` match the pods of `endpoint`? */
  peerMatches(policy: NetworkPolicy, peer: PolicyPeer, endpoint: Endpoint): boolean {
    if (peer.ipBlock) return false;
    if (!peer.podSelector && !peer.namespaceSelector) return false; // an empty peer is invalid and matches nothing
    if (peer.namespaceSelector) {
      if (!selectorMatches(peer.namespaceSelector, this.namespaceLabels(endpoint.namespace))) return false;
    } else if (endpoint.namespace !== policy.namespace) {
      return false;
    }
    return !peer.podSelector || selectorMatches(peer.podSelector, endpoint.labels);
  }

  /** Does the rule's `from`/`to` admit `endpoint`? Absent or empty admits everyone. */
  ruleAdmits(policy: NetworkPolicy, rule: PolicyRule, endpoint: Endpoint): boolean {
    if (!rule.peers || rule.peers.length === 0) return true;
    return rule.peers.some((peer) => this.peerMatches(policy, peer, endpoint));
  }

  /**
   * The ports a rule allows towards `destination` (whose container ports resolve named ports). Without a
   * destination pod (traffic to an address), named ports resolve to nothing.
   */
  rulePorts(rule: PolicyRule, destination: Pick<Endpoint, 'ports'> | undefined): PortSet {
    if (!rule.ports || rule.ports.length === 0) return PortSet.ALL;
    let set = PortSet.EMPTY;
    for (const entry of rule.ports) {
      if (portEntryRejected(entry)) continue;
      if (entry.port === undefined) {
        set = set.union(PortSet.allOf(entry.protocol));
      } else if (typeof entry.port === 'number') {
        set = set.union(PortSet.of(entry.protocol, entry.port, entry.endPort ?? entry.port));
      } else if (destination) {
        for (const cp of destination.ports) {
          if (cp.name === entry.port && cp.protocol === entry.protocol) set = set.union(PortSet.of(cp.protocol, cp.port));
        }
      }
    }
    return set;
  }

  /** What `source`'s egress allows towards `destination` (everything when source is not egress-isolated). */
  egressAllowed(source: Endpoint, destination: Endpoint): PortSet {
    return this.sideAllows('egress', source, destination, destination);
  }

  /** What `destination`'s ingress allows from `source`. */
  ingressAllowed(source: Endpoint, destination: Endpoint): PortSet {
    return this.sideAllows('ingress', destination, source, destination);
  }

  /** What `owner`'s policies for `direction` allow with `peer`, on `destination`'s ports (all when none isolates it). */
  private sideAllows(direction: Direction, owner: Endpoint, peer: Endpoint, destination: Endpoint): PortSet {
    const policies = this.isolatedBy(owner, direction);
    if (policies.length === 0) return PortSet.ALL;
    let set = PortSet.EMPTY;
    for (const policy of policies) {
      for (const rule of policy[direction] ?? []) {
        if (this.ruleAdmits(policy, rule, peer)) set = set.union(this.rulePorts(rule, destination));
        if (set.isAll()) return set;
      }
    }
    return set;
  }

  /** Ports on which `source` may open connections to `destination`. */
  allowed(source: Endpoint, destination: Endpoint): PortSet {
    const egress = this.egressAllowed(source, destination);
    if (egress.isEmpty()) return egress;
    return egress.intersect(this.ingressAllowed(source, destination));
  }

  /** Why a connection is allowed or denied: which policies isolate each side and which rules allow it. */
  explain(source: Endpoint, destination: Endpoint, protocol: Protocol, port: number): Verdict {
    const side = (direction: Direction): DirectionVerdict => {
      const owner = direction === 'egress' ? source : destination;
      const peer = direction === 'egress' ? destination : source;
      const isolatedBy = this.isolatedBy(owner, direction);
      const allowedBy: RuleRef[] = [];
      for (const policy of isolatedBy) {
        for (const rule of policy[direction] ?? []) {
          if (this.ruleAdmits(policy, rule, peer) && this.rulePorts(rule, destination).has(protocol, port)) {
            allowedBy.push({ policy, rule });
          }
        }
      }
      return { direction, isolatedBy, allowedBy, allowed: isolatedBy.length === 0 || allowedBy.length > 0 };
    };
    const egress = side('egress');
    const ingress = side('ingress');
    return { allowed: egress.allowed && ingress.allowed, protocol, port, egress, ingress };
  }

  /** Egress from `source` to an IP address outside the cluster. */
  egressToAddress(source: Endpoint, address: string, protocol: Protocol, port: number): DirectionVerdict {
    return this.addressSide('egress', source, address, protocol, port);
  }

  /** Ingress to `destination` from an IP address outside the cluster. */
  ingressFromAddress(address: string, destination: Endpoint, protocol: Protocol, port: number): DirectionVerdict {
    return this.addressSide('ingress', destination, address, protocol, port);
  }

  /** `endpoint`'s side of a connection with an address outside the cluster, in `direction`. */
  private addressSide(direction: Direction, endpoint: Endpoint, address: string, protocol: Protocol, port: number): DirectionVerdict {
    const ip = parseIp(address);
    const isolatedBy = this.isolatedBy(endpoint, direction);
    const allowedBy: RuleRef[] = [];
    // A named port resolves on the destination pod: the endpoint for ingress, nothing for egress to an address.
    const destination = direction === 'ingress' ? endpoint : undefined;
    for (const policy of isolatedBy) {
      for (const rule of policy[direction] ?? []) {
        if (!this.rulePorts(rule, destination).has(protocol, port)) continue;
        if (!rule.peers || rule.peers.length === 0 || (ip && rule.peers.some((p) => ipBlockAdmits(p, ip)))) {
          allowedBy.push({ policy, rule });
        }
      }
    }
    return { direction, isolatedBy, allowedBy, allowed: isolatedBy.length === 0 || allowedBy.length > 0 };
  }

  /** Every pair of workloads with some allowed port, sorted by source then destination id. */
  connections(workloads: readonly Workload[] = this.model.workloads): Connection[] {
    const result: Connection[] = [];
    const sorted = [...workloads].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Every pair is asked of allowed(), except those one side's own policies already rule out: in a repository of
    // default-deny namespaces that is nearly all of them (large benchmark workspace: 25 million pairs, 13 s before).
    const matching = new Map<LabelSelector, readonly string[]>();
    const universe: PeerUniverse<Workload> = {
      endpointsIn: (ns) => this.model.workloadsIn(ns),
      namespacesMatching: (selector) => {
        let names = matching.get(selector);
        if (!names) matching.set(selector, (names = this.namespacesMatching(selector)));
        return names;
      },
    };
    const sources = new Map(sorted.map((w) => [w, this.candidatePeers(w, 'ingress', universe)]));
    for (const from of sorted) {
      const destinations = this.candidatePeers(from, 'egress', universe);
      for (const to of sorted) {
        if (destinations && !destinations.has(to)) continue;
        const admitted = sources.get(to);
        if (admitted && !admitted.has(from)) continue;
        const ports = this.allowed(from, to);
        if (!ports.isEmpty()) result.push({ from, to, ports });
      }
    }
    return result;
  }

  /**
   * The workloads that `endpoint`'s own policies let it exchange traffic with in one direction: for an isolated
   * direction, those some rule's peers match; `undefined` when its side admits every pod (not isolated, or a rule
   * without peers). A superset used to skip pairs, never a verdict: ports and the other side are not considered.
   */
  candidatePeers(endpoint: Endpoint, direction: Direction): Set<Workload> | undefined;
  /** The same among other endpoints (policy tests add theirs), with the caller's namespace lookups. */
  candidatePeers<E extends Endpoint>(endpoint: Endpoint, direction: Direction, among: PeerUniverse<E>): Set<E> | undefined;
  candidatePeers(endpoint: Endpoint, direction: Direction, among?: PeerUniverse<Endpoint>): Set<Endpoint> | undefined {
    const endpointsIn = among?.endpointsIn ?? ((ns: string) => this.model.workloadsIn(ns));
    const namespacesMatching = among?.namespacesMatching ?? ((selector: LabelSelector) => this.namespacesMatching(selector));
    const policies = this.isolatedBy(endpoint, direction);
    if (policies.length === 0) return undefined;
    const out = new Set<Endpoint>();
    for (const policy of policies) {
      for (const rule of policy[direction] ?? []) {
        if (!rule.peers || rule.peers.length === 0) return undefined;
        for (const peer of rule.peers) {
          if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) continue;
          const namespaces = peer.namespaceSelector ? namespacesMatching(peer.namespaceSelector) : [policy.namespace];
          for (const ns of namespaces) for (const e of endpointsIn(ns)) if (!out.has(e) && this.peerMatches(policy, peer, e)) out.add(e);
        }
      }
    }
    return out;
  }

  namespaceLabels(namespace: string): Labels {
    return this.model.namespaceLabels(namespace);
  }

  /** Namespaces of the model that a namespaceSelector matches. */
  namespacesMatching(selector: LabelSelector): string[] {
    return [...this.model.namespaces.values()].filter((ns) => selectorMatches(selector, ns.labels)).map((ns) => ns.name);
  }
}

function ipBlockAdmits(peer: PolicyPeer, ip: { version: 4 | 6; address: bigint }): boolean {
  if (!peer.ipBlock) return false;
  const cidr = parseCidr(peer.ipBlock.cidr);
  if (!cidr || !cidrContains(cidr, ip)) return false;
  return !peer.ipBlock.except.some((e) => {
    const ex = parseCidr(e);
    return ex !== undefined && cidrContains(ex, ip);
  });
}
