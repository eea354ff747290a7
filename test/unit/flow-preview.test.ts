// The flow preview's pure parts: FlowGraph → drawn graph (aggregation, outside-the-cluster ends, self flows), the
// Mermaid export's escaping, the filter catalogue and the webview's HTML shell with its CSP.
import * as assert from 'node:assert/strict';
import { catalogOf, mergeCatalogs } from '../../client/src/flow-catalog';
import { renderFlowPreviewHtml } from '../../client/src/flow-preview-html';
import { escapeLabel, toMermaid } from '../../client/webview/mermaid';
import {
  AGGREGATE_EDGE_LIMIT,
  buildViewGraph,
  edgeLabel,
  isolationOf,
  MAX_DRAWN_EDGES,
  shouldAggregate,
} from '../../client/webview/view-model';
import { examplesGraph, examplesPolicyGraph, HOSTILE, hostileGraph, syntheticGraph } from '../e2e/fixtures/flow-graphs';

describe('flow preview: drawn graph', () => {
  it('puts workloads in their namespace groups and leaves out undeclared namespaces without workloads', () => {
    const view = buildViewGraph(examplesGraph(), 'auto', false);
    const groups = view.groups.map((g) => g.namespace).sort();
    assert.deepEqual(groups, ['app', 'data', 'dmz', 'ingress-nginx', 'monitoring', 'payments']);
    const payments = view.groups.find((g) => g.namespace === 'payments')!;
    assert.deepEqual(payments.nodeKeys.sort(), ['n:payments/CronJob/reconcile', 'n:payments/Deployment/payments-api', 'n:payments/StatefulSet/postgres']);
    assert.equal(view.aggregated, false);
  });

  it('draws a declared namespace even when it has no workloads', () => {
    const graph = examplesGraph();
    graph.namespaces.push({ name: 'empty', labels: {}, declared: true });
    graph.namespaces.push({ name: 'used-only', labels: {}, declared: false });
    const groups = buildViewGraph(graph, 'auto', false).groups.map((g) => g.namespace);
    assert.ok(groups.includes('empty'));
    assert.ok(!groups.includes('used-only'));
  });

  it('tells isolation apart: both, one direction, none, outside the cluster', () => {
    const base = { id: 'x', name: 'x', labels: {}, policies: [] };
    assert.equal(isolationOf({ ...base, type: 'workload', ingressIsolated: true, egressIsolated: true }), 'isolated');
    assert.equal(isolationOf({ ...base, type: 'workload', ingressIsolated: true, egressIsolated: false }), 'ingress-only');
    assert.equal(isolationOf({ ...base, type: 'workload', ingressIsolated: false, egressIsolated: true }), 'egress-only');
    assert.equal(isolationOf({ ...base, type: 'workload', ingressIsolated: false, egressIsolated: false }), 'unprotected');
    assert.equal(isolationOf({ ...base, type: 'external', ingressIsolated: false, egressIsolated: false }), 'external');
  });

  it('splits outside the cluster into a source and a destination, and makes self flows badges', () => {
    const view = buildViewGraph(examplesGraph(), 'workloads', false);
    const externals = view.nodes.filter((n) => n.isolation === 'external').map((n) => n.key).sort();
    assert.deepEqual(externals, ['n:external#in', 'n:external#out']);
    assert.ok(view.edges.every((e) => e.from !== 'n:external#out' && e.to !== 'n:external#in'), 'sources on one side, destinations on the other');
    assert.ok(view.edges.every((e) => e.from !== e.to), 'no loops');
    const prometheus = view.nodes.find((n) => n.key === 'n:monitoring/StatefulSet/prometheus')!;
    assert.equal(prometheus.selfFlow?.label, 'all ports');
    assert.equal(view.nodes.find((n) => n.key === 'n:payments/Deployment/payments-api')!.selfFlow, undefined);
  });

  it('draws one outside-the-cluster node when no flow touches it', () => {
    const graph = examplesGraph();
    graph.edges = graph.edges.filter((e) => e.from !== 'external' && e.to !== 'external');
    const externals = buildViewGraph(graph, 'workloads', false).nodes.filter((n) => n.isolation === 'external');
    assert.equal(externals.length, 1);
  });

  it('adds the CIDRs to the labels of flows to or from outside the cluster', () => {
    const edge = { from: 'a', to: 'external', ports: {}, label: 'TCP 443', policies: [] };
    assert.equal(edgeLabel(edge), 'TCP 443');
    assert.equal(edgeLabel({ ...edge, cidrs: ['10.0.0.0/8'] }), 'TCP 443 · 10.0.0.0/8');
    assert.equal(edgeLabel({ ...edge, cidrs: ['10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12'] }), 'TCP 443 · 10.0.0.0/8, 192.168.0.0/16 +1');
  });

  it('aggregates per namespace pair beyond the edge limit in auto mode, and as asked otherwise', () => {
    const small = examplesGraph();
    assert.equal(shouldAggregate(small, 'auto'), false);
    assert.equal(shouldAggregate(small, 'namespaces'), true);
    const big = syntheticGraph(10, 25, 3);
    assert.ok(big.edges.length > AGGREGATE_EDGE_LIMIT);
    assert.equal(shouldAggregate(big, 'auto'), true);
    assert.equal(shouldAggregate(big, 'workloads'), false);

    const view = buildViewGraph(big, 'auto', false);
    assert.equal(view.aggregated, true);
    const ends = new Set(view.groups.map((g) => g.key));
    assert.ok(view.edges.every((e) => e.aggregated && ends.has(e.from) && ends.has(e.to) && e.from !== e.to));
    const drawn = view.edges.reduce((n, e) => n + e.flows.length, 0);
    // A collapsed namespace keeps its workloads' flows to themselves among its internal flows.
    const internal = view.groups.reduce((n, g) => n + g.internalFlows.length, 0);
    assert.equal(drawn + internal, big.edges.length, 'every flow is in exactly one aggregate or a group');
    assert.match(view.edges[0].label, /^\d+ flows( · TCP \d+)?$|^TCP \d+$/);
  });

  it('marks aggregated changes: all added, all removed, or mixed', () => {
    const graph = examplesPolicyGraph();
    const view = buildViewGraph(graph, 'namespaces', true);
    assert.equal(view.comparing, true);
    const intoPayments = view.edges.filter((e) => e.to === 'g:payments');
    assert.ok(intoPayments.length > 0);
    const payments = view.groups.find((g) => g.namespace === 'payments')!;
    // Both postgres changes are inside payments: internal flows of the namespace.
    assert.equal(payments.internalFlows.filter((f) => f.change).length, 2);
    const mixed = buildViewGraph(
      { ...graph, edges: [
        { from: 'dmz/Deployment/web', to: 'app/Deployment/orders', ports: {}, label: 'TCP 1', policies: [], change: 'added' },
        { from: 'dmz/Deployment/web', to: 'app/Deployment/orders', ports: {}, label: 'TCP 2', policies: [], change: 'removed' },
        { from: 'dmz/Deployment/web', to: 'app/Deployment/orders', ports: {}, label: 'TCP 3', policies: [] },
      ] },
      'namespaces',
      true,
    );
    assert.equal(mixed.edges.length, 1);
    assert.equal(mixed.edges[0].change, undefined);
    assert.equal(mixed.edges[0].mixedChange, true);
    assert.equal(mixed.edges[0].label, '3 flows (+1 −1)');
    const allAdded = buildViewGraph({ ...graph, edges: mixed.edges[0].flows.slice(0, 1) }, 'namespaces', true);
    assert.equal(allAdded.edges[0].change, 'added');
    assert.equal(allAdded.edges[0].mixedChange, false);
  });

  it('routes no edges when even namespace pairs are too many, and says how many', () => {
    const view = buildViewGraph(syntheticGraph(80, 4, 4), 'auto', false);
    assert.equal(view.edges.filter((e) => !e.hub).length, 0, 'only shared services’ edges are left: they are not routed');
    assert.equal(view.bundles.length, 0);
    assert.ok(view.hiddenEdges > MAX_DRAWN_EDGES);
    const readable = buildViewGraph(syntheticGraph(10, 25, 3), 'auto', false);
    assert.equal(readable.hiddenEdges, 0);
  });
});

describe('flow preview: Mermaid export', () => {
  it('writes namespaces as subgraphs, workloads as nodes, flows as labelled arrows and changes as arrow styles', () => {
    const text = toMermaid(buildViewGraph(examplesPolicyGraph(), 'workloads', true));
    assert.match(text, /^%% NetworkPolicy Lens: allowed flows\nflowchart LR\n/);
    assert.match(text, /  subgraph ns\d+\["namespace payments"\]\n(    w\d+\["[^"]*"\]\n)+  end/);
    assert.match(text, /w\d+ ==>\|"added: TCP 5432"\| w\d+/);
    assert.match(text, /w\d+ -\.->\|"removed: TCP 5432"\| w\d+/);
    assert.match(text, /w\d+ -->\|"TCP 8080"\| w\d+/);
    assert.match(text, /classDef unprotected stroke:#c62828/);
  });

  it('escapes every label so it can neither close its quotes nor carry markup', () => {
    assert.equal(escapeLabel('TCP 5432'), 'TCP 5432');
    assert.equal(escapeLabel('a"b'), 'a#34;b');
    assert.equal(escapeLabel('<img src=x>'), '#60;img src=x#62;');
    assert.equal(escapeLabel('#quot;'), '#35;quot#59;');
    assert.equal(escapeLabel('a|b]c'), 'a#124;b#93;c');
    const text = toMermaid(buildViewGraph(hostileGraph(), 'workloads', false));
    assert.ok(!text.includes('<img'), 'no markup survives');
    for (const line of text.split('\n').filter((l) => l.includes('["'))) {
      assert.match(line, /^\s*(subgraph )?\w+\["[^"]*"\]$/, `one quoted label per line: ${line}`);
    }
    assert.ok(text.includes(escapeLabel(HOSTILE)));
  });
});

describe('flow preview: filter catalogue', () => {
  it('lists namespaces, policies (located or named by nodes and edges) and workloads, sorted', () => {
    const graph = examplesGraph();
    graph.policyLocations!['data/unused'] = graph.policyLocations!['data/redis'];
    const catalog = catalogOf(graph);
    assert.deepEqual(catalog.namespaces, ['app', 'data', 'default', 'dmz', 'ingress-nginx', 'kube-system', 'monitoring', 'payments']);
    assert.ok(catalog.policies.includes('data/unused'), 'a policy that selects nothing is still listed');
    assert.ok(catalog.policies.includes('payments/postgres'));
    assert.deepEqual([...catalog.policies].sort(), catalog.policies);
    assert.equal(catalog.workloads.length, 8);
    assert.ok(!catalog.workloads.some((w) => w.id === 'external'));
  });

  it('merges catalogues without duplicates', () => {
    const a = catalogOf(examplesGraph());
    const b = catalogOf(syntheticGraph(1, 2, 1));
    const merged = mergeCatalogs(a, b);
    assert.equal(merged.workloads.length, a.workloads.length + 2);
    assert.ok(merged.namespaces.includes('team-0') && merged.namespaces.includes('payments'));
    assert.deepEqual(mergeCatalogs(a, a), a);
  });
});

describe('flow preview: HTML shell', () => {
  const html = renderFlowPreviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/webview/flow-preview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/flow-preview.css',
  });

  it('has a strict CSP: nothing by default, scripts only with the nonce, styles only from the extension', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'nonce-abc123'"]);
    assert.deepEqual(directives.get('style-src'), ['https://file+.vscode-resource.vscode-cdn.net']);
    assert.ok(!csp.includes('unsafe'), 'no unsafe-inline or unsafe-eval');
  });

  it('loads exactly one script, with the nonce, and no inline handlers or styles', () => {
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="abc123" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/out\/webview\/flow-preview\.js"><\/script>/);
    assert.ok(!/ on[a-z]+=/i.test(html));
    assert.ok(!/style=/.test(html));
  });

  it('escapes what it puts in attributes', () => {
    const hostile = renderFlowPreviewHtml({ cspSource: 'x', nonce: 'n"><script>', scriptUri: '"><img>', styleUri: 's' });
    assert.ok(!hostile.includes('"><script>'));
    assert.ok(!hostile.includes('"><img>'));
  });
});
