// ViewGraph → positions, by ELK (elkjs), layered top to bottom: clients above servers, sources outside the cluster in
// a first layer of their own and destinations in a last one. (Left to right read no better and, with boxes wider
// than tall and labels in layers of their own, came out three times wider than high: tiny once fitted.) Expanded
// namespaces are compound nodes laid out with the rest (INCLUDE_CHILDREN), so a flow between namespaces is routed
// once, globally; collapsed ones are plain boxes, and a graph of them alone is laid out flat, its disconnected parts
// packed. An edge's label sits in its middle, where ELK keeps room for it (no label over a box or another label); a
// label shared by a bundle sits where the bundle meets; a shared service's edges are not routed at all.
// ELK itself runs where the caller says: the webview runs it in a worker (layout-worker.ts); by default (Node: the
// tests) it runs on this thread.
import type { ElkEdgeSection, ElkExtendedEdge, ElkLabel, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';
import type { ViewBundle, ViewEdge, ViewGraph, ViewGroup, ViewHub, ViewNode } from './view-model';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedNode extends Box {
  view: ViewNode;
}

export interface PlacedGroup extends Box {
  view: ViewGroup;
}

export interface PlacedEdge {
  view: ViewEdge;
  /** Polylines from source to target, absolute: one per ELK edge section, in order. */
  sections: Point[][];
  label?: Box & { lines: string[] };
}

export interface Scene {
  width: number;
  height: number;
  groups: PlacedGroup[];
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Labels shared by several edges, each drawn once where its edges meet. */
  bundles: PlacedBundle[];
  /** Shared services, drawn as lines under their boxes. */
  hubs: ViewHub[];
}

export interface PlacedBundle extends Box {
  view: ViewBundle;
  lines: string[];
}

/** Text width in pixels for a font (the webview measures with a canvas; tests pass an estimate). */
export type MeasureText = (text: string, font: 'name' | 'detail' | 'label' | 'group') => number;

export const NODE_HEIGHT = 42;
const NODE_MIN_WIDTH = 120;
const NODE_PADDING_X = 24;
export const LABEL_LINE_HEIGHT = 14;
const LABEL_PADDING_X = 8;
const LABEL_PADDING_Y = 3;
const GROUP_HEADER = 28;
/** A closed namespace: its name, a line of counts, and a bar of its workloads' isolation. */
export const COLLAPSED_HEIGHT = 52;
const COLLAPSED_MIN_WIDTH = 150;
/** Room in a namespace's header for its open/close toggle. */
export const TOGGLE_SIZE = 16;
const MAX_NAME_CHARS = 48;

/** Top to bottom: clients above servers. Labels are wide and short, so a layer of them costs little height. */
const DIRECTION: LayoutOptions = { 'elk.direction': 'DOWN' };
/** Set on every level: an expanded namespace lays out its workloads with the same spacing as the rest. */
const SPACING: LayoutOptions = {
  'elk.spacing.nodeNode': '14',
  'elk.layered.spacing.nodeNodeBetweenLayers': '26',
  'elk.spacing.edgeEdge': '8',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '8',
  'elk.layered.spacing.edgeNodeBetweenLayers': '12',
  'elk.spacing.edgeLabel': '2',
};
/** A hub's line under its box. */
export const HUB_LINE_HEIGHT = 16;

/** Runs ELK on a graph: on this thread, or in a worker. */
export type RunElk = (root: ElkNode) => Promise<ElkNode>;

let elk: { layout: RunElk } | undefined;

/** ELK on this thread (loaded when first used; the webview's bundle leaves it out and lays out in a worker). */
const runOnThisThread: RunElk = async (root) => {
  if (!elk) {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    elk = new ELK();
  }
  return elk.layout(root);
};

/** Cuts a long user-supplied name so one workload cannot stretch the whole layout; the full name is in the tooltip. */
export function clip(text: string, max = MAX_NAME_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export async function layoutScene(view: ViewGraph, measure: MeasureText, runElk: RunElk = runOnThisThread): Promise<Scene> {
  const hubsOf = new Map<string, ViewHub[]>();
  for (const hub of view.hubs) hubsOf.set(hub.node, [...(hubsOf.get(hub.node) ?? []), hub]);
  /** Room under a box for its hubs' lines (`→ 40 namespaces · TCP 9090`). */
  const hubRoom = (key: string): { width: number; height: number } => {
    const hubs = hubsOf.get(key) ?? [];
    return { width: Math.max(0, ...hubs.map((h) => measure(h.text, 'detail') + NODE_PADDING_X)), height: hubs.length * HUB_LINE_HEIGHT };
  };
  const nodeSize = (node: ViewNode): { width: number; height: number } => {
    const badge = node.selfFlow ? measure(selfBadge(node), 'detail') + 12 : 0;
    const hubs = hubRoom(node.key);
    const width = Math.max(
      NODE_MIN_WIDTH,
      measure(clip(node.name), 'name') + badge + NODE_PADDING_X,
      measure(clip(node.detail), 'detail') + NODE_PADDING_X,
      hubs.width,
    );
    return { width: Math.ceil(width), height: NODE_HEIGHT + hubs.height };
  };
  const elkNode = (node: ViewNode): ElkNode => {
    const options: LayoutOptions = {};
    // Sources of traffic from outside the cluster in the first layer, destinations in the last.
    if (node.node.type === 'external') options['elk.layered.layering.layerConstraint'] = node.key.endsWith('#in') ? 'FIRST_SEPARATE' : 'LAST_SEPARATE';
    return { id: node.key, ...nodeSize(node), layoutOptions: options };
  };
  const nodesByKey = new Map(view.nodes.map((n) => [n.key, n]));
  const headerWidth = (group: ViewGroup): number => Math.ceil(measure(groupTitle(group), 'group') + 24 + TOGGLE_SIZE);

  const children: ElkNode[] = view.groups.map((group) => {
    if (group.collapsed) {
      const hubs = hubRoom(group.key);
      const width = Math.max(COLLAPSED_MIN_WIDTH, headerWidth(group), measure(collapsedDetail(group), 'detail') + NODE_PADDING_X, hubs.width);
      return { id: group.key, width: Math.ceil(width), height: COLLAPSED_HEIGHT + hubs.height };
    }
    return {
      id: group.key,
      layoutOptions: {
        ...DIRECTION,
        ...SPACING,
        'elk.padding': `[top=${GROUP_HEADER},left=12,bottom=12,right=12]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${headerWidth(group)}, ${GROUP_HEADER + 24})`,
      },
      ...(group.nodeKeys.length === 0 ? { width: headerWidth(group), height: GROUP_HEADER + 24 } : {}),
      children: group.nodeKeys.map((key) => elkNode(nodesByKey.get(key)!)),
    };
  });
  for (const node of view.nodes) if (!node.group) children.push(elkNode(node));
  // Disconnected parts are packed in model order: shared services that reach others first, those reached last.
  const rank = (child: ElkNode): number => {
    const hubs = hubsOf.get(child.id) ?? [];
    return hubs.some((h) => h.direction === 'out') ? 0 : hubs.length ? 2 : 1;
  };
  children.sort((a, b) => rank(a) - rank(b));

  const edges: ElkExtendedEdge[] = view.edges
    .filter((edge) => !edge.hub)
    .map((edge) => {
      const label = edgeLabelShape(edge, measure);
      return { id: edge.key, sources: [edge.from], targets: [edge.to], labels: label ? [label] : [] };
    });

  const hierarchical = view.groups.some((g) => !g.collapsed);
  if (hierarchical) edges.push(...gridEdges(children, edges));

  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      // Without edges there is nothing to layer: pack the boxes.
      'elk.algorithm': edges.length ? 'layered' : 'rectpacking',
      'elk.aspectRatio': '1.6',
      ...DIRECTION,
      // Flows between open namespaces are routed across the hierarchy. (A flat graph does without: ELK then lays out
      // its connected parts apart and packs them, which INCLUDE_CHILDREN does not do.)
      'elk.hierarchyHandling': hierarchical ? 'INCLUDE_CHILDREN' : 'SEPARATE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      // Fewer crossing-minimisation passes on big graphs: the default costs seconds there for little gain.
      'elk.layered.thoroughness': edges.length > 80 ? '3' : '7',
      ...SPACING,
      'elk.spacing.componentComponent': '28',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  };
  const laid = await runElk(root);

  const scene: Scene = { width: laid.width ?? 0, height: laid.height ?? 0, groups: [], nodes: [], edges: [], bundles: [], hubs: view.hubs };
  const origin = new Map<string, Point>([['root', { x: 0, y: 0 }]]);
  const groupsByKey = new Map(view.groups.map((g) => [g.key, g]));
  for (const child of laid.children ?? []) {
    const x = child.x ?? 0;
    const y = child.y ?? 0;
    const group = groupsByKey.get(child.id);
    if (group) {
      origin.set(child.id, { x, y });
      scene.groups.push({ view: group, x, y, width: child.width ?? 0, height: child.height ?? 0 });
      for (const inner of child.children ?? []) {
        const node = nodesByKey.get(inner.id);
        if (node) scene.nodes.push({ view: node, x: x + (inner.x ?? 0), y: y + (inner.y ?? 0), width: inner.width ?? 0, height: inner.height ?? 0 });
      }
    } else {
      const node = nodesByKey.get(child.id);
      if (node) scene.nodes.push({ view: node, x, y, width: child.width ?? 0, height: child.height ?? 0 });
    }
  }
  const edgesByKey = new Map(view.edges.map((e) => [e.key, e]));
  const bundleLabels = new Map<ViewBundle, Box>();
  for (const edge of collectEdges(laid)) {
    const viewEdge = edgesByKey.get(edge.id);
    if (!viewEdge) continue;
    // ELK gives edge coordinates relative to the edge's container (the lowest common ancestor of its ends).
    const base = origin.get((edge as { container?: string }).container ?? 'root') ?? { x: 0, y: 0 };
    const sections = orderedSections(edge).map((section) =>
      [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({ x: base.x + p.x, y: base.y + p.y })),
    );
    const label = edge.labels?.[0];
    const box = label ? { x: base.x + (label.x ?? 0), y: base.y + (label.y ?? 0), width: label.width ?? 0, height: label.height ?? 0 } : undefined;
    if (box && viewEdge.bundle) bundleLabels.set(viewEdge.bundle, box);
    scene.edges.push({ view: viewEdge, sections, label: box && !viewEdge.bundle ? { ...box, lines: viewEdge.lines } : undefined });
  }
  for (const bundle of view.bundles) {
    const box = bundleLabels.get(bundle);
    if (box) scene.bundles.push({ view: bundle, ...box, lines: bundle.lines });
  }
  return scene;
}

/** The badge for flows from a workload to itself. */
export function selfBadge(node: ViewNode): string {
  return `↻ ${clip(node.selfFlow?.label ?? '', 16)}`;
}

export function groupTitle(group: ViewGroup): string {
  return clip(group.namespace);
}

/** The line under a closed namespace's name: how many workloads, and flows among them. */
export function collapsedDetail(group: ViewGroup): string {
  const count = group.workloads.length;
  const internal = group.internalFlows.length;
  const workloads = `${count} workload${count === 1 ? '' : 's'}`;
  return internal ? `${workloads} · ${internal} internal flow${internal === 1 ? '' : 's'}` : workloads;
}

/**
 * Boxes no drawn edge touches would all land in the first layer: a namespace of eleven workloads that only talk to
 * shared services becomes one row eleven boxes wide. Invisible edges from each such box to the one a row below stack
 * them in a grid instead, per container (ELK packs a flat graph's disconnected parts itself, but not a hierarchical
 * one's). Their ids start with `grid:`; nothing draws them.
 */
function gridEdges(children: ElkNode[], edges: ElkExtendedEdge[]): ElkExtendedEdge[] {
  const touched = new Set(edges.flatMap((e) => [...e.sources, ...e.targets]));
  const connected = (node: ElkNode): boolean => touched.has(node.id) || (node.children ?? []).some(connected);
  const grid: ElkExtendedEdge[] = [];
  const stack = (siblings: ElkNode[]): void => {
    const loose = siblings.filter((n) => !connected(n));
    const columns = Math.max(1, Math.ceil(Math.sqrt(loose.length)));
    for (let i = 0; i + columns < loose.length; i++) {
      grid.push({ id: `grid:${grid.length}`, sources: [loose[i].id], targets: [loose[i + columns].id] });
    }
    for (const node of siblings) if (node.children?.length) stack(node.children);
  };
  stack(children);
  return grid;
}

/**
 * An edge's label for ELK: its own, in the middle (ELK gives it a place of its own), or for the first edge of a
 * bundle the bundle's, at the end where its edges meet; none for the bundle's other edges.
 */
function edgeLabelShape(edge: ViewEdge, measure: MeasureText): ElkLabel | undefined {
  const bundle = edge.bundle;
  if (bundle && bundle.edges[0] !== edge) return undefined;
  const lines = bundle?.lines ?? edge.lines;
  const width = Math.max(...lines.map((line) => measure(line, 'label')));
  return {
    text: lines.join(' '),
    width: Math.ceil(width + LABEL_PADDING_X),
    height: lines.length * LABEL_LINE_HEIGHT + LABEL_PADDING_Y,
    layoutOptions: { 'elk.edgeLabels.placement': bundle ? (bundle.end === 'head' ? 'HEAD' : 'TAIL') : 'CENTER' },
  };
}

/** An edge's sections from source to target (ELK lists them in no guaranteed order; each names the next). */
function orderedSections(edge: ElkExtendedEdge): ElkEdgeSection[] {
  const sections = edge.sections ?? [];
  if (sections.length < 2) return sections;
  const byId = new Map(sections.map((s) => [s.id, s]));
  const first = sections.find((s) => !s.incomingSections?.length) ?? sections[0];
  const ordered: ElkEdgeSection[] = [];
  for (let s: ElkEdgeSection | undefined = first; s && !ordered.includes(s); s = byId.get(s.outgoingSections?.[0] ?? '')) ordered.push(s);
  for (const s of sections) if (!ordered.includes(s)) ordered.push(s);
  return ordered;
}

function collectEdges(node: ElkNode): ElkExtendedEdge[] {
  const out: ElkExtendedEdge[] = [...(node.edges ?? [])];
  for (const child of node.children ?? []) out.push(...collectEdges(child));
  return out;
}
