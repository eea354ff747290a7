// The flow preview webview: receives FlowGraphs from the extension host, lays them out with ELK, draws them as SVG
// and sends back the user's filters, reveal requests and exports. Builds its DOM without HTML parsing (see dom.ts).
import type { FlowEdge, FlowGraph } from '../../server/src/protocol';
import type { FlowCatalog, FlowFilters, ToWebview } from '../src/flow-preview-messages';
import { clear, h, s } from './dom';
import { post, savedState, saveState } from './host';
import { layoutScene, type MeasureText, type Scene } from './layout';
import { LayoutCancelled, WorkerLayout } from './layout-worker';
import { toMermaid } from './mermaid';
import { PanZoom } from './pan-zoom';
import { bundleTitle, edgeTitle, hubHeading, renderScene, type RenderedScene, type Selection } from './render';
import { exportSvg } from './svg-export';
import {
  buildViewGraph,
  edgeLabel,
  EXTERNAL_NAME,
  externalPieces,
  isolationWords,
  type FlowMode,
  type NamespaceToggles,
  type ViewGraph,
  type ViewGroup,
} from './view-model';

/** Kept by VS Code across reloads; the extension host reads `filters` back when it restores the panel. */
interface Persisted {
  mode: FlowMode;
  filters: FlowFilters;
  /** Namespaces the user expanded or collapsed. */
  toggles: NamespaceToggles;
}

const state = {
  graph: undefined as FlowGraph | undefined,
  filters: { namespaces: [] } as FlowFilters,
  catalog: { namespaces: [], policies: [], workloads: [] } as FlowCatalog,
  seq: -1,
  mode: (savedState<Persisted>().mode ?? 'auto') as FlowMode,
  toggles: normaliseToggles(savedState<Persisted>().toggles),
  view: undefined as ViewGraph | undefined,
  scene: undefined as Scene | undefined,
  rendered: undefined as RenderedScene | undefined,
  selection: undefined as Selection | undefined,
  /** Filters of the drawing on screen: a different set refits the view. */
  drawnFilters: '',
  /** A namespace just expanded or collapsed: the next drawing is centred on it. */
  focus: undefined as string | undefined,
};

// ---- skeleton -------------------------------------------------------------------------------------------------

const namespaceSummary = h('summary', { class: 'control', title: 'Show only some namespaces' }, 'Namespaces: all');
const namespaceList = h('div', { class: 'dropdown-list', role: 'group', 'aria-label': 'Namespaces' });
const namespaceFilter = h('details', { class: 'dropdown namespace-filter' }, namespaceSummary, namespaceList);
const policySelect = h('select', { class: 'control policy-filter', title: 'What does this policy change? Edges it adds or removes are marked' });
const workloadSelect = h('select', { class: 'control workload-filter', title: 'Only the flows to and from one workload' });
const modeSelect = h(
  'select',
  { class: 'control mode', title: 'Draw each flow, or group flows per namespace pair (automatic for big graphs)' },
  h('option', { value: 'auto' }, 'Flows: automatic'),
  h('option', { value: 'workloads' }, 'Flows: per workload'),
  h('option', { value: 'namespaces' }, 'Flows: per namespace'),
);
const clearButton = h('button', { class: 'control clear', type: 'button', title: 'Show everything' }, 'Clear filters');
const zoomOut = h('button', { class: 'control icon', type: 'button', title: 'Zoom out (-)', 'aria-label': 'Zoom out' }, '−');
const zoomIn = h('button', { class: 'control icon', type: 'button', title: 'Zoom in (+)', 'aria-label': 'Zoom in' }, '+');
const fitButton = h('button', { class: 'control', type: 'button', title: 'Fit to window (0)' }, 'Fit');
const exportSvgButton = h('button', { class: 'control export-svg', type: 'button', title: 'Save the drawing as an SVG file' }, 'Export SVG');
const exportMermaidButton = h(
  'button',
  { class: 'control export-mermaid', type: 'button', title: 'Save the graph as a Mermaid flowchart' },
  'Export Mermaid',
);
const summary = h('div', { class: 'summary', role: 'status', 'aria-live': 'polite' });
const notice = h('div', { class: 'notice', hidden: '' });
const svg = s('svg', { class: 'flow', role: 'group', 'aria-label': 'Allowed network flows' });
const busy = h('div', { class: 'busy', hidden: '' }, 'Laying out…');
const canvas = h('div', { class: 'canvas', tabindex: '-1' }, svg, busy);
const details = h('aside', { class: 'details', 'aria-label': 'Selection details' });
const legend = h(
  'div',
  { class: 'legend', 'aria-label': 'Legend' },
  legendItem('isolated', 'isolated both ways'),
  legendItem('ingress-only', 'one direction isolated'),
  legendItem('unprotected', 'unprotected'),
  legendItem('external', EXTERNAL_NAME.toLowerCase()),
  legendEdge('open', 'open: no policy involved'),
  legendEdge('added', 'added by the policy'),
  legendEdge('removed', 'removed by the policy'),
);

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
app.replaceChildren(
  h(
    'header',
    { class: 'toolbar' },
    namespaceFilter,
    policySelect,
    workloadSelect,
    clearButton,
    modeSelect,
    h('span', { class: 'spacer' }),
    zoomOut,
    zoomIn,
    fitButton,
    exportSvgButton,
    exportMermaidButton,
  ),
  h('div', { class: 'infobar' }, summary, legend),
  notice,
  h('main', { class: 'body' }, canvas, details),
);
modeSelect.value = state.mode;
showDetails(undefined);

const panZoom = new PanZoom(svg);

function legendItem(isolation: string, text: string): HTMLElement {
  return h('span', { class: `legend-item node ${isolation}` }, s('svg', { width: 14, height: 12 }, s('rect', { class: 'node-box', x: 1, y: 1, width: 12, height: 10, rx: 2 })), text);
}

function legendEdge(change: string, text: string): HTMLElement {
  return h('span', { class: `legend-item edge ${change}` }, s('svg', { width: 18, height: 12 }, s('path', { class: 'edge-line', d: 'M1,6 L17,6' })), text);
}

// ---- messages from the extension host ---------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as ToWebview | undefined;
  if (typeof message !== 'object' || message === null) return;
  if (message.type === 'graph' && isFlowGraph(message.graph)) {
    state.graph = message.graph;
    state.seq = typeof message.seq === 'number' ? message.seq : state.seq + 1;
    state.filters = normaliseFilters(message.filters);
    state.catalog = normaliseCatalog(message.catalog, message.graph);
    persist();
    setNotice(undefined);
    updateControls();
    void draw();
  } else if (message.type === 'notice' && typeof message.message === 'string') {
    setNotice(message.message, message.level === 'error' ? 'error' : 'info');
  }
});

function persist(): void {
  saveState<Persisted>({ mode: state.mode, filters: state.filters, toggles: state.toggles });
}

function normaliseToggles(value: unknown): NamespaceToggles {
  const toggles: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  if (typeof value !== 'object' || value === null) return toggles;
  for (const [namespace, expanded] of Object.entries(value)) if (typeof expanded === 'boolean') toggles[namespace] = expanded;
  return toggles;
}

/** Expands or collapses a namespace and redraws, centred on it. */
function toggleNamespace(group: ViewGroup): void {
  state.toggles = { ...state.toggles, [group.namespace]: group.collapsed };
  persist();
  state.selection = { kind: 'group', view: group };
  state.focus = group.key;
  void draw();
}

function isFlowGraph(value: unknown): value is FlowGraph {
  const g = value as FlowGraph | undefined;
  return typeof g === 'object' && g !== null && Array.isArray(g.nodes) && Array.isArray(g.edges) && Array.isArray(g.namespaces);
}

function normaliseFilters(filters: FlowFilters | undefined): FlowFilters {
  return {
    namespaces: Array.isArray(filters?.namespaces) ? filters.namespaces.filter((n) => typeof n === 'string') : [],
    policy: typeof filters?.policy === 'string' ? filters.policy : undefined,
    workload: typeof filters?.workload === 'string' ? filters.workload : undefined,
  };
}

function normaliseCatalog(catalog: FlowCatalog | undefined, graph: FlowGraph): FlowCatalog {
  if (catalog && Array.isArray(catalog.namespaces) && Array.isArray(catalog.policies) && Array.isArray(catalog.workloads)) return catalog;
  return {
    namespaces: [...new Set(graph.nodes.map((n) => n.namespace).filter((n): n is string => typeof n === 'string'))].sort(),
    policies: [...new Set(graph.nodes.flatMap((n) => n.policies))].sort(),
    workloads: graph.nodes
      .filter((n) => n.type === 'workload')
      .map((n) => ({ id: n.id, name: n.name, namespace: n.namespace ?? '', kind: n.kind ?? 'Workload' })),
  };
}

function setNotice(text: string | undefined, level: 'info' | 'error' = 'info'): void {
  notice.hidden = text === undefined;
  notice.className = `notice ${level}`;
  notice.textContent = text ?? '';
}

// ---- controls ---------------------------------------------------------------------------------------------------

function updateControls(): void {
  const { catalog, filters } = state;
  const chosen = new Set(filters.namespaces);
  clear(namespaceList);
  for (const ns of catalog.namespaces) {
    const box = h('input', { type: 'checkbox', value: ns });
    box.checked = chosen.has(ns);
    box.addEventListener('change', () => {
      const namespaces = [...namespaceList.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
      requestFilters({ ...state.filters, namespaces });
    });
    namespaceList.append(h('label', { class: 'dropdown-item' }, box, ns));
  }
  namespaceSummary.textContent = filters.namespaces.length
    ? `Namespaces: ${filters.namespaces.length === 1 ? filters.namespaces[0] : `${filters.namespaces.length} chosen`}`
    : 'Namespaces: all';

  clear(policySelect);
  policySelect.append(h('option', { value: '' }, 'Policy: none'));
  const policies = new Set(catalog.policies);
  if (filters.policy) policies.add(filters.policy);
  for (const id of [...policies].sort()) policySelect.append(h('option', { value: id }, `Policy: ${id}`));
  policySelect.value = filters.policy ?? '';

  clear(workloadSelect);
  workloadSelect.append(h('option', { value: '' }, 'Workload: all'));
  const byNamespace = new Map<string, FlowCatalog['workloads']>();
  for (const w of catalog.workloads) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  for (const [ns, workloads] of [...byNamespace].sort(([a], [b]) => (a < b ? -1 : 1))) {
    workloadSelect.append(h('optgroup', { label: ns }, ...workloads.map((w) => h('option', { value: w.id }, `${w.name} (${w.kind})`))));
  }
  if (filters.workload && !catalog.workloads.some((w) => w.id === filters.workload)) {
    workloadSelect.append(h('option', { value: filters.workload }, filters.workload));
  }
  workloadSelect.value = filters.workload ?? '';
  clearButton.disabled = !filters.namespaces.length && !filters.policy && !filters.workload;
}

function requestFilters(requested: FlowFilters): void {
  const filters: FlowFilters = { namespaces: requested.namespaces };
  if (requested.policy) filters.policy = requested.policy;
  if (requested.workload) filters.workload = requested.workload;
  state.filters = filters;
  busy.hidden = false;
  busy.textContent = 'Loading…';
  post({ type: 'setFilters', filters });
}

policySelect.addEventListener('change', () => requestFilters({ ...state.filters, policy: policySelect.value || undefined }));
workloadSelect.addEventListener('change', () => requestFilters({ ...state.filters, workload: workloadSelect.value || undefined }));
clearButton.addEventListener('click', () => requestFilters({ namespaces: [] }));
modeSelect.addEventListener('change', () => {
  state.mode = modeSelect.value as FlowMode;
  state.toggles = normaliseToggles(undefined);
  persist();
  state.drawnFilters = '';
  void draw();
});
zoomIn.addEventListener('click', () => panZoom.zoomBy(1.25));
zoomOut.addEventListener('click', () => panZoom.zoomBy(0.8));
fitButton.addEventListener('click', () => panZoom.fit());
exportSvgButton.addEventListener('click', () => {
  if (state.scene) post({ type: 'export', format: 'svg', content: exportSvg(svg, state.scene.width, state.scene.height) });
});
exportMermaidButton.addEventListener('click', () => {
  if (state.view) post({ type: 'export', format: 'mermaid', content: toMermaid(state.view) });
});
svg.addEventListener('click', () => {
  if (!panZoom.dragged) select(undefined, false);
});
canvas.addEventListener('keydown', (event) => {
  const step = 60;
  const actions: Record<string, () => void> = {
    '+': () => panZoom.zoomBy(1.25),
    '=': () => panZoom.zoomBy(1.25),
    '-': () => panZoom.zoomBy(0.8),
    '0': () => panZoom.fit(),
    ArrowLeft: () => panZoom.panBy(step, 0),
    ArrowRight: () => panZoom.panBy(-step, 0),
    ArrowUp: () => panZoom.panBy(0, step),
    ArrowDown: () => panZoom.panBy(0, -step),
    Escape: () => select(undefined, false),
  };
  const action = actions[event.key];
  if (action && !(event.target instanceof HTMLSelectElement)) {
    event.preventDefault();
    action();
  }
});
window.addEventListener('resize', () => {
  if (state.scene && state.drawnFilters) panZoom.fit();
});

// ---- drawing ----------------------------------------------------------------------------------------------------

const measureContext = document.createElement('canvas').getContext('2d');
const fontFamily = (): string => getComputedStyle(document.body).fontFamily || 'sans-serif';
const FONTS: Record<Parameters<MeasureText>[1], string> = {
  name: '600 12px',
  detail: '11px',
  label: '11px',
  group: '600 12px',
};
const measure: MeasureText = (text, font) => {
  if (!measureContext) return text.length * 7;
  measureContext.font = `${FONTS[font]} ${fontFamily()}`;
  return measureContext.measureText(text).width;
};

const layoutWorker = new WorkerLayout();
/** Counts draw() calls: only the latest one lays out and draws (graphs that came in meanwhile are skipped). */
let drawRequest = 0;

async function draw(): Promise<void> {
  const graph = state.graph;
  if (!graph) return;
  const request = ++drawRequest;
  // A layout still running is for an older graph, mode or set of toggles: stop it rather than wait for it.
  layoutWorker.cancel();
  const seq = state.seq;
  const mode = state.mode;
  const toggles = state.toggles;
  busy.textContent = 'Laying out…';
  busy.hidden = false;
  // Let the indicator paint (and messages queued meanwhile arrive) before laying out.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  if (request !== drawRequest) return;
  const view = buildViewGraph(graph, mode, state.filters.policy !== undefined, toggles);
  let scene: Scene;
  const started = performance.now();
  try {
    scene = await layoutScene(view, measure, layoutWorker.run);
  } catch (error) {
    if (error instanceof LayoutCancelled || request !== drawRequest) return;
    busy.hidden = true;
    setNotice(`The layout failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
    post({ type: 'error', message: `layout failed: ${String(error)}` });
    return;
  }
  const layoutMs = performance.now() - started;
  // A newer graph (or mode) arrived while ELK ran: that one will be drawn instead.
  if (request !== drawRequest || seq !== state.seq || mode !== state.mode || graph !== state.graph || toggles !== state.toggles) return;
  state.view = view;
  state.scene = scene;
  const previous = state.selection;
  state.rendered = renderScene(svg, scene, view.comparing, { select: (selection) => select(selection, true), toggle: toggleNamespace });
  // The summary first: a longer one can wrap and shrink the canvas the fit is computed for.
  updateSummary(graph, view);
  const filterKey = JSON.stringify([state.filters, mode]);
  panZoom.attach(state.rendered.viewport, scene.width, scene.height, filterKey !== state.drawnFilters);
  state.drawnFilters = filterKey;
  const focus = state.focus && scene.groups.find((g) => g.view.key === state.focus);
  state.focus = undefined;
  if (focus) panZoom.show(focus);
  busy.hidden = true;
  // Keep the selection across live updates when the same thing is still drawn.
  select(previous ? reselect(previous, view) : undefined, false);
  // How long ELK took, for the benchmark script and for anyone wondering why a redraw was slow.
  svg.dataset.layoutMs = String(Math.round(layoutMs));
  svg.dataset.seq = String(seq);
  post({ type: 'rendered', seq, nodes: view.nodes.length, edges: scene.edges.length, aggregated: view.aggregated });
}

function reselect(previous: Selection, view: ViewGraph): Selection | undefined {
  if (previous.kind === 'node') {
    const node = view.nodes.find((n) => n.key === previous.view.key);
    return node ? { kind: 'node', view: node } : undefined;
  }
  if (previous.kind === 'group') {
    const group = view.groups.find((g) => g.key === previous.view.key);
    return group ? { kind: 'group', view: group } : undefined;
  }
  if (previous.kind === 'bundle') {
    const bundle = view.bundles.find((b) => b.end === previous.view.end && b.node === previous.view.node && b.lines.join() === previous.view.lines.join());
    return bundle ? { kind: 'bundle', view: bundle } : undefined;
  }
  if (previous.kind === 'hub') {
    const hub = view.hubs.find((h) => h.node === previous.view.node && h.direction === previous.view.direction);
    return hub ? { kind: 'hub', view: hub } : undefined;
  }
  const { from, to } = previous.view;
  const edge = view.edges.find((e) => e.from === from && e.to === to);
  return edge ? { kind: 'edge', view: edge } : undefined;
}

function updateSummary(graph: FlowGraph, view: ViewGraph): void {
  const workloads = graph.nodes.filter((n) => n.type === 'workload').length;
  const flows = graph.edges.length;
  const parts = [
    `${workloads} workload${workloads === 1 ? '' : 's'} in ${view.groups.length} namespace${view.groups.length === 1 ? '' : 's'}`,
    `${flows} allowed flow${flows === 1 ? '' : 's'}`,
  ];
  const collapsed = view.groups.filter((g) => g.collapsed).length;
  if (collapsed) {
    const which = collapsed === view.groups.length ? 'namespaces collapsed' : `${collapsed} namespace${collapsed === 1 ? '' : 's'} collapsed`;
    parts.push(`${which}: flows grouped per namespace pair (+ expands one)`);
  }
  const services = [...new Set(view.hubs.filter((h) => h.kind === 'service').map((h) => h.node.replace(/^[gn]:/, '').split('/').pop()))];
  if (services.length) parts.push(`shared services (${services.join(', ')}) summed up, not drawn as arrows`);
  if (view.hiddenEdges) parts.push(`${view.hiddenEdges} edges, too many to draw: collapse namespaces, or choose namespaces or a workload`);
  if (state.filters.policy) {
    const added = graph.edges.filter((e) => e.change === 'added').length;
    const removed = graph.edges.filter((e) => e.change === 'removed').length;
    parts.push(`${state.filters.policy}: ${added} flow${added === 1 ? '' : 's'} added, ${removed} removed`);
  }
  if (graph.truncated) parts.push(`showing ${workloads} of ${graph.totalWorkloads} workloads: filter by namespace to see the rest`);
  if (workloads === 0) parts.push('no workloads here: open a folder with Kubernetes manifests, or clear the filters');
  summary.textContent = parts.join(' · ');
  summary.classList.toggle('truncated', graph.truncated || view.hiddenEdges > 0);
}

// ---- selection, details and reveal -------------------------------------------------------------------------------

function select(selection: Selection | undefined, reveal: boolean): void {
  state.selection = selection;
  state.rendered?.highlight(selection);
  showDetails(selection);
  if (!reveal || !selection) return;
  if (selection.kind === 'node' && selection.view.node.type === 'workload') {
    post({ type: 'reveal', target: { node: selection.view.node.id } });
  } else if (selection.kind === 'group' && selection.view.declared) {
    post({ type: 'reveal', target: { namespace: selection.view.namespace } });
  } else if (selection.kind === 'edge' && !selection.view.aggregated) {
    const flow = selection.view.flows[0];
    const policy = flow.policies.find((p) => state.graph?.policyLocations?.[p]);
    // An edge is allowed by policies' rules; with no policy involved, its destination is where one would go.
    if (policy) post({ type: 'reveal', target: { policy } });
    else post({ type: 'reveal', target: { node: flow.to === 'external' ? flow.from : flow.to } });
  }
}

function showDetails(selection: Selection | undefined): void {
  clear(details);
  if (!selection) {
    details.append(
      h('h2', {}, 'Flow preview'),
      h('p', {}, 'Click a workload, a namespace or a flow to see why, and to open its YAML.'),
      h('p', { class: 'hint' }, 'Drag to pan, wheel to zoom, 0 to fit. Arrows point from the client to the server.'),
    );
    return;
  }
  if (selection.kind === 'node') {
    const { node } = selection.view;
    if (node.type === 'external') {
      details.append(
        h('h2', {}, EXTERNAL_NAME),
        h('p', {}, 'Addresses outside the cluster: ipBlock peers, or any address when a direction is not isolated or a rule names no peer.'),
      );
      return;
    }
    details.append(
      h('h2', {}, node.name),
      field('Workload', `${node.kind ?? ''} in namespace ${node.namespace ?? ''}`),
      field('Isolation', isolationText(node.ingressIsolated, node.egressIsolated)),
      field('Labels', Object.entries(node.labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'),
      field('Selected by', node.policies.join(', ') || 'no policy'),
    );
    if (selection.view.selfFlow) details.append(field('To itself', selection.view.selfFlow.label));
    details.append(
      h(
        'div',
        { class: 'actions' },
        action('Open YAML', () => post({ type: 'reveal', target: { node: node.id } }), !node.location),
        action('Only this workload', () => requestFilters({ ...state.filters, workload: node.id })),
      ),
    );
    policyButtons(node.policies);
    return;
  }
  if (selection.kind === 'group') {
    const group = selection.view;
    const { isolated, partial, unprotected } = group.isolation;
    const breakdown = [isolated ? `${isolated} isolated` : '', partial ? `${partial} one direction` : '', unprotected ? `${unprotected} unprotected` : '']
      .filter(Boolean)
      .join(', ');
    const flows = state.graph?.edges ?? [];
    const inNamespace = new Set(group.workloads.map((w) => w.id));
    const incoming = flows.filter((f) => inNamespace.has(f.to) && !inNamespace.has(f.from)).length;
    const outgoing = flows.filter((f) => inNamespace.has(f.from) && !inNamespace.has(f.to)).length;
    details.append(
      h('h2', {}, `namespace ${group.namespace}`),
      field('Workloads', `${group.workloads.length}${breakdown ? ` (${breakdown})` : ''}`),
      field('Declared', group.declared ? 'by a Namespace manifest' : 'no: used by objects only'),
      field('Flows', `${incoming} in, ${outgoing} out${group.internalFlows.length ? `, ${group.internalFlows.length} inside` : ''}`),
      h(
        'div',
        { class: 'actions' },
        action(group.collapsed ? 'Expand' : 'Collapse', () => toggleNamespace(group), false, group.collapsed ? 'Draw its workloads and their flows' : 'Draw it as one box'),
        action('Open YAML', () => post({ type: 'reveal', target: { namespace: group.namespace } }), !group.declared),
        action('Only this namespace', () => requestFilters({ ...state.filters, namespaces: [group.namespace] })),
      ),
    );
    if (group.collapsed && group.workloads.length) {
      const list = h('ul', { class: 'workloads' });
      for (const w of group.workloads.slice(0, 100)) {
        const isolation = w.ingressIsolated && w.egressIsolated ? 'isolated' : w.ingressIsolated || w.egressIsolated ? 'partial' : 'unprotected';
        list.append(h('li', { class: isolation, title: isolationText(w.ingressIsolated, w.egressIsolated) }, `${w.name} (${w.kind ?? 'Workload'})`));
      }
      if (group.workloads.length > 100) list.append(h('li', {}, `… and ${group.workloads.length - 100} more`));
      details.append(h('div', { class: 'field-name' }, 'Its workloads'), list);
    }
    return;
  }
  if (selection.kind === 'bundle') {
    details.append(h('h2', {}, bundleTitle(selection.view)), flowList(selection.view.edges.flatMap((e) => e.flows)));
    return;
  }
  if (selection.kind === 'hub') {
    const hub = selection.view;
    details.append(
      h('h2', {}, hubHeading(hub)),
      h(
        'p',
        { class: 'hint' },
        hub.kind === 'service'
          ? 'A shared service: its flows are not drawn as arrows, so that the others stay readable. Its box and the boxes at the other ends light up together.'
          : 'Nothing isolates it in this direction, so any address outside the cluster is allowed on any port: said on its box rather than with an arrow across the drawing.',
      ),
      field('Ports', hub.ports ?? 'various: see the flows'),
      flowList(hub.edges.flatMap((e) => e.flows)),
    );
    return;
  }
  const edge = selection.view;
  if (edge.aggregated) {
    details.append(h('h2', {}, edgeTitle(edge)), flowList(edge.flows));
    const namespaces = [edge.from, edge.to].filter((k) => k.startsWith('g:')).map((k) => k.slice(2));
    if (namespaces.length) {
      details.append(
        h('div', { class: 'actions' }, action('Only these namespaces', () => requestFilters({ ...state.filters, namespaces }))),
      );
    }
    return;
  }
  const flow = edge.flows[0];
  details.append(
    h('h2', {}, 'Allowed flow'),
    field('From', flow.from === 'external' ? EXTERNAL_NAME : flow.from),
    field('To', flow.to === 'external' ? EXTERNAL_NAME : flow.to),
  );
  const pieces = externalPieces(flow);
  if (pieces) {
    // Each address set with exactly its ports: the union of ports and the union of addresses would say too much.
    details.append(h('div', { class: 'field-name' }, 'Allowed'), h('ul', { class: 'flows external' }, ...pieces.map((p) => h('li', {}, p))));
  } else {
    details.append(field('Ports', flow.label));
    if (flow.cidrs?.length) details.append(field('Addresses', flow.cidrs.join(', ')));
  }
  if (flow.change) details.append(field('Policy filter', flow.change === 'added' ? 'this policy adds the flow' : 'this policy removes the flow'));
  details.append(field('Allowed by', flow.policies.join(', ') || 'no policy: neither end is isolated in that direction'));
  policyButtons(flow.policies);
}

function flowList(flows: FlowEdge[]): HTMLElement {
  const list = h('ul', { class: 'flows' });
  const name = (id: string): string => (id === 'external' ? EXTERNAL_NAME.toLowerCase() : id);
  for (const flow of flows.slice(0, 100)) {
    list.append(h('li', { class: flow.change ?? '' }, `${name(flow.from)} → ${name(flow.to)}: ${edgeLabel(flow)}${flow.change ? ` (${flow.change})` : ''}`));
  }
  if (flows.length > 100) list.append(h('li', {}, `… and ${flows.length - 100} more`));
  return list;
}

function policyButtons(policies: string[]): void {
  const located = policies.filter((p) => state.graph?.policyLocations?.[p]);
  if (!located.length) return;
  const list = h('ul', { class: 'policies' });
  for (const policy of located) {
    list.append(
      h(
        'li',
        {},
        h('span', { class: 'policy-name' }, policy),
        action('Open', () => post({ type: 'reveal', target: { policy } })),
        action('Changes', () => requestFilters({ ...state.filters, policy }), false, `What does ${policy} change?`),
      ),
    );
  }
  details.append(h('div', { class: 'field-name' }, 'Policies'), list);
}

function isolationText(ingress: boolean, egress: boolean): string {
  if (ingress && egress) return `${isolationWords('isolated')}: ingress and egress`;
  if (ingress) return 'ingress isolated; egress open to everything';
  if (egress) return 'egress isolated; ingress open to everything';
  return 'unprotected: no policy selects it, everything may connect both ways';
}

function field(name: string, value: string): HTMLElement {
  return h('div', { class: 'field' }, h('span', { class: 'field-name' }, name), h('span', { class: 'field-value' }, value));
}

function action(label: string, run: () => void, disabled = false, title?: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'control', title }, label);
  button.disabled = disabled;
  button.addEventListener('click', run);
  return button;
}

post({ type: 'ready' });
