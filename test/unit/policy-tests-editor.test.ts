// What the editor needs of the core for policy test files: a case resolved into what was evaluated (hovers), and
// the incremental analyzer re-checking a test file's cases in the fast pass after the test file itself is edited.
import assert from 'node:assert/strict';
import { analyze, Finding, Model, PolicyTestCase, Reachability, resolvePolicyTestCase, Workspace } from '../../server/src/core';
import { IncrementalAnalyzer } from '../../server/src/core/incremental';
import { deployment, docs, namespace, service } from '../helpers/manifests';
import { workspaceOf, yaml } from '../helpers/workspace';

const MANIFESTS = {
  'namespaces.yaml': namespace('shop', { tier: 'front' }),
  'workloads.yaml': docs(
    deployment('shop', 'web', { app: 'web' }, ['http:8080']),
    deployment('shop', 'api', { app: 'api', role: 'backend' }, ['http:9000']),
    deployment('shop', 'worker', { app: 'worker', role: 'backend' }),
    service('shop', 'api', { app: 'api' }, ['web:80->http']),
  ),
  'policies.yaml': yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: api}}
      ingress:
        - from: [{podSelector: {matchLabels: {app: web}}}]
          ports: [{port: 9000}]
  `,
};

const TEST_FILE = 'shop.netpol-test.yaml';

function casesOf(model: Model): PolicyTestCase[] {
  return model.files.find((f) => f.file === TEST_FILE)!.policyTests!.cases;
}

function detail(body: string): ReturnType<typeof resolvePolicyTestCase> {
  const model = workspaceOf({ ...MANIFESTS, [TEST_FILE]: `tests:\n  - ${body.trim().replace(/\n/g, '\n    ')}\n    expect: allow\n` }).model();
  const [c] = casesOf(model);
  assert.ok(c, 'the case is valid');
  return resolvePolicyTestCase(c, model, new Reachability(model));
}

const ids = (side: ReturnType<typeof resolvePolicyTestCase>['from']): string[] => (side.kind === 'pods' ? side.endpoints.map((e) => e.id!) : []);

describe('policy tests: a case resolved for the editor', () => {
  it('sides resolve to the workloads they name or select', () => {
    const d = detail('from: shop/web\nto: {namespace: shop, podSelector: {matchLabels: {role: backend}}}\nport: 9000');
    assert.deepEqual(ids(d.from), ['shop/Deployment/web']);
    assert.deepEqual(ids(d.to).sort(), ['shop/Deployment/api', 'shop/Deployment/worker']);
    assert.equal(d.to.written, 'pods role=backend in shop');
    assert.deepEqual(d.ports.map((p) => [p.written, p.named, p.resolved.map((r) => r.ports), p.problem]), [['TCP 9000', false, ['TCP 9000'], undefined]]);
  });

  it('a named port resolves on each destination: another number on each, and a problem where it is not declared', () => {
    const d = detail('from: shop/web\nto: {namespace: shop}\nport: http');
    const [port] = d.ports;
    assert.equal(port.named, true);
    assert.deepEqual(
      port.resolved.map((r) => [r.ports, r.endpoints.map((e) => e.id)]),
      [
        ['TCP 8080', ['shop/Deployment/web']],
        ['TCP 9000', ['shop/Deployment/api']],
      ],
    );
    assert.match(port.problem!, /shop\/Deployment\/worker declares no TCP container port named http; it declares no named ports/);
  });

  it('a Service destination: its pods, and its port translated to the named target port resolved on them', () => {
    const d = detail('from: shop/web\nto: shop/Service/api\nport: 80');
    assert.equal(d.to.kind === 'pods' && d.to.service?.id, 'shop/Service/api');
    assert.deepEqual(ids(d.to), ['shop/Deployment/api']);
    const [port] = d.ports;
    assert.deepEqual([port.targetPorts, port.named, port.resolved.map((r) => r.ports)], [['http'], true, ['TCP 9000']]);
    const missing = detail('from: shop/web\nto: shop/Service/api\nport: 443');
    assert.match(missing.ports[0].problem!, /Service shop\/api has no port 443\/TCP \(its ports: 80\/TCP \(web\) → http\)/);
  });

  it('a side that resolves to nothing says why; an address has no named ports', () => {
    const d = detail('from: shop/wbe\nto: {cidr: 10.0.0.0/8}\nport: http');
    assert.deepEqual([d.from.kind, d.from.kind === 'unresolved' && d.from.reason], ['unresolved', 'no workload shop/wbe in the workspace (did you mean shop/web?)']);
    assert.equal(d.to.kind, 'address');
    assert.match(d.ports[0].problem!, /the named port http needs pods to resolve on/);
    const unknownTo = detail('from: shop/web\nto: shop/nope\nport: http');
    assert.deepEqual([unknownTo.to.kind, unknownTo.ports[0].resolved, unknownTo.ports[0].problem], ['unresolved', [], undefined]);
  });
});

describe('policy tests: the fast pass after an edit', () => {
  const CASES = 'tests:\n  - name: web reaches api\n    from: shop/web\n    to: shop/api\n    port: 9000\n    expect: allow\n  - name: worker reaches api\n    from: shop/worker\n    to: shop/api\n    port: 9000\n    expect: allow\n';

  function drain<T>(steps: Generator<void, T, void>): T {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  function failedIn(findings: readonly Finding[]): string[] {
    return findings.filter((f) => f.code === 'policy-test-failed').map((f) => `${f.span.start}:${(f.data as { test: string }).test}`);
  }

  function fastPass(ws: Workspace, analyzer: IncrementalAnalyzer): { fast: string[]; exact: string[]; complete: boolean } {
    const model = ws.model();
    const result = drain(analyzer.update(model));
    return { fast: failedIn(result.byFile.get(TEST_FILE) ?? []), exact: failedIn(analyze(model)), complete: result.complete };
  }

  it("re-checks a test file's cases when the test file is edited: moved, flipped, added", () => {
    const ws = workspaceOf({ ...MANIFESTS, [TEST_FILE]: CASES });
    const analyzer = new IncrementalAnalyzer();
    const first = analyzer.analyze(ws.model());
    assert.deepEqual(failedIn(first.findings), [`${CASES.indexOf('worker reaches api')}:worker reaches api`]);
    const edits = [
      '# two lines\n# above\n' + CASES,
      CASES.replace('port: 9000\n    expect: allow\n  - name: worker', 'port: 9000\n    expect: deny\n  - name: worker'),
      CASES + '  - name: web reaches worker on 80\n    from: shop/web\n    to: shop/worker\n    port: 80\n    expect: deny\n',
    ];
    for (const text of edits) {
      ws.setFile(TEST_FILE, text);
      const { fast, exact, complete } = fastPass(ws, analyzer);
      assert.equal(complete, false);
      assert.deepEqual(fast, exact, `after the edit:\n${text}`);
    }
    // The last edit added a case that fails (web → worker is allowed: worker is not isolated).
    assert.deepEqual(fastPass(ws, analyzer).fast.map((f) => f.split(':')[1]), ['worker reaches api', 'web reaches worker on 80']);
  });

  it('follows a policy edit in another file in the fast pass, both ways', () => {
    const ws = workspaceOf({ ...MANIFESTS, [TEST_FILE]: CASES });
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(ws.model());
    ws.setFile('policies.yaml', MANIFESTS['policies.yaml'].replace('{app: web}', '{role: backend}}}, {podSelector: {matchLabels: {app: web}'));
    const opened = fastPass(ws, analyzer);
    assert.deepEqual([opened.fast, opened.exact], [[], []]);
    ws.setFile('policies.yaml', MANIFESTS['policies.yaml']);
    const closed = fastPass(ws, analyzer);
    assert.deepEqual(closed.fast, closed.exact);
    assert.deepEqual(closed.fast.map((f) => f.split(':')[1]), ['worker reaches api']);
  });
});
