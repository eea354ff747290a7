// Incremental analysis notes which namespace's Services a rule read (`s:<ns>`): a Service edit re-checks the
// policies that looked at that namespace's Services in the fast pass, and leaves other namespaces alone.
import assert from 'node:assert/strict';
import { analyze, groupByFile, Workspace } from '../../server/src/core';
import { AnalysisResult, IncrementalAnalyzer } from '../../server/src/core/incremental';
import { workspaceOf, yaml } from '../helpers/workspace';

const WEB = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: a}
  spec:
    template:
      metadata:
        labels: {app: web}
      spec:
        containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]
`;

const service = (port: number): string => yaml`
  apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: a}
  spec:
    selector: {app: web}
    ports: [{port: ${port}, targetPort: 8080}]
`;

// Allows the Service's port (80) instead of the pod's (8080): ingress-service-port, as long as the Service says 80.
const ALLOW_WEB = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: allow-web, namespace: a}
  spec:
    podSelector:
      matchLabels: {app: web}
    ingress:
      - from: [{podSelector: {}}]
        ports: [{port: 80}]
`;

/**
 * Policies of another namespace, each of which looks at its own namespace's Services. Their files come first in path
 * order, so that they are analysed first (a memo shared between units must not hide namespace a's read).
 */
function otherNamespace(count: number): Record<string, string> {
  const files: Record<string, string> = {
    '0-b/api.yaml': WEB.replace('name: web, namespace: a', 'name: api, namespace: b'),
    '0-b/svc.yaml': service(80).replace('namespace: a', 'namespace: b'),
  };
  for (let i = 0; i < count; i++) files[`0-b/policy-${i}.yaml`] = ALLOW_WEB.replace('name: allow-web, namespace: a', `name: allow-${i}, namespace: b`);
  return files;
}

function fastPass(analyzer: IncrementalAnalyzer, ws: Workspace): AnalysisResult {
  const steps = analyzer.update(ws.model());
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const codes = (result: AnalysisResult | Map<string, { code: string }[]>, file: string): string[] => {
  const byFile = result instanceof Map ? result : result.byFile;
  return (byFile.get(file) ?? []).map((f) => f.code).sort();
};

describe('incremental analysis and Services', () => {
  it('a Service edit re-checks, in the fast pass, the policies of its namespace that looked at it', () => {
    const ws = workspaceOf({ 'a/web.yaml': WEB, 'a/svc.yaml': service(80), 'a/policy.yaml': ALLOW_WEB, ...otherNamespace(2) });
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(ws.model());
    assert.ok(codes(groupByFile(analyze(ws.model())), 'a/policy.yaml').includes('ingress-service-port'));
    for (const port of [81, 80, 81]) {
      ws.setFile('a/svc.yaml', service(port));
      const fast = fastPass(analyzer, ws);
      const expected = codes(groupByFile(analyze(ws.model())), 'a/policy.yaml');
      assert.deepEqual(codes(fast, 'a/policy.yaml'), expected, `Service port ${port}`);
      assert.equal(expected.includes('ingress-service-port'), port === 80);
    }
  });

  it("a Service edit leaves the policies of other namespaces alone", () => {
    const others = 6;
    const ws = workspaceOf({ 'a/web.yaml': WEB, 'a/svc.yaml': service(80), 'a/policy.yaml': ALLOW_WEB, ...otherNamespace(others) });
    const analyzer = new IncrementalAnalyzer();
    analyzer.analyze(ws.model());
    ws.setFile('a/svc.yaml', service(81));
    const fast = fastPass(analyzer, ws);
    assert.ok(fast.recomputed >= 1, 'the policy of namespace a is re-checked');
    assert.ok(fast.recomputed < others, `${fast.recomputed} units re-run: namespace b's ${others} policies were re-checked too`);
    // …and a complete pass agrees with analyze().
    assert.deepEqual(analyzer.analyze(ws.model()).findings, analyze(ws.model()));
  });
});
