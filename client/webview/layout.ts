// ViewGraph → positions, by ELK (elkjs): layered top to bottom (clients above servers: cluster graphs are deep chains
// of tiers, which fit a wide panel better downwards), namespaces as compound nodes. Per workload, edges
// are routed through the hierarchy (INCLUDE_CHILDREN); aggregated per namespace, each namespace packs its workloads
// (rectpacking) and only namespace-to-namespace edges are routed, which keeps 1,000-workload graphs fast.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { ViewEdge, ViewGraph, ViewGroup, ViewNode } from './view-model';

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
  /** Polyline from source to target, absolute. */
  points: Point[];
  label?: Box & { text: string };
}

export interface Scene {
  width: number;
  height: number;
  groups: PlacedGroup[];
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Text width in pixels for a font (the webview measures with a canvas; tests pass an estimate). */
export type MeasureText = (text: string, font: 'name' | 'detail' | 'label' | 'group') => number;

export const NODE_HEIGHT = 42;
const NODE_MIN_WIDTH = 120;
const NODE_PADDING_X = 24;
const LABEL_HEIGHT = 16;
const LABEL_PADDING_X = 8;
const GROUP_HEADER = 28;
const MAX_NAME_CHARS = 48;
export const MAX_LABEL_CHARS = 32;

let elk: InstanceType<typeof ELK> | undefined;

/** Cuts a long user-supplied name so one workload cannot stretch the whole layout; the full name is in the tooltip. */
export function clip(text: string, max = MAX_NAME_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export async function layoutScene(view: ViewGraph, measure: MeasureText): Promise<Scene> {
  elk ??= new ELK();
  const nodeSize = new Map<string, { width: number; height: number }>();
  for (const node of view.nodes) {
    const badge = node.selfFlow ? measure(selfBadge(node), 'detail') + 12 : 0;
    const width = Math.max(
      NODE_MIN_WIDTH,
      measure(clip(node.name), 'name') + badge + NODE_PADDING_X,
      measure(clip(node.detail), 'detail') + NODE_PADDING_X,
    );
    nodeSize.set(node.key, { width: Math.ceil(width), height: NODE_HEIGHT });
  }
  const elkNode = (node: ViewNode): ElkNode => ({ id: node.key, ...nodeSize.get(node.key)! });
  const nodesByKey = new Map(view.nodes.map((n) => [n.key, n]));
  const groupWidth = (group: ViewGroup): number => Math.ceil(measure(groupTitle(group), 'group') + 24);

  const children: ElkNode[] = view.groups.map((group) => ({
    id: group.key,
    layoutOptions: {
      'elk.padding': `[top=${GROUP_HEADER},left=12,bottom=12,right=12]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${groupWidth(group)}, ${GROUP_HEADER + 24})`,
      ...(view.aggregated ? { 'elk.algorithm': 'rectpacking', 'elk.aspectRatio': '1.6', 'elk.spacing.nodeNode': '12' } : {}),
    },
    ...(group.nodeKeys.length === 0 ? { width: groupWidth(group), height: GROUP_HEADER + 24 } : {}),
    children: group.nodeKeys.map((key) => elkNode(nodesByKey.get(key)!)),
  }));
  for (const node of view.nodes) if (!node.group) children.push(elkNode(node));

  const edges: ElkExtendedEdge[] = view.edges.map((edge) => ({
    id: edge.key,
    sources: [edge.from],
    targets: [edge.to],
    labels: [
      {
        text: edge.label,
        width: Math.ceil(measure(clip(edge.label, MAX_LABEL_CHARS), 'label') + LABEL_PADDING_X),
        height: LABEL_HEIGHT,
        // At the arrow's head: ports are the destination's, and head labels need no layer of their own.
        layoutOptions: { 'elk.edgeLabels.placement': 'HEAD' },
      },
    ],
  }));

  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      // Without edges there is nothing to layer: pack the namespaces.
      'elk.algorithm': edges.length ? 'layered' : 'rectpacking',
      'elk.aspectRatio': '1.8',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': view.aggregated ? 'SEPARATE_CHILDREN' : 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      // Fewer crossing-minimisation passes on big graphs: the default (7) costs seconds there for little gain.
      'elk.layered.thoroughness': view.edges.length > 80 ? '2' : '7',
      'elk.spacing.nodeNode': '20',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.componentComponent': '32',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  };
  const laid = await elk.layout(root);

  const scene: Scene = { width: laid.width ?? 0, height: laid.height ?? 0, groups: [], nodes: [], edges: [] };
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
  for (const edge of collectEdges(laid)) {
    const viewEdge = edgesByKey.get(edge.id);
    if (!viewEdge) continue;
    // ELK gives edge coordinates relative to the edge's container (the lowest common ancestor of its ends).
    const base = origin.get((edge as { container?: string }).container ?? 'root') ?? { x: 0, y: 0 };
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      for (const p of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) points.push({ x: base.x + p.x, y: base.y + p.y });
    }
    const label = edge.labels?.[0];
    scene.edges.push({
      view: viewEdge,
      points,
      label: label
        ? { text: viewEdge.label, x: base.x + (label.x ?? 0), y: base.y + (label.y ?? 0), width: label.width ?? 0, height: label.height ?? 0 }
        : undefined,
    });
  }
  return scene;
}

/** The badge for flows from a workload to itself. */
export function selfBadge(node: ViewNode): string {
  return `↻ ${clip(node.selfFlow?.label ?? '', 16)}`;
}

export function groupTitle(group: ViewGroup): string {
  const internal = group.internalFlows.length;
  return `${clip(group.namespace)}${internal ? `  ·  ${internal} internal flow${internal === 1 ? '' : 's'}` : ''}`;
}

function collectEdges(node: ElkNode): ElkExtendedEdge[] {
  const out: ElkExtendedEdge[] = [...(node.edges ?? [])];
  for (const child of node.children ?? []) out.push(...collectEdges(child));
  return out;
}
