import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze, DEFAULT_OPTIONS, Workspace } from '../../server/src/core';
import { IncrementalAnalyzer } from '../../server/src/core/incremental';

// A small GitOps repository of its own (examples/ grows with the product; these tests need fixed ground).
const FILES: Record<string, string> = {
  'platform/namespaces.yaml': `# Namespaces
apiVersion: v1
kind: Namespace
metadata: {name: payments, labels: {team: payments}}
---
apiVersion: v1
kind: Namespace
metadata:
  name: app
  labels:
    tier: app
---
apiVersion: v1
kind: Namespace
metadata: {name: data, labels: {tier: data}}
`,
  'payments/api.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments-api
  namespace: payments
spec:
  replicas: 2
  template:
    metadata:
      labels: {app: payments-api}
    spec:
      containers:
        - name: api
          ports: [{name: http, containerPort: 8080}]
`,
  'payments/postgres.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: postgres, namespace: payments}
spec:
  template:
    metadata:
      labels:
        app: postgres
    spec:
      containers:
        - name: postgres
          ports: [{containerPort: 5432}]
`,
  'payments/reconcile-job.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: {name: reconcile, namespace: payments}
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {app: reconcile}
`,
  'payments/policies/default-deny.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: payments}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`,
  'payments/policies/allow-dns.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: payments}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
`,
  'payments/policies/postgres.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: postgres, namespace: payments}
spec:
  podSelector:
    matchLabels: {app: postgres}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: payments-api}}
        - podSelector:
            matchLabels:
              app: reconciler
      ports: [{port: 5432}]
`,
  'app/orders.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: app}
spec:
  template:
    metadata:
      labels: {app: orders}
`,
  'app/policies.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orders, namespace: app}
spec:
  podSelector: {matchLabels: {app: orders}}
  policyTypes: [Ingress, Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {tier: data}}
          podSelector: {matchLabels: {app: redis}}
      ports: [{port: 6379}]
`,
  'data/redis.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis, namespace: data}
spec:
  template:
    metadata:
      labels: {app: redis}
    spec:
      containers:
        - name: redis
          ports: [{name: redis, containerPort: 6379}]
`,
  'data/policies.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: redis, namespace: data}
spec:
  podSelector:
    matchLabels: {app: redis}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              tier: apps
      ports: [{port: redis}]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      ports: [{protocol: UDP, port: 53}]
`,
};

function loadExamples(): { ws: Workspace; texts: Map<string, string> } {
  const ws = new Workspace(DEFAULT_OPTIONS);
  const texts = new Map<string, string>();
  for (const [file, text] of Object.entries(FILES)) {
    texts.set(file, text);
    ws.setFile(file, text);
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
  { file: 'data/policies.yaml', from: 'tier: apps', to: 'tier: app' },
  { file: 'payments/policies/allow-dns.yaml' },
  { file: 'kube-system/coredns.yaml', text: COREDNS },
  { file: 'app/policies.yaml', from: 'port: 6379', to: 'port: 6380' },
  { file: 'platform/namespaces.yaml', from: '# Namespaces', to: '# A comment above\n# Namespaces' },
  { file: 'payments/api.yaml', from: '  namespace: payments\nspec:\n  replicas', to: '  namespace: payment\nspec:\n  replicas' },
  { file: 'data/policies.yaml', from: 'policyTypes: [Ingress, Egress]\n  ingress', to: 'policyTypes: [Ingress]\n  ingress' },
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
    const original = FILES[t.file];
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

function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

describe('incremental analysis', () => {
  it('finds what analyze() finds on the examples', () => {
    const { ws } = loadExamples();
    const result = new IncrementalAnalyzer().analyze(ws.model());
    assert.deepEqual(result.findings, analyze(ws.model()));
    assert.ok(result.findings.length > 0);
    assert.equal(result.complete, true);
  });

  it('after any sequence of edits and fast passes, the complete pass finds exactly what analyze() finds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: TOGGLES.length - 1 }), { minLength: 1, maxLength: 12 }), fc.boolean(), (steps, fastOnly) => {
        const { ws, texts } = loadExamples();
        const analyzer = new IncrementalAnalyzer();
        analyzer.analyze(ws.model());
        const on = TOGGLES.map(() => false);
        for (const i of steps) {
          applyToggle(ws, texts, on, i);
          const fast = drain(analyzer.update(ws.model()));
          assert.equal(fast.complete, false);
          if (!fastOnly) assert.deepEqual(analyzer.analyze(ws.model()).findings, analyze(ws.model()));
        }
        assert.deepEqual(analyzer.analyze(ws.model()).findings, analyze(ws.model()));
      }),
      { numRuns: 40 },
    );
  });

  it('the fast pass gets the edited policy file right', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(ws.model());
    applyToggle(ws, texts, TOGGLES.map(() => false), 3); // data/policies.yaml: tier=apps → tier=app
    const fast = drain(analyzer.update(ws.model()));
    const expected = analyze(ws.model()).filter((f) => f.span.file === 'data/policies.yaml');
    assert.deepEqual(fast.byFile.get('data/policies.yaml') ?? [], expected);
    assert.ok(!expected.some((f) => f.code === 'selector-matches-nothing'), 'the fixed selector matches now');
  });

  it('the fast pass updates policies in other files when the labels they select change', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    const before = analyzer.analyze(ws.model());
    const postgresPolicy = 'payments/policies/postgres.yaml';
    assert.ok(before.byFile.get(postgresPolicy)?.some((f) => f.code === 'selector-matches-nothing'));
    applyToggle(ws, texts, TOGGLES.map(() => false), 1); // the job's pods: app=reconcile → app=reconciler
    const fast = drain(analyzer.update(ws.model()));
    const expected = analyze(ws.model());
    assert.deepEqual(fast.byFile.get(postgresPolicy) ?? [], expected.filter((f) => f.span.file === postgresPolicy));
    assert.ok(!(fast.byFile.get(postgresPolicy) ?? []).some((f) => f.code === 'selector-matches-nothing'));
  });

  it('re-runs only what an edit can affect', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    const full = analyzer.analyze(ws.model()).recomputed;
    assert.equal(drain(analyzer.update(ws.model())).recomputed, 0, 'the same model again: nothing to do');
    // A workload edit in payments: the policies of app, data and dmz neither select nor admit payments pods.
    applyToggle(ws, texts, TOGGLES.map(() => false), 1);
    const fast = drain(analyzer.update(ws.model())).recomputed;
    assert.ok(fast > 0 && fast < full, `${fast} of ${full}`);
  });

  it('an abandoned pass leaves the analyzer consistent for the next one', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(ws.model());
    const on = TOGGLES.map(() => false);
    applyToggle(ws, texts, on, 0);
    const partial = analyzer.update(ws.model());
    partial.next();
    partial.return(undefined as never);
    applyToggle(ws, texts, on, 2);
    assert.deepEqual(analyzer.analyze(ws.model()).findings, analyze(ws.model()));
  });

  it('reports the files whose findings changed, and keeps the lists of the others', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    const first = analyzer.analyze(ws.model());
    assert.equal(first.fresh, true);
    assert.deepEqual([...first.changedFiles].sort(), [...first.byFile.keys()].sort());
    const redis = first.byFile.get('data/policies.yaml');
    applyToggle(ws, texts, TOGGLES.map(() => false), 1); // the job's pods now match the postgres policy's peer
    const fast = drain(analyzer.update(ws.model()));
    assert.equal(fast.fresh, false);
    assert.ok(fast.changedFiles.has('payments/reconcile-job.yaml') || fast.changedFiles.has('payments/policies/postgres.yaml'));
    assert.ok(!fast.changedFiles.has('data/policies.yaml'));
    assert.equal(fast.byFile.get('data/policies.yaml'), redis, 'an untouched file keeps its list');
    const complete = analyzer.analyze(ws.model());
    assert.deepEqual(complete.findings, analyze(ws.model()));
    assert.equal(analyzer.analyze(ws.model()).changedFiles.size, 0, 'the same model again: nothing changed');
  });

  it('a focused pass checks only the policies in focus; the next pass checks the rest', () => {
    const { ws, texts } = loadExamples();
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(ws.model());
    applyToggle(ws, texts, TOGGLES.map(() => false), 1); // affects the postgres policy (in another file)
    const model = ws.model();
    const inFocus = (p: { span: { file: string } }): boolean => p.span.file === 'data/policies.yaml';
    const focused = drain(analyzer.update(model, inFocus));
    assert.equal(focused.recomputed, 0, 'nothing in focus was affected');
    const rest = drain(analyzer.update(model));
    assert.ok(rest.recomputed > 0);
    const expected = analyze(model);
    assert.deepEqual(rest.byFile.get('payments/policies/postgres.yaml') ?? [], expected.filter((f) => f.span.file === 'payments/policies/postgres.yaml'));
    // The other way round: the affected file in focus is brought up to date by the focused pass itself.
    applyToggle(ws, texts, TOGGLES.map(() => true), 1);
    const again = ws.model();
    const postgres = drain(analyzer.update(again, (p) => p.span.file === 'payments/policies/postgres.yaml'));
    assert.ok(postgres.recomputed > 0);
    assert.deepEqual(postgres.byFile.get('payments/policies/postgres.yaml') ?? [], analyze(again).filter((f) => f.span.file === 'payments/policies/postgres.yaml'));
    assert.deepEqual(analyzer.analyze(again).findings, analyze(again));
  });

  it('applies severity settings', () => {
    const { ws } = loadExamples();
    const result = new IncrementalAnalyzer({ severities: { 'forgotten-dns': 'off' } }).analyze(ws.model());
    assert.equal(result.findings.filter((f) => f.code === 'forgotten-dns').length, 0);
    assert.deepEqual(result.findings, analyze(ws.model(), { severities: { 'forgotten-dns': 'off' } }));
  });
});
