// The connectivity diff between two versions: pairs added, removed and changed per protocol, workloads on one side
// only, the policies behind each change, and nothing at all for identical inputs.
import assert from 'node:assert/strict';
import {
  addressesText,
  diffConnections,
  diffReachability,
  externalAllowed,
  ExternalChange,
  isEmptyDiff,
  PortSet,
  PROTOCOLS,
  Reachability,
  ReachDiff,
  ReachSnapshot,
} from '../../server/src/core';
import { parseIp } from '../../server/src/core/cidr';
import { deployment, docs, namespace, networkPolicy } from '../helpers/manifests';
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
    assert.deepEqual(diff, { workloadsAdded: [], workloadsRemoved: [], added: [], removed: [], changed: [], external: { gained: [], lost: [] } });
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
  const API_POLICY = (ports: string) => networkPolicy('shop', 'api-in', yaml`
    podSelector: {matchLabels: {app: api}}
    policyTypes: [Ingress]
    ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: ${ports}
  `);
  const DENY_ALL = networkPolicy('shop', 'deny-all', yaml`
    podSelector: {}
    policyTypes: [Ingress]
  `);

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

describe('diffReachability: addresses outside the cluster', () => {
  const WORKLOADS = docs(
    namespace('shop'),
    deployment('shop', 'web', { app: 'web' }, ['http:8080']),
    deployment('shop', 'api', { app: 'api' }, ['http:9090']),
  );
  const WEB = 'shop/Deployment/web';
  const API = 'shop/Deployment/api';

  /** A policy in shop, its spec a YAML flow mapping. */
  const policy = (name: string, spec: string) => yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: ${name}, namespace: shop}
    spec: ${spec}
  `;
  /** web's egress: only the rules given. */
  const webEgress = (rules: string) => policy('web-out', `{podSelector: {matchLabels: {app: web}}, policyTypes: [Egress], egress: ${rules}}`);
  /** api's ingress: only the rules given. */
  const apiIngress = (rules: string) => policy('api-in', `{podSelector: {matchLabels: {app: api}}, policyTypes: [Ingress], ingress: ${rules}}`);
  const DENY_ALL = policy('deny-all', '{podSelector: {}, policyTypes: [Ingress, Egress]}');

  function reach(files: Record<string, string>): Reachability {
    const ws = workspaceOf({ 'workloads.yaml': WORKLOADS, ...files });
    const reachability = new Reachability(ws.model());
    agreesWithAddressVerdicts(reachability);
    return reachability;
  }

  /**
   * The exact pieces agree with `egressToAddress` / `ingressFromAddress` (the semantics the rest of the product uses)
   * at addresses and ports around every boundary these tests use.
   */
  function agreesWithAddressVerdicts(r: Reachability): void {
    const addresses = ['0.0.0.0', '9.255.255.255', '10.0.0.0', '10.0.255.255', '10.1.0.0', '10.255.255.255', '11.0.0.0', '169.254.169.254', '169.254.169.255', '198.51.100.7', '203.0.113.1', '255.255.255.255', '::', '2001:db8::1', '2001:db8:1::1', '2001:db9::'];
    const ports = [1, 53, 442, 443, 444, 8080, 8443, 9090, 65535];
    for (const w of r.model.workloads) {
      for (const direction of ['egress', 'ingress'] as const) {
        const pieces = externalAllowed(r, w, direction);
        for (const address of addresses) {
          const ip = parseIp(address)!;
          for (const protocol of PROTOCOLS) {
            for (const port of ports) {
              const expected = direction === 'egress' ? r.egressToAddress(w, address, protocol, port).allowed : r.ingressFromAddress(address, w, protocol, port).allowed;
              const actual = pieces.some((p) => p.ports.has(protocol, port) && p.addresses.rangesOf(ip.version).some(([lo, hi]) => lo <= ip.address && ip.address <= hi));
              assert.equal(actual, expected, `${w.id} ${direction} ${address} ${protocol} ${port}`);
            }
          }
        }
      }
    }
  }

  /** Each change as `workload direction addresses ports [policies]`. */
  const read = (changes: ExternalChange[], policies: 'allowedBy' | 'deniedBy') =>
    changes.map((c) => [c.workload, c.direction, addressesText(c.addresses), c.ports.toString(), c[policies]]);
  const nothingButExternal = (diff: ReachDiff) =>
    assert.deepEqual([diff.added, diff.removed, diff.changed, diff.workloadsAdded, diff.workloadsRemoved], [[], [], [], [], []]);

  it('an ipBlock egress rule added: those addresses on those ports gained, and nothing else', () => {
    const before = reach({ 'p.yaml': webEgress('[]') });
    const after = reach({ 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: 443}]}]') });
    const diff = diffReachability(before, after);
    nothingButExternal(diff);
    assert.deepEqual(read(diff.external.gained, 'allowedBy'), [[WEB, 'egress', '0.0.0.0/0 except 10.0.0.0/8', 'TCP 443', ['shop/web-out']]]);
    assert.deepEqual(diff.external.lost, []);
    assert.ok(!isEmptyDiff(diff));
    // Back again: the same piece lost, denied by the policy that still isolates web's egress.
    assert.deepEqual(read(diffReachability(after, before).external.lost, 'deniedBy'), [[WEB, 'egress', '0.0.0.0/0 except 10.0.0.0/8', 'TCP 443', ['shop/web-out']]]);
  });

  it('a widened CIDR gains only the new addresses', () => {
    const rule = (cidr: string) => webEgress(`[{to: [{ipBlock: {cidr: ${cidr}}}], ports: [{port: 443}]}]`);
    const diff = diffReachability(reach({ 'p.yaml': rule('10.0.0.0/16') }), reach({ 'p.yaml': rule('10.0.0.0/8') }));
    assert.deepEqual(read(diff.external.gained, 'allowedBy'), [[WEB, 'egress', '10.0.0.0/8 except 10.0.0.0/16', 'TCP 443', ['shop/web-out']]]);
    assert.deepEqual(diff.external.lost, []);
  });

  it('a new except loses exactly the excepted addresses, on every port the rule allowed', () => {
    const rule = (except: string) => webEgress(`[{to: [{ipBlock: {cidr: 0.0.0.0/0, except: ${except}}}]}]`);
    const diff = diffReachability(reach({ 'p.yaml': rule('[]') }), reach({ 'p.yaml': rule('[169.254.169.254/32]') }));
    assert.deepEqual(diff.external.gained, []);
    assert.deepEqual(read(diff.external.lost, 'deniedBy'), [[WEB, 'egress', '169.254.169.254/32', 'all ports', ['shop/web-out']]]);
  });

  it('a port change on an external rule: the new ports gained and the old ones lost, for the same addresses', () => {
    const rule = (ports: string) => webEgress(`[{to: [{ipBlock: {cidr: 203.0.113.0/24}}], ports: ${ports}}]`);
    const diff = diffReachability(reach({ 'p.yaml': rule('[{port: 443}, {port: 53, protocol: UDP}]') }), reach({ 'p.yaml': rule('[{port: 8443}]') }));
    nothingButExternal(diff);
    assert.deepEqual(read(diff.external.gained, 'allowedBy'), [[WEB, 'egress', '203.0.113.0/24', 'TCP 8443', ['shop/web-out']]]);
    assert.deepEqual(read(diff.external.lost, 'deniedBy'), [[WEB, 'egress', '203.0.113.0/24', 'TCP 443; UDP 53', ['shop/web-out']]]);
  });

  it('a default-deny added: every address on every port lost, both directions, for every workload', () => {
    const diff = diffReachability(reach({}), reach({ 'd.yaml': DENY_ALL }));
    assert.deepEqual(diff.external.gained, []);
    assert.deepEqual(read(diff.external.lost, 'deniedBy'), [
      [API, 'egress', 'any address', 'all ports', ['shop/deny-all']],
      [API, 'ingress', 'any address', 'all ports', ['shop/deny-all']],
      [WEB, 'egress', 'any address', 'all ports', ['shop/deny-all']],
      [WEB, 'ingress', 'any address', 'all ports', ['shop/deny-all']],
    ]);
  });

  it('a named port from an address resolves on the workload itself; to an address it resolves to nothing', () => {
    const closed = { 'd.yaml': DENY_ALL };
    const ingress = diffReachability(reach(closed), reach({ ...closed, 'p.yaml': apiIngress('[{from: [{ipBlock: {cidr: 198.51.100.0/24}}], ports: [{port: http}]}]') }));
    assert.deepEqual(read(ingress.external.gained, 'allowedBy'), [[API, 'ingress', '198.51.100.0/24', 'TCP 9090', ['shop/api-in']]]);
    const egress = diffReachability(reach(closed), reach({ ...closed, 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: http}]}]') }));
    assert.ok(isEmptyDiff(egress), 'web declares http, but the destination of egress to an address is no pod');
  });

  it('IPv6: blocks with except, and a rule without peers reaching ::/0 beyond 0.0.0.0/0', () => {
    const v6 = diffReachability(reach({ 'p.yaml': webEgress('[]') }), reach({ 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}}], ports: [{port: 443}]}]') }));
    assert.deepEqual(read(v6.external.gained, 'allowedBy'), [[WEB, 'egress', '2001:db8::/32 except 2001:db8:1::/48', 'TCP 443', ['shop/web-out']]]);
    const anywhere = diffReachability(reach({ 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]') }), reach({ 'p.yaml': webEgress('[{}]') }));
    assert.deepEqual(read(anywhere.external.gained, 'allowedBy'), [[WEB, 'egress', '::/0', 'all ports', ['shop/web-out']]]);
    assert.deepEqual(anywhere.external.lost, []);
  });

  it('a direction isolated on one side only: everything but what the rules allow is lost, or gained with no policy to name', () => {
    const open = reach({});
    const https = reach({ 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}]') });
    const tightened = diffReachability(open, https);
    assert.deepEqual(tightened.external.gained, []);
    assert.deepEqual(read(tightened.external.lost, 'deniedBy'), [
      [WEB, 'egress', 'any address', 'TCP 1-442, 444-65535; UDP (all ports); SCTP (all ports)', ['shop/web-out']],
      [WEB, 'egress', '::/0', 'TCP 443', ['shop/web-out']],
    ]);
    const loosened = diffReachability(https, open);
    assert.deepEqual(read(loosened.external.gained, 'allowedBy'), [
      [WEB, 'egress', 'any address', 'TCP 1-442, 444-65535; UDP (all ports); SCTP (all ports)', []],
      [WEB, 'egress', '::/0', 'TCP 443', []],
    ]);
  });

  it('a workload on one side only gains or loses what it allowed', () => {
    const worker = { 'w.yaml': deployment('shop', 'worker', { app: 'worker' }) };
    const added = diffReachability(reach({ 'd.yaml': DENY_ALL, 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]') }), reach({ 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]'), ...worker }));
    const WORKER = 'shop/Deployment/worker';
    assert.deepEqual(read(added.external.gained.filter((c) => c.workload === WORKER), 'allowedBy'), [
      [WORKER, 'egress', 'any address', 'all ports', []],
      [WORKER, 'ingress', 'any address', 'all ports', []],
    ]);
    const removed = diffReachability(reach(worker), reach({}));
    assert.deepEqual(read(removed.external.lost, 'deniedBy'), [
      [WORKER, 'egress', 'any address', 'all ports', []],
      [WORKER, 'ingress', 'any address', 'all ports', []],
    ]);
  });

  it('no change: identical repos, and equivalent policies written differently', () => {
    const files = { 'p.yaml': webEgress('[{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: 443}]}]'), 'q.yaml': apiIngress('[{from: [{ipBlock: {cidr: 203.0.113.0/24}}]}]') };
    assert.ok(isEmptyDiff(diffReachability(reach(files), reach(files))));
    const equivalent: [string, string][] = [
      // an except against the CIDRs around it
      [
        '[{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: 443}]}]',
        '[{to: [{ipBlock: {cidr: 0.0.0.0/5}}, {ipBlock: {cidr: 8.0.0.0/7}}, {ipBlock: {cidr: 11.0.0.0/8}}, {ipBlock: {cidr: 12.0.0.0/6}}, {ipBlock: {cidr: 16.0.0.0/4}}, {ipBlock: {cidr: 32.0.0.0/3}}, {ipBlock: {cidr: 64.0.0.0/2}}, {ipBlock: {cidr: 128.0.0.0/1}}], ports: [{port: 443}]}]',
      ],
      // overlapping rules and port ranges against one rule; two halves against the whole
      [
        '[{to: [{ipBlock: {cidr: 10.0.0.0/9}}], ports: [{port: 1, endPort: 100}]}, {to: [{ipBlock: {cidr: 10.128.0.0/9}}, {ipBlock: {cidr: 10.0.0.0/9}}], ports: [{port: 50, endPort: 200}]}, {to: [{ipBlock: {cidr: 10.128.0.0/9}}], ports: [{port: 1, endPort: 49}]}]',
        '[{to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 1, endPort: 200}]}]',
      ],
      // host bits are dropped; a rule to pods, or on a named port to an address, allows no address
      [
        '[{to: [{ipBlock: {cidr: 203.0.113.10/24}}], ports: [{port: 443}]}]',
        '[{to: [{ipBlock: {cidr: 203.0.113.0/24}}], ports: [{port: 443}]}, {to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: http}]}]',
      ],
    ];
    for (const [a, b] of equivalent) {
      const diff = diffReachability(reach({ 'p.yaml': webEgress(a) }), reach({ 'p.yaml': webEgress(b) }));
      assert.deepEqual(diff.external, { gained: [], lost: [] }, `${a} vs ${b}`);
    }
    // A rule to pods changes who web reaches inside the cluster, and nothing outside it.
    const pods = diffReachability(reach({ 'p.yaml': webEgress('[]') }), reach({ 'p.yaml': webEgress('[{to: [{podSelector: {}}]}]') }));
    assert.equal(pods.added.length, 2);
    assert.deepEqual(pods.external, { gained: [], lost: [] });
  });
});
