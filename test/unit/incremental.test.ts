import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze, DEFAULT_OPTIONS, Workspace } from '../../server/src/core';
import { IncrementalAnalyzer } from '../../server/src/core/incremental';
import { scanManifests } from '../../server/src/fs/scan';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function loadExamples(): { ws: Workspace; texts: Map<string, string> } {
  const ws = new Workspace(DEFAULT_OPTIONS);
  const texts = new Map<string, string>();
  for (const file of scanManifests(EXAMPLES)) {
    const rel = path.relative(EXAMPLES, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    texts.set(rel, text);
    ws.setFile(rel, text);
  }
  return { ws, texts };
}

const COREDNS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  template:
    metadata:
      labels: {k8s-app: kube-dns}
    spec:
      containers:
        - name: coredns
          ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]
`;

/** Edits that can be switched on and off: label drift, namespace labels, ports, files appearing and going. */
const TOGGLES: { file: string; from?: string; to?: string; text?: string }[] = [
  { file: 'payments/postgres.yaml', from: '        app: postgres', to: '        app: postgresql' },
  { file: 'payments/reconcile-job.yaml', from: 'app: reconcile', to: 'app: reconciler' },
  { file: 'platform/namespaces.yaml', from: '    tier: app\n', to: '    tier: apps\n' },
  { file: 'shop/data/policies.yaml', from: 'tier: apps', to: 'tier: app' },
  { file: 'payments/policies/allow-dns.yaml' },
  { file: 'kube-system/coredns.yaml', text: COREDNS },
  { file: 'shop/app/policies.yaml', from: 'port: 6379', to: 'port: 6380' },
  { file: 'platform/namespaces.yaml', from: '# Namespaces', to: '# A comment above\n# Namespaces' },
  { file: 'payments/api.yaml', from: '  namespace: payments\nspec:\n  replicas', to: '  namespace: payment\nspec:\n  replicas' },
  { file: 'shop/dmz/policies.yaml', from: 'policyTypes: [Ingress, Egress]\n  egress', to: 'policyTypes: [Ingress]\n  egress' },
];

function applyToggle(ws: Workspace, texts: Map<string, string>, on: boolean[], i: number): void {
  on[i] = !on[i];
  const t = TOGGLES[i];
  const current = texts.get(t.file);
  let next: string | undefined;
  if (t.from !== undefined && t.to !== undefined) {
    if (current === undefined) return;
    next = on[i] ? current.replace(t.from, t.to) : current.replace(t.to, t.from);
  } else if (t.text !== undefined) {
    next = on[i] ? t.text : undefined;
  } else {
    const original = fs.readFileSync(path.join(EXAMPLES, t.file), 'utf8');
    next = on[i] ? undefined : original;
  }
  if (next === undefined) {
    texts.delete(t.file);
    ws.deleteFile(t.file);
  } else {
    texts.set(t.file, next);
    ws.setFile(t.file, next);
  }
}

describe('incremental analysis', () => {
  it('finds what analyze() finds on the examples', () => {
    const { ws } = loadExamples();
    const result = new IncrementalAnalyzer().analyze(ws.model());
    assert.deepEqual(result.findings, analyze(ws.model()));
    assert.ok(result.findings.length > 0);
  });

  it('after any sequence of edits, finds exactly what a full analysis finds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: TOGGLES.length - 1 }), { minLength: 1, maxLength: 12 }), (steps) => {
        const { ws, texts } = loadExamples();
        const analyzer = new IncrementalAnalyzer();
        analyzer.analyze(ws.model());
        const on = TOGGLES.map(() => false);
        for (const i of steps) {
          applyToggle(ws, texts, on, i);
          assert.deepEqual(analyzer.analyze(ws.model()).findings, analyze(ws.model()));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an abandoned run leaves the analyzer consistent for the next one', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    const on = TOGGLES.map(() => false);
    const partial = analyzer.run(ws.model());
    partial.next();
    partial.next();
    partial.return(undefined as never);
    applyToggle(ws, texts, on, 0);
    assert.deepEqual(analyzer.analyze(ws.model()).findings, analyze(ws.model()));
  });

  it('re-runs only what an edit can affect', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    const full = analyzer.analyze(ws.model()).recomputed;
    assert.equal(analyzer.analyze(ws.model()).recomputed, 0, 'the same model again: nothing to do');
    // A workload edit in payments: the policies of app and data neither select nor admit payments pods.
    applyToggle(ws, texts, TOGGLES.map(() => false), 1);
    const afterWorkloadEdit = analyzer.analyze(ws.model()).recomputed;
    assert.ok(afterWorkloadEdit > 0 && afterWorkloadEdit < full, `${afterWorkloadEdit} of ${full}`);
  });

  it('a changed severity setting is applied (a new analyzer per settings)', () => {
    const { ws } = loadExamples();
    const result = new IncrementalAnalyzer({ severities: { 'forgotten-dns': 'off' } }).analyze(ws.model());
    assert.equal(result.findings.filter((f) => f.code === 'forgotten-dns').length, 0);
    assert.deepEqual(result.findings, analyze(ws.model(), { severities: { 'forgotten-dns': 'off' } }));
  });
});
