// Policy test files (`*.netpol-test.yaml`) in the real language server over stdio: hovers with the verdict and what
// was evaluated, completion in every context of a case, diagnostics that follow policies in other files, and code
// lenses. On a copy of examples/ plus the `lens` namespace of fixture.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLens, CodeLensRequest, CompletionItem, CompletionList, CompletionRequest, Diagnostic, HoverRequest } from 'vscode-languageserver-protocol/node';
import { deployment, docs, workload } from '../helpers/manifests';
import { completionLabels, hoverText, TestClient, tempWorkspace } from './client';
import { LENS_FILES, lensWorkspace, positionOf } from './fixture';

const TESTS = 'lens/lens.netpol-test.yaml';
const POLICIES = 'lens/policies.yaml';

// Two kinds share the name `cache` in lens: a side must name the kind.
const CACHE = docs(
  deployment('lens', 'cache', { app: 'cache' }, ['redis:6379']),
  workload('StatefulSet', 'lens', 'cache', { app: 'cache', role: 'replica' }, ['redis:6379', 'sentinel:26379']),
);

// api → db is allowed by both sides; db → api on http is not: api-ingress admits port 80 (the Service's port), and
// the pods listen on 8080.
const TEST_FILE = `# Policy tests of the lens namespace.
tests:
  - name: api reaches db
    from: lens/api
    to: lens/db
    port: 5432
    expect: allow
  - name: db reaches api on http
    from: lens/db
    to: {namespace: lens, podSelector: {matchLabels: {app: api}}}
    port: http
    expect: allow
`;

function failed(d: Diagnostic[]): string[] {
  return d.filter((x) => x.code === 'policy-test-failed').map((x) => x.message);
}

/** A copy of examples/ with the lens namespace, CACHE and TEST_FILE, and a server started on it. */
async function setUp(): Promise<{ ws: ReturnType<typeof tempWorkspace>; client: TestClient }> {
  const ws = lensWorkspace({ 'lens/cache.yaml': CACHE, [TESTS]: TEST_FILE });
  try {
    return { ws, client: await TestClient.started({ folder: ws.dir, initializationOptions: { debounceMs: 20 } }) };
  } catch (error) {
    ws.remove();
    throw error;
  }
}

describe('language server: policy test files', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof tempWorkspace>;
  let client: TestClient;
  const hover = async (text: string, needle: string, delta = 0, nth = 0): Promise<string> =>
    hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(TESTS) }, position: positionOf(text, needle, delta, nth) }));

  before(async () => {
    ({ ws, client } = await setUp());
  });

  after(async () => {
    await client?.stop();
    ws?.remove();
  });

  it('publishes a failing case as policy-test-failed on the case, and nothing for a passing one', async () => {
    const d = await client.diagnosticsFor(TESTS, (d) => failed(d).length > 0);
    assert.equal(failed(d).length, 1);
    const [diagnostic] = d.filter((x) => x.code === 'policy-test-failed');
    assert.equal(diagnostic.range.start.line, positionOf(TEST_FILE, 'db reaches api on http').line);
    assert.match(diagnostic.message, /^Policy test "db reaches api on http" failed: expected allow, but lens\/StatefulSet\/db → lens\/Deployment\/api on TCP 8080 is denied/);
    // The example repository's deliberately failing case, too.
    const example = await client.diagnosticsFor('tests/segmentation.netpol-test.yaml', (d) => failed(d).length > 0);
    assert.deepEqual(failed(example).map((m) => /"([^"]+)"/.exec(m)![1]), ['orders resolves names through CoreDNS']);
  });

  it('hovers a passing case with the verdict, the resolved sides and ports, and the rules that allow it', async () => {
    for (const [needle, delta] of [['api reaches db', 3], ['to: lens/db', 6], ['expect: allow', 2]] as const) {
      const md = await hover(TEST_FILE, needle, delta);
      assert.match(md, /^\*\*✓ Policy test passes\*\* `api reaches db` · expect `allow`/, `at ${needle}`);
      assert.match(md, /Allowed as expected on TCP 5432 \(1 pair\)/);
      assert.match(md, /\*\*From\*\* `lens\/api` → 1 workload: \[lens\/Deployment\/api\]\(file:\/\/.*lens\/api\.yaml#L4\)/);
      assert.match(md, /\*\*To\*\* `lens\/db` → 1 workload: \[lens\/StatefulSet\/db\]\(file:\/\/.*lens\/db\.yaml#L4\)/);
      assert.match(md, /\*\*Port\*\* TCP 5432/);
      const policies = LENS_FILES[POLICIES];
      const egressLine = positionOf(policies, '    - to:').line + 1;
      const ingressLine = positionOf(policies, '    - from:').line + 1;
      assert.match(md, new RegExp(`- \\[lens/api-egress\\]\\(file://.*lens/policies\\.yaml#L${egressLine}\\) egress\\\\\\[0\\\\\\] allows this egress`));
      assert.match(md, new RegExp(`- \\[lens/db\\]\\(file://.*lens/policies\\.yaml#L${ingressLine}\\) ingress\\\\\\[0\\\\\\] allows this ingress`));
      assert.doesNotMatch(md, /fails|isolates/);
    }
  });

  it('hovers a failing case with the isolation that denied it, and the named port resolved on the destination', async () => {
    const md = await hover(TEST_FILE, 'port: http', 7);
    assert.match(md, /^\*\*✗ Policy test fails\*\* `db reaches api on http`/);
    assert.match(md, /Expected allow, but lens\/StatefulSet\/db → lens\/Deployment\/api on TCP 8080 is denied: lens\/Deployment\/api is ingress-isolated by policy lens\/api-ingress/);
    assert.match(md, /\*\*To\*\* `pods app=api in lens` → 1 workload: \[lens\/Deployment\/api\]/);
    assert.match(md, /\*\*Port\*\* TCP http → TCP 8080 on \[lens\/Deployment\/api\]\(file:\/\/.*lens\/api\.yaml#L4\)/);
    const apiIngress = positionOf(LENS_FILES[POLICIES], 'name: api-ingress', 6).line + 1;
    assert.match(md, new RegExp(`\\*\\*Why\\*\\* \\(the connection that breaks the expectation\\):\\n- \\[lens/api-ingress\\]\\(file://.*#L${apiIngress}\\) isolates ingress and no rule of it allows this`));
    assert.doesNotMatch(md, /passes/);
  });

  it('answers nothing outside the cases', async () => {
    assert.equal(await hover(TEST_FILE, '# Policy tests', 2), '');
    assert.equal(await hover(TEST_FILE, 'tests:', 2), '');
  });

  it('puts "N passed · M failed" on the file and ✓/✗ on each case', async () => {
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: client.uri(TESTS) } })) as CodeLens[];
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title]),
      [
        [0, '1 passed · 1 failed'],
        [positionOf(TEST_FILE, '- name: api').line, '✓ passes'],
        [positionOf(TEST_FILE, '- name: db').line, '✗ fails'],
      ],
    );
    assert.ok(lenses.every((l) => l.command!.command === ''), 'a label, not a command');
    // A policy file keeps its policy lenses.
    const policyLenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: client.uri(POLICIES) } })) as CodeLens[];
    assert.equal(policyLenses[0].command!.title, 'selects 1 workload · ingress from api');
  });

  describe('completion', () => {
    const complete = async (text: string, needle: string, delta: number, nth = 0): Promise<CompletionItem[] | CompletionList | null> =>
      client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: client.uri(TESTS) }, position: positionOf(text, needle, delta, nth) });

    it('completes workloads for from/to, with the kind where two kinds share a name, and Services', async () => {
      const t = TEST_FILE + '  - from: \n';
      await client.open(TESTS, t);
      const items = await complete(t, '  - from: \n', 10);
      const names = completionLabels(items);
      for (const name of ['lens/api', 'lens/db', 'dmz/web', 'app/orders', 'lens/Deployment/cache', 'lens/StatefulSet/cache', 'lens/Service/api']) {
        assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
      }
      assert.ok(!names.includes('lens/cache'), 'an ambiguous name is written with its kind');
      const api = (items as CompletionItem[]).find((i) => i.label === 'lens/api')!;
      assert.match(api.detail!, /^Deployment · app=api, tier=backend$/);
      // Typed so far: the edit replaces it.
      const typed = TEST_FILE + '  - from: lens/d\n';
      await client.replaceAll(TESTS, typed);
      const db = ((await complete(typed, 'from: lens/d', 12)) as CompletionItem[]).find((i) => i.label === 'lens/db')!;
      const edit = db.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
      assert.deepEqual([edit.range.start.character, edit.range.end.character, edit.newText], [10, 16, 'lens/db']);
    });

    it('completes namespaces, and pod labels of the side\'s namespace in its podSelector', async () => {
      const t = TEST_FILE + '  - from: lens/api\n    to: {namespace: , podSelector: {matchLabels: {app: }}}\n    expect: allow\n';
      await client.replaceAll(TESTS, t);
      const namespaces = completionLabels(await complete(t, '{namespace: ,', 12));
      for (const ns of ['lens', 'dmz', 'payments']) assert.ok(namespaces.includes(ns), namespaces.join(', '));
      const block = TEST_FILE + '  - from: lens/api\n    to:\n      namespace: lens\n      podSelector:\n        matchLabels:\n          \n';
      await client.replaceAll(TESTS, block);
      const keys = completionLabels(await complete(block, 'matchLabels:\n          ', 23));
      assert.ok(keys.includes('app') && keys.includes('tier') && keys.includes('role'), keys.join(', '));
      const values = block.replace('matchLabels:\n          \n', 'matchLabels:\n          app: \n');
      await client.replaceAll(TESTS, values);
      const apps = completionLabels(await complete(values, 'app: \n', 5));
      assert.deepEqual(apps.sort(), ['api', 'cache', 'db'], 'the values in lens only');
      // A flow mapping on one line, another namespace.
      const flow = TEST_FILE + '  - from: {namespace: dmz, podSelector: {matchLabels: {app: }}}\n';
      await client.replaceAll(TESTS, flow);
      assert.deepEqual(completionLabels(await complete(flow, '{app: }', 6)), ['web']);
      // A namespaceSelector: namespace labels.
      const nsSel = TEST_FILE + '  - from: {namespaceSelector: {matchLabels: {}}}\n';
      await client.replaceAll(TESTS, nsSel);
      const nsKeys = completionLabels(await complete(nsSel, 'matchLabels: {}', 14));
      assert.ok(nsKeys.includes('team') && nsKeys.includes('kubernetes.io/metadata.name'), nsKeys.join(', '));
      assert.ok(!nsKeys.includes('app'), 'namespace labels, not pod labels');
    });

    it('completes expect, protocol and the destination\'s named ports', async () => {
      const t = TEST_FILE + '  - from: lens/db\n    to: lens/StatefulSet/cache\n    protocol: \n    port: \n    expect: \n';
      await client.replaceAll(TESTS, t);
      assert.deepEqual(completionLabels(await complete(t, 'expect: \n', 8)), ['allow', 'deny']);
      assert.deepEqual(completionLabels(await complete(t, 'protocol: \n', 10)), ['TCP', 'UDP', 'SCTP']);
      const ports = (await complete(t, '    port: \n', 10)) as CompletionItem[];
      assert.deepEqual(completionLabels(ports), ['redis', 'sentinel']);
      assert.match(ports[1].detail!, /^TCP 26379 · lens\/StatefulSet\/cache$/);
      // The destination decides: the Deployment named cache declares only redis; db declares no named port.
      const other = t.replace('to: lens/StatefulSet/cache', 'to: lens/Deployment/cache');
      await client.replaceAll(TESTS, other);
      assert.deepEqual(completionLabels(await complete(other, '    port: \n', 10)), ['redis']);
      const none = t.replace('to: lens/StatefulSet/cache', 'to: lens/db');
      await client.replaceAll(TESTS, none);
      assert.deepEqual(completionLabels(await complete(none, '    port: \n', 10)), []);
      // In a ports list, and for a selector side written as a block.
      const list = TEST_FILE + '  - from: lens/db\n    to:\n      namespace: lens\n      podSelector: {matchLabels: {app: api}}\n    ports: [\n';
      await client.replaceAll(TESTS, list);
      assert.deepEqual(completionLabels(await complete(list, 'ports: [\n', 8)), ['http']);
    });

    it('completes the keys a case does not have yet, and the keys of a side', async () => {
      const t = TEST_FILE + '  - name: new\n    from: lens/api\n    to: lens/db\n    \n  - \n';
      await client.replaceAll(TESTS, t);
      assert.deepEqual(completionLabels(await complete(t, 'to: lens/db\n    \n', 16)), ['port', 'ports', 'protocol', 'expect']);
      assert.deepEqual(completionLabels(await complete(t, '  - \n', 4)), ['name', 'from', 'to', 'port', 'ports', 'protocol', 'expect']);
      const side = TEST_FILE + '  - from: {}\n';
      await client.replaceAll(TESTS, side);
      assert.deepEqual(completionLabels(await complete(side, 'from: {}', 7)), ['namespace', 'podSelector', 'namespaceSelector', 'cidr', 'ip']);
    });

    it('offers nothing in a policy test file outside the tests', async () => {
      await client.replaceAll(TESTS, TEST_FILE);
      assert.deepEqual(completionLabels(await complete(TEST_FILE, '# Policy tests', 5)), []);
      await client.close(TESTS);
    });
  });
});

describe('language server: policy tests follow the manifests live', function () {
  this.timeout(60_000);
  let ws: ReturnType<typeof tempWorkspace>;
  let client: TestClient;
  const text = (rel: string): string => fs.readFileSync(path.join(ws.dir, rel), 'utf8');

  beforeEach(async () => {
    ({ ws, client } = await setUp());
  });

  afterEach(async () => {
    await client?.stop();
    ws?.remove();
  });

  it('a failing case passes when a policy in another file is fixed, and fails again when it is broken', async () => {
    await client.diagnosticsFor(TESTS, (d) => failed(d).length === 1);
    const policies = text(POLICIES);
    await client.open(POLICIES, policies);
    const refreshes = client.codeLensRefreshes;
    // api-ingress admits the Service's port 80; the pods' port makes the case pass.
    const fixed = policies.replace('      ports:\n        - port: 80\n', '      ports:\n        - port: 80\n        - port: 8080\n');
    assert.notEqual(fixed, policies);
    await client.replaceAll(POLICIES, fixed);
    await client.diagnosticsFor(TESTS, (d) => failed(d).length === 0, 'the failing case to pass');
    // The lenses are asked for again, and now count both cases as passed.
    await client.until('a code lens refresh', () => (client.codeLensRefreshes > refreshes ? true : undefined));
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: client.uri(TESTS) } })) as CodeLens[];
    assert.equal(lenses[0].command!.title, '2 passed · 0 failed');
    const md = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(TESTS) }, position: positionOf(TEST_FILE, 'db reaches api', 2) }));
    assert.match(md, /^\*\*✓ Policy test passes\*\*/);
    assert.match(md, /\[lens\/api-ingress\]\(.*\) ingress\\\[0\\\] allows this ingress/);
    await client.replaceAll(POLICIES, policies);
    const d = await client.diagnosticsFor(TESTS, (d) => failed(d).length === 1, 'the case to fail again');
    assert.match(failed(d)[0], /db reaches api on http/);
  });

  it("a test file's own edits are checked as it is typed: cases move, flip and become invalid", async () => {
    await client.open(TESTS, TEST_FILE);
    await client.diagnosticsFor(TESTS, (d) => failed(d).length === 1);
    const line = (d: Diagnostic[]): number => d.find((x) => x.code === 'policy-test-failed')!.range.start.line;
    const published = (version: number, check: (d: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> =>
      client.until(what, () => {
        const p = client.diagnostics.get(client.uri(TESTS));
        return p?.version === version && check(p.diagnostics) ? p.diagnostics : undefined;
      });
    // Two lines more above: the diagnostic moves with its case.
    const moved = '# one\n# two\n' + TEST_FILE;
    const v1 = await client.replaceAll(TESTS, moved);
    await published(v1, (d) => failed(d).length === 1 && line(d) === positionOf(moved, 'db reaches api on http').line, 'the diagnostic on the moved case');
    // expect: deny on the failing case makes it pass; on the passing one, fail.
    const flipped = TEST_FILE.replace('port: 5432\n    expect: allow', 'port: 5432\n    expect: deny').replace('port: http\n    expect: allow', 'port: http\n    expect: deny');
    const v2 = await client.replaceAll(TESTS, flipped);
    const d = await published(v2, (d) => failed(d).length === 1 && /api reaches db/.test(failed(d)[0]), 'the flipped verdicts');
    assert.equal(line(d), positionOf(flipped, 'api reaches db').line);
    // An invalid case: a schema error on the node, a hover that says it was not run, an ✗ lens.
    const invalid = TEST_FILE.replace('port: 5432\n    expect: allow', 'port: 5432\n    expect: maybe');
    const v3 = await client.replaceAll(TESTS, invalid);
    await published(v3, (d) => d.some((x) => x.code === 'schema'), 'a schema error');
    const md = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(TESTS) }, position: positionOf(invalid, 'expect: maybe', 2) }));
    assert.match(md, /^\*\*✗ Invalid policy test\*\* `api reaches db`: not run, counted as failed\./);
    assert.match(md, /expect/);
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: client.uri(TESTS) } })) as CodeLens[];
    assert.deepEqual(lenses.map((l) => l.command!.title), ['0 passed · 2 failed', '✗ invalid: not run', '✗ fails']);
  });

  it('shows names from the files as text in hovers, never as Markdown', async () => {
    const evil = TEST_FILE.replace('name: api reaches db', 'name: "![x](https://evil.invalid/a.png) <img src=x> [y](javascript:1)"');
    await client.open(TESTS, evil);
    const md = hoverText(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri(TESTS) }, position: positionOf(evil, 'to: lens/db', 6) }));
    assert.match(md, /Policy test passes/);
    const active = md.replace(/(`+)[\s\S]*?\1/g, '').replace(/\\[\\`*_{}[\]()#+\-.!<>|~]/g, '');
    assert.doesNotMatch(active, /!\[|<img|javascript:/);
  });
});
