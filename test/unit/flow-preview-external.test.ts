// Edges between workloads and outside the cluster, exactly: the server's flow graph carries each address set with the
// ports allowed with exactly those addresses (external-access.ts), and the preview draws, lists and exports them.
import * as assert from 'node:assert/strict';
import { Reachability } from '../../server/src/core';
import type { ServerContext } from '../../server/src/lsp/context';
import { Positions } from '../../server/src/lsp/convert';
import { flowGraph } from '../../server/src/lsp/flow-graph';
import type { WorkspaceIndex } from '../../server/src/lsp/workspace-index';
import { DEFAULT_SETTINGS, type FlowEdge, type FlowGraphParams } from '../../server/src/protocol';
import { escapeLabel, toMermaid } from '../../client/webview/mermaid';
import { buildViewGraph, edgeLabel, externalPieces, flowLines } from '../../client/webview/view-model';
import { networkPolicy } from '../helpers/manifests';
import { workspaceOf, yaml } from '../helpers/workspace';

const FILES: Record<string, string> = {
  'workloads.yaml': yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api, namespace: shop}
    spec:
      selector: {matchLabels: {app: api}}
      template:
        metadata: {labels: {app: api}}
        spec:
          containers:
            - name: api
              image: api
              ports: [{name: https, containerPort: 8443}]
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: worker, namespace: shop}
    spec:
      selector: {matchLabels: {app: worker}}
      template:
        metadata: {labels: {app: worker}}
        spec: {containers: [{name: worker, image: worker}]}
  `,
  'api-egress.yaml': networkPolicy('shop', 'api-egress', yaml`
    podSelector: {matchLabels: {app: api}}
    policyTypes: [Egress]
    egress:
      - to: [{ipBlock: {cidr: 203.0.113.0/24}}]
        ports: [{protocol: TCP, port: 443}]
      - to: [{ipBlock: {cidr: 198.51.100.0/24, except: [198.51.100.64/27]}}]
        ports: [{protocol: TCP, port: 30000, endPort: 30100}]
      - to: [{ipBlock: {cidr: "2001:db8::/32"}}]
        ports: [{protocol: UDP, port: 53}]
  `),
  'api-ingress.yaml': networkPolicy('shop', 'api-ingress', yaml`
    podSelector: {matchLabels: {app: api}}
    policyTypes: [Ingress]
    ingress:
      - from: [{ipBlock: {cidr: 192.0.2.0/24}}]
        ports: [{port: https}]
  `),
};

const PARTNER = networkPolicy('shop', 'partner', yaml`
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]
      ports: [{protocol: TCP, port: 443}]
`);

function graphOf(files: Record<string, string>, params: FlowGraphParams = {}) {
  const model = workspaceOf(files).model();
  const reach = new Reachability(model);
  const ctx: ServerContext = {
    index: undefined as unknown as WorkspaceIndex,
    positions: new Positions((f) => files[f]),
    settings: () => DEFAULT_SETTINGS,
    model: () => model,
    reach: () => reach,
    log: () => undefined,
  };
  return flowGraph(ctx, params);
}

const pieces = (edge: FlowEdge | undefined) => edge?.external?.map((p) => `${p.label} @ ${p.addresses}`);
const find = (edges: FlowEdge[], from: string, to: string, change?: string) => edges.find((e) => e.from === from && e.to === to && e.change === change);

describe('flow preview: edges with outside the cluster, exactly', () => {
  const graph = graphOf(FILES);
  const egress = find(graph.edges, 'shop/Deployment/api', 'external')!;
  const ingress = find(graph.edges, 'external', 'shop/Deployment/api')!;

  it('gives each address set its own ports: two rules, two ranges, two port sets (an except, IPv6)', () => {
    assert.deepEqual(pieces(egress), [
      'TCP 443 @ 203.0.113.0/24',
      'TCP 30000-30100 @ 198.51.100.0/24 except 198.51.100.64/27',
      'UDP 53 @ 2001:db8::/32',
    ]);
    assert.deepEqual(egress.external![1].ports, { TCP: [[30000, 30100]] });
    // The old fields stay, as unions, for older consumers.
    assert.equal(egress.label, 'TCP 443, 30000-30100; UDP 53');
    assert.deepEqual(egress.ports, { TCP: [[443, 443], [30000, 30100]], UDP: [[53, 53]] });
    assert.deepEqual(egress.cidrs, ['198.51.100.0/24 except 198.51.100.64/27', '203.0.113.0/24', '2001:db8::/32']);
    assert.deepEqual(egress.policies, ['shop/api-egress']);
  });

  it('resolves a named port on ingress from an address on the workload itself', () => {
    assert.deepEqual(pieces(ingress), ['TCP 8443 @ 192.0.2.0/24']);
    assert.deepEqual(ingress.policies, ['shop/api-ingress']);
  });

  it('makes a direction nothing isolates any address on all ports', () => {
    for (const [from, to] of [['shop/Deployment/worker', 'external'], ['external', 'shop/Deployment/worker']]) {
      const edge = find(graph.edges, from, to);
      assert.deepEqual(pieces(edge), ['all ports @ any address'], `${from} → ${to}`);
      assert.deepEqual(edge!.policies, []);
    }
  });

  it('draws and exports the exact pieces: a short label, the whole text in the tooltip, the side panel and Mermaid', () => {
    const full = 'TCP 443 → 203.0.113.0/24 · TCP 30000-30100 → 198.51.100.0/24 except 198.51.100.64/27 · UDP 53 → 2001:db8::/32';
    assert.equal(edgeLabel(egress), full);
    assert.notEqual(edgeLabel(egress), `${egress.label} · ${egress.cidrs!.slice(0, 2).join(', ')} +1`, 'not the summary of unions');
    assert.deepEqual(externalPieces(egress), full.split(' · '));
    assert.deepEqual(flowLines(egress), ['TCP 443', '203.0.113.0/24 +2 more']);
    assert.equal(edgeLabel(ingress), 'TCP 8443 ← 192.0.2.0/24');
    assert.deepEqual(flowLines(ingress), ['TCP 8443', '192.0.2.0/24']);

    const view = buildViewGraph(graph, 'workloads', false);
    const drawn = view.edges.find((e) => e.flows.includes(egress))!;
    assert.equal(drawn.label, full);
    assert.equal(drawn.hub, undefined, 'a policy-backed flow is an arrow');
    const worker = view.hubs.filter((h) => h.node === 'n:shop/Deployment/worker').map((h) => h.text).sort();
    assert.deepEqual(worker, ['← anywhere outside · all ports', '→ anywhere outside · all ports']);

    const mermaid = toMermaid(view);
    assert.ok(mermaid.includes(`|"${escapeLabel(full)}"|`), mermaid);
    assert.ok(mermaid.includes(escapeLabel('198.51.100.0/24 except 198.51.100.64/27')));
  });

  it('keeps the pieces of namespaces drawn collapsed when their flows carry the same', () => {
    const view = buildViewGraph(graph, 'namespaces', false);
    const out = view.edges.find((e) => e.from === 'g:shop' && e.to === 'n:external#out')!;
    assert.equal(out.flows.length, 2);
    assert.equal(out.label, '2 flows', 'different pieces: no shared ports claimed');
    const same = buildViewGraph({ ...graph, edges: [egress, { ...egress, from: 'shop/Deployment/worker' }] }, 'namespaces', false);
    assert.equal(same.edges[0].label, `2 flows · ${edgeLabel(egress)}`);
  });

  it('says what a policy changes address by address: a port to another range is added even when the ports are not', () => {
    const changes = graphOf({ ...FILES, 'partner.yaml': PARTNER }, { policy: 'shop/partner' });
    const added = find(changes.edges, 'shop/Deployment/api', 'external', 'added');
    assert.deepEqual(pieces(added), ['TCP 443 @ 10.0.0.0/8']);
    assert.deepEqual(added!.policies, ['shop/api-egress', 'shop/partner']);
    const kept = find(changes.edges, 'shop/Deployment/api', 'external');
    assert.deepEqual(pieces(kept), pieces(egress));
    assert.equal(find(changes.edges, 'shop/Deployment/api', 'external', 'removed'), undefined);
    assert.equal(find(changes.edges, 'external', 'shop/Deployment/api'), undefined, 'ingress unchanged: left out');

    // The first egress policy isolates: what it keeps, and everything else removed (all other addresses and ports).
    const isolating = graphOf(FILES, { policy: 'shop/api-egress' });
    assert.deepEqual(pieces(find(isolating.edges, 'shop/Deployment/api', 'external')), pieces(egress));
    const removed = find(isolating.edges, 'shop/Deployment/api', 'external', 'removed')!;
    assert.ok(removed.external!.some((p) => p.addresses === 'any address'), JSON.stringify(removed.external));
    assert.equal(removed.label, 'all ports');
    assert.deepEqual(removed.policies, []);
  });
});
