// FlowGraph (from the server) → what the preview draws: namespace groups, workload nodes and edges, per workload or
// aggregated per namespace pair when the graph is too big to read. Pure: no DOM, so it is unit-tested in Node.
import type { FlowEdge, FlowGraph, FlowNode } from '../../server/src/protocol';

export type Isolation = 'isolated' | 'ingress-only' | 'egress-only' | 'unprotected' | 'external';

export type FlowMode = 'auto' | 'workloads' | 'namespaces';

/** Beyond this many drawn edges, `auto` aggregates flows per namespace pair. */
export const AGGREGATE_EDGE_LIMIT = 150;
/** Beyond this many workloads, `auto` aggregates too (hundreds of edge routes are slow to lay out and unreadable). */
export const AGGREGATE_NODE_LIMIT = 200;
/**
 * Beyond this many namespace-pair edges nothing is routed (layout time grows steeply, and a hairball says nothing):
 * the namespaces are drawn packed and the user narrows the view with the filters.
 */
export const MAX_DRAWN_EDGES = 300;

export interface ViewNode {
  /** Unique among nodes and groups: `n:<FlowNode.id>`. */
  key: string;
  node: FlowNode;
  /** Group key, absent for the outside-the-cluster node. */
  group?: string;
  isolation: Isolation;
  name: string;
  /** Kind and isolation in words, e.g. `Deployment · ingress isolated`. */
  detail: string;
  /** The label of flows from the workload to itself (replica to replica); drawn as a badge, not a loop. */
  selfFlow?: FlowEdge;
}

export interface ViewGroup {
  /** `g:<namespace>` */
  key: string;
  namespace: string;
  declared: boolean;
  nodeKeys: string[];
  /** In namespace mode: flows between workloads of this namespace (not drawn as edges). */
  internalFlows: FlowEdge[];
}

export interface ViewEdge {
  key: string;
  /** Node or group keys. */
  from: string;
  to: string;
  label: string;
  /** Per workload: the edge's own change. Aggregated: set when every flow in it has the same change. */
  change?: 'added' | 'removed';
  /** Aggregated edges hold several flows of different changes. */
  mixedChange: boolean;
  flows: FlowEdge[];
  aggregated: boolean;
}

export interface ViewGraph {
  groups: ViewGroup[];
  nodes: ViewNode[];
  edges: ViewEdge[];
  aggregated: boolean;
  /** Edges left undrawn because even per namespace pair there are more than MAX_DRAWN_EDGES. */
  hiddenEdges: number;
  /** A policy filter is active: unchanged edges are drawn dimmed. */
  comparing: boolean;
}

export const EXTERNAL_NAME = 'Outside the cluster';

export function isolationOf(node: FlowNode): Isolation {
  if (node.type === 'external') return 'external';
  if (node.ingressIsolated && node.egressIsolated) return 'isolated';
  if (node.ingressIsolated) return 'ingress-only';
  if (node.egressIsolated) return 'egress-only';
  return 'unprotected';
}

const ISOLATION_WORDS: Record<Isolation, string> = {
  isolated: 'isolated',
  'ingress-only': 'ingress isolated',
  'egress-only': 'egress isolated',
  unprotected: 'unprotected',
  external: 'ipBlock / anywhere',
};

export function isolationWords(isolation: Isolation): string {
  return ISOLATION_WORDS[isolation];
}

export function nodeKey(id: string): string {
  return `n:${id}`;
}

export function groupKey(namespace: string): string {
  return `g:${namespace}`;
}

/** An edge's label, with the CIDRs of flows to or from outside the cluster. */
export function edgeLabel(edge: FlowEdge): string {
  const cidrs = edge.cidrs ?? [];
  if (cidrs.length === 0) return edge.label;
  const shown = cidrs.slice(0, 2).join(', ');
  return `${edge.label} · ${shown}${cidrs.length > 2 ? ` +${cidrs.length - 2}` : ''}`;
}

export function shouldAggregate(graph: FlowGraph, mode: FlowMode): boolean {
  if (mode !== 'auto') return mode === 'namespaces';
  const workloads = graph.nodes.filter((n) => n.type === 'workload').length;
  const drawnEdges = graph.edges.filter((e) => e.from !== e.to).length;
  return drawnEdges > AGGREGATE_EDGE_LIMIT || workloads > AGGREGATE_NODE_LIMIT;
}

export function buildViewGraph(graph: FlowGraph, mode: FlowMode, comparing: boolean): ViewGraph {
  const aggregated = shouldAggregate(graph, mode);
  const groups = new Map<string, ViewGroup>();
  const declared = new Map(graph.namespaces.map((ns) => [ns.name, ns.declared]));
  const groupFor = (namespace: string): ViewGroup => {
    let group = groups.get(namespace);
    if (!group) {
      group = {
        key: groupKey(namespace),
        namespace,
        declared: declared.get(namespace) ?? false,
        nodeKeys: [],
        internalFlows: [],
      };
      groups.set(namespace, group);
    }
    return group;
  };
  // Namespaces the workspace declares are drawn even when empty; used-but-undeclared ones only with workloads
  // (kube-system and the other system namespaces would otherwise always clutter the view).
  for (const ns of graph.namespaces) if (ns.declared) groupFor(ns.name);

  const nodes: ViewNode[] = [];
  const byId = new Map<string, ViewNode>();
  // Outside the cluster is drawn twice, as a source on the left and a destination on the right, so that a layered
  // left-to-right layout does not bend every external flow back on itself.
  const externalEnds = new Map<'in' | 'out', ViewNode>();
  for (const node of graph.nodes) {
    if (byId.has(node.id)) continue;
    const isolation = isolationOf(node);
    if (node.type === 'external') {
      const used = { in: graph.edges.some((e) => e.from === node.id), out: graph.edges.some((e) => e.to === node.id) };
      for (const end of ['in', 'out'] as const) {
        if (!used[end] && (used.in || used.out || end === 'in')) continue;
        const view: ViewNode = {
          key: `${nodeKey(node.id)}#${end}`,
          node,
          isolation,
          name: EXTERNAL_NAME,
          detail: end === 'in' ? 'sources: ipBlock / anywhere' : 'destinations: ipBlock / anywhere',
        };
        externalEnds.set(end, view);
        nodes.push(view);
      }
      byId.set(node.id, externalEnds.get('out') ?? externalEnds.get('in')!);
      continue;
    }
    const view: ViewNode = {
      key: nodeKey(node.id),
      node,
      isolation,
      name: node.name,
      detail: `${node.kind ?? 'Workload'} · ${isolationWords(isolation)}`,
    };
    if (node.namespace !== undefined) {
      const group = groupFor(node.namespace);
      view.group = group.key;
      group.nodeKeys.push(view.key);
    }
    nodes.push(view);
    byId.set(node.id, view);
  }
  const endOf = (id: string, end: 'in' | 'out'): ViewNode | undefined =>
    byId.get(id)?.node.type === 'external' ? (externalEnds.get(end) ?? byId.get(id)) : byId.get(id);

  const edges: ViewEdge[] = [];
  const aggregates = new Map<string, ViewEdge>();
  graph.edges.forEach((edge, index) => {
    const from = endOf(edge.from, 'in');
    const to = endOf(edge.to, 'out');
    if (!from || !to) return;
    if (from === to) {
      from.selfFlow = edge;
      return;
    }
    if (!aggregated) {
      edges.push({
        key: `e:${index}`,
        from: from.key,
        to: to.key,
        label: edgeLabel(edge),
        change: edge.change,
        mixedChange: false,
        flows: [edge],
        aggregated: false,
      });
      return;
    }
    const fromEnd = from.group ?? from.key;
    const toEnd = to.group ?? to.key;
    if (fromEnd === toEnd) {
      if (from.node.namespace !== undefined) groupFor(from.node.namespace).internalFlows.push(edge);
      return;
    }
    const id = `${fromEnd}\u0000${toEnd}`;
    let aggregate = aggregates.get(id);
    if (!aggregate) {
      aggregate = { key: `a:${aggregates.size}`, from: fromEnd, to: toEnd, label: '', mixedChange: false, flows: [], aggregated: true };
      aggregates.set(id, aggregate);
      edges.push(aggregate);
    }
    aggregate.flows.push(edge);
  });
  for (const aggregate of aggregates.values()) {
    aggregate.label = aggregateLabel(aggregate.flows);
    const changes = new Set(aggregate.flows.map((f) => f.change));
    if (changes.size === 1) aggregate.change = aggregate.flows[0].change;
    else aggregate.mixedChange = [...changes].some((c) => c !== undefined);
  }
  const hiddenEdges = edges.length > MAX_DRAWN_EDGES ? edges.length : 0;
  return { groups: [...groups.values()], nodes, edges: hiddenEdges ? [] : edges, aggregated, hiddenEdges, comparing };
}

function aggregateLabel(flows: FlowEdge[]): string {
  if (flows.length === 1) return edgeLabel(flows[0]);
  const added = flows.filter((f) => f.change === 'added').length;
  const removed = flows.filter((f) => f.change === 'removed').length;
  const changes = [added ? `+${added}` : '', removed ? `−${removed}` : ''].filter(Boolean).join(' ');
  return `${flows.length} flows${changes ? ` (${changes})` : ''}`;
}
