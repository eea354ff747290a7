// `netpolLens/flowGraph`: namespaces, workloads and the connections policies allow between them (with ports and the
// policies behind each), plus an `external` node for traffic with addresses outside the cluster (exactly: each address
// set with its ports, from external-access.ts). Filters: some namespaces, one workload, or one policy ("what does it
// change?": compared with the model without it). Every verdict comes from the core's Reachability; this file chooses
// the nodes and shapes the answer.
import {
  addressBlocks,
  addressesText,
  externalAllowed,
  FileObjects,
  Model,
  NetworkPolicy,
  PortSet,
  Reachability,
  subtractPieces,
  Workload,
  type AddressPorts,
  type Direction,
} from '../core';
import { allowingPolicies, externalPolicies, possiblePeers, selectedWorkloads } from '../core/explain';
import { AddressSet } from '../core/address-set';
import type { FlowEdge, FlowGraph, FlowGraphParams, FlowNamespace, FlowNode } from '../protocol';
import type { ServerContext } from './context';

export const DEFAULT_MAX_NODES = 300;
export const EXTERNAL = 'external';

function byId(a: Workload, b: Workload): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function portsJson(ports: PortSet): FlowEdge['ports'] {
  return ports.toJSON();
}

export function flowGraph(ctx: ServerContext, params: FlowGraphParams = {}): FlowGraph {
  const reach = ctx.reach();
  const model = reach.model;
  const maxNodes = Math.max(1, Math.floor(params.maxNodes ?? DEFAULT_MAX_NODES));
  const builder = new GraphBuilder(ctx, reach, maxNodes);
  const all = model.workloads; // sorted by id

  if (params.policy) {
    const policy = model.policies.find((p) => p.id === params.policy);
    if (policy) builder.policyChanges(policy, all);
  } else if (params.workload) {
    const w = model.workload(params.workload);
    if (w) builder.around([w], all, params.namespaces);
  } else if (params.namespaces && params.namespaces.length) {
    const wanted = new Set(params.namespaces);
    builder.around(all.filter((w) => wanted.has(w.namespace)), all, undefined);
  } else {
    builder.among(all);
  }
  return builder.finish(all.length);
}

class GraphBuilder {
  private readonly nodes = new Map<string, Workload>();
  private readonly edges: FlowEdge[] = [];
  private truncated = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly reach: Reachability,
    private readonly maxNodes: number,
  ) {}

  /** Adds a node unless the cap is reached; false when it is not (and will not be) in the graph. */
  private add(w: Workload): boolean {
    if (this.nodes.has(w.id)) return true;
    if (this.nodes.size >= this.maxNodes) {
      this.truncated = true;
      return false;
    }
    this.nodes.set(w.id, w);
    return true;
  }

  /** False when `w` is not in the graph and the cap leaves no room for it (nothing about it needs computing). */
  private roomFor(w: Workload): boolean {
    if (this.nodes.has(w.id) || this.nodes.size < this.maxNodes) return true;
    this.truncated = true;
    return false;
  }

  private edge(from: string, to: string, ports: PortSet, policies: NetworkPolicy[], extra: Partial<FlowEdge> = {}): void {
    this.edges.push({
      from,
      to,
      ports: portsJson(ports),
      label: ports.toString(),
      policies: [...new Set(policies.map((p) => p.id))].sort(),
      ...extra,
    });
  }

  /** Every connection among the first `maxNodes` workloads. */
  among(all: Workload[]): void {
    for (const w of all) if (!this.add(w)) break;
    const nodes = [...this.nodes.values()];
    const inGraph = new Set(nodes);
    for (const from of nodes) {
      for (const to of this.partners(from, 'egress', nodes)) {
        if (!inGraph.has(to)) continue;
        const ports = this.reach.allowed(from, to);
        if (!ports.isEmpty()) this.edge(from.id, to.id, ports, allowingPolicies(this.reach, from, to, ports));
      }
    }
    this.externalEdges(nodes);
  }

  /**
   * The workloads among `candidates` that `w` may reach (egress) or be reached from (ingress) as far as its own
   * policies go: with policies isolating it, only what their peers admit (a few); else every candidate. Each pair is
   * still asked of Reachability; this only spares asking about pairs its own side already rules out.
   */
  private partners(w: Workload, direction: 'egress' | 'ingress', candidates: readonly Workload[]): Iterable<Workload> {
    const possible = possiblePeers(this.reach, w, direction);
    if (!possible) return candidates;
    return possible.size < candidates.length ? possible : candidates.filter((c) => possible.has(c));
  }

  /** Connections to and from the focus workloads, with the workloads at their other ends. */
  around(focus: Workload[], all: Workload[], namespaces: string[] | undefined): void {
    const others = namespaces && namespaces.length ? all.filter((w) => namespaces.includes(w.namespace) || focus.includes(w)) : all;
    const allowedOthers = new Set(others);
    for (const w of focus) if (!this.add(w)) break;
    const inFocus = [...this.nodes.values()];
    const focusIds = new Set(inFocus.map((w) => w.id));
    const seen = new Set<string>();
    const consider = (from: Workload, to: Workload): void => {
      const key = `${from.id}\u0000${to.id}`;
      if (seen.has(key) || !this.roomFor(from) || !this.roomFor(to)) return;
      seen.add(key);
      const ports = this.reach.allowed(from, to);
      if (ports.isEmpty() || !this.add(focusIds.has(from.id) ? to : from)) return;
      this.edge(from.id, to.id, ports, allowingPolicies(this.reach, from, to, ports));
    };
    for (const a of inFocus) {
      for (const b of this.partners(a, 'egress', others)) if (allowedOthers.has(b)) consider(a, b);
      for (const b of this.partners(a, 'ingress', others)) if (allowedOthers.has(b)) consider(b, a);
    }
    this.externalEdges(inFocus);
  }

  /**
   * What `policy` adds and removes: connections compared with a model without it. A changed pair may show up to
   * three edges: the ports kept (no `change`), those added and those removed.
   */
  policyChanges(policy: NetworkPolicy, all: Workload[]): void {
    const model = this.reach.model;
    const without = new Reachability(new Model(model.files.map((f) => withoutPolicy(f, policy)), model.options));
    const selected = selectedWorkloads(policy, this.reach);
    for (const w of selected) this.add(w);
    const seen = new Set<string>();
    const consider = (from: Workload, to: Workload): void => {
      const key = `${from.id}\u0000${to.id}`;
      if (seen.has(key) || !this.roomFor(from) || !this.roomFor(to)) return;
      seen.add(key);
      const now = this.reach.allowed(from, to);
      const before = without.allowed(from, to);
      // Pairs the policy does not change are left out: the graph shows what it changes.
      if (now.equals(before)) return;
      if (!this.add(from) || !this.add(to)) return;
      const kept = now.intersect(before);
      const added = now.subtract(before);
      const removed = before.subtract(now);
      if (!kept.isEmpty()) this.edge(from.id, to.id, kept, allowingPolicies(this.reach, from, to, kept));
      if (!added.isEmpty()) this.edge(from.id, to.id, added, allowingPolicies(this.reach, from, to, added), { change: 'added' });
      if (!removed.isEmpty()) this.edge(from.id, to.id, removed, allowingPolicies(without, from, to, removed), { change: 'removed' });
    };
    for (const s of selected) {
      for (const w of all) {
        if (policy.affectsEgress) consider(s, w);
        if (policy.affectsIngress) consider(w, s);
      }
    }
    for (const w of selected) {
      if (!this.nodes.has(w.id)) continue;
      for (const direction of ['egress', 'ingress'] as const) {
        const now = externalAllowed(this.reach, w, direction);
        const before = externalAllowed(without, w, direction);
        // Address by address and port by port: a policy that moves a port from one range to another changes both.
        const added = subtractPieces(now, before);
        const removed = subtractPieces(before, now);
        // As for pairs of workloads: what the policy does not change is left out.
        if (added.length === 0 && removed.length === 0) continue;
        const kept = subtractPieces(now, added);
        this.externalEdge(w, direction, kept, externalPolicies(this.reach, w, direction));
        this.externalEdge(w, direction, added, externalPolicies(this.reach, w, direction), 'added');
        this.externalEdge(w, direction, removed, externalPolicies(without, w, direction), 'removed');
      }
    }
  }

  /** Exactly what `w` may exchange with addresses outside the cluster, per direction (`externalAllowed`'s pieces). */
  private externalEdges(workloads: Workload[]): void {
    for (const w of workloads) {
      for (const direction of ['egress', 'ingress'] as const) {
        this.externalEdge(w, direction, externalAllowed(this.reach, w, direction), externalPolicies(this.reach, w, direction));
      }
    }
  }

  /** An edge between `w` and outside the cluster carrying `pieces` (none: no edge); `ports` and `cidrs` their unions. */
  private externalEdge(w: Workload, direction: Direction, pieces: AddressPorts[], policies: NetworkPolicy[], change?: 'added' | 'removed'): void {
    if (pieces.length === 0) return;
    const ports = pieces.reduce((all, p) => all.union(p.ports), PortSet.EMPTY);
    const addresses = pieces.reduce((all, p) => all.union(p.addresses), AddressSet.EMPTY);
    const [from, to] = direction === 'egress' ? [w.id, EXTERNAL] : [EXTERNAL, w.id];
    this.edge(from, to, ports, policies, {
      ...(change ? { change } : {}),
      cidrs: addressBlocks(addresses).map((b) => (b.except.length ? `${b.cidr} except ${b.except.join(', ')}` : b.cidr)),
      external: pieces.map((p) => ({ addresses: addressesText(p.addresses), ports: portsJson(p.ports), label: p.ports.toString() })),
    });
  }

  finish(totalWorkloads: number): FlowGraph {
    const model = this.reach.model;
    const positions = this.ctx.positions;
    const nodes: FlowNode[] = [...this.nodes.values()].sort(byId).map((w) => {
      const { ingress, egress } = this.reach.policiesFor(w);
      return {
        id: w.id,
        type: 'workload',
        namespace: w.namespace,
        kind: w.kind,
        name: w.name,
        labels: { ...w.labels },
        ingressIsolated: ingress.length > 0,
        egressIsolated: egress.length > 0,
        policies: [...new Set([...ingress, ...egress].map((p) => p.id))].sort(),
        location: w.nameSpan.file ? positions.location(w.nameSpan) : undefined,
      };
    });
    const rank = (e: FlowEdge): string => `${e.from}\u0000${e.to}\u0000${e.change ?? ''}`;
    const edges = this.edges
      .filter((e) => (e.from === EXTERNAL || this.nodes.has(e.from)) && (e.to === EXTERNAL || this.nodes.has(e.to)))
      .sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    if (edges.some((e) => e.from === EXTERNAL || e.to === EXTERNAL)) {
      nodes.push({ id: EXTERNAL, type: 'external', name: 'outside the cluster', labels: {}, ingressIsolated: false, egressIsolated: false, policies: [] });
    }
    const used = new Set(nodes.filter((n) => n.namespace).map((n) => n.namespace!));
    const namespaces: FlowNamespace[] = [...used].sort().map((name) => {
      const info = model.namespaces.get(name);
      return {
        name,
        labels: { ...(info?.labels ?? {}) },
        declared: !!info?.decl,
        location: info?.decl ? positions.location(info.decl.nameSpan) : undefined,
      };
    });
    const policyLocations: Record<string, ReturnType<typeof positions.location>> = {};
    for (const p of model.policies) if (!(p.id in policyLocations)) policyLocations[p.id] = positions.location(p.nameSpan);
    return { namespaces, nodes, edges, truncated: this.truncated, totalWorkloads, policyLocations };
  }
}

function withoutPolicy(f: FileObjects, policy: NetworkPolicy): FileObjects {
  return f.file === policy.span.file ? { ...f, policies: f.policies.filter((p) => p !== policy) } : f;
}
