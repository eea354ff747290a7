// The flow graph in-process: its edges are exactly Reachability's verdicts, whatever the filters and shortcuts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addressesText, DEFAULT_OPTIONS, externalAccess, externalAllowed, PortSet, Reachability, Workspace } from '../../server/src/core';
import { scanManifests } from '../../server/src/fs/scan';
import type { ServerContext } from '../../server/src/lsp/context';
import { Positions } from '../../server/src/lsp/convert';
import { flowGraph } from '../../server/src/lsp/flow-graph';
import type { WorkspaceIndex } from '../../server/src/lsp/workspace-index';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ROOT } from './client';
import { LENS_FILES } from './fixture';

function context(): ServerContext {
  const ws = new Workspace(DEFAULT_OPTIONS);
  const texts = new Map<string, string>();
  for (const file of scanManifests(path.join(ROOT, 'examples'))) texts.set(file, fs.readFileSync(file, 'utf8'));
  for (const [rel, text] of Object.entries(LENS_FILES)) texts.set(path.join('/lens-fixture', rel), text);
  for (const [file, text] of texts) ws.setFile(file, text);
  const model = ws.model();
  const reach = new Reachability(model);
  return {
    index: undefined as unknown as WorkspaceIndex,
    positions: new Positions((f) => texts.get(f)),
    settings: () => DEFAULT_SETTINGS,
    model: () => model,
    reach: () => reach,
    log: () => undefined,
  };
}

describe('flow graph', () => {
  const ctx = context();
  const reach = ctx.reach();
  const workloads = reach.model.workloads;

  it('has an edge for exactly the pairs Reachability allows, with their ports', () => {
    const g = flowGraph(ctx, { maxNodes: 10_000 });
    const internal = g.edges.filter((e) => e.from !== 'external' && e.to !== 'external');
    const expected: string[] = [];
    for (const a of workloads) {
      for (const b of workloads) {
        const ports = reach.allowed(a, b);
        if (!ports.isEmpty()) expected.push(`${a.id} → ${b.id}: ${ports.toString()}`);
      }
    }
    assert.deepEqual(internal.map((e) => `${e.from} → ${e.to}: ${e.label}`).sort(), expected.sort());
    assert.ok(expected.length > 0 && expected.length < workloads.length * workloads.length, 'some pairs allowed, some not');
  });

  it('around a namespace or a workload: exactly the allowed pairs that touch it', () => {
    for (const params of [{ namespaces: ['lens'] }, { workload: 'lens/StatefulSet/db' }, { namespaces: ['payments'] }]) {
      const g = flowGraph(ctx, { ...params, maxNodes: 10_000 });
      const touches = (id: string): boolean => ('workload' in params ? id === params.workload : reach.model.workload(id)?.namespace === params.namespaces![0]);
      const expected: string[] = [];
      for (const a of workloads) {
        for (const b of workloads) {
          if (!touches(a.id) && !touches(b.id)) continue;
          const ports = reach.allowed(a, b);
          if (!ports.isEmpty()) expected.push(`${a.id} → ${b.id}: ${ports.toString()}`);
        }
      }
      const got = g.edges.filter((e) => e.from !== 'external' && e.to !== 'external').map((e) => `${e.from} → ${e.to}: ${e.label}`);
      assert.deepEqual(got.sort(), expected.sort(), JSON.stringify(params));
    }
  });

  it('external edges carry exactly externalAllowed, each address set with its own ports; ports and cidrs their unions', () => {
    const g = flowGraph(ctx, { maxNodes: 10_000 });
    let split = 0;
    for (const w of workloads) {
      for (const direction of ['egress', 'ingress'] as const) {
        const allowed = externalAllowed(reach, w, direction);
        const edge = g.edges.find((e) => (direction === 'egress' ? e.from === w.id && e.to === 'external' : e.from === 'external' && e.to === w.id));
        const where = `${w.id} ${direction}`;
        if (allowed.length === 0) {
          assert.equal(edge, undefined, where);
          continue;
        }
        assert.deepEqual(
          edge?.external,
          allowed.map((p) => ({ addresses: addressesText(p.addresses), ports: p.ports.toJSON(), label: p.ports.toString() })),
          where,
        );
        const union = allowed.reduce((all, p) => all.union(p.ports), PortSet.EMPTY);
        assert.equal(edge!.label, union.toString(), where);
        // The summary agrees on the ports (the union), which is all it can say.
        assert.equal(edge!.label, externalAccess(reach, w, direction).ports.toString(), where);
        if (allowed.length > 1) split++;
      }
    }
    assert.ok(split > 0, 'some workload allows different ports with different addresses (payments-api in examples/)');
    const api = g.edges.find((e) => e.from === 'payments/Deployment/payments-api' && e.to === 'external');
    assert.deepEqual(
      api?.external?.map((p) => `${p.label} → ${p.addresses}`),
      ['TCP 443 → 203.0.113.0/24', 'TCP 30000-30100 → 198.51.100.0/24'],
    );
  });
});
