// The flow graph in-process: its edges are exactly Reachability's verdicts, whatever the filters and shortcuts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, Reachability, Workspace } from '../../server/src/core';
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

  it('external edges follow externalAccess', () => {
    const g = flowGraph(ctx, { maxNodes: 10_000 });
    for (const w of workloads) {
      const out = reach.externalAccess(w, 'egress');
      const edge = g.edges.find((e) => e.from === w.id && e.to === 'external');
      assert.equal(edge?.label, out.ports.isEmpty() ? undefined : out.ports.toString(), w.id);
    }
  });
});
