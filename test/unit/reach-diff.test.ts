// The connectivity diff between two versions: pairs added, removed and changed per protocol, workloads on one side
// only, the policies behind each change, and nothing at all for identical inputs.
import assert from 'node:assert/strict';
import { diffConnections, diffReachability, isEmptyDiff, PortSet, Reachability, ReachSnapshot } from '../../server/src/core';
import { deployment, docs, namespace } from '../helpers/manifests';
import { workspaceOf, yaml } from '../helpers/workspace';

const tcp = (lo: number, hi = lo) => PortSet.of('TCP', lo, hi);
const udp = (lo: number, hi = lo) => PortSet.of('UDP', lo, hi);

function snapshot(workloads: string[], connections: [string, string, PortSet][]): ReachSnapshot {
  return { workloads, connections: connections.map(([from, to, ports]) => ({ from, to, ports })) };
}

describe('diffConnections', () => {
  const W = ['ns/Deployment/a', 'ns/Deployment/b', 'ns/Deployment/c'];
  const [a, b, c] = W;

  it('identical inputs give an empty diff', () => {
    const side = snapshot(W, [[a, b, tcp(80)], [b, c, PortSet.ALL]]);
    const diff = diffConnections(side, snapshot([...W].reverse(), [[b, c, PortSet.ALL], [a, b, tcp(80)]]));
    assert.ok(isEmptyDiff(diff));
    assert.deepEqual(diff, { workloadsAdded: [], workloadsRemoved: [], added: [], removed: [], changed: [] });
  });

  it('a pair only after is added, a pair only before is removed, each with its ports', () => {
    const diff = diffConnections(snapshot(W, [[a, b, tcp(80)]]), snapshot(W, [[b, a, udp(53)]]));
    assert.deepEqual(
      diff.added.map((x) => [x.from, x.to, x.ports.toJSON()]),
      [[b, a, { UDP: [[53, 53]] }]],
    );
    assert.deepEqual(
      diff.removed.map((x) => [x.from, x.to, x.ports.toJSON()]),
      [[a, b, { TCP: [[80, 80]] }]],
    );
    assert.deepEqual(diff.changed, []);
    assert.ok(!isEmptyDiff(diff));
  });

  it('a pair on both sides with other ports is changed: ports gained and lost per protocol', () => {
    const before = tcp(80).union(tcp(8000, 8080)).union(udp(53));
    const after = tcp(80).union(tcp(8000, 8090)).union(tcp(443));
    const diff = diffConnections(snapshot(W, [[a, b, before]]), snapshot(W, [[a, b, after]]));
    assert.equal(diff.added.length + diff.removed.length, 0);
    assert.equal(diff.changed.length, 1);
    const change = diff.changed[0];
    assert.deepEqual([change.from, change.to], [a, b]);
    assert.deepEqual(change.gained.toJSON(), { TCP: [[443, 443], [8081, 8090]] });
    assert.deepEqual(change.lost.toJSON(), { UDP: [[53, 53]] });
    assert.ok(change.before.equals(before) && change.after.equals(after));
  });

  it('a pair that only loses ports is changed with nothing gained; going from all ports to some loses the rest', () => {
    const diff = diffConnections(snapshot(W, [[a, b, PortSet.ALL]]), snapshot(W, [[a, b, tcp(443)]]));
    assert.equal(diff.changed.length, 1);
    assert.ok(diff.changed[0].gained.isEmpty());
    assert.deepEqual(diff.changed[0].lost.toJSON(), { TCP: [[1, 442], [444, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });
  });

  it('the same ports on the same pair are no change, however the sets were built', () => {
    const diff = diffConnections(snapshot(W, [[a, b, tcp(80, 81)]]), snapshot(W, [[a, b, tcp(80).union(tcp(81))]]));
    assert.ok(isEmptyDiff(diff));
  });

  it('workloads on one side only are listed, and their connections added or removed', () => {
    const d = 'other/StatefulSet/d';
    const diff = diffConnections(snapshot(W, [[a, c, tcp(80)]]), snapshot([a, b, d], [[a, d, tcp(5432)], [d, d, PortSet.ALL]]));
    assert.deepEqual(diff.workloadsAdded, [d]);
    assert.deepEqual(diff.workloadsRemoved, [c]);
    assert.deepEqual(diff.added.map((x) => [x.from, x.to]), [[a, d], [d, d]]);
    assert.deepEqual(diff.removed.map((x) => [x.from, x.to]), [[a, c]]);
  });

  it('a workload added without connections still makes the diff non-empty', () => {
    const diff = diffConnections(snapshot([a], []), snapshot([a, b], []));
    assert.deepEqual(diff.workloadsAdded, [b]);
    assert.ok(!isEmptyDiff(diff));
  });

  it('sorts every list by source, then destination, whatever the input order', () => {
    const diff = diffConnections(snapshot(W, []), snapshot(W, [[c, a, tcp(1)], [a, c, tcp(1)], [a, b, tcp(1)], [b, a, tcp(1)]]));
    assert.deepEqual(diff.added.map((x) => `${x.from}>${x.to}`), [`${a}>${b}`, `${a}>${c}`, `${b}>${a}`, `${c}>${a}`]);
  });

  it('a pair listed with no ports counts as absent', () => {
    const diff = diffConnections(snapshot(W, [[a, b, PortSet.EMPTY]]), snapshot(W, [[a, c, PortSet.EMPTY]]));
    assert.ok(isEmptyDiff(diff));
  });
});

describe('diffReachability', () => {
  const WORKLOADS = docs(
    namespace('shop'),
    deployment('shop', 'web', { app: 'web' }, ['http:8080']),
    deployment('shop', 'api', { app: 'api' }, ['http:9090']),
  );
  const API_POLICY = (ports: string) => yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: api-in, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: api}}
      policyTypes: [Ingress]
      ingress:
      - from: [{podSelector: {matchLabels: {app: web}}}]
        ports: ${ports}
  `;
  const DENY_ALL = yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny-all, namespace: shop}
    spec:
      podSelector: {}
      policyTypes: [Ingress]
  `;

  function reach(files: Record<string, string>): Reachability {
    const ws = workspaceOf({ 'workloads.yaml': WORKLOADS, ...files });
    for (const f of Object.keys(files)) assert.deepEqual(ws.file(f)!.findings, [], f);
    return new Reachability(ws.model());
  }

  const WEB = 'shop/Deployment/web';
  const API = 'shop/Deployment/api';

  it('identical models give an empty diff', () => {
    const files = { 'p.yaml': API_POLICY('[{port: 9090}]') };
    assert.ok(isEmptyDiff(diffReachability(reach(files), reach(files))));
  });

  it('a port opened and another closed: the policies allowing the new one, those isolating the side that denies the old one', () => {
    const before = reach({ 'p.yaml': API_POLICY('[{port: 9090}]'), 'd.yaml': DENY_ALL });
    const after = reach({ 'p.yaml': API_POLICY('[{port: 443}]'), 'd.yaml': DENY_ALL });
    const diff = diffReachability(before, after);
    assert.deepEqual(diff.added, []);
    assert.deepEqual(diff.removed, []);
    assert.equal(diff.changed.length, 1);
    const change = diff.changed[0];
    assert.deepEqual([change.from, change.to], [WEB, API]);
    assert.deepEqual(change.gained.toJSON(), { TCP: [[443, 443]] });
    assert.deepEqual(change.lost.toJSON(), { TCP: [[9090, 9090]] });
    assert.deepEqual(change.allowedBy, ['shop/api-in']);
    assert.deepEqual(change.deniedBy, ['shop/api-in', 'shop/deny-all']);
  });

  it('a deny-all added removes pairs and names it; deleting it adds them back, allowed with no policy isolating', () => {
    const open = reach({});
    const closed = reach({ 'd.yaml': DENY_ALL });
    const tightened = diffReachability(open, closed);
    assert.deepEqual(tightened.removed.map((c) => [c.from, c.to, c.deniedBy]), [
      [API, API, ['shop/deny-all']],
      [API, WEB, ['shop/deny-all']],
      [WEB, API, ['shop/deny-all']],
      [WEB, WEB, ['shop/deny-all']],
    ]);
    assert.deepEqual(tightened.added, []);
    const loosened = diffReachability(closed, open);
    assert.deepEqual(loosened.added.map((c) => [c.from, c.to, c.allowedBy]), [
      [API, API, []],
      [API, WEB, []],
      [WEB, API, []],
      [WEB, WEB, []],
    ]);
    assert.ok(loosened.added.every((c) => c.ports.isAll()));
  });

  it('a removed workload takes its connections with it, with no policy to blame', () => {
    const before = reach({ 'extra.yaml': deployment('shop', 'worker', { app: 'worker' }) });
    const after = reach({});
    const diff = diffReachability(before, after);
    assert.deepEqual(diff.workloadsRemoved, ['shop/Deployment/worker']);
    assert.equal(diff.removed.length, 5, 'worker to itself, to web and api, and from both');
    assert.ok(diff.removed.every((c) => c.deniedBy.length === 0 && (c.from === 'shop/Deployment/worker' || c.to === 'shop/Deployment/worker')));
    assert.deepEqual(diff.changed, []);
  });
});
