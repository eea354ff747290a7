// What keeps the flow preview readable: short port labels, collapsed and expanded namespaces, labels shared by edges
// that meet at one node, shared services summed up instead of drawn, and the layout itself (ELK run in Node, with
// text measured by an estimate): sources at the top, destinations at the bottom, no label over a box or another
// label, big graphs folded into something wider than tall but not a strip.
import * as assert from 'node:assert/strict';
import { layoutScene, type Box, type MeasureText, type Scene } from '../../client/webview/layout';
import {
  buildViewGraph,
  BUNDLE_MIN_EDGES,
  flowLines,
  shortPorts,
  shouldAggregate,
  type ViewGraph,
} from '../../client/webview/view-model';
import type { FlowEdge, FlowGraph } from '../../server/src/protocol';
import { examplesGraph, examplesPolicyGraph, platformGraph, syntheticGraph } from '../e2e/fixtures/flow-graphs';

const measure: MeasureText = (text, font) => text.length * (font === 'name' || font === 'group' ? 7.2 : 6.4);

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function labelBoxes(scene: Scene): (Box & { text: string })[] {
  return [
    ...scene.edges.filter((e) => e.label).map((e) => ({ ...e.label!, text: e.label!.lines.join(' ') })),
    ...scene.bundles.map((b) => ({ ...b, text: b.lines.join(' ') })),
  ];
}

describe('flow preview: labels', () => {
  it('cuts long port lists to two items and counts the rest', () => {
    assert.equal(shortPorts('TCP 80, 443, 8080, 9090, 9091'), 'TCP 80, 443 +3');
    assert.equal(shortPorts('TCP 53; UDP 53'), 'TCP 53; UDP 53');
    assert.equal(shortPorts('TCP 80; UDP 53, 5353; SCTP 9'), 'TCP 80; UDP 53 +2');
    assert.equal(shortPorts('TCP 443, 30000-30100'), 'TCP 443, 30000-30100');
    assert.equal(shortPorts('all ports'), 'all ports');
    assert.equal(shortPorts('TCP (all ports); UDP 53'), 'TCP (all ports); UDP 53');
  });

  it('only clips what is not a port list', () => {
    const hostile = '<img src=x onerror=alert(1)> and a lot more text after it';
    assert.equal(shortPorts(hostile).length, 28);
    assert.ok(shortPorts(hostile).endsWith('…'));
    assert.equal(shortPorts('tcp 80'), 'tcp 80', 'not our format: left as it is');
  });

  it('writes addresses outside the cluster under the ports only when they are some ranges, not anywhere', () => {
    const edge: FlowEdge = { from: 'a', to: 'external', ports: {}, label: 'TCP 443', policies: [] };
    assert.deepEqual(flowLines(edge), ['TCP 443']);
    assert.deepEqual(flowLines({ ...edge, cidrs: ['0.0.0.0/0', '::/0'] }), ['TCP 443']);
    assert.deepEqual(flowLines({ ...edge, cidrs: ['10.0.0.0/8'] }), ['TCP 443', '10.0.0.0/8']);
    assert.deepEqual(flowLines({ ...edge, cidrs: ['10.0.0.0/8', '192.168.0.0/16'] }), ['TCP 443', '10.0.0.0/8 +1']);
    assert.deepEqual(flowLines({ ...edge, cidrs: ['0.0.0.0/0', '10.0.0.0/8'] }), ['TCP 443'], 'anywhere covers the range');
  });

  it('writes the first of exactly allowed pieces and how many more, with no more room than one label', () => {
    const edge: FlowEdge = { from: 'a', to: 'external', ports: {}, label: 'TCP 443, 30000-30100', policies: [], cidrs: ['198.51.100.0/24', '203.0.113.0/24'] };
    const piece = (addresses: string, label: string) => ({ addresses, ports: {}, label });
    assert.deepEqual(flowLines({ ...edge, external: [piece('203.0.113.0/24', 'TCP 443')] }), ['TCP 443', '203.0.113.0/24']);
    assert.deepEqual(flowLines({ ...edge, external: [piece('any address', 'TCP 443')] }), ['TCP 443'], 'anywhere: the node says it');
    assert.deepEqual(flowLines({ ...edge, external: [piece('203.0.113.0/24', 'TCP 443'), piece('198.51.100.0/24', 'TCP 30000-30100')] }), [
      'TCP 443',
      '203.0.113.0/24 +1 more',
    ]);
    assert.deepEqual(flowLines({ ...edge, external: [piece('any address', 'TCP 80'), piece('10.0.0.0/8', 'TCP 443')] }), ['TCP 80', 'any address +1 more']);
    const long = flowLines({ ...edge, external: [piece('2001:db8:aaaa:bbbb::/64 except 2001:db8:aaaa:bbbb::/96', 'TCP 1, 2, 3, 4'), piece('::/0', 'UDP 53')] });
    assert.equal(long[0], 'TCP 1, 2 +2');
    assert.equal(long[1].length, 28);
    assert.ok(long[1].endsWith('… +1 more'), long[1]);
    // A flow that is not to or from outside the cluster ignores pieces.
    assert.deepEqual(flowLines({ ...edge, to: 'b', external: [piece('x', 'y')], cidrs: undefined }), ['TCP 443, 30000-30100']);
  });
});

describe('flow preview: collapsed and expanded namespaces', () => {
  const big = platformGraph(40, 6);

  it('starts big graphs with every namespace collapsed, and lists their workloads and isolation', () => {
    assert.equal(shouldAggregate(big, 'auto'), true);
    const view = buildViewGraph(big, 'auto', false);
    assert.ok(view.groups.every((g) => g.collapsed && g.nodeKeys.length === 0));
    assert.deepEqual(view.nodes.map((n) => n.key).sort(), ['n:external#in', 'n:external#out']);
    const team = view.groups.find((g) => g.namespace === 'team-00')!;
    assert.equal(team.workloads.length, 6);
    assert.equal(team.isolation.isolated + team.isolation.partial + team.isolation.unprotected, 6);
    assert.equal(team.isolation.partial, 1, 'team-00-postgres is isolated one way');
    assert.ok(view.edges.every((e) => e.aggregated));
  });

  it('expands one namespace: its workloads and their flows are drawn, the rest stays per namespace', () => {
    const view = buildViewGraph(big, 'auto', false, { 'team-00': true });
    const team = view.groups.find((g) => g.namespace === 'team-00')!;
    assert.equal(team.collapsed, false);
    assert.equal(team.nodeKeys.length, 6);
    assert.equal(team.internalFlows.length, 0, 'an expanded namespace draws its internal flows');
    const web = 'n:team-00/Deployment/team-00-web';
    const api = 'n:team-00/Deployment/team-00-api';
    assert.ok(view.edges.some((e) => e.from === web && e.to === api && !e.aggregated), 'web → api is its own edge');
    assert.ok(view.edges.some((e) => e.from === api && e.to === 'g:team-01' && e.aggregated), 'api → the next team, collapsed');
    assert.ok(view.edges.some((e) => e.from === 'g:ingress-nginx' && e.to === web), 'ingress → web, from a collapsed namespace');
    assert.ok(view.groups.filter((g) => g.namespace !== 'team-00').every((g) => g.collapsed));
  });

  it('collapses one namespace of a small graph', () => {
    const view = buildViewGraph(examplesGraph(), 'auto', false, { monitoring: false });
    const monitoring = view.groups.find((g) => g.namespace === 'monitoring')!;
    assert.equal(monitoring.collapsed, true);
    assert.ok(!view.nodes.some((n) => n.group === 'g:monitoring'));
    assert.ok(view.edges.some((e) => e.from === 'g:monitoring' && e.to === 'n:payments/Deployment/payments-api'));
    assert.equal(view.aggregated, true);
    assert.equal(buildViewGraph(examplesGraph(), 'auto', false).aggregated, false);
  });

  it('ignores toggles that are not booleans of its own (a namespace called __proto__ included)', () => {
    const graph = examplesGraph();
    const view = buildViewGraph(graph, 'auto', false, JSON.parse('{"__proto__": false, "toString": true}') as Record<string, boolean>);
    assert.ok(view.groups.every((g) => !g.collapsed));
  });
});

describe('flow preview: shared labels and shared services', () => {
  it('draws the label of edges that meet at one node with the same ports once', () => {
    const view = buildViewGraph(examplesGraph(), 'workloads', false);
    // prometheus, node-exporter, alertmanager and invoicing reach web on TCP 9113 (the fixture has three of them).
    const into = (key: string) => view.bundles.filter((b) => b.node === key);
    assert.equal(into('n:dmz/Deployment/web').length, 0, 'two edges of the same ports are not enough');
    const graph = examplesGraph();
    graph.edges.push({ from: 'payments/Deployment/payments-api', to: 'dmz/Deployment/web', ports: { TCP: [[9102, 9102]] }, label: 'TCP 9102', policies: [] });
    graph.edges.push({ from: 'payments/CronJob/reconcile', to: 'dmz/Deployment/web', ports: { TCP: [[9102, 9102]] }, label: 'TCP 9102', policies: [] });
    graph.edges.push({ from: 'data/StatefulSet/redis', to: 'dmz/Deployment/web', ports: { TCP: [[9102, 9102]] }, label: 'TCP 9102', policies: [] });
    const bundled = buildViewGraph(graph, 'workloads', false);
    const bundle = bundled.bundles.find((b) => b.node === 'n:dmz/Deployment/web')!;
    assert.ok(bundle, 'three edges into web on TCP 9102');
    assert.equal(bundle.end, 'head');
    assert.deepEqual(bundle.lines, ['TCP 9102']);
    assert.equal(bundle.edges.length, BUNDLE_MIN_EDGES);
    assert.ok(bundle.edges.every((e) => e.bundle === bundle));
    const other = bundled.edges.find((e) => e.to === 'n:dmz/Deployment/web' && e.label === 'TCP 8080')!;
    assert.equal(other.bundle, undefined, 'other ports into the same node keep their own label');
  });

  it('keeps what a compared policy adds or removes apart from what it leaves', () => {
    const graph = examplesPolicyGraph();
    for (const from of ['data/StatefulSet/redis', 'app/Deployment/orders', 'dmz/Deployment/web']) {
      graph.edges.push({ from, to: 'payments/StatefulSet/postgres', ports: {}, label: 'TCP 5432', policies: [], change: 'added' });
    }
    graph.edges.push({ from: 'monitoring/StatefulSet/prometheus', to: 'payments/StatefulSet/postgres', ports: {}, label: 'TCP 5432', policies: [] });
    const view = buildViewGraph(graph, 'workloads', true);
    const bundles = view.bundles.filter((b) => b.node === 'n:payments/StatefulSet/postgres');
    assert.equal(bundles.length, 1);
    assert.equal(bundles[0].change, 'added');
    assert.ok(bundles[0].edges.every((e) => e.change === 'added'));
  });

  it('sums up the services every workload talks to instead of routing their edges', () => {
    const graph = platformGraph(8, 5);
    const view = buildViewGraph(graph, 'workloads', false);
    const hubs = view.hubs.map((h) => `${h.node} ${h.direction} ${h.ends.length} ${h.text}`).sort();
    assert.deepEqual(hubs, [
      'n:kube-system/Deployment/coredns in 40 ← 40 workloads · TCP 53; UDP 53',
      'n:monitoring/StatefulSet/prometheus out 40 → 40 workloads · TCP 9090',
    ]);
    const hubEdges = view.edges.filter((e) => e.hub);
    assert.equal(hubEdges.length, 80);
    assert.ok(hubEdges.every((e) => e.to === 'n:kube-system/Deployment/coredns' || e.from === 'n:monitoring/StatefulSet/prometheus'));
    assert.ok(view.bundles.every((b) => b.edges.every((e) => !e.hub)), 'a hub edge has no label to share');
    // The flows between teams stay drawn, and with the hubs summed up, the 44 workloads are drawn one by one.
    assert.equal(shouldAggregate(graph, 'auto'), false);
    assert.ok(graph.edges.length > 100);
  });

  it('says on its box that a workload is open to anywhere outside the cluster, instead of an arrow across the drawing', () => {
    const view = buildViewGraph(examplesGraph(), 'workloads', false);
    const open = view.hubs.map((h) => `${h.node} ${h.text}`).sort();
    assert.deepEqual(open, [
      'n:ingress-nginx/Deployment/ingress-nginx-controller ← anywhere outside · all ports',
      'n:ingress-nginx/Deployment/ingress-nginx-controller → anywhere outside · all ports',
      'n:monitoring/StatefulSet/prometheus → anywhere outside · all ports',
    ]);
    // A policy-backed flow from outside, or one to some ranges, stays an arrow.
    const arrows = view.edges.filter((e) => !e.hub && (e.from.startsWith('n:external') || e.to.startsWith('n:external')));
    // Each exactly: which ports with which addresses (not every port with every address).
    assert.deepEqual(arrows.map((e) => e.label).sort(), [
      'TCP 443 → 10.20.0.0/16',
      'TCP 443 → 203.0.113.0/24 · TCP 30000-30100 → 198.51.100.0/24',
      'TCP 8081 ← 168.63.129.16/32 · TCP 9113 ← any address',
    ]);
    // Outside the cluster is drawn only where arrows still reach it.
    const withoutArrows = examplesGraph();
    withoutArrows.edges = withoutArrows.edges.filter((e) => e.label === 'all ports' || (e.from !== 'external' && e.to !== 'external'));
    const keys = buildViewGraph(withoutArrows, 'workloads', false).nodes.map((n) => n.key);
    assert.ok(!keys.some((k) => k.startsWith('n:external')), keys.join(', '));
  });

  it('finds no shared service in a graph without one, nor among flows a compared policy changes', () => {
    assert.deepEqual(
      buildViewGraph(examplesGraph(), 'workloads', false).hubs.filter((h) => !h.ends.every((e) => e.startsWith('n:external'))),
      [],
    );
    const graph = platformGraph(8, 5);
    graph.edges = graph.edges.map((e) => (e.to.endsWith('/coredns') ? { ...e, change: 'removed' as const } : e));
    const view = buildViewGraph(graph, 'workloads', true);
    assert.deepEqual(view.hubs.map((h) => h.node), ['n:monitoring/StatefulSet/prometheus']);
    assert.ok(view.edges.filter((e) => e.to === 'n:kube-system/Deployment/coredns').every((e) => !e.hub && e.change === 'removed'));
  });

  it('sums up shared namespaces in the per-namespace view too', () => {
    const view = buildViewGraph(platformGraph(40, 6), 'auto', false);
    const hubs = view.hubs.map((h) => `${h.node} ${h.direction} ${h.ends.length}`).sort();
    assert.deepEqual(hubs, ['g:ingress-nginx out 40', 'g:kube-system in 40', 'g:monitoring out 40']);
    assert.match(view.hubs.find((h) => h.node === 'g:kube-system')!.text, /^← 40 namespaces · TCP 53; UDP 53$/);
  });
});

describe('flow preview: layout (ELK in Node)', function () {
  this.timeout(60_000);

  async function scene(graph: FlowGraph, mode: 'auto' | 'workloads' | 'namespaces' = 'auto', toggles = {}): Promise<{ view: ViewGraph; scene: Scene }> {
    const view = buildViewGraph(graph, mode, false, toggles);
    return { view, scene: await layoutScene(view, measure) };
  }

  it('puts sources outside the cluster at the top and destinations at the bottom', async () => {
    // Outside the cluster only reaching a database deep down, and only reached from the ingress at the top: a layout
    // that kept edges short would put both in the middle.
    const platform = platformGraph(3, 4);
    platform.edges = platform.edges.filter((e) => e.from !== 'external' && e.to !== 'external');
    platform.edges.push({ from: 'external', to: 'team-01/StatefulSet/team-01-postgres', ports: {}, label: 'TCP 5432', policies: [], cidrs: ['10.0.0.0/8'] });
    platform.edges.push({ from: 'ingress-nginx/Deployment/ingress-nginx-controller', to: 'external', ports: {}, label: 'all ports', policies: [] });
    for (const [graph, mode] of [[examplesGraph(), 'auto'], [platform, 'workloads'], [platform, 'namespaces']] as const) {
      const { view, scene: s } = await scene(graph, mode);
      const inbound = s.nodes.find((n) => n.view.key === 'n:external#in')!;
      const outbound = s.nodes.find((n) => n.view.key === 'n:external#out')!;
      // In the first and last layers: no box connected to them lies a layer (36 px) above the one, nor below the other
      // (boxes of one layer need not be aligned; a part of the graph they have no path to is packed anywhere).
      const connected = new Set(['n:external#in', 'n:external#out']);
      for (let grown = true; grown; ) {
        grown = false;
        for (const e of view.edges.filter((edge) => !edge.hub)) {
          if (connected.has(e.from) !== connected.has(e.to)) {
            connected.add(e.from).add(e.to);
            grown = true;
          }
        }
      }
      for (const other of s.nodes.filter((n) => connected.has(n.view.key))) {
        assert.ok(other.y + other.height > inbound.y - 30, `${other.view.key} above the sources`);
        assert.ok(other.y < outbound.y + outbound.height + 30, `${other.view.key} below the destinations`);
      }
      assert.ok(inbound.y + inbound.height < outbound.y);
    }
  });

  it('places every label clear of every box and every other label', async () => {
    for (const [name, graph, mode] of [
      ['examples', examplesGraph(), 'workloads'],
      ['policy', examplesPolicyGraph(), 'workloads'],
      ['platform', platformGraph(8, 5), 'workloads'],
      ['platform per namespace', platformGraph(40, 6), 'auto'],
    ] as const) {
      const { scene: s } = await scene(graph, mode);
      const labels = labelBoxes(s);
      assert.ok(labels.length > 3, `${name}: labels drawn`);
      const boxes = [...s.nodes, ...s.groups.filter((g) => g.view.collapsed)];
      for (const label of labels) {
        for (const box of boxes) assert.ok(!overlaps(label, box), `${name}: label ${label.text} over a box`);
      }
      labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => assert.ok(!overlaps(a, b), `${name}: labels ${a.text} and ${b.text} overlap`)));
    }
  });

  it('routes every drawn edge and no shared service’s or invisible one', async () => {
    const { view, scene: s } = await scene(platformGraph(8, 5), 'workloads');
    const routed = view.edges.filter((e) => !e.hub);
    assert.deepEqual(s.edges.map((e) => e.view.key).sort(), routed.map((e) => e.key).sort());
    assert.ok(s.edges.every((e) => e.sections.length > 0 && e.sections.every((p) => p.length >= 2)));
    assert.equal(s.hubs.length, 2);
  });

  it('stacks the workloads of an expanded namespace that only talk to shared services in a grid, not a row', async () => {
    const graph = platformGraph(40, 6);
    for (let i = 0; i < 9; i++) {
      const id = `team-03/Deployment/batch-${i}`;
      graph.nodes.push({ ...graph.nodes.find((n) => n.id === 'team-03/Deployment/team-03-api')!, id, name: `batch-${i}` });
      graph.edges.push({ from: id, to: 'kube-system/Deployment/coredns', ports: {}, label: 'TCP 53; UDP 53', policies: [] });
      graph.edges.push({ from: 'monitoring/StatefulSet/prometheus', to: id, ports: {}, label: 'TCP 9090', policies: [] });
    }
    const { scene: s } = await scene(graph, 'auto', { 'team-03': true });
    const team = s.groups.find((g) => g.view.namespace === 'team-03')!;
    const workers = s.nodes.filter((n) => n.view.group === team.view.key && /batch/.test(n.view.name));
    assert.equal(workers.length, 9);
    const rows = new Set(workers.map((n) => Math.round(n.y)));
    assert.ok(rows.size >= 2, `the workers sit on ${rows.size} row(s)`);
    assert.ok(team.width < 4 * team.height, `team-03 is ${team.width}×${team.height}`);
  });

  it('draws 250 workloads per namespace as a picture, not a strip', async () => {
    for (const graph of [platformGraph(40, 6), syntheticGraph(10, 25, 3)]) {
      const { scene: s } = await scene(graph);
      assert.ok(s.width / s.height < 4 && s.height / s.width < 4, `${Math.round(s.width)}×${Math.round(s.height)}`);
    }
  });
});
