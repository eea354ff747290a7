// Scene (positions from ELK) → SVG. Expanded namespaces first, then edges and shared labels, then workloads and
// collapsed namespaces on top. Every element that can be selected is focusable and reports clicks and Enter to
// `actions.select`; a namespace's ⊞/⊟ (or a double-click) to `actions.toggle`.
import { s } from './dom';
import {
  clip,
  collapsedDetail,
  COLLAPSED_HEIGHT,
  groupTitle,
  HUB_LINE_HEIGHT,
  LABEL_LINE_HEIGHT,
  NODE_HEIGHT,
  selfBadge,
  TOGGLE_SIZE,
  type PlacedBundle,
  type PlacedEdge,
  type PlacedGroup,
  type PlacedNode,
  type Point,
  type Scene,
} from './layout';
import { edgeLabel as flowLabel, externalPieces, type ViewBundle, type ViewEdge, type ViewGroup, type ViewHub, type ViewNode } from './view-model';

export type Selection =
  | { kind: 'node'; view: ViewNode }
  | { kind: 'edge'; view: ViewEdge }
  | { kind: 'group'; view: ViewGroup }
  | { kind: 'bundle'; view: ViewBundle }
  | { kind: 'hub'; view: ViewHub };

export interface RenderedScene {
  /** The element pan/zoom moves. */
  viewport: SVGGElement;
  /** Marks the selected element and its neighbourhood; undefined clears. */
  highlight(selection: Selection | undefined): void;
}

export interface SceneActions {
  select(selection: Selection): void;
  /** Expand or collapse a namespace. */
  toggle(group: ViewGroup): void;
}

export function renderScene(svg: SVGSVGElement, scene: Scene, comparing: boolean, actions: SceneActions): RenderedScene {
  svg.replaceChildren(defs());
  const viewport = s('g', { class: 'viewport' });
  svg.append(viewport);
  const groupLayer = s('g', { class: 'groups' });
  const edgeLayer = s('g', { class: 'edges' });
  const nodeLayer = s('g', { class: 'nodes' });
  viewport.append(groupLayer, edgeLayer, nodeLayer);

  const elements = new Map<object, SVGGElement>();
  const selectable = (element: SVGGElement, selection: Selection, title: string): void => {
    element.setAttribute('tabindex', '0');
    element.setAttribute('role', 'button');
    element.setAttribute('aria-label', title);
    element.append(s('title', {}, title));
    element.addEventListener('click', (event) => {
      event.stopPropagation();
      actions.select(selection);
    });
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        actions.select(selection);
      }
    });
    elements.set(selection.view, element);
  };
  const hubsOf = new Map<string, ViewHub[]>();
  for (const hub of scene.hubs) hubsOf.set(hub.node, [...(hubsOf.get(hub.node) ?? []), hub]);
  /** A shared service's lines under its box, each a button showing whom it reaches or is reached from. */
  const hubRows = (box: SVGGElement, key: string, top: number): void => {
    (hubsOf.get(key) ?? []).forEach((hub, i) => {
      const row = s('g', { class: 'hub', transform: `translate(0,${top + i * HUB_LINE_HEIGHT})` }, s('text', { class: 'hub-text', x: 12, y: 11 }, hub.text));
      selectable(row, { kind: 'hub', view: hub }, hubTitle(hub));
      row.addEventListener('dblclick', (event) => event.stopPropagation());
      box.append(row);
    });
  };

  for (const group of scene.groups) {
    const g = groupElement(group);
    const title = `namespace ${group.view.namespace}${group.view.declared ? '' : ' (not declared by a Namespace manifest)'}`;
    selectable(g, { kind: 'group', view: group.view }, group.view.collapsed ? `${title}: ${collapsedDetail(group.view)}` : title);
    hubRows(g, group.view.key, COLLAPSED_HEIGHT);
    g.append(toggleElement(group, () => actions.toggle(group.view)));
    g.addEventListener('dblclick', (event) => {
      event.stopPropagation();
      actions.toggle(group.view);
    });
    // A collapsed namespace is a box among the workloads: drawn over the edges, like them.
    (group.view.collapsed ? nodeLayer : groupLayer).append(g);
  }

  for (const edge of scene.edges) {
    const classes = ['edge'];
    if (edge.view.aggregated) classes.push('aggregated');
    // Allowed because nothing isolates either end: drawn lighter than what policies allow on purpose.
    if (isOpen(edge.view)) classes.push('open');
    if (edge.view.change) classes.push(edge.view.change);
    else if (edge.view.mixedChange) classes.push('mixed');
    else if (comparing) classes.push('unchanged');
    const d = pathOf(edge.sections);
    const marker = edge.view.change === 'added' ? 'arrow-added' : edge.view.change === 'removed' ? 'arrow-removed' : 'arrow';
    const g = s(
      'g',
      { class: classes.join(' ') },
      s('path', { class: 'edge-hit', d }),
      s('path', { class: 'edge-line', d, 'marker-end': `url(#${marker})` }),
    );
    if (edge.label && edge.label.width > 0) g.append(edgeLabel(edge));
    selectable(g, { kind: 'edge', view: edge.view }, edgeTitle(edge.view));
    edgeLayer.append(g);
  }

  for (const bundle of scene.bundles) {
    const g = bundleElement(bundle);
    selectable(g, { kind: 'bundle', view: bundle.view }, bundleTitle(bundle.view));
    edgeLayer.append(g);
  }

  for (const node of scene.nodes) {
    const g = nodeElement(node);
    selectable(g, { kind: 'node', view: node.view }, nodeTitle(node.view));
    hubRows(g, node.view.key, NODE_HEIGHT);
    nodeLayer.append(g);
  }

  const endsByKey = new Map<string, object>([
    ...scene.nodes.map((n) => [n.view.key, n.view] as const),
    ...scene.groups.map((g) => [g.view.key, g.view] as const),
  ]);
  let current: Selection | undefined;
  return {
    viewport,
    highlight(selection) {
      if (current) elements.get(current.view)?.classList.remove('selected');
      svg.classList.toggle('has-selection', selection !== undefined);
      for (const el of svg.querySelectorAll('.related')) el.classList.remove('related');
      current = selection;
      if (!selection) return;
      elements.get(selection.view)?.classList.add('selected');
      const relate = (key: string): void => {
        const end = endsByKey.get(key);
        if (end) elements.get(end)?.classList.add('related');
      };
      // The selection's edges, what is at their other ends, and their shared labels.
      let edges: ViewEdge[];
      if (selection.kind === 'node' || selection.kind === 'group') {
        const ends = new Set(selection.kind === 'node' ? [selection.view.key] : [selection.view.key, ...selection.view.nodeKeys]);
        edges = scene.edges.map((e) => e.view).filter((e) => ends.has(e.from) || ends.has(e.to));
        if (selection.kind === 'group') for (const key of selection.view.nodeKeys) relate(key);
        // Shared services it is one of the ends of, or that it is: their other ends.
        for (const hub of scene.hubs) {
          if (ends.has(hub.node)) hub.ends.forEach(relate);
          else if (hub.ends.some((end) => ends.has(end))) relate(hub.node);
        }
      } else if (selection.kind === 'edge') {
        edges = [selection.view];
      } else if (selection.kind === 'bundle') {
        edges = selection.view.edges;
      } else {
        edges = [];
        relate(selection.view.node);
        selection.view.ends.forEach(relate);
      }
      for (const edge of edges) {
        if (edge !== selection.view) elements.get(edge)?.classList.add('related');
        if (edge.bundle && edge.bundle !== selection.view) elements.get(edge.bundle)?.classList.add('related');
        relate(edge.from);
        relate(edge.to);
      }
    },
  };
}

function defs(): SVGDefsElement {
  const marker = (id: string): SVGMarkerElement =>
    s(
      'marker',
      { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'strokeWidth' },
      s('path', { class: `arrowhead ${id}`, d: 'M0,0 L10,5 L0,10 z' }),
    );
  return s('defs', {}, marker('arrow'), marker('arrow-added'), marker('arrow-removed'));
}

function nodeElement(node: PlacedNode): SVGGElement {
  const { view } = node;
  const g = s('g', { class: `node ${view.isolation}`, transform: `translate(${node.x},${node.y})` });
  g.append(s('rect', { class: 'node-box', width: node.width, height: node.height, rx: view.isolation === 'external' ? 18 : 4 }));
  if (view.isolation !== 'external') g.append(s('rect', { class: 'node-bar', width: 4, height: node.height, rx: 2 }));
  g.append(s('text', { class: 'node-name', x: 12, y: 17 }, clip(view.name)));
  g.append(s('text', { class: 'node-detail', x: 12, y: NODE_HEIGHT - 10 }, clip(view.detail)));
  if (view.selfFlow) {
    g.append(s('text', { class: 'node-self', x: node.width - 8, y: 17, 'text-anchor': 'end' }, selfBadge(view)));
  }
  return g;
}

function groupElement(group: PlacedGroup): SVGGElement {
  const { view } = group;
  const classes = ['group', view.collapsed ? 'collapsed' : 'expanded'];
  if (!view.declared) classes.push('undeclared');
  const g = s(
    'g',
    { class: classes.join(' '), transform: `translate(${group.x},${group.y})` },
    s('rect', { class: 'group-box', width: group.width, height: group.height, rx: 6 }),
    s('text', { class: 'group-label', x: 10, y: 18 }, groupTitle(view)),
  );
  if (!view.collapsed) return g;
  g.append(s('text', { class: 'group-detail', x: 10, y: 34 }, collapsedDetail(view)));
  // The isolation of its workloads, as a bar: green isolated, yellow one direction, red unprotected.
  const total = view.workloads.length;
  const barWidth = group.width - 20;
  let x = 10;
  for (const [part, count] of [['isolated', view.isolation.isolated], ['partial', view.isolation.partial], ['unprotected', view.isolation.unprotected]] as const) {
    if (!count) continue;
    const width = (barWidth * count) / total;
    g.append(s('rect', { class: `isolation-bar ${part}`, x: round(x), y: COLLAPSED_HEIGHT - 11, width: round(width), height: 4 }));
    x += width;
  }
  return g;
}

/** The ⊞ / ⊟ in a namespace's top right corner: expands or collapses it. */
function toggleElement(group: PlacedGroup, toggle: () => void): SVGGElement {
  const { view } = group;
  const words = `${view.collapsed ? 'Expand' : 'Collapse'} namespace ${view.namespace}`;
  const size = TOGGLE_SIZE;
  const x = group.width - size - 6;
  const y = 5;
  const g = s(
    'g',
    { class: 'group-toggle', transform: `translate(${round(x)},${y})`, tabindex: '0', role: 'button', 'aria-label': words },
    s('title', {}, `${words} (or double-click it)`),
    s('rect', { width: size, height: size, rx: 3 }),
    s('path', { d: view.collapsed ? 'M4,8 H12 M8,4 V12' : 'M4,8 H12' }),
  );
  const run = (event: Event): void => {
    event.stopPropagation();
    event.preventDefault();
    toggle();
  };
  g.addEventListener('click', run);
  g.addEventListener('dblclick', (event) => event.stopPropagation());
  g.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') run(event);
  });
  return g;
}

function edgeLabel(edge: PlacedEdge): SVGGElement {
  return labelBox(edge.label!, edge.label!.lines);
}

/** A label: a box with one or two lines of text. */
function labelBox(box: { x: number; y: number; width: number; height: number }, lines: string[]): SVGGElement {
  const g = s('g', { class: 'edge-label', transform: `translate(${round(box.x)},${round(box.y)})` }, s('rect', { width: box.width, height: box.height, rx: 3 }));
  lines.forEach((line, i) => {
    g.append(s('text', { class: i === 0 ? 'edge-label-main' : 'edge-label-more', x: box.width / 2, y: (i + 1) * LABEL_LINE_HEIGHT - 2, 'text-anchor': 'middle' }, line));
  });
  return g;
}

/** A label shared by several edges, drawn where they meet. */
function bundleElement(bundle: PlacedBundle): SVGGElement {
  const classes = ['bundle'];
  if (bundle.view.edges.every(isOpen)) classes.push('open');
  if (bundle.view.change) classes.push(bundle.view.change);
  const g = s('g', { class: classes.join(' ') });
  g.append(labelBox(bundle, bundle.lines));
  return g;
}

/** `prometheus reaches 40 others` / `40 others reach coredns` / `invoicing → anywhere outside the cluster`. */
export function hubHeading(view: ViewHub): string {
  const name = endName(view.node);
  if (view.kind === 'anywhere') return view.direction === 'out' ? `${name} → anywhere outside the cluster` : `anywhere outside the cluster → ${name}`;
  const others = `${view.ends.length} other${view.ends.length === 1 ? '' : 's'}`;
  return view.direction === 'out' ? `${name} reaches ${others}` : `${others} reach ${name}`;
}

function hubTitle(view: ViewHub): string {
  if (view.kind === 'anywhere') return `${hubHeading(view)}, all ports: nothing isolates it (no arrow drawn)`;
  return `${hubHeading(view)} (edges not drawn): ${view.text}`;
}

export function bundleTitle(view: ViewBundle): string {
  const where = view.end === 'head' ? `into ${endName(view.node)}` : `from ${endName(view.node)}`;
  return `${view.edges.length} edges ${where}: ${view.lines.join(' · ')}`;
}

/** SVG path of an edge's sections: orthogonal polylines with their corners rounded. */
function pathOf(sections: Point[][]): string {
  return sections.map(roundedPolyline).join(' ');
}

const CORNER_RADIUS = 5;

function roundedPolyline(points: Point[]): string {
  if (!points.length) return '';
  let d = `M${round(points[0].x)},${round(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i];
    const next = points[i + 1];
    if (!next) {
      d += ` L${round(p.x)},${round(p.y)}`;
      break;
    }
    const prev = points[i - 1];
    const r = Math.min(CORNER_RADIUS, distance(prev, p) / 2, distance(p, next) / 2);
    const a = towards(p, prev, r);
    const b = towards(p, next, r);
    d += ` L${round(a.x)},${round(a.y)} Q${round(p.x)},${round(p.y)} ${round(b.x)},${round(b.y)}`;
  }
  return d;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** The point `r` away from `from` in the direction of `to`. */
function towards(from: Point, to: Point, r: number): Point {
  const length = distance(from, to) || 1;
  return { x: from.x + ((to.x - from.x) * r) / length, y: from.y + ((to.y - from.y) * r) / length };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function isOpen(edge: ViewEdge): boolean {
  return edge.flows.every((f) => f.policies.length === 0);
}

function nodeTitle(view: ViewNode): string {
  if (view.node.type === 'external') return `${view.name}: addresses outside the cluster (ipBlock, or any peer)`;
  const policies = view.node.policies.length ? `selected by ${view.node.policies.join(', ')}` : 'no policy selects it';
  return `${view.node.id}: ${view.detail}; ${policies}`;
}

export function edgeTitle(view: ViewEdge): string {
  if (view.aggregated) {
    const labels = new Set(view.flows.map(flowLabel));
    const shared = labels.size === 1 ? `: ${flowLabel(view.flows[0])}` : '';
    return `${view.flows.length} flow${view.flows.length === 1 ? '' : 's'} ${endName(view.from)} → ${endName(view.to)}${shared}`;
  }
  const flow = view.flows[0];
  const change = flow.change ? ` (${flow.change} by the policy)` : '';
  const cidrs = flow.cidrs?.length ? ` · ${flow.cidrs.join(', ')}` : '';
  const allowed = externalPieces(flow)?.join(' · ') ?? `${flow.label}${cidrs}`;
  return `${endName(view.from)} → ${endName(view.to)}: ${allowed}${change}`;
}

function endName(key: string): string {
  if (key.startsWith('n:external')) return 'outside the cluster';
  return key.replace(/^[gn]:/, '');
}
