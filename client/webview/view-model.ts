// FlowGraph (from the server) → what the preview draws: namespace groups, workload nodes and edges. A namespace is
// drawn expanded (its workloads inside, each flow its own edge) or collapsed (one box; its flows merged per namespace
// pair). Big graphs start with every namespace collapsed; the user expands the ones they want. Edges that meet at a
// node with the same ports share one label; a shared service's edges are summed up on its box instead of drawn. Pure: no DOM, so it is unit-tested
// in Node.
import type { FlowEdge, FlowGraph, FlowNode } from '../../server/src/protocol';

export type Isolation = 'isolated' | 'ingress-only' | 'egress-only' | 'unprotected' | 'external';

export type FlowMode = 'auto' | 'workloads' | 'namespaces';

/** Namespaces the user expanded (true) or collapsed (false), over what the mode draws by default. */
export type NamespaceToggles = Readonly<Record<string, boolean>>;

/** Beyond this many edges to route (shared services' edges are not routed), `auto` collapses every namespace. */
export const AGGREGATE_EDGE_LIMIT = 100;
/**
 * Beyond this many workloads, `auto` collapses every namespace: past a few dozen boxes and a hundred arrows a drawing
 * of every workload is a texture, not a map (and its layout takes seconds).
 */
export const AGGREGATE_NODE_LIMIT = 60;
/**
 * Beyond this many edges nothing is routed (layout time grows steeply, and a hairball says nothing): the boxes are
 * drawn packed and the user narrows the view with the filters.
 */
export const MAX_DRAWN_EDGES = 300;
/** Port items an edge's drawn label shows before `+N` (the full list is in the tooltip and the side panel). */
export const MAX_LABEL_PORTS = 2;
/** This many edges meeting at a node with the same ports share one label. */
export const BUNDLE_MIN_EDGES = 3;
/**
 * A node that reaches (or is reached from) at least HUB_MIN_ENDS others and HUB_SHARE of all, or HUB_MANY_ENDS
 * whatever the share (no drawing of that many converging arrows says more than their count), is a hub.
 */
export const HUB_MIN_ENDS = 8;
export const HUB_SHARE = 0.4;
export const HUB_MANY_ENDS = 32;
const MAX_LABEL_LINE = 28;

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

export interface IsolationCounts {
  isolated: number;
  /** One direction isolated. */
  partial: number;
  unprotected: number;
}

export interface ViewGroup {
  /** `g:<namespace>` */
  key: string;
  namespace: string;
  declared: boolean;
  /** Drawn as one box; its workloads are not drawn and its flows are merged per namespace pair. */
  collapsed: boolean;
  /** The workloads drawn inside (none when collapsed). */
  nodeKeys: string[];
  /** Every workload of the namespace in the graph, drawn or not. */
  workloads: FlowNode[];
  isolation: IsolationCounts;
  /** When collapsed: flows between workloads of this namespace (not drawn as edges). */
  internalFlows: FlowEdge[];
}

export interface ViewEdge {
  key: string;
  /** Node or group keys. */
  from: string;
  to: string;
  /** The whole label, for tooltips and exports: ports (and CIDRs), or a count of flows. */
  label: string;
  /** What the drawing shows: one or two short lines. */
  lines: string[];
  /** Per workload: the edge's own change. Aggregated: set when every flow in it has the same change. */
  change?: 'added' | 'removed';
  /** Aggregated edges hold several flows of different changes. */
  mixedChange: boolean;
  flows: FlowEdge[];
  /** An end is a collapsed namespace: the edge stands for the flows between the two ends. */
  aggregated: boolean;
  /** Set when the edge's label is drawn once for several edges (see ViewBundle) instead of on the edge. */
  bundle?: ViewBundle;
  /** Set when the edge is not routed but summed up at a shared service (see ViewHub). */
  hub?: ViewHub;
}

/**
 * A shared service: a node most others talk to (CoreDNS, an ingress controller, Prometheus scraping everything). Its
 * edges to or from them are not routed (a hundred lines converging on one box hide every other flow); the box says
 * instead how many it reaches or is reached from, and a click shows which.
 */
export interface ViewHub {
  key: string;
  /** A shared service, or a box open to anywhere outside the cluster (see openToAnywhere). */
  kind: 'service' | 'anywhere';
  /** The service's node or group key. */
  node: string;
  /** `out`: it reaches the others (Prometheus); `in`: the others reach it (CoreDNS). */
  direction: 'out' | 'in';
  /** Node or group keys at the other ends. */
  ends: string[];
  edges: ViewEdge[];
  /** The ports of every one of its flows, when they are the same. */
  ports?: string;
  /** What the box says, e.g. `→ 40 namespaces · TCP 9090`. */
  text: string;
}

/**
 * Edges that meet at one node with the same ports, e.g. every workload's DNS lookups to CoreDNS or Prometheus
 * scraping every workload: their shared label is drawn once, at that node, instead of once per edge.
 */
export interface ViewBundle {
  key: string;
  /** Where the edges meet: at their heads (all go to `node`) or their tails (all come from it). */
  end: 'head' | 'tail';
  node: string;
  lines: string[];
  edges: ViewEdge[];
  change?: 'added' | 'removed';
}

export interface ViewGraph {
  groups: ViewGroup[];
  nodes: ViewNode[];
  edges: ViewEdge[];
  bundles: ViewBundle[];
  hubs: ViewHub[];
  /** Some namespace is collapsed. */
  aggregated: boolean;
  /** Edges left undrawn because there are more than MAX_DRAWN_EDGES. */
  hiddenEdges: number;
  /** A policy filter is active: unchanged edges are drawn dimmed. */
  comparing: boolean;
}

export const EXTERNAL_NAME = 'Outside the cluster';
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);
/** How the server writes every address (FlowExternalPiece.addresses). */
const ANY_ADDRESS = 'any address';

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

/**
 * What a flow to or from outside the cluster allows, piece by piece, each as its ports and the addresses they are
 * allowed with (`TCP 443 → 203.0.113.0/24`; `←` into the workload); undefined for other flows and older servers.
 */
export function externalPieces(edge: FlowEdge): string[] | undefined {
  if (!edge.external || (edge.from !== 'external' && edge.to !== 'external')) return undefined;
  const arrow = edge.to === 'external' ? '→' : '←';
  return edge.external.map((p) => `${p.label} ${arrow} ${p.addresses}`);
}

/** An edge's whole label: its ports, or exactly what it allows with which addresses outside the cluster. */
export function edgeLabel(edge: FlowEdge): string {
  const pieces = externalPieces(edge);
  if (pieces) return pieces.join(' · ');
  const cidrs = edge.cidrs ?? [];
  if (cidrs.length === 0) return edge.label;
  const shown = cidrs.slice(0, 2).join(', ');
  return `${edge.label} · ${shown}${cidrs.length > 2 ? ` +${cidrs.length - 2}` : ''}`;
}

/**
 * A port list cut to its first `max` items, the rest counted: `TCP 80, 443, 8080, 9090` → `TCP 80, 443 +2`. A label
 * that is not a port list (the server's words, or anything else) is only clipped.
 */
export function shortPorts(label: string, max = MAX_LABEL_PORTS): string {
  const groups = label.split('; ').map((group) => /^([A-Z]+) (.+)$/.exec(group));
  if (groups.some((g) => g === null)) return clipText(label, MAX_LABEL_LINE);
  let budget = max;
  let hidden = 0;
  const parts: string[] = [];
  for (const [, protocol, list] of groups as RegExpExecArray[]) {
    const items = list.split(', ');
    const shown = items.slice(0, Math.max(0, budget));
    budget -= shown.length;
    hidden += items.length - shown.length;
    if (shown.length) parts.push(`${protocol} ${shown.join(', ')}`);
  }
  return clipText(`${parts.join('; ')}${hidden ? ` +${hidden}` : ''}`, MAX_LABEL_LINE);
}

/**
 * What the drawing writes on one flow: its ports, and under them the addresses outside the cluster when they are
 * some ranges (not "anywhere": the node says that already). A flow allowing different ports with different addresses
 * shows its first piece and how many more (the tooltip and the side panel list them all).
 */
export function flowLines(edge: FlowEdge): string[] {
  const pieces = edge.from === 'external' || edge.to === 'external' ? edge.external : undefined;
  if (pieces && pieces.length) {
    const [first] = pieces;
    const more = pieces.length > 1 ? ` +${pieces.length - 1} more` : '';
    if (first.addresses === ANY_ADDRESS && !more) return [shortPorts(first.label)];
    return [shortPorts(first.label), `${clipText(first.addresses, MAX_LABEL_LINE - more.length)}${more}`];
  }
  const lines = [shortPorts(edge.label)];
  const cidrs = (edge.cidrs ?? []).filter((c) => !ANYWHERE.has(c));
  if (cidrs.length && cidrs.length === (edge.cidrs ?? []).length) {
    lines.push(clipText(`${cidrs[0]}${cidrs.length > 1 ? ` +${cidrs.length - 1}` : ''}`, MAX_LABEL_LINE));
  }
  return lines;
}

function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Whether the mode starts with every namespace collapsed. `auto` does when the graph has more workloads than fit, or
 * more edges to route once shared services are summed up (a hundred DNS lookups do not make a graph unreadable; a
 * hundred flows between teams do).
 */
export function shouldAggregate(graph: FlowGraph, mode: FlowMode): boolean {
  if (mode !== 'auto') return mode === 'namespaces';
  const workloads = graph.nodes.filter((n) => n.type === 'workload').length;
  if (workloads > AGGREGATE_NODE_LIMIT) return true;
  const routed = build(graph, false, false, {}).edges.filter((e) => !e.hub).length;
  return routed > AGGREGATE_EDGE_LIMIT;
}

/** Whether a namespace is drawn collapsed: the user's choice, else the mode's. */
export function isCollapsed(namespace: string, collapsedByDefault: boolean, toggles: NamespaceToggles): boolean {
  const expanded = Object.prototype.hasOwnProperty.call(toggles, namespace) ? toggles[namespace] : undefined;
  return expanded === undefined ? collapsedByDefault : !expanded;
}

export function buildViewGraph(graph: FlowGraph, mode: FlowMode, comparing: boolean, toggles: NamespaceToggles = {}): ViewGraph {
  return build(graph, shouldAggregate(graph, mode), comparing, toggles);
}

function build(graph: FlowGraph, collapsedByDefault: boolean, comparing: boolean, toggles: NamespaceToggles): ViewGraph {
  const groups = new Map<string, ViewGroup>();
  const declared = new Map(graph.namespaces.map((ns) => [ns.name, ns.declared]));
  const groupFor = (namespace: string): ViewGroup => {
    let group = groups.get(namespace);
    if (!group) {
      group = {
        key: groupKey(namespace),
        namespace,
        declared: declared.get(namespace) ?? false,
        collapsed: isCollapsed(namespace, collapsedByDefault, toggles),
        nodeKeys: [],
        workloads: [],
        isolation: { isolated: 0, partial: 0, unprotected: 0 },
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
  /** Where a workload's flows are drawn from: its node, or its collapsed namespace. */
  const endKey = new Map<string, string>();
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
    byId.set(node.id, view);
    if (node.namespace === undefined) {
      nodes.push(view);
      endKey.set(node.id, view.key);
      continue;
    }
    const group = groupFor(node.namespace);
    view.group = group.key;
    group.workloads.push(node);
    if (isolation === 'isolated') group.isolation.isolated++;
    else if (isolation === 'unprotected') group.isolation.unprotected++;
    else group.isolation.partial++;
    if (group.collapsed) {
      endKey.set(node.id, group.key);
    } else {
      group.nodeKeys.push(view.key);
      nodes.push(view);
      endKey.set(node.id, view.key);
    }
  }
  const endOf = (id: string, end: 'in' | 'out'): string | undefined => {
    const view = byId.get(id);
    if (view?.node.type === 'external') return (externalEnds.get(end) ?? view).key;
    return endKey.get(id);
  };
  const drawnNodes = new Map(nodes.map((n) => [n.key, n]));

  const edges: ViewEdge[] = [];
  const aggregates = new Map<string, ViewEdge>();
  graph.edges.forEach((edge, index) => {
    const from = endOf(edge.from, 'in');
    const to = endOf(edge.to, 'out');
    if (!from || !to) return;
    if (from === to) {
      const node = drawnNodes.get(from);
      if (node) node.selfFlow = edge;
      else groups.get(byId.get(edge.from)?.node.namespace ?? '')?.internalFlows.push(edge);
      return;
    }
    if (drawnNodes.has(from) && drawnNodes.has(to)) {
      edges.push({
        key: `e:${index}`,
        from,
        to,
        label: edgeLabel(edge),
        lines: flowLines(edge),
        change: edge.change,
        mixedChange: false,
        flows: [edge],
        aggregated: false,
      });
      return;
    }
    const id = `${from}\u0000${to}`;
    let aggregate = aggregates.get(id);
    if (!aggregate) {
      aggregate = { key: `a:${aggregates.size}`, from, to, label: '', lines: [], mixedChange: false, flows: [], aggregated: true };
      aggregates.set(id, aggregate);
      edges.push(aggregate);
    }
    aggregate.flows.push(edge);
  });
  for (const aggregate of aggregates.values()) {
    aggregate.label = aggregateLabel(aggregate.flows);
    aggregate.lines = aggregateLines(aggregate.flows);
    const changes = new Set(aggregate.flows.map((f) => f.change));
    if (changes.size === 1) aggregate.change = aggregate.flows[0].change;
    else aggregate.mixedChange = [...changes].some((c) => c !== undefined);
  }
  const groupList = [...groups.values()];
  const ends = nodes.filter((n) => n.node.type !== 'external').length + groupList.filter((g) => g.collapsed).length;
  const hubs = [...openToAnywhere(edges), ...findHubs(edges, ends, (key) => (key.startsWith('g:') ? 'namespace' : 'workload'))];
  hubs.forEach((hub, i) => (hub.key = `h:${i}`));
  const routed = edges.filter((e) => !e.hub);
  const hiddenEdges = routed.length > MAX_DRAWN_EDGES ? routed.length : 0;
  // An outside-the-cluster end all of whose edges are summed up on the boxes they come from or go to is not drawn.
  const summedUp = (node: ViewNode): boolean =>
    node.node.type === 'external' && edges.some((e) => e.from === node.key || e.to === node.key) && !routed.some((e) => e.from === node.key || e.to === node.key);
  return {
    groups: groupList,
    nodes: nodes.filter((n) => !summedUp(n)),
    edges: hiddenEdges ? edges.filter((e) => e.hub) : edges,
    bundles: hiddenEdges ? [] : bundleLabels(routed),
    hubs,
    aggregated: groupList.some((g) => g.collapsed),
    hiddenEdges,
    comparing,
  };
}

function changeSuffix(flows: FlowEdge[]): string {
  const added = flows.filter((f) => f.change === 'added').length;
  const removed = flows.filter((f) => f.change === 'removed').length;
  const changes = [added ? `+${added}` : '', removed ? `−${removed}` : ''].filter(Boolean).join(' ');
  return changes ? ` (${changes})` : '';
}

function aggregateLabel(flows: FlowEdge[]): string {
  if (flows.length === 1) return edgeLabel(flows[0]);
  const labels = new Set(flows.map(edgeLabel));
  const ports = labels.size === 1 ? ` · ${edgeLabel(flows[0])}` : '';
  return `${flows.length} flows${ports}${changeSuffix(flows)}`;
}

/** `12 flows` over the ports when every flow has the same ones (`TCP 53; UDP 53`): what the namespaces share. */
function aggregateLines(flows: FlowEdge[]): string[] {
  if (flows.length === 1) return flowLines(flows[0]);
  const labels = new Set(flows.map(edgeLabel));
  const first = `${flows.length} flows${changeSuffix(flows)}`;
  return labels.size === 1 ? [first, shortPorts(flows[0].label)] : [first];
}

/**
 * What an edge carries when all its flows carry the same (ports and addresses), as drawn; else undefined. The key
 * is the whole label too: two flows drawn alike (`TCP 443 +1 more`) but allowing different things share no label.
 */
function sharedLines(edge: ViewEdge): { lines: string[]; key: string } | undefined {
  const lines = flowLines(edge.flows[0]);
  const key = `${lines.join('\n')}\u0000${edgeLabel(edge.flows[0])}`;
  return edge.flows.every((f) => `${flowLines(f).join('\n')}\u0000${edgeLabel(f)}` === key) ? { lines, key } : undefined;
}

/** Groups edges that meet at a node with the same ports and change: heads first (many clients, one server). */
function bundleLabels(edges: ViewEdge[]): ViewBundle[] {
  const bundles: ViewBundle[] = [];
  for (const end of ['head', 'tail'] as const) {
    const groups = new Map<string, { node: string; lines: string[]; edges: ViewEdge[] }>();
    for (const edge of edges) {
      if (edge.bundle || edge.mixedChange) continue;
      const shared = sharedLines(edge);
      if (!shared) continue;
      const node = end === 'head' ? edge.to : edge.from;
      const id = `${node}\u0000${edge.change ?? ''}\u0000${shared.key}`;
      const group = groups.get(id) ?? { node, lines: shared.lines, edges: [] };
      group.edges.push(edge);
      groups.set(id, group);
    }
    for (const group of groups.values()) {
      if (group.edges.length < BUNDLE_MIN_EDGES) continue;
      const bundle: ViewBundle = { key: `b:${bundles.length}`, end, node: group.node, lines: group.lines, edges: group.edges, change: group.edges[0].change };
      for (const edge of group.edges) edge.bundle = bundle;
      bundles.push(bundle);
    }
  }
  return bundles;
}

/**
 * Flows a workload (or a collapsed namespace) has with any address outside the cluster on any port, allowed only
 * because nothing isolates it in that direction: an arrow to the far end of the drawing would say no more than its
 * isolation colour does, so its box says it (`→ anywhere outside · all ports`) and the arrow is not drawn.
 */
function openToAnywhere(edges: ViewEdge[]): ViewHub[] {
  const hubs = new Map<string, ViewHub>();
  for (const edge of edges) {
    const direction = edge.to.startsWith('n:external#') ? 'out' : edge.from.startsWith('n:external#') ? 'in' : undefined;
    if (!direction || edge.change || edge.mixedChange) continue;
    const anywhere = edge.flows.every(
      (f) =>
        f.policies.length === 0 &&
        f.label === 'all ports' &&
        (f.external ? f.external.length === 1 && f.external[0].addresses === ANY_ADDRESS : (f.cidrs ?? []).some((c) => ANYWHERE.has(c))),
    );
    if (!anywhere) continue;
    const [node, other] = direction === 'out' ? [edge.from, edge.to] : [edge.to, edge.from];
    const id = `${direction}\u0000${node}`;
    const text = `${direction === 'out' ? '→' : '←'} anywhere outside · all ports`;
    const hub = hubs.get(id) ?? { key: '', kind: 'anywhere', node, direction, ends: [other], edges: [], ports: 'all ports', text };
    hub.edges.push(edge);
    edge.hub = hub;
    hubs.set(id, hub);
  }
  return [...hubs.values()];
}

/**
 * Marks the hubs' edges: for each node and direction, the edges to distinct other nodes (outside the cluster does not
 * count: it is drawn at the graph's edge anyway), when they reach HUB_MIN_ENDS and HUB_SHARE of the `ends` drawn.
 * Edges a compared policy changes stay drawn.
 */
function findHubs(edges: ViewEdge[], ends: number, kindOf: (key: string) => string): ViewHub[] {
  const external = (key: string): boolean => key.startsWith('n:external#');
  const candidates = new Map<string, { node: string; direction: 'out' | 'in'; edges: ViewEdge[]; ends: Set<string> }>();
  for (const edge of edges) {
    if (edge.hub || edge.change || edge.mixedChange || external(edge.from) || external(edge.to)) continue;
    for (const [node, other, direction] of [[edge.from, edge.to, 'out'], [edge.to, edge.from, 'in']] as const) {
      const id = `${direction}\u0000${node}`;
      const candidate = candidates.get(id) ?? { node, direction, edges: [], ends: new Set<string>() };
      candidate.edges.push(edge);
      candidate.ends.add(other);
      candidates.set(id, candidate);
    }
  }
  const needed = Math.min(HUB_MANY_ENDS, Math.max(HUB_MIN_ENDS, HUB_SHARE * (ends - 1)));
  const hubs: ViewHub[] = [];
  // The biggest first: an edge between two hubs belongs to the one that gathers more.
  for (const candidate of [...candidates.values()].sort((a, b) => b.ends.size - a.ends.size)) {
    const own = candidate.edges.filter((e) => !e.hub);
    const others = new Set(own.map((e) => (candidate.direction === 'out' ? e.to : e.from)));
    if (others.size < needed) continue;
    const hub: ViewHub = { key: '', kind: 'service', node: candidate.node, direction: candidate.direction, ends: [...others], edges: own, text: '' };
    for (const edge of own) edge.hub = hub;
    const kinds = new Set(hub.ends.map(kindOf));
    const noun = kinds.size === 1 ? `${[...kinds][0]}${others.size === 1 ? '' : 's'}` : 'others';
    const labels = new Set(own.flatMap((e) => e.flows.map((f) => f.label)));
    if (labels.size === 1) hub.ports = [...labels][0];
    hub.text = `${candidate.direction === 'out' ? '→' : '←'} ${others.size} ${noun}${hub.ports ? ` · ${shortPorts(hub.ports)}` : ''}`;
    hubs.push(hub);
  }
  return hubs;
}
