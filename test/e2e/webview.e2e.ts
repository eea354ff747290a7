// The flow preview's page on its own in Chromium: the same HTML, CSP, script and stylesheet VS Code shows, fed
// FlowGraph messages with window.postMessage; what the page sends back is read from window.netpolLensOutbox. Takes the
// README's picture of a big graph (with UPDATE_SCREENSHOTS=1 it replaces docs/screenshots/flow-preview-250.png).
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { FlowGraph } from '../../server/src/protocol';
import type { FlowFilters, FromWebview } from '../../client/src/flow-preview-messages';
import { CHROMIUM } from '../../scripts/code-server';
import { examplesGraph, examplesPolicyGraph, HOSTILE, hostileGraph, platformGraph, syntheticGraph } from './fixtures/flow-graphs';
import { type FlowPreviewPage, ROOT, serveFlowPreview, useDarkTheme } from './webview-page';

const SHOTS = path.join(ROOT, '.e2e-run/screenshots');

describe('flow preview webview (Chromium, no VS Code)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let served: FlowPreviewPage;
  let page: Page;
  let problems: string[];
  let seq = 0;

  before(async () => {
    served = await serveFlowPreview();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
    problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !/favicon/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(served.url);
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
  });

  afterEach(async () => {
    await page?.close();
  });

  /** A test that also fails on any page error, console error, CSP violation or dialog it caused. */
  function test(title: string, body: () => Promise<void>): void {
    it(title, async () => {
      await body();
      assert.deepEqual(problems, [], 'no errors, CSP violations or dialogs');
    });
  }

  async function show(graph: FlowGraph, filters: FlowFilters = { namespaces: [] }): Promise<number> {
    const n = ++seq;
    await page.evaluate(([message]) => window.postMessage(message, '*'), [{ type: 'graph', seq: n, graph, filters, catalog: undefined }] as const);
    await page.locator(`svg.flow[data-seq="${n}"]`).waitFor({ timeout: 90_000 });
    return n;
  }

  async function outbox(): Promise<FromWebview[]> {
    return page.evaluate(() => (window as unknown as { netpolLensOutbox: FromWebview[] }).netpolLensOutbox);
  }

  test('says it is ready, then draws namespaces as groups, workloads as nodes and flows as labelled edges', async () => {
    const graph = examplesGraph();
    await show(graph);
    const messages = await outbox();
    assert.equal(messages[0].type, 'ready');
    const workloads = graph.nodes.filter((n) => n.type === 'workload');
    // Outside the cluster is drawn twice: as a source on the left and a destination on the right.
    assert.equal(await page.locator('svg.flow g.node').count(), workloads.length + 2);
    const groups = await page.locator('svg.flow g.group .group-label').allTextContents();
    for (const ns of ['app', 'data', 'dmz', 'ingress-nginx', 'monitoring', 'payments']) assert.ok(groups.some((g) => g.startsWith(ns)), `group ${ns}`);
    assert.ok(!groups.some((g) => g.startsWith('kube-system')), 'undeclared namespaces without workloads are left out');
    const labels = await page.locator('svg.flow g.edge .edge-label text').allTextContents();
    assert.ok(labels.includes('TCP 5432'), `edge labels: ${labels.join(', ')}`);
    assert.ok(labels.some((l) => l.includes('10.20.0.0/16')), 'ipBlock CIDRs are shown on edges to outside the cluster');
    // Self flows are a badge on the node, and a workload open to anywhere outside says so on its box: not edges.
    const open = graph.edges.filter((e) => (e.from === 'external' || e.to === 'external') && e.label === 'all ports' && !e.policies.length);
    assert.equal(open.length, 3);
    const drawnEdges = graph.edges.filter((e) => e.from !== e.to).length - open.length;
    assert.equal(await page.locator('svg.flow g.edge').count(), drawnEdges);
    assert.deepEqual((await page.locator('svg.flow g.hub .hub-text').allTextContents()).sort(), [
      '← anywhere outside · all ports',
      '→ anywhere outside · all ports',
      '→ anywhere outside · all ports',
    ]);
    const rendered = messages.find((m) => m.type === 'rendered');
    assert.deepEqual(rendered, { type: 'rendered', seq, nodes: workloads.length + 2, edges: drawnEdges, aggregated: false });
    assert.doesNotMatch((await page.locator('.summary').textContent()) ?? '', /shared services/, 'no shared service in examples/');
    await page.locator('svg.flow g.node', { hasText: 'prometheus' }).locator('g.hub').click();
    assert.equal(await page.locator('.details h2').textContent(), 'monitoring/StatefulSet/prometheus → anywhere outside the cluster');
  });

  test('marks isolated, partly isolated and unprotected workloads differently', async () => {
    await show(examplesGraph());
    const classOf = async (name: string): Promise<string> =>
      (await page.locator('svg.flow g.node').filter({ hasText: name }).first().getAttribute('class')) ?? '';
    assert.match(await classOf('payments-api'), /\bisolated\b/);
    assert.match(await classOf('postgres'), /\bingress-only\b/);
    assert.match(await classOf('prometheus'), /\bunprotected\b/);
    const stroke = async (name: string): Promise<string> =>
      page.locator('svg.flow g.node').filter({ hasText: name }).first().locator('.node-box').evaluate((el) => getComputedStyle(el).stroke);
    assert.notEqual(await stroke('payments-api'), await stroke('prometheus'));
    const dash = await page.locator('svg.flow g.node.unprotected .node-box').first().evaluate((el) => getComputedStyle(el).strokeDasharray);
    assert.notEqual(dash, 'none', 'unprotected workloads have a dashed border');
  });

  test('renders labels that are markup as text, and runs none of it', async () => {
    await show(hostileGraph());
    const texts = await page.locator('svg.flow').evaluate((svg) => svg.textContent ?? '');
    assert.ok(texts.includes(HOSTILE.slice(0, 20)), 'the label is shown literally');
    assert.equal(await page.locator('img, script:not([nonce])').count(), 0, 'no element was created from a label');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    // The filters and details list them too.
    await page.locator('svg.flow g.node').filter({ hasText: '<img' }).first().click();
    assert.ok(((await page.locator('.details').textContent()) ?? '').includes('<img src=x'));
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  });

  test('asks the extension to reveal the YAML of a clicked workload, flow or namespace', async () => {
    await show(examplesGraph());
    await page.locator('svg.flow g.node').filter({ hasText: 'payments-api' }).first().click();
    await page.locator('svg.flow g.edge').filter({ hasText: 'TCP 5432' }).first().locator('.edge-label').click();
    await page.locator('svg.flow g.group').filter({ hasText: 'monitoring' }).first().locator('.group-label').click();
    const reveals = (await outbox()).filter((m) => m.type === 'reveal');
    assert.deepEqual(reveals, [
      { type: 'reveal', target: { node: 'payments/Deployment/payments-api' } },
      { type: 'reveal', target: { policy: 'payments/payments-api' } },
      { type: 'reveal', target: { namespace: 'monitoring' } },
    ]);
    assert.ok(((await page.locator('.details').textContent()) ?? '').includes('monitoring'));
  });

  test('sends filter changes to the extension: namespace, policy, workload, and clearing them', async () => {
    await show(examplesGraph());
    await page.locator('.namespace-filter summary').click();
    await page.locator('.namespace-filter label', { hasText: 'payments' }).locator('input').check();
    await page.locator('select.policy-filter').selectOption('payments/postgres');
    await page.locator('select.workload-filter').selectOption('payments/StatefulSet/postgres');
    const filters = (await outbox()).filter((m) => m.type === 'setFilters').map((m) => (m as { filters: FlowFilters }).filters);
    assert.deepEqual(filters, [
      { namespaces: ['payments'] },
      { namespaces: ['payments'], policy: 'payments/postgres' },
      { namespaces: ['payments'], policy: 'payments/postgres', workload: 'payments/StatefulSet/postgres' },
    ]);
    await show(examplesGraph(), { namespaces: ['payments'], policy: 'payments/postgres' });
    assert.equal(await page.locator('select.policy-filter').inputValue(), 'payments/postgres');
    await page.locator('button.clear').click();
    const last = (await outbox()).filter((m) => m.type === 'setFilters').at(-1);
    assert.deepEqual(last, { type: 'setFilters', filters: { namespaces: [] } });
  });

  test('shows what a policy changes: added and removed flows marked, the rest dimmed', async () => {
    await show(examplesPolicyGraph(), { namespaces: [], policy: 'payments/postgres' });
    assert.equal(await page.locator('svg.flow g.edge.added').count(), 1);
    assert.equal(await page.locator('svg.flow g.edge.removed').count(), 1);
    assert.ok((await page.locator('svg.flow g.edge.unchanged').count()) > 0);
    assert.match((await page.locator('.summary').textContent()) ?? '', /1 flow added, 1 removed/);
  });

  test('exports the drawing as standalone SVG and as Mermaid', async () => {
    await show(examplesGraph());
    await page.locator('button.export-svg').click();
    await page.locator('button.export-mermaid').click();
    const exports = (await outbox()).filter((m) => m.type === 'export') as Extract<FromWebview, { type: 'export' }>[];
    assert.deepEqual(exports.map((e) => e.format), ['svg', 'mermaid']);
    const svg = exports[0].content;
    assert.match(svg, /^<\?xml/);
    assert.ok(svg.includes('payments-api') && svg.includes('TCP 5432'));
    assert.ok(!svg.includes('var(--'), 'theme variables are resolved to colours');
    assert.ok(!/ on[a-z]+=/i.test(svg), 'no event handler attributes');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName };
    }, svg);
    assert.deepEqual(parsed, { error: null, root: 'svg' });
    const mermaid = exports[1].content;
    assert.match(mermaid, /^%% NetworkPolicy Lens/);
    assert.match(mermaid, /flowchart LR/);
    assert.match(mermaid, /subgraph ns\d+\["namespace payments"\]/);
    assert.match(mermaid, /-->\|"TCP 5432"\|/);
  });

  test('draws 250 workloads per namespace, expands and collapses a namespace, and lists an aggregated edge’s flows', async () => {
    const graph = platformGraph(40, 6);
    await show(graph);
    assert.equal(await page.locator('svg.flow g.group.collapsed').count(), 43, 'every namespace is one box');
    assert.equal(await page.locator('svg.flow g.node').count(), 2, 'only outside the cluster, as source and destination');
    assert.match((await page.locator('.summary').textContent()) ?? '', /244 workloads in 43 namespaces · .* namespaces collapsed: flows grouped per namespace pair/);
    const rendered = (await outbox()).filter((m) => m.type === 'rendered').at(-1) as Extract<FromWebview, { type: 'rendered' }>;
    assert.equal(rendered.aggregated, true);
    const team = page.locator('svg.flow g.group', { hasText: 'team-00' }).first();
    assert.match((await team.textContent()) ?? '', /6 workloads · 5 internal flows/);

    // Expanded by its toggle: its six workloads are drawn, the others stay collapsed; no reveal is asked for.
    await team.locator('.group-toggle').click();
    await page.waitForFunction(() => document.querySelectorAll('svg.flow g.node').length === 8);
    assert.equal(await page.locator('svg.flow g.group.collapsed').count(), 42);
    assert.ok((await page.locator('svg.flow g.group.expanded', { hasText: 'team-00' }).count()) === 1);
    assert.ok(!(await outbox()).some((m) => m.type === 'reveal'), 'toggling does not open YAML');
    assert.ok(((await page.locator('.details').textContent()) ?? '').includes('namespace team-00'), 'the namespace is selected');
    // Collapsed again from the side panel; the choice survives a live update.
    await page.locator('.details button', { hasText: 'Collapse' }).click();
    await page.waitForFunction(() => document.querySelectorAll('svg.flow g.node').length === 2);
    await team.dblclick();
    await page.waitForFunction(() => document.querySelectorAll('svg.flow g.node').length === 8);
    await show(graph);
    assert.equal(await page.locator('svg.flow g.node').count(), 8, 'team-00 stays expanded when the graph is redrawn');

    // An aggregated edge lists its flows.
    await page.locator('svg.flow g.edge.aggregated .edge-label').first().dispatchEvent('click');
    assert.ok((await page.locator('.details ul.flows li').count()) > 0);
  });

  test('takes the README’s picture of 244 workloads in the dark theme', async () => {
    await page.setViewportSize({ width: 1400, height: 860 });
    await useDarkTheme(page);
    await show(platformGraph(40, 6));
    assert.equal(await page.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(31, 31, 31)');
    await page.locator('button', { hasText: 'Fit' }).click();
    const file = path.join(SHOTS, 'flow-preview-250.png');
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: file });
    if (process.env.UPDATE_SCREENSHOTS === '1') fs.copyFileSync(file, path.join(ROOT, 'docs/screenshots/flow-preview-250.png'));
  });

  test('sums up shared services instead of drawing their edges, and draws a label shared by several edges once', async () => {
    await show(platformGraph(8, 5));
    const hubs = await page.locator('svg.flow g.hub .hub-text').allTextContents();
    assert.deepEqual(hubs.map((h) => h.trim()).sort(), ['← 40 workloads · TCP 53; UDP 53', '→ 40 workloads · TCP 9090']);
    assert.match((await page.locator('.summary').textContent()) ?? '', /shared services \((coredns, prometheus|prometheus, coredns)\) summed up/);
    // A click lights up whom it reaches, and lists the flows.
    await page.locator('svg.flow g.hub', { hasText: '→ 40 workloads' }).click();
    assert.equal(await page.locator('svg.flow g.node.related').count(), 41, 'prometheus and the 40 workloads it scrapes');
    assert.equal(await page.locator('.details ul.flows li').count(), 40);
    assert.ok(!(await outbox()).some((m) => m.type === 'reveal'));
    // ingress-nginx reaches eight web front ends on TCP 8080: one label, at the ingress.
    const bundle = page.locator('svg.flow g.bundle', { hasText: 'TCP 8080' });
    assert.equal(await bundle.count(), 1);
    await bundle.click();
    assert.equal(await page.locator('svg.flow g.edge.related').count(), 8);
    assert.match((await page.locator('.details h2').textContent()) ?? '', /^8 edges from ingress-nginx\/Deployment\/ingress-nginx-controller: TCP 8080$/);
    // Each of those edges still says its ports in its tooltip.
    const titles = await page.locator('svg.flow g.edge.related > title').allTextContents();
    assert.ok(titles.every((t) => t.endsWith(': TCP 8080')), titles.join('; '));
  });

  test('abbreviates long port lists on the drawing and keeps them whole in the tooltip and the side panel', async () => {
    const graph = examplesGraph();
    const long = 'TCP 80, 443, 8080, 8443, 9090';
    graph.edges.push({ from: 'app/Deployment/orders', to: 'data/StatefulSet/redis', ports: {}, label: long, policies: ['data/redis'] });
    await show(graph);
    const edge = page.locator('svg.flow g.edge', { hasText: 'TCP 80, 443 +3' });
    assert.equal(await edge.count(), 1);
    assert.equal(await edge.locator('> title').textContent(), `app/Deployment/orders → data/StatefulSet/redis: ${long}`);
    await edge.locator('.edge-label').click();
    assert.ok(((await page.locator('.details').textContent()) ?? '').includes(long));
    // Open flows (nothing isolates either end) are drawn apart from those policies allow.
    assert.ok((await page.locator('svg.flow g.edge.open').count()) > 0);
    assert.equal(await page.locator('svg.flow g.edge.open').filter({ hasText: 'TCP 5432' }).count(), 0);
  });

  test('draws a flow with outside the cluster exactly: its first range and how many more, every range with its ports in the tooltip, side panel and exports', async () => {
    await show(examplesGraph());
    const exact = 'TCP 443 → 203.0.113.0/24 · TCP 30000-30100 → 198.51.100.0/24';
    const edge = page.locator('svg.flow g.edge', { hasText: '203.0.113.0/24 +1 more' });
    assert.equal(await edge.count(), 1);
    assert.deepEqual(await edge.locator('.edge-label text').allTextContents(), ['TCP 443', '203.0.113.0/24 +1 more']);
    assert.equal(await edge.locator('> title').textContent(), `payments/Deployment/payments-api → outside the cluster: ${exact}`);
    await edge.locator('.edge-label').click();
    assert.deepEqual(await page.locator('.details ul.external li').allTextContents(), exact.split(' · '));
    await page.locator('button.export-svg').click();
    await page.locator('button.export-mermaid').click();
    const exports = (await outbox()).filter((m) => m.type === 'export') as Extract<FromWebview, { type: 'export' }>[];
    assert.ok(exports[0].content.includes(`outside the cluster: ${exact}`), 'the SVG keeps the tooltip');
    assert.ok(exports[1].content.includes('TCP 443 #8594; 203.0.113.0/24 · TCP 30000-30100 #8594; 198.51.100.0/24'), exports[1].content);
  });

  test('draws each flow when asked to, even for a bigger graph', async () => {
    await show(syntheticGraph(4, 10, 2));
    await page.locator('select.mode').selectOption('namespaces');
    await page.locator('svg.flow g.edge.aggregated').first().waitFor();
    await page.locator('select.mode').selectOption('workloads');
    await page.waitForFunction(() => document.querySelectorAll('svg.flow g.edge.aggregated').length === 0 && document.querySelectorAll('svg.flow g.edge').length > 0);
  });

  test('zooms, pans and fits without losing the drawing', async () => {
    await show(examplesGraph());
    const transform = (): Promise<string | null> => page.locator('svg.flow g.viewport').getAttribute('transform');
    const fitted = await transform();
    await page.locator('button', { hasText: '+' }).click();
    assert.notEqual(await transform(), fitted);
    await page.mouse.move(300, 400);
    await page.mouse.wheel(0, 300);
    const box = (await page.locator('svg.flow').boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 120, box.y + 90, { steps: 5 });
    await page.mouse.up();
    await page.locator('button', { hasText: 'Fit' }).click();
    assert.equal(await transform(), fitted);
  });

  test('lays out in a worker started from a blob:, and a newer graph cancels the layout still running (latest wins)', async () => {
    // Counts the page's workers and holds their layout requests until released, so that a layout is surely still
    // running when the next graph comes. (Text: tsx would wrap a class sent as a function in a helper the page lacks.)
    await page.addInitScript(`(() => {
      const probe = { workers: [], hold: true };
      window.layoutProbe = probe;
      const Native = window.Worker;
      window.Worker = class extends Native {
        constructor(url, options) {
          super(url, options);
          const entry = { name: options && options.name, url: String(url), terminated: false, held: [] };
          probe.workers.push(entry);
          const post = this.postMessage.bind(this);
          entry.post = post;
          this.postMessage = (message, transfer) => (probe.hold && message && message.cmd === 'layout' ? entry.held.push(message) : post(message, transfer));
          const terminate = this.terminate.bind(this);
          this.terminate = () => { entry.terminated = true; terminate(); };
        }
      };
    })()`);
    await page.reload();
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    interface Probe {
      workers: { name?: string; url: string; terminated: boolean; held: unknown[] }[];
    }
    const probe = (): Promise<Probe> => page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { layoutProbe: Probe }).layoutProbe)) as Probe);
    const post = (graph: FlowGraph, n: number): Promise<void> =>
      page.evaluate(([message]) => window.postMessage(message, '*'), [{ type: 'graph', seq: n, graph, filters: { namespaces: [] }, catalog: undefined }] as const);
    const heldIn = (worker: number): Promise<unknown> =>
      page.waitForFunction((i) => (window as unknown as { layoutProbe: Probe }).layoutProbe.workers[i]?.held.length === 1, worker);

    const first = ++seq;
    await post(syntheticGraph(4, 10, 2), first);
    await heldIn(0);
    const second = ++seq;
    await post(examplesGraph(), second);
    await heldIn(1);
    const [stale, latest] = (await probe()).workers;
    assert.equal(stale.name, 'elk-layout');
    assert.match(stale.url, /^blob:/);
    assert.equal(stale.terminated, true, 'the stale layout’s worker was stopped');
    assert.equal(latest.terminated, false);
    await page.evaluate(() => {
      const p = (window as unknown as { layoutProbe: { hold: boolean; workers: { terminated: boolean; held: unknown[]; post(m: unknown): void }[] } }).layoutProbe;
      p.hold = false;
      for (const w of p.workers) if (!w.terminated) for (const m of w.held.splice(0)) w.post(m);
    });
    await page.locator(`svg.flow[data-seq="${second}"]`).waitFor({ timeout: 90_000 });
    const rendered = (await outbox()).filter((m) => m.type === 'rendered').map((m) => (m as { seq: number }).seq);
    assert.deepEqual(rendered, [second], 'only the latest graph was drawn');
    assert.ok((await page.locator('svg.flow g.node', { hasText: 'payments-api' }).count()) > 0);
    assert.equal(await page.locator('.busy').isHidden(), true);
    // The next layout runs in the same (second) worker.
    await show(syntheticGraph(4, 10, 2));
    assert.equal(await page.locator('svg.flow g.node', { hasText: 'payments-api' }).count(), 0);
    assert.equal((await probe()).workers.length, 2);
  });

  test('reports when there is nothing to draw', async () => {
    await show({ namespaces: [], nodes: [], edges: [], truncated: false, totalWorkloads: 0 });
    assert.match((await page.locator('.summary').textContent()) ?? '', /no workloads here/);
  });

  test('says when the graph was cut at maxNodes', async () => {
    const graph = syntheticGraph(3, 5, 1);
    graph.truncated = true;
    graph.totalWorkloads = 5000;
    await show(graph);
    assert.match((await page.locator('.summary').textContent()) ?? '', /showing 15 of 5000 workloads/);
  });
});
