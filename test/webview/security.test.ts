// The flow preview cannot be injected: its real HTML (client/src/flow-preview-html.ts) and bundled script
// (out/webview/flow-preview.js, built by scripts/build.mjs) in Debian's Chromium, fed a FlowGraph whose every string
// is an attack (./hostile.ts), clicked through, filtered, redrawn per namespace and exported. Nothing may run: no
// dialog, no marker set by a payload, no element or attribute a payload asked for, no network request and no
// navigation; the strings show literally. The CSP is strict on paper (parsed) and in force (inline script and eval
// refused). The exports are checked too: the SVG file opened on its own, without any CSP, runs nothing; the Mermaid
// text keeps every label inside its quotes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { FlowGraph } from '../../server/src/protocol';
import type { FromWebview } from '../../client/src/flow-preview-messages';
import { renderFlowPreviewHtml } from '../../client/src/flow-preview-html';
import { type FlowPreviewPage, serveFlowPreview } from '../e2e/webview-page';
import { EVIL, hostileFlowGraph, PAYLOADS } from './hostile';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Code below marked "page side" runs in Chromium; the Node test project has no DOM types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any, document: any, Image: any;

/**
 * Records, inside the page before its script runs, anything a payload could have created: dangerous elements, event
 * handler attributes, javascript:/data:/remote URLs, CSP violations. A string, not a function: tsx's name-keeping
 * helper (__name) does not exist in the page.
 */
const WATCH_FOR_INJECTION = `(() => {
  const found = (window.__suspicious = []);
  // The page's own head (meta, stylesheet) is parsed before the webview script runs; later additions count.
  let parsed = false;
  document.addEventListener('DOMContentLoaded', () => (parsed = true));
  const dangerousTags = new Set(['script', 'img', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'style', 'form', 'foreignobject', 'math', 'frame', 'audio', 'video']);
  function check(el) {
    if (!parsed && el.closest('head')) return;
    const tag = el.localName.toLowerCase();
    if (dangerousTags.has(tag) && !(tag === 'script' && el.hasAttribute('nonce')) && !(tag === 'link' && el.getAttribute('rel') === 'stylesheet' && el.parentNode === document.head)) {
      found.push('<' + tag + '> ' + el.outerHTML.slice(0, 120));
    }
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(tag + '[' + attr.name + ']');
      if (/^(href|src|xlink:href|action|formaction|data)$/i.test(attr.name) && /^\\s*(javascript|data|https?):/i.test(attr.value) && tag !== 'link' && tag !== 'script') {
        found.push(tag + '[' + attr.name + '=' + attr.value.slice(0, 60) + ']');
      }
    }
  }
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target.nodeType === 1) check(r.target);
      r.addedNodes.forEach((n) => {
        if (n.nodeType === 1) {
          check(n);
          n.querySelectorAll('*').forEach(check);
        }
      });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('securitypolicyviolation', (e) => found.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
})();`;

interface Watch {
  problems: string[];
  requests: string[];
}

/** Dialogs, popups, navigations and requests of a page, as problems (requests outside `allowed` count too). */
function watchPage(page: Page, allowed: (url: string) => boolean): Watch {
  const watch: Watch = { problems: [], requests: [] };
  page.on('dialog', (dialog) => {
    watch.problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('popup', (popup) => watch.problems.push(`popup: ${popup.url()}`));
  page.on('pageerror', (error) => watch.problems.push(`page error: ${error.message}`));
  // The one worker the preview starts (the ELK layout) is a blob: of the page's own origin, made by its nonce'd script.
  page.on('worker', (worker) => {
    if (!/^blob:/.test(worker.url()) || !allowed(worker.url().slice('blob:'.length))) watch.problems.push(`worker: ${worker.url()}`);
  });
  page.on('request', (request) => {
    watch.requests.push(request.url());
    // A blob: URL of the page's origin is the layout worker's script: its start is checked by the 'worker' handler.
    const url = request.url().startsWith('blob:') ? request.url().slice('blob:'.length) : request.url();
    if (!allowed(url)) watch.problems.push(`request: ${request.url()}`);
  });
  page.on('framenavigated', (frame) => {
    if (frame !== page.mainFrame() || (frame.url() !== 'about:blank' && !allowed(frame.url()))) watch.problems.push(`navigation: ${frame.url()}`);
  });
  return watch;
}

/** CSP directives of a policy string: name → sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe('webview security: the flow preview runs nothing it is given (Chromium)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let served: FlowPreviewPage;
  let origin: string;
  let page: Page;
  let watch: Watch;
  let seq = 0;

  before(async () => {
    // The bundled webview script, exactly as the extension ships it.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), '--quiet', '--only=webview'], { cwd: ROOT, stdio: 'inherit' });
    served = await serveFlowPreview();
    origin = new URL(served.url).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await served?.close();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    watch = watchPage(page, (url) => url.startsWith(`${origin}/`) && !url.includes('evil'));
    await page.addInitScript(WATCH_FOR_INJECTION);
    await page.goto(served.url);
    await page.waitForFunction(() => (window as unknown as { netpolLensOutbox?: unknown[] }).netpolLensOutbox?.length);
  });

  afterEach(async () => {
    await page?.close();
  });

  const outbox = (): Promise<FromWebview[]> => page.evaluate(() => (window as unknown as { netpolLensOutbox: FromWebview[] }).netpolLensOutbox);
  const suspicious = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __suspicious: string[] }).__suspicious);
  const pwned = (): Promise<unknown> => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

  async function show(graph: FlowGraph, filters: { namespaces: string[]; policy?: string; workload?: string } = { namespaces: [] }): Promise<void> {
    const n = ++seq;
    await page.evaluate((message) => window.postMessage(message, '*'), { type: 'graph', seq: n, graph, filters, catalog: undefined });
    await page.locator(`svg.flow[data-seq="${n}"]`).waitFor({ timeout: 120_000 });
  }

  /** Clicks every enabled button of the details pane (a click may redraw the pane, so all at once, in the page). */
  const clickDetailsButtons = (): Promise<void> =>
    page.$$eval('.details button:not([disabled])', (buttons) => buttons.forEach((b) => (b as unknown as { click(): void }).click()));

  async function nothingRan(when: string): Promise<void> {
    assert.deepEqual(watch.problems, [], `${when}: dialogs, popups, navigations, page errors or requests`);
    assert.deepEqual(await suspicious(), [], `${when}: elements or attributes a payload asked for, or CSP violations`);
    assert.equal(await pwned(), undefined, `${when}: a payload set window.__pwned`);
  }

  it('the Content-Security-Policy is strict: nothing but the nonce script, the extension styles and images, no network', async () => {
    const html = renderFlowPreviewHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'n0nce-AbC123xyz789_QwErTy456', scriptUri: 'https://x/s.js', styleUri: 'https://x/s.css' });
    const served1 = await (await fetch(served.url)).text();
    const served2 = await (await fetch(served.url)).text();
    for (const text of [html, served1]) {
      const metas = [...text.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
      assert.equal(metas.length, 1, 'exactly one CSP meta tag');
      const csp = directives(metas[0][1].replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
      assert.deepEqual(csp.get('default-src'), ["'none'"]);
      const scripts = csp.get('script-src') ?? [];
      assert.equal(scripts.length, 1, `script-src is one nonce: ${scripts.join(' ')}`);
      assert.match(scripts[0], /^'nonce-[A-Za-z0-9+/_=-]{16,}'$/);
      for (const [name, sources] of csp) {
        for (const source of sources) {
          assert.ok(!/^'unsafe-(inline|eval|hashes)'$|^'wasm-unsafe-eval'$|^\*$|^https?:$|^ws|^filesystem:$/.test(source), `${name} allows ${source}`);
          // blob: only for the layout worker, whose code the nonce'd script carries and turns into a blob: URL.
          assert.ok(!(source === 'blob:' && name !== 'worker-src'), `${name} allows blob:`);
          assert.ok(!(source === 'data:' && name !== 'img-src'), `${name} allows data:`);
        }
      }
      assert.deepEqual(csp.get('base-uri'), ["'none'"]);
      assert.deepEqual(csp.get('form-action'), ["'none'"]);
      for (const name of ['connect-src', 'frame-src', 'child-src', 'object-src']) assert.ok(!csp.has(name), `${name} stays at default-src 'none'`);
      assert.deepEqual(csp.get('worker-src'), ['blob:'], 'workers only from blob: URLs the page makes');
      // Every script tag carries the page's nonce.
      const nonce = scripts[0].slice("'nonce-".length, -1);
      const tags = [...text.matchAll(/<script\b([^>]*)>/gi)];
      assert.ok(tags.length >= 1 && tags.every((t) => t[1].includes(`nonce="${nonce}"`)), 'every <script> carries the nonce');
      assert.ok(!/<script\b[^>]*>[^<\s]/i.test(text), 'no inline script body');
      assert.ok(!/\son[a-z]+=/i.test(text), 'no inline event handler');
    }
    const nonceOf = (text: string): string | undefined => /'nonce-([^']+)'/.exec(text)?.[1];
    assert.notEqual(nonceOf(served1), nonceOf(served2), 'a fresh nonce for every page');
  });

  it('the CSP is in force: an inline script, eval and a remote image are refused', async () => {
    const results = await page.evaluate(async (evil) => {
      const w = window as { __inline?: number; __evalRan?: number; __suspicious: string[] };
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
      // A string handed to setTimeout is compiled like eval, later, by the page itself: 'unsafe-eval' decides.
      window.setTimeout('window.__evalRan = 1', 0);
      await new Promise((resolve) => window.setTimeout(resolve, 200));
      const evalResult = w.__evalRan === undefined ? 'refused' : 'ran';
      const img = new Image();
      const loaded = await new Promise<string>((resolve) => {
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('blocked');
        img.src = `${evil}/pixel.png`;
      });
      const violations = w.__suspicious.filter((s) => s.startsWith('CSP violation')).length;
      w.__suspicious.length = 0;
      script.remove();
      return { inline: w.__inline, evalResult, loaded, violations };
    }, EVIL);
    assert.equal(results.inline, undefined, 'an inline script without the nonce did not run');
    assert.equal(results.evalResult, 'refused', 'code compiled from a string (eval, setTimeout(string)) is refused');
    assert.equal(results.loaded, 'blocked', 'a remote image is refused');
    assert.ok(results.violations >= 2, 'the browser reported the violations');
    // The image request was refused by the CSP before it left; nothing else happened.
    watch.problems = watch.problems.filter((p) => !p.includes('/pixel.png'));
    await nothingRan('probing the CSP');
  });

  it('a FlowGraph whose every string is an attack is drawn, clicked through, filtered and regrouped: nothing runs, text shows literally', async () => {
    const graph = hostileFlowGraph();
    await show(graph);
    await nothingRan('drawing');

    // Every node, edge and namespace clicked: the details pane shows their strings.
    for (const selector of ['svg.flow g.node', 'svg.flow g.edge', 'svg.flow g.group']) {
      const items = page.locator(selector);
      const count = await items.count();
      assert.ok(count > 0, `${selector} drawn`);
      for (let i = 0; i < count; i += Math.max(1, Math.floor(count / 25))) {
        await items.nth(i).dispatchEvent('click');
        // The buttons of the details pane (open, filter) too.
        await clickDetailsButtons();
      }
    }
    await nothingRan('clicking every node, edge and namespace');

    // The strings are shown as text: titles, details, filter lists.
    const shown = await page.evaluate(() => {
      const texts = [document.body.textContent ?? ''];
      document.querySelectorAll('title, option, optgroup, label').forEach((e: { textContent: string | null; getAttribute(n: string): string | null }) => texts.push(e.textContent ?? '', e.getAttribute('label') ?? ''));
      return texts.join('\n');
    });
    for (const payload of PAYLOADS) {
      const fragment = payload.replace(/[\u0000-\u001f\u2028\u2029\u202a-\u202e]/g, '').slice(0, 30);
      assert.ok(shown.includes(fragment) || shown.replace(/[\u0000-\u001f\u2028\u2029\u202a-\u202e]/g, '').includes(fragment), `the string ${JSON.stringify(payload.slice(0, 60))} is shown literally`);
    }

    // Filters: every namespace, policy and workload choice is posted to the extension as plain data.
    await page.locator('.namespace-filter summary').click();
    const boxes = page.locator('.namespace-filter input[type=checkbox]');
    for (let i = 0; i < (await boxes.count()); i += 7) await boxes.nth(i).check();
    const policies = await page.locator('select.policy-filter option').evaluateAll((options) => options.map((o) => (o as { value: string }).value));
    for (const value of policies.filter(Boolean).slice(0, 10)) await page.locator('select.policy-filter').selectOption(value);
    const posted = (await outbox()).filter((m) => m.type === 'setFilters');
    assert.ok(posted.length > 5);
    assert.ok(posted.some((m) => m.type === 'setFilters' && m.filters.policy === `${PAYLOADS[1]}/${PAYLOADS[1]}`), 'a payload travels back as data, unchanged');
    // …and the graph comes back filtered by a payload policy, compared, then per namespace.
    await show(graph, { namespaces: [], policy: `${PAYLOADS[0]}/${PAYLOADS[0]}` });
    await page.locator('select.mode').selectOption('namespaces');
    await page.locator('svg.flow g.edge').first().waitFor();
    for (const edge of (await page.locator('svg.flow g.edge').all()).slice(0, 10)) {
      await edge.dispatchEvent('click');
      await clickDetailsButtons();
    }
    // Notices are text too.
    await page.evaluate((message) => window.postMessage({ type: 'notice', level: 'error', message }, '*'), PAYLOADS.join(' '));
    await nothingRan('filtering, comparing, regrouping and a notice');
  });

  it('the SVG export, opened on its own without any CSP, runs nothing and keeps the strings as text', async () => {
    await show(hostileFlowGraph());
    await page.locator('button.export-svg').click();
    const exported = (await outbox()).find((m) => m.type === 'export' && m.format === 'svg');
    assert.ok(exported && exported.type === 'export');
    const content = exported.content;
    // Markup with the text and the attribute values taken out: what is left are the tags and attribute names.
    const skeleton = content.replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""');
    assert.ok(!/<(script|foreignObject|iframe|img|a|use|image|animate|set)\b|\son[a-z]+\s*=/i.test(skeleton), `no active markup in the exported SVG: ${skeleton.slice(0, 300)}`);

    // Served as a plain file from another origin, with no CSP at all: only the SVG itself may load.
    const viewer = await browser.newPage();
    const svgUrl = 'http://export.test/network-flows.svg';
    const viewerWatch = watchPage(viewer, (url) => url === svgUrl);
    await viewer.route('**/*', (route) => (route.request().url() === svgUrl ? route.fulfill({ contentType: 'image/svg+xml', body: content }) : route.abort()));
    await viewer.goto(svgUrl);
    await viewer.waitForTimeout(300);
    const inspected = await viewer.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      active: [...document.querySelectorAll('script, foreignObject, iframe, img, a, use[href^="http"]')].map((e) => e.localName),
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      text: document.documentElement.textContent ?? '',
    }));
    await viewer.close();
    assert.deepEqual(viewerWatch.problems, [], 'opening the exported SVG');
    assert.equal(inspected.pwned, undefined);
    assert.deepEqual(inspected.active, []);
    assert.deepEqual(inspected.handlers, []);
    assert.ok(inspected.text.includes(PAYLOADS[1].slice(0, 20)), `payloads are text in the exported SVG: ${inspected.text.slice(0, 500)}`);
    await nothingRan('exporting SVG');
  });

  it('the Mermaid export keeps every label inside its quotes: no directive, click, style or statement can be smuggled', async () => {
    for (const mode of ['workloads', 'namespaces'] as const) {
      await show(hostileFlowGraph());
      if (mode === 'namespaces') {
        await page.locator('select.mode').selectOption('namespaces');
        await page.waitForFunction(() => document.querySelectorAll('svg.flow g.edge.aggregated').length > 0);
      }
      await page.locator('button.export-mermaid').click();
      const exports = (await outbox()).filter((m) => m.type === 'export' && m.format === 'mermaid');
      const text = (exports[exports.length - 1] as { content: string }).content;
      const label = '"[A-Za-z0-9 ._,:/()=+\\-·↻#;…]*"';
      const grammar = [
        /^%% NetworkPolicy Lens: allowed flows$/,
        /^flowchart LR$/,
        new RegExp(`^  subgraph ns\\d+\\[${label}\\]$`),
        new RegExp(`^ {2,4}w\\d+\\[${label}\\]$`),
        /^  end$/,
        new RegExp(`^  (?:w|ns)\\d+ (?:-->|==>|-\\.->)\\|${label}\\| (?:w|ns)\\d+$`),
        /^  classDef (?:isolated|ingress_only|egress_only|unprotected|external) [a-z0-9:#,.\- ]+$/,
        /^  class (?:(?:w|ns)\d+,)*(?:w|ns)\d+ (?:isolated|ingress_only|egress_only|unprotected|external)$/,
      ];
      const lines = text.replace(/\n$/, '').split('\n');
      for (const line of lines) assert.ok(grammar.some((g) => g.test(line)), `${mode}: a Mermaid line outside the generator's grammar: ${JSON.stringify(line.slice(0, 200))}`);
      assert.ok(lines.length > 20, `${mode}: the flowchart has its nodes and edges`);
    }
    await nothingRan('exporting Mermaid');
  });

  it('the watch itself works: an injected handler, a dialog and a remote fetch are all caught', async () => {
    await page.evaluate((evil) => {
      document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__pwned = 1">');
      window.alert('caught');
      void window.fetch(`${evil}/beacon`).catch(() => undefined);
    }, EVIL);
    await page.waitForTimeout(300);
    const found = await suspicious();
    assert.ok(found.some((f) => f.startsWith('<img>')), `the injected <img> is recorded: ${found.join(', ')}`);
    assert.ok(found.some((f) => f === 'img[onerror]'), 'its handler attribute is recorded');
    assert.ok(found.some((f) => f.startsWith('CSP violation: script-src')), 'the CSP refused the inline handler and said so');
    assert.ok(found.some((f) => f.startsWith('CSP violation: connect-src')), 'the CSP refused the fetch and said so');
    assert.ok(watch.problems.some((p) => p.startsWith('dialog')), 'the dialog is recorded');
    assert.equal(await pwned(), undefined, 'the CSP kept the handler from running');
    await assert.rejects(nothingRan('a deliberate injection'));
  });
});
