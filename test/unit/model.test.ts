// The Workspace keeps files current one at a time; a Model is one immutable snapshot with lookups.
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, Model, SYSTEM_NAMESPACES, Workspace } from '../../server/src/core';
import { yaml } from '../helpers/workspace';

const pod = (name: string, ns = 'default', labels = '{}') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec: {podSelector: {}}\n`;

describe('Workspace', () => {
  it('the model is built once and reused until a file changes', () => {
    const ws = new Workspace();
    ws.setFile('a.yaml', pod('a'));
    const first = ws.model();
    assert.equal(ws.model(), first, 'same snapshot');
    ws.setFile('b.yaml', pod('b'));
    const second = ws.model();
    assert.notEqual(second, first);
    assert.deepEqual(first.workloads.map((w) => w.name), ['a'], 'an old snapshot does not change');
    assert.deepEqual(second.workloads.map((w) => w.name), ['a', 'b']);
  });

  it('setFile replaces a file; deleteFile removes it (and says whether it was there)', () => {
    const ws = new Workspace();
    ws.setFile('a.yaml', pod('a'));
    ws.setFile('a.yaml', pod('renamed'));
    assert.deepEqual(ws.model().workloads.map((w) => w.name), ['renamed']);
    assert.equal(ws.deleteFile('missing.yaml'), false);
    const before = ws.model();
    assert.equal(ws.model(), before, 'deleting nothing keeps the snapshot');
    assert.equal(ws.deleteFile('a.yaml'), true);
    assert.equal(ws.has('a.yaml'), false);
    assert.deepEqual(ws.model().workloads, []);
    assert.deepEqual(ws.files(), []);
  });

  it('setFile returns the file objects, findings included; file() returns them later', () => {
    const ws = new Workspace();
    const objects = ws.setFile('bad.yaml', 'a: b: c\n');
    assert.equal(objects.findings[0].code, 'yaml-syntax');
    assert.equal(ws.file('bad.yaml'), objects);
    assert.equal(ws.file('other.yaml'), undefined);
  });

  it('options reach extraction (defaultNamespace) and the model (the DNS namespace always exists)', () => {
    const ws = new Workspace({ ...DEFAULT_OPTIONS, defaultNamespace: 'team', dns: { namespace: 'dns-system', podLabels: { app: 'dns' } } });
    ws.setFile('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n');
    const model = ws.model();
    assert.deepEqual(model.workloads.map((w) => w.id), ['team/Pod/a']);
    assert.ok(model.namespaces.has('dns-system'));
    for (const ns of SYSTEM_NAMESPACES) assert.ok(model.namespaces.has(ns), ns);
  });
});

describe('Model', () => {
  const model = new Workspace();
  model.setFile('b.yaml', pod('web', 'shop', '{app: web}') + '---\n' + deny('shop'));
  model.setFile('a.yaml', pod('db', 'shop') + '---\n' + pod('job', 'batch') + '---\n' + deny('batch'));
  const m: Model = model.model();

  it('workloads sorted by id; lookups by id and namespace', () => {
    assert.deepEqual(m.workloads.map((w) => w.id), ['batch/Pod/job', 'shop/Pod/db', 'shop/Pod/web']);
    assert.equal(m.workload('shop/Pod/web')!.name, 'web');
    assert.equal(m.workload('shop/Pod/nope'), undefined);
    assert.deepEqual(m.workloadsIn('shop').map((w) => w.name).sort(), ['db', 'web']);
    assert.deepEqual(m.workloadsIn('nowhere'), []);
  });

  it('policies by namespace', () => {
    assert.deepEqual(m.policiesIn('shop').map((p) => p.id), ['shop/deny']);
    assert.deepEqual(m.policiesIn('batch').map((p) => p.id), ['batch/deny']);
    assert.deepEqual(m.policiesIn('default'), []);
    assert.equal(m.policies.length, 2);
  });

  it('namespaces used by objects exist without a declaration; hasNamespaceDecls is false without Namespace objects', () => {
    assert.ok(m.namespaces.has('shop') && m.namespaces.has('batch'));
    assert.equal(m.namespaces.get('shop')!.decl, undefined);
    assert.equal(m.hasNamespaceDecls(), false);
  });

  it('the first Namespace declaration in path order stands', () => {
    const ws = new Workspace();
    ws.setFile('z.yaml', yaml`
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {from: z}}
    `);
    ws.setFile('a.yaml', yaml`
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {from: a}}
    `);
    assert.equal(ws.model().namespaceLabels('shop').from, 'a');
  });
});
