// The Workspace patches its previous Model after a one-file edit instead of rebuilding it; the patched model must
// be indistinguishable from a full build, whatever the edit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_OPTIONS, Model, Workspace } from '../../server/src/core';
import { scanManifests } from '../../server/src/fs/scan';
import { yaml } from '../helpers/workspace';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Everything a Model exposes, with objects replaced by their identity (an index in `ids`). */
function shape(model: Model, ids: Map<object, number>): unknown {
  const id = (o: object | undefined): number | undefined => {
    if (o === undefined) return undefined;
    if (!ids.has(o)) ids.set(o, ids.size);
    return ids.get(o);
  };
  const names = [...model.namespaces.keys()];
  return {
    files: model.files.map(id),
    namespaces: [...model.namespaces.values()].map((ns) => [ns.name, JSON.stringify(ns.labels), id(ns.decl)]),
    workloads: model.workloads.map(id),
    services: model.services.map(id),
    policies: model.policies.map(id),
    workloadsIn: names.map((n) => model.workloadsIn(n).map(id)),
    policiesIn: names.map((n) => model.policiesIn(n).map(id)),
    servicesIn: names.map((n) => model.servicesIn(n).map(id)),
    // Every label pair in view (and one nobody carries): the label index, patched or built.
    withLabel: [...new Set(model.files.flatMap((f) => f.workloads.flatMap((w) => Object.entries(w.labels).map(([k, v]) => `${k}\u0000${v}`))))]
      .sort()
      .concat(['app\u0000nobody-has-this'])
      .map((pair) => [pair, model.workloadsWithLabel(pair.split('\u0000')[0], pair.split('\u0000')[1]).map(id)]),
    byId: model.workloads.map((w) => id(model.workload(w.id))),
    unknown: model.workload('nowhere/Pod/nothing'),
    hasNamespaceDecls: model.hasNamespaceDecls(),
  };
}

function assertSameAsFullBuild(ws: Workspace): Model {
  const patched = ws.model();
  const ids = new Map<object, number>();
  const full = new Model(ws.files().map((f) => ws.file(f)!), ws.options);
  assert.deepEqual(shape(patched, ids), shape(full, ids));
  return patched;
}

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

const DEPLOYMENT = (name: string, ns: string, app: string): string => yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: ${name}, namespace: ${ns}}
  spec:
    template:
      metadata:
        labels: {app: ${app}}
      spec:
        containers: [{name: main, ports: [{name: http, containerPort: 8080}]}]
`;

/** Edits of every kind: inside one object, renames, namespace moves, added documents, duplicates, files coming and going. */
const EDITS: { file: string; from?: string; to?: string; text?: string }[] = [
  { file: 'payments/postgres.yaml', from: '        app: postgres', to: '        app: postgresql' },
  { file: 'payments/policies/postgres.yaml', from: 'app: reconciler', to: 'app: reconcile' },
  { file: 'payments/api.yaml', from: 'name: payments-api\n  namespace', to: 'name: payments-apx\n  namespace' },
  { file: 'payments/api.yaml', from: '  namespace: payments\nspec:\n  replicas', to: '  namespace: payment\nspec:\n  replicas' },
  { file: 'platform/namespaces.yaml', from: '    tier: app\n', to: '    tier: apps\n' },
  { file: 'shop/dmz/policies.yaml', from: 'policyTypes: [Ingress, Egress]\n  egress', to: 'policyTypes: [Ingress]\n  egress' },
  { file: 'shop/app/orders.yaml', from: 'apiVersion', to: `${DEPLOYMENT('extra', 'app', 'extra')}---\napiVersion` },
  { file: 'zz/duplicate.yaml', text: DEPLOYMENT('payments-api', 'payments', 'copy') },
  { file: 'aa/first.yaml', text: DEPLOYMENT('payments-api', 'payments', 'first') },
  { file: 'new-ns/app.yaml', text: DEPLOYMENT('lonely', 'brand-new', 'lonely') },
  { file: 'payments/reconcile-job.yaml' },
  { file: 'shop/data/redis.yaml', from: 'kind:', to: 'kind: [' },
  { file: 'platform/prometheus.yaml', from: '  selector:\n    app: grafana\n  ports:\n    - name: http\n      port: 80', to: '  selector:\n    app: grafana\n  ports:\n    - name: http\n      port: 8080' },
];

function apply(ws: Workspace, texts: Map<string, string>, on: boolean[], i: number): void {
  on[i] = !on[i];
  const e = EDITS[i];
  let next: string | undefined;
  if (e.from !== undefined && e.to !== undefined) {
    const current = texts.get(e.file);
    if (current === undefined) return;
    next = on[i] ? current.replace(e.from, e.to) : current.replace(e.to, e.from);
  } else if (e.text !== undefined) {
    next = on[i] ? e.text : undefined;
  } else {
    next = on[i] ? undefined : fs.readFileSync(path.join(EXAMPLES, e.file), 'utf8');
  }
  if (next === undefined) {
    texts.delete(e.file);
    ws.deleteFile(e.file);
  } else {
    texts.set(e.file, next);
    ws.setFile(e.file, next);
  }
}

describe('Workspace model after one-file edits', () => {
  it('patches the previous model for an edit inside a policy, sharing what did not change', () => {
    const { ws, texts } = loadExamples();
    const before = ws.model();
    apply(ws, texts, EDITS.map(() => false), 1);
    const after = assertSameAsFullBuild(ws);
    assert.notEqual(after, before);
    assert.equal(after.workloadsIn('data'), before.workloadsIn('data'), 'untouched namespace lists are shared');
    assert.ok(after.workloadsIn('data').length > 0);
    assert.notEqual(after.policiesIn('payments'), before.policiesIn('payments'));
    assert.ok(after.policiesIn('payments').some((p) => p.podSelector.span.file === 'payments/policies/postgres.yaml'));
  });

  it('patches a workload rename, keeping workloads sorted by id and findable by their new id', () => {
    const { ws, texts } = loadExamples();
    const before = ws.model();
    apply(ws, texts, EDITS.map(() => false), 2);
    const after = assertSameAsFullBuild(ws);
    assert.ok(after.workload('payments/Deployment/payments-apx'));
    assert.equal(after.workload('payments/Deployment/payments-api'), undefined);
    assert.equal(after.workloadsIn('app'), before.workloadsIn('app'));
  });

  it('patches the label index: a label edit moves the workload between lists, other lists are shared', () => {
    const { ws, texts } = loadExamples();
    const before = ws.model();
    assert.equal(before.workloadsWithLabel('app', 'postgres').length, 1);
    const shared = before.workloadsWithLabel('app', 'payments-api');
    apply(ws, texts, EDITS.map(() => false), 0);
    const after = assertSameAsFullBuild(ws);
    assert.equal(after.workloadsIn('data'), before.workloadsIn('data'), 'patched, not rebuilt');
    assert.deepEqual(after.workloadsWithLabel('app', 'postgres'), []);
    assert.deepEqual(after.workloadsWithLabel('app', 'postgresql').map((w) => w.id), ['payments/StatefulSet/postgres']);
    assert.equal(after.workloadsWithLabel('app', 'payments-api'), shared);
    assert.equal(before.workloadsWithLabel('app', 'postgres').length, 1, 'the previous model is left as it was');
  });

  it('patches an edit of a Service: servicesIn holds the re-extracted one', () => {
    const { ws, texts } = loadExamples();
    const before = ws.model();
    apply(ws, texts, EDITS.map(() => false), EDITS.length - 1);
    const after = assertSameAsFullBuild(ws);
    assert.equal(after.workloadsIn('data'), before.workloadsIn('data'), 'patched, not rebuilt');
    const grafana = after.servicesIn('monitoring').find((svc) => svc.name === 'grafana');
    assert.equal(grafana?.ports[0].port, 8080);
    assert.ok(after.services.includes(grafana!));
    assert.equal(after.servicesIn('nowhere').length, 0);
  });

  it('rebuilds when an edit moves an object to another namespace, adds one, or touches Namespace objects', () => {
    for (const i of [3, 4, 6]) {
      const { ws, texts } = loadExamples();
      const before = ws.model();
      apply(ws, texts, EDITS.map(() => false), i);
      const after = assertSameAsFullBuild(ws);
      assert.notEqual(after.workloadsIn('data'), before.workloadsIn('data'), `edit ${i} rebuilds`);
    }
  });

  it('rebuilds when a workload id is defined twice, so that the first in path order still wins', () => {
    const { ws, texts } = loadExamples();
    const on = EDITS.map(() => false);
    ws.model();
    apply(ws, texts, on, 7); // a later duplicate: ignored
    assert.equal(assertSameAsFullBuild(ws).workload('payments/Deployment/payments-api')?.labels.app, 'payments-api');
    apply(ws, texts, on, 8); // an earlier one: now it wins
    assert.equal(assertSameAsFullBuild(ws).workload('payments/Deployment/payments-api')?.labels.app, 'first');
    apply(ws, texts, on, 2); // renaming the original: the copies keep the id
    assert.equal(assertSameAsFullBuild(ws).workload('payments/Deployment/payments-api')?.labels.app, 'first');
  });

  it('several files changed between two model() calls: a full build', () => {
    const { ws, texts } = loadExamples();
    const on = EDITS.map(() => false);
    ws.model();
    apply(ws, texts, on, 0);
    apply(ws, texts, on, 1);
    assertSameAsFullBuild(ws);
  });

  it('after any sequence of edits, the model is the one a full build gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: EDITS.length - 1 }), fc.boolean()), { minLength: 1, maxLength: 14 }),
        (steps) => {
          const { ws, texts } = loadExamples();
          const on = EDITS.map(() => false);
          ws.model();
          for (const [i, look] of steps) {
            apply(ws, texts, on, i);
            if (look) assertSameAsFullBuild(ws);
          }
          assertSameAsFullBuild(ws);
        },
      ),
      { numRuns: 150 },
    );
  });
});
