// The connectivity diff (`diffReachability`, and `netpol-lens diff --json`) checked against the naive reach oracle
// (test/helpers/reach-oracle.ts) on random pairs of workspaces: a before world from the reach oracle's generator and
// an after world made of it by random edits (test/helpers/reach-diff-oracle.ts), each rendered as YAML in its own
// style and run through the whole pipeline.
//
// For every ordered pair of workloads (on either side), the oracle's allowed ports before and after must be exactly
// what the diff says: not listed when equal, `added` with the after ports when nothing was allowed before, `removed`
// with the before ports when nothing is allowed after, else `changed` with before, after, gained = after − before and
// lost = before − after; checked per protocol on a port universe and at both edges of every range the diff gives.
// Outside the cluster, per workload and direction, an (address, protocol, port) is in a gained piece exactly when the
// oracle allows it after and not before (lost: the reverse), on a grid of addresses (the first and last address of
// every CIDR and except of both worlds and of every piece, with their outer neighbours, IPv4 and IPv6). The policies
// each change names are checked against the oracle too. Then: diff(x, x) is empty, and diff(b, a) mirrors diff(a, b).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import type { DiffJson } from '../../server/src/cli/diff';
import { diffReachability, isEmptyDiff, PortSet, PortSetJSON, Protocol, PROTOCOLS, Reachability, ReachDiff } from '../../server/src/core';
import type { AddressSet } from '../../server/src/core/address-set';
import {
  Address,
  addressAllows,
  blockContains,
  cidrEdges,
  FIXED_ADDRESSES,
  formatAddress,
  rangeEdges,
  ruleAllowsAddress,
  worldCidrs,
  WorldPair,
  worldPairArbitrary,
} from '../helpers/reach-diff-oracle';
import { OracleDirection, OracleWorkload, OracleWorld, ORACLE_PROTOCOLS, ReachOracle, workloadId } from '../helpers/reach-oracle';
import { mentionedPorts, portUniverse, worldYaml, YamlStyle } from '../helpers/reach-oracle-world';
import { cli, withTempDir, writeFiles } from '../helpers/cli';
import { workspaceOf } from '../helpers/workspace';

const RUNS = 40;
const CLI_RUNS = 6;

interface Case {
  pair: WorldPair;
  beforeStyle: YamlStyle;
  afterStyle: YamlStyle;
  /** Extra ports to check, anywhere in 1–65535. */
  sampled: number[];
}

const style: fc.Arbitrary<YamlStyle> = fc.record({ oneFile: fc.boolean(), flowSelectors: fc.boolean(), nulls: fc.boolean(), omitDefaultNamespace: fc.boolean() });
const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  pair: worldPairArbitrary(),
  beforeStyle: style,
  afterStyle: style,
  sampled: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }),
});

/** One version: its YAML, the core's answer and the oracle's. */
interface Side {
  world: OracleWorld;
  files: Record<string, string>;
  reach: Reachability;
  oracle: ReachOracle;
  /** Workload id → the oracle's workload. */
  workloads: Map<string, OracleWorkload>;
}

function side(world: OracleWorld, yamlStyle: YamlStyle): Side {
  const files = worldYaml(world, yamlStyle);
  const model = workspaceOf(files).model();
  const workloads = new Map(world.workloads.map((w) => [workloadId(w), w]));
  assert.deepEqual(model.workloads.map((w) => w.id).sort(), [...workloads.keys()].sort(), 'the core reads the workloads the world has');
  assert.equal(model.policies.length, world.policies.length, 'the core lost a policy');
  return { world, files, reach: new Reachability(model), oracle: new ReachOracle(world), workloads };
}

// ---- the diff, read the same way from the core and from the CLI's JSON ----

interface PieceView {
  workload: string;
  direction: OracleDirection;
  ports: PortSet;
  has(address: Address): boolean;
  /** The first and last address of every range (or block) and their outer neighbours. */
  edges: Address[];
  addressKey: string;
  policies: string[];
}

interface DiffView {
  workloadsAdded: string[];
  workloadsRemoved: string[];
  added: { from: string; to: string; ports: PortSet; allowedBy: string[] }[];
  removed: { from: string; to: string; ports: PortSet; deniedBy: string[] }[];
  changed: { from: string; to: string; before: PortSet; after: PortSet; gained: PortSet; lost: PortSet; allowedBy: string[]; deniedBy: string[] }[];
  gained: PieceView[];
  lost: PieceView[];
}

function addressSetPiece(set: AddressSet): Pick<PieceView, 'has' | 'edges' | 'addressKey'> {
  const versions = [4, 6] as const;
  return {
    has: (a) => set.rangesOf(a.version).some(([lo, hi]) => lo <= a.value && a.value <= hi),
    edges: versions.flatMap((v) => set.rangesOf(v).flatMap(([lo, hi]) => rangeEdges(v, lo, hi))),
    addressKey: versions.map((v) => set.rangesOf(v).map(([lo, hi]) => `${lo}-${hi}`).join(',')).join('|'),
  };
}

function viewOfDiff(diff: ReachDiff): DiffView {
  const piece = (c: ReachDiff['external']['gained'][number], policies: string[]): PieceView => ({
    workload: c.workload,
    direction: c.direction,
    ports: c.ports,
    ...addressSetPiece(c.addresses),
    policies,
  });
  return {
    workloadsAdded: diff.workloadsAdded,
    workloadsRemoved: diff.workloadsRemoved,
    added: diff.added,
    removed: diff.removed,
    changed: diff.changed,
    gained: diff.external.gained.map((c) => piece(c, c.allowedBy)),
    lost: diff.external.lost.map((c) => piece(c, c.deniedBy)),
  };
}

function portSetOf(json: PortSetJSON): PortSet {
  let set = PortSet.EMPTY;
  for (const p of PROTOCOLS) for (const [lo, hi] of json[p] ?? []) set = set.union(PortSet.of(p, lo, hi));
  return set;
}

function viewOfJson(json: DiffJson): DiffView {
  const piece = (c: Omit<DiffJson['external']['gained'][number], 'allowedBy'>, policies: string[]): PieceView => ({
    workload: c.workload,
    direction: c.direction,
    ports: portSetOf(c.ports),
    has: (a) => c.addresses.some((b) => blockContains(b, a)),
    edges: c.addresses.flatMap((b) => [b.cidr, ...b.except].flatMap(cidrEdges)),
    addressKey: JSON.stringify(c.addresses),
    policies,
  });
  return {
    workloadsAdded: json.workloads.added,
    workloadsRemoved: json.workloads.removed,
    added: json.added.map((c) => ({ ...c, ports: portSetOf(c.ports) })),
    removed: json.removed.map((c) => ({ ...c, ports: portSetOf(c.ports) })),
    changed: json.changed.map((c) => ({ ...c, before: portSetOf(c.before), after: portSetOf(c.after), gained: portSetOf(c.gained), lost: portSetOf(c.lost) })),
    gained: json.external.gained.map((c) => piece(c, c.allowedBy)),
    lost: json.external.lost.map((c) => piece(c, c.deniedBy)),
  };
}

// ---- what to ask the oracle about ----

/** Per protocol: `ports`, and both edges of every range of `sets` with their outer neighbours. */
function portsToCheck(ports: readonly number[], sets: readonly PortSet[]): Map<Protocol, number[]> {
  const out = new Map<Protocol, number[]>();
  for (const protocol of PROTOCOLS) {
    const all = new Set(ports);
    for (const set of sets) for (const [lo, hi] of set.get(protocol)) [lo - 1, lo, hi, hi + 1].filter((n) => n >= 1 && n <= 65535).forEach((n) => all.add(n));
    out.set(protocol, [...all]);
  }
  return out;
}

const pairKey = (from: string, to: string) => `${from} → ${to}`;
const sorted = (ids: Iterable<string>) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const policyId = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

function describe2(before: Side, after: Side): string {
  const text = (s: Side) => Object.entries(s.files).map(([name, t]) => `# ${name}\n${t}`).join('\n');
  return `\n=== before\n${text(before)}\n=== after\n${text(after)}`;
}

/** Every claim of `view` against the oracle's answers for `before` and `after`. */
function checkAgainstOracle(view: DiffView, before: Side, after: Side, sampled: readonly number[]): void {
  const where = describe2(before, after);
  const ids = sorted(new Set([...before.workloads.keys(), ...after.workloads.keys()]));
  assert.deepEqual(view.workloadsAdded, ids.filter((id) => !before.workloads.has(id)), `workloads added${where}`);
  assert.deepEqual(view.workloadsRemoved, ids.filter((id) => !after.workloads.has(id)), `workloads removed${where}`);

  // Pairs: each listed once, in order.
  type Listed = { kind: 'added'; c: DiffView['added'][number] } | { kind: 'removed'; c: DiffView['removed'][number] } | { kind: 'changed'; c: DiffView['changed'][number] };
  const listed = new Map<string, Listed>();
  const list = (entries: readonly { from: string; to: string }[], make: (i: number) => Listed) => {
    const keys = entries.map((c) => pairKey(c.from, c.to));
    assert.deepEqual(keys, [...entries].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0)).map((c) => pairKey(c.from, c.to)), `sorted${where}`);
    keys.forEach((key, i) => {
      assert.ok(!listed.has(key), `${key} listed twice${where}`);
      listed.set(key, make(i));
    });
  };
  list(view.added, (i) => ({ kind: 'added', c: view.added[i] }));
  list(view.removed, (i) => ({ kind: 'removed', c: view.removed[i] }));
  list(view.changed, (i) => ({ kind: 'changed', c: view.changed[i] }));
  for (const key of listed.keys()) {
    const [from, to] = key.split(' → ');
    assert.ok(ids.includes(from) && ids.includes(to), `${key}: no such workloads${where}`);
  }

  const ports = portUniverse([before.world, after.world], sampled);
  for (const from of ids) {
    for (const to of ids) {
      const key = pairKey(from, to);
      const allowedOn = (s: Side) => {
        const src = s.workloads.get(from);
        const dst = s.workloads.get(to);
        return (protocol: Protocol, port: number) => !!src && !!dst && s.oracle.allowed(src, dst, protocol, port);
      };
      const was = allowedOn(before);
      const now = allowedOn(after);
      const entry = listed.get(key);
      const sets = !entry ? [] : entry.kind === 'changed' ? [entry.c.before, entry.c.after, entry.c.gained, entry.c.lost] : [entry.c.ports];
      const check = portsToCheck(ports, sets);
      for (const protocol of ORACLE_PROTOCOLS) {
        for (const port of check.get(protocol)!) {
          const b = was(protocol, port);
          const a = now(protocol, port);
          const at = `${key} ${protocol}/${port} (oracle: before ${b}, after ${a}; diff: ${entry ? entry.kind : 'not listed'})${where}`;
          if (!entry) assert.equal(a, b, `a change not listed: ${at}`);
          else if (entry.kind === 'added') {
            assert.equal(b, false, `added, but allowed before: ${at}`);
            assert.equal(entry.c.ports.has(protocol, port), a, `added ports: ${at}`);
          } else if (entry.kind === 'removed') {
            assert.equal(a, false, `removed, but allowed after: ${at}`);
            assert.equal(entry.c.ports.has(protocol, port), b, `removed ports: ${at}`);
          } else {
            const c = entry.c;
            assert.equal(c.before.has(protocol, port), b, `changed, before: ${at}`);
            assert.equal(c.after.has(protocol, port), a, `changed, after: ${at}`);
            assert.equal(c.gained.has(protocol, port), a && !b, `changed, gained: ${at}`);
            assert.equal(c.lost.has(protocol, port), b && !a, `changed, lost: ${at}`);
          }
        }
      }
      if (entry?.kind === 'changed') assert.ok(!entry.c.gained.isEmpty() || !entry.c.lost.isEmpty(), `changed with nothing gained or lost: ${key}${where}`);
      if (entry?.kind === 'added' || entry?.kind === 'changed') {
        const gained = entry.kind === 'added' ? entry.c.ports : entry.c.gained;
        assert.deepEqual(entry.c.allowedBy, allowingPolicies(after, from, to, gained, check), `allowedBy of ${key}${where}`);
      }
      if (entry?.kind === 'removed' || entry?.kind === 'changed') {
        const lost = entry.kind === 'removed' ? entry.c.ports : entry.c.lost;
        assert.deepEqual(entry.c.deniedBy, denyingPolicies(after, from, to, lost, check), `deniedBy of ${key}${where}`);
      }
    }
  }

  checkExternal(view, before, after, ids, [...mentionedPorts([before.world, after.world]), ...sampled], where);
}

/** The after side's policies isolating a side of from → to with a rule allowing some of `gained`. */
function allowingPolicies(after: Side, from: string, to: string, gained: PortSet, check: Map<Protocol, number[]>): string[] {
  const src = after.workloads.get(from);
  const dst = after.workloads.get(to);
  if (!src || !dst || gained.isEmpty()) return [];
  const out = new Set<string>();
  const someGained = (allows: (protocol: Protocol, port: number) => boolean) =>
    ORACLE_PROTOCOLS.some((protocol) => check.get(protocol)!.some((port) => gained.has(protocol, port) && allows(protocol, port)));
  for (const policy of after.oracle.isolating(src, 'egress')) {
    if ((policy.egress ?? []).some((rule) => someGained((pr, po) => after.oracle.ruleAllows(policy, rule, dst, dst, pr, po)))) out.add(policyId(policy));
  }
  for (const policy of after.oracle.isolating(dst, 'ingress')) {
    if ((policy.ingress ?? []).some((rule) => someGained((pr, po) => after.oracle.ruleAllows(policy, rule, src, dst, pr, po)))) out.add(policyId(policy));
  }
  return sorted(out);
}

/** The after side's policies isolating a side of from → to that denies some of `lost`; none when a workload is gone. */
function denyingPolicies(after: Side, from: string, to: string, lost: PortSet, check: Map<Protocol, number[]>): string[] {
  const src = after.workloads.get(from);
  const dst = after.workloads.get(to);
  if (!src || !dst) return [];
  const out = new Set<string>();
  for (const direction of ['egress', 'ingress'] as const) {
    const denies = ORACLE_PROTOCOLS.some((protocol) =>
      check.get(protocol)!.some((port) => lost.has(protocol, port) && !after.oracle.directionAllows(direction, src, dst, protocol, port)),
    );
    if (denies) after.oracle.isolating(direction === 'egress' ? src : dst, direction).forEach((p) => out.add(policyId(p)));
  }
  return sorted(out);
}

/** `basePorts`: the ports the worlds mention (and their neighbours), not all of 1–100: every address is asked about each. */
function checkExternal(view: DiffView, before: Side, after: Side, ids: string[], basePorts: number[], where: string): void {
  const order = (p: PieceView) => `${p.workload}\u0000${p.direction === 'egress' ? 0 : 1}`;
  for (const pieces of [view.gained, view.lost]) {
    const keys = pieces.map(order);
    assert.deepEqual(keys, [...keys].sort(), `external changes sorted by workload, egress first${where}`);
    for (const p of pieces) assert.ok(!p.ports.isEmpty() && p.edges.length > 0, `an empty piece${where}`);
  }
  const worldAddresses = [...FIXED_ADDRESSES, ...[...worldCidrs(before.world), ...worldCidrs(after.world)].flatMap(cidrEdges)];
  for (const id of ids) {
    for (const direction of ['egress', 'ingress'] as const) {
      const gained = view.gained.filter((p) => p.workload === id && p.direction === direction);
      const lost = view.lost.filter((p) => p.workload === id && p.direction === direction);
      const pieces = [...gained, ...lost];
      const addresses = uniqueAddresses([...worldAddresses, ...pieces.flatMap((p) => p.edges)]);
      const check = portsToCheck(basePorts, pieces.map((p) => p.ports));
      const allows = (s: Side) => {
        const w = s.workloads.get(id);
        return (address: Address, protocol: Protocol, port: number) => !!w && addressAllows(s.oracle, direction, w, address, protocol, port);
      };
      const was = allows(before);
      const now = allows(after);
      for (const address of addresses) {
        const gainedHere = gained.filter((p) => p.has(address));
        const lostHere = lost.filter((p) => p.has(address));
        for (const protocol of ORACLE_PROTOCOLS) {
          for (const port of check.get(protocol)!) {
            const b = was(address, protocol, port);
            const a = now(address, protocol, port);
            const at = `${id} ${direction} ${formatAddress(address)} ${protocol}/${port} (oracle: before ${b}, after ${a})${where}`;
            assert.equal(gainedHere.some((p) => p.ports.has(protocol, port)), a && !b, `external gained: ${at}`);
            assert.equal(lostHere.some((p) => p.ports.has(protocol, port)), b && !a, `external lost: ${at}`);
          }
        }
      }
      // The policies named: for a gain, the isolating policies with a rule allowing some of the piece; for a loss,
      // every policy isolating the direction after (none when the workload is gone).
      const w = after.workloads.get(id);
      for (const p of gained) {
        const expected = !w
          ? []
          : after.oracle
              .isolating(w, direction)
              .filter((policy) =>
                (policy[direction] ?? []).some((rule) =>
                  addresses.some(
                    (address) =>
                      p.has(address) &&
                      ORACLE_PROTOCOLS.some((protocol) => check.get(protocol)!.some((port) => p.ports.has(protocol, port) && ruleAllowsAddress(after.oracle, direction, w, rule, address, protocol, port))),
                  ),
                ),
              )
              .map(policyId);
        assert.deepEqual(p.policies, sorted(new Set(expected)), `allowedBy of ${id} ${direction} gained ${p.addressKey} ${p.ports}${where}`);
      }
      const isolating = w ? sorted(new Set(after.oracle.isolating(w, direction).map(policyId))) : [];
      for (const p of lost) assert.deepEqual(p.policies, isolating, `deniedBy of ${id} ${direction} lost ${p.addressKey} ${p.ports}${where}`);
    }
  }
}

function uniqueAddresses(list: readonly Address[]): Address[] {
  const seen = new Map<string, Address>();
  for (const a of list) seen.set(`${a.version}:${a.value}`, a);
  return [...seen.values()];
}

// ---- mirror images ----

/** The diff without the policies behind it, as comparable text. */
function shape(diff: ReachDiff) {
  const pieces = (list: ReachDiff['external']['gained']) =>
    list.map((c) => `${c.workload} ${c.direction} ${addressSetPiece(c.addresses).addressKey} ${c.ports}`).sort();
  return {
    workloadsAdded: diff.workloadsAdded,
    workloadsRemoved: diff.workloadsRemoved,
    added: diff.added.map((c) => `${c.from} ${c.to} ${c.ports}`),
    removed: diff.removed.map((c) => `${c.from} ${c.to} ${c.ports}`),
    changed: diff.changed.map((c) => `${c.from} ${c.to} ${c.before} → ${c.after} +${c.gained} -${c.lost}`),
    gained: pieces(diff.external.gained),
    lost: pieces(diff.external.lost),
  };
}

function mirrored(diff: ReachDiff) {
  const s = shape(diff);
  return {
    workloadsAdded: s.workloadsRemoved,
    workloadsRemoved: s.workloadsAdded,
    added: s.removed,
    removed: s.added,
    changed: diff.changed.map((c) => `${c.from} ${c.to} ${c.after} → ${c.before} +${c.lost} -${c.gained}`),
    gained: s.lost,
    lost: s.gained,
  };
}

describe('diffReachability against the naive oracle, on random pairs of versions', () => {
  it('pairs added, removed and changed, workloads on one side only, addresses outside the cluster gained and lost, and the policies named, are what the oracle says', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const before = side(c.pair.before, c.beforeStyle);
        const after = side(c.pair.after, c.afterStyle);
        checkAgainstOracle(viewOfDiff(diffReachability(before.reach, after.reach)), before, after, c.sampled);
      }),
      { numRuns: RUNS },
    );
  });

  it('diff(x, x) is empty, also with x written in another YAML style; diff(b, a) mirrors diff(a, b)', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const before = side(c.pair.before, c.beforeStyle);
        const after = side(c.pair.after, c.afterStyle);
        for (const world of [c.pair.before, c.pair.after]) {
          const one = side(world, c.beforeStyle);
          const other = side(world, c.afterStyle);
          assert.ok(isEmptyDiff(diffReachability(one.reach, one.reach)), `diff(x, x)${describe2(one, one)}`);
          const restyled = diffReachability(one.reach, other.reach);
          assert.ok(isEmptyDiff(restyled), `the same world in two styles: ${JSON.stringify(shape(restyled))}${describe2(one, other)}`);
        }
        const forward = diffReachability(before.reach, after.reach);
        const backward = diffReachability(after.reach, before.reach);
        assert.deepEqual(shape(backward), mirrored(forward), `diff(b, a) mirrors diff(a, b)${describe2(before, after)}`);
        assert.equal(isEmptyDiff(forward), isEmptyDiff(backward));
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('from a version without policies to a random one: every pair and address loses exactly what the oracle denies', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.boolean(), (c, useAfter) => {
        const world = useAfter ? c.pair.after : c.pair.before;
        const open = side({ ...world, policies: [] }, c.beforeStyle);
        const closed = side(world, c.afterStyle);
        const diff = diffReachability(open.reach, closed.reach);
        assert.deepEqual([diff.added, diff.external.gained], [[], []], 'nothing is gained over no policies at all');
        checkAgainstOracle(viewOfDiff(diff), open, closed, c.sampled);
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('netpol-lens diff --json on two folders says what the oracle says; --exit-code fails exactly when something changed', () => {
    withTempDir('netpol-diff-oracle-', (root) => {
      let run = 0;
      fc.assert(
        fc.property(caseArbitrary, (c) => {
          const before = side(c.pair.before, c.beforeStyle);
          const after = side(c.pair.after, c.afterStyle);
          const dirs = [before, after].map((s, i) => writeFiles(path.join(root, `${run}-${i ? 'after' : 'before'}`), s.files));
          run++;
          const { code, out, err } = cli(['diff', dirs[0], dirs[1], '--json']);
          assert.equal(err, '');
          assert.equal(code, 0);
          const json = JSON.parse(out) as DiffJson;
          checkAgainstOracle(viewOfJson(json), before, after, c.sampled);
          const counts = [json.added, json.removed, json.changed, json.workloads.added, json.workloads.removed, json.external.gained, json.external.lost].map((l) => l.length);
          const s = json.summary;
          assert.deepEqual([s.added, s.removed, s.changed, s.workloadsAdded, s.workloadsRemoved, s.externalGained, s.externalLost], counts, 'the summary counts the lists');
          const strict = cli(['diff', dirs[0], dirs[1], '--exit-code', '--format', 'markdown']).code;
          assert.equal(strict, json.identical ? 0 : 1);
          assert.equal(json.identical, isEmptyDiff(diffReachability(before.reach, after.reach)));
        }),
        { numRuns: CLI_RUNS },
      );
    });
  });
});
