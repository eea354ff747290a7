// How long the flow preview's ELK layout takes, and how long it blocks the webview's main thread (pan, zoom and clicks
// wait for it), in Debian's Chromium driven by playwright-core, loading the webview's page the way
// test/e2e/webview.e2e.ts does (the same HTML, CSP, script and stylesheet) and posting FlowGraphs to it.
// Graphs: the e2e fixtures' generated platform (teams behind an ingress, CoreDNS, Prometheus) and random fan-out
// graphs, and with --server the language server's netpolLens/flowGraph on bench/workspaces/large (run `npm run
// bench:gen` first). Each graph is drawn in two modes: `auto` (beyond 60 workloads namespaces start collapsed) and
// `workloads` (every workload and flow, the worst case).
// Usage: node scripts/build.mjs --quiet --only=webview,server && tsx bench/webview-layout.ts [--runs N] [--server]
//        [--only <part of a graph's name>]
// Prints a Markdown table: layout ms (what the page measures around ELK) and the longest main-thread task while the
// graph was laid out and drawn (PerformanceObserver longtask entries; 0 when no task took 50 ms or more).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_SETTINGS, FlowGraphRequest, type FlowGraph, type FlowGraphParams } from '../server/src/protocol';
import { CHROMIUM } from '../scripts/code-server';
import { platformGraph, syntheticGraph } from '../test/e2e/fixtures/flow-graphs';
import { LspTestClient } from '../test/helpers/lsp-client';
import { ROOT, serveFlowPreview } from '../test/e2e/webview-page';
import { percentile } from './stats';

type Mode = 'auto' | 'workloads';

interface Case {
  name: string;
  graph: FlowGraph;
}

/** What the page reports after drawing a graph. */
interface Drawn {
  layoutMs: number;
  blockMs: number;
  nodes: number;
  groups: number;
  edges: number;
}

interface Row {
  graph: string;
  workloads: number;
  flows: number;
  mode: Mode;
  drawn: string;
  layout: number[];
  block: number[];
}

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;
const WITH_SERVER = args.includes('--server');
const onlyArg = args.indexOf('--only');
/** Only the graphs whose name contains this. */
const ONLY = onlyArg >= 0 ? args[onlyArg + 1] : undefined;
const LARGE = path.join(ROOT, 'bench/workspaces/large');

async function serverCases(): Promise<Case[]> {
  if (!fs.existsSync(LARGE)) throw new Error(`${LARGE} is missing: run npm run bench:gen first`);
  const client = new LspTestClient({ folder: LARGE, script: path.join(ROOT, 'out/server.js'), settings: DEFAULT_SETTINGS, waitLimitMs: 180_000 });
  try {
    const folder = client.uri('.').replace(/\/\.?$/, '');
    await client.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'large' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    await client.conn.sendNotification('initialized', {});
    await client.until('the index', () => client.statuses.find((s) => s.state === 'ready' && s.workloads > 0));
    const whole = await client.conn.sendRequest<FlowGraph>(FlowGraphRequest, { maxNodes: 5000 } satisfies FlowGraphParams);
    const namespaces = whole.namespaces.map((n) => n.name).filter((n) => !['kube-system', 'monitoring', 'ingress-nginx'].includes(n));
    const platform = ['kube-system', 'monitoring', 'ingress-nginx'];
    const ask = (params: FlowGraphParams): Promise<FlowGraph> => client.conn.sendRequest<FlowGraph>(FlowGraphRequest, { maxNodes: 300, ...params });
    // Namespaces of about 25 workloads each: 2 and 10 of them with the platform, and the whole repository cut at 300.
    return [
      { name: 'large: platform + 2 namespaces (and their peers)', graph: await ask({ namespaces: [...platform, ...namespaces.slice(0, 2)] }) },
      { name: 'large: platform + 10 namespaces (and their peers)', graph: await ask({ namespaces: [...platform, ...namespaces.slice(0, 10)] }) },
      { name: 'large: all, cut at 300', graph: await ask({}) },
    ];
  } finally {
    await client.stop();
  }
}

function fixtureCases(): Case[] {
  return [
    { name: 'platform 8×6', graph: platformGraph(8, 6) },
    { name: 'synthetic 5×10, fan-out 2', graph: syntheticGraph(5, 10, 2) },
    { name: 'platform 40×6', graph: platformGraph(40, 6) },
    // Fan-out 1: about as many flows as workloads, under the 300 arrows the preview draws (beyond, none are drawn).
    { name: 'synthetic 10×25, fan-out 1', graph: syntheticGraph(10, 25, 1) },
    { name: 'platform 50×6', graph: platformGraph(50, 6) },
    { name: 'synthetic 10×30, fan-out 1', graph: syntheticGraph(10, 30, 1) },
  ];
}

/** Draws `graph` `RUNS + 1` times on a fresh page (the first, which also compiles ELK's code, is not counted). */
async function measure(browser: Browser, url: string, c: Case, mode: Mode): Promise<Row> {
  const page: Page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    await page.locator('select.mode').selectOption(mode);
    const layout: number[] = [];
    const block: number[] = [];
    let drawn = '';
    for (let run = 0; run <= RUNS; run++) {
      const seq = run + 1;
      // The page's side as text: bench/ is type-checked without the DOM, and tsx would wrap named functions in a
      // helper the page lacks.
      const message = JSON.stringify({ type: 'graph', seq, graph: c.graph, filters: { namespaces: [] } });
      await page.evaluate(`(() => {
        window.benchTasks = [];
        window.benchObserver = new PerformanceObserver((list) => void window.benchTasks.push(...list.getEntries().map((e) => e.duration)));
        window.benchObserver.observe({ type: 'longtask' });
        window.postMessage(${message}, '*');
      })()`);
      await page.locator(`svg.flow[data-seq="${seq}"]`).waitFor({ timeout: 120_000 });
      // Long tasks are reported after they end: a moment more to collect the last.
      await page.waitForTimeout(50);
      const result = await page.evaluate<Drawn>(`(() => {
        window.benchTasks.push(...window.benchObserver.takeRecords().map((e) => e.duration));
        window.benchObserver.disconnect();
        const count = (selector) => document.querySelectorAll(selector).length;
        return {
          layoutMs: Number(document.querySelector('svg.flow').dataset.layoutMs),
          blockMs: Math.max(0, ...window.benchTasks),
          nodes: count('svg.flow g.node'),
          groups: count('svg.flow g.group'),
          edges: count('svg.flow g.edge'),
        };
      })()`);
      if (run === 0) {
        drawn = `${result.nodes} boxes, ${result.groups} namespaces, ${result.edges} arrows`;
        continue;
      }
      layout.push(result.layoutMs);
      block.push(result.blockMs);
    }
    if (errors.length) throw new Error(`${c.name}: ${errors.join('; ')}`);
    const workloads = c.graph.nodes.filter((n) => n.type === 'workload').length;
    return { graph: c.name, workloads, flows: c.graph.edges.length, mode, drawn, layout, block };
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'out/webview/flow-preview.js'))) throw new Error('build the webview first: node scripts/build.mjs --only=webview');
  const cases = [...fixtureCases(), ...(WITH_SERVER ? await serverCases() : [])].filter((c) => !ONLY || c.name.includes(ONLY));
  const served = await serveFlowPreview();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const rows: Row[] = [];
  try {
    for (const c of cases) {
      for (const mode of ['auto', 'workloads'] as const) {
        const row = await measure(browser, served.url, c, mode);
        rows.push(row);
        process.stderr.write(`${row.graph} (${row.mode}): layout median ${percentile(row.layout, 50).toFixed(0)} ms\n`);
      }
    }
  } finally {
    await browser.close();
    await served.close();
  }
  const ms = (values: number[], p: number): string => percentile(values, p).toFixed(0);
  console.log(`Flow preview layout in Chromium ${browser.version()}, ${RUNS} runs per row (after one not counted)\n`);
  console.log('| graph | workloads | flows | mode | drawn | layout median | layout p95 | longest main-thread task median | p95 |');
  console.log('| --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.graph} | ${r.workloads} | ${r.flows} | ${r.mode} | ${r.drawn} | ${ms(r.layout, 50)} | ${ms(r.layout, 95)} | ${ms(r.block, 50)} | ${ms(r.block, 95)} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
