// Scene (positions from ELK) → SVG. Groups first, then edges, then nodes on top. Every element that can be selected
// is focusable and reports clicks and Enter to `onSelect`.
import { s } from './dom';
import { clip, groupTitle, MAX_LABEL_CHARS, NODE_HEIGHT, selfBadge, type PlacedEdge, type PlacedNode, type Point, type Scene } from './layout';
import type { ViewEdge, ViewGroup, ViewNode } from './view-model';

export type Selection =
  | { kind: 'node'; view: ViewNode }
  | { kind: 'edge'; view: ViewEdge }
  | { kind: 'group'; view: ViewGroup };

export interface RenderedScene {
  /** The element pan/zoom moves. */
  viewport: SVGGElement;
  /** Marks the selected element and its neighbourhood; undefined clears. */
  highlight(selection: Selection | undefined): void;
}

export function renderScene(svg: SVGSVGElement, scene: Scene, comparing: boolean, onSelect: (s: Selection) => void): RenderedScene {
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
      onSelect(selection);
    });
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onSelect(selection);
      }
    });
    elements.set(selection.view, element);
  };

  for (const group of scene.groups) {
    const g = s(
      'g',
      { class: `group${group.view.declared ? '' : ' undeclared'}`, transform: `translate(${group.x},${group.y})` },
      s('rect', { class: 'group-box', width: group.width, height: group.height, rx: 6 }),
      s('text', { class: 'group-label', x: 10, y: 18 }, groupTitle(group.view)),
    );
    const title = `namespace ${group.view.namespace}${group.view.declared ? '' : ' (not declared by a Namespace manifest)'}`;
    selectable(g, { kind: 'group', view: group.view }, title);
    groupLayer.append(g);
  }

  for (const edge of scene.edges) {
    const classes = ['edge'];
    if (edge.view.aggregated) classes.push('aggregated');
    if (edge.view.change) classes.push(edge.view.change);
    else if (edge.view.mixedChange) classes.push('mixed');
    else if (comparing) classes.push('unchanged');
    const d = pathOf(edge.points);
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

  for (const node of scene.nodes) {
    const g = nodeElement(node);
    selectable(g, { kind: 'node', view: node.view }, nodeTitle(node.view));
    nodeLayer.append(g);
  }

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
      if (selection.kind === 'node') {
        for (const edge of scene.edges) {
          if (edge.view.from !== selection.view.key && edge.view.to !== selection.view.key) continue;
          elements.get(edge.view)?.classList.add('related');
          for (const end of scene.nodes) {
            if (end.view.key === edge.view.from || end.view.key === edge.view.to) elements.get(end.view)?.classList.add('related');
          }
        }
      } else if (selection.kind === 'edge') {
        for (const end of scene.nodes) {
          if (end.view.key === selection.view.from || end.view.key === selection.view.to) elements.get(end.view)?.classList.add('related');
        }
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

function edgeLabel(edge: PlacedEdge): SVGGElement {
  const label = edge.label!;
  return s(
    'g',
    { class: 'edge-label', transform: `translate(${label.x},${label.y})` },
    s('rect', { width: label.width, height: label.height, rx: 3 }),
    s('text', { x: label.width / 2, y: label.height - 4, 'text-anchor': 'middle' }, clip(label.text, MAX_LABEL_CHARS)),
  );
}

function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function nodeTitle(view: ViewNode): string {
  if (view.node.type === 'external') return `${view.name}: addresses outside the cluster (ipBlock, or any peer)`;
  const policies = view.node.policies.length ? `selected by ${view.node.policies.join(', ')}` : 'no policy selects it';
  return `${view.node.id}: ${view.detail}; ${policies}`;
}

export function edgeTitle(view: ViewEdge): string {
  if (view.aggregated) return `${view.flows.length} flow${view.flows.length === 1 ? '' : 's'} ${endName(view.from)} → ${endName(view.to)}`;
  const flow = view.flows[0];
  const change = flow.change ? ` (${flow.change} by the policy)` : '';
  return `${flow.from} → ${flow.to}: ${view.label}${change}`;
}

function endName(key: string): string {
  return key.replace(/^[gn]:/, '');
}
