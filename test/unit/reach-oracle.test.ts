// The core's reachability checked against a naive oracle (test/helpers/reach-oracle.ts) written from the Kubernetes
// NetworkPolicy documentation, on random small workspaces written as YAML (test/helpers/reach-oracle-world.ts): 2–3
// namespaces, 2–4 workloads of every kind with named container ports, 0–4 policies using every field.
//
// The oracle answers one (source, destination, protocol, port) at a time; the core answers with port ranges. They are
// compared on a port universe (1–100, every port the workspace mentions and its neighbours, 65535), at both edges of
// every range the core returns (so the core allows nothing the oracle would not, outside the universe too), and at
// ports fast-check samples from 1–65535.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { reachJson } from '../../server/src/cli/reach';
import { Direction, PortSet, Protocol, PROTOCOLS, Reachability, Workload } from '../../server/src/core';
import { ORACLE_PROTOCOLS, OracleWorkload, OracleWorld, ReachOracle, workloadId } from '../helpers/reach-oracle';
import { ADDRESSES, CONTAINER_PORT_NUMBERS, portUniverse, worldArbitrary, worldYaml, YamlStyle } from '../helpers/reach-oracle-world';
import { workspaceOf } from '../helpers/workspace';

const RUNS = 250;

interface Case extends YamlStyle {
  world: OracleWorld;
  /** Extra ports to check, anywhere in 1–65535. */
  sampled: number[];
}

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  world: worldArbitrary(),
  oneFile: fc.boolean(),
  flowSelectors: fc.boolean(),
  nulls: fc.boolean(),
  omitDefaultNamespace: fc.boolean(),
  sampled: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 4 }),
});

/** The workspace through the whole pipeline: YAML text → Workspace → Model → Reachability. */
function build(c: Case) {
  const files = worldYaml(c.world, c);
  const ws = workspaceOf(files);
  const model = ws.model();
  const reach = new Reachability(model);
  const oracle = new ReachOracle(c.world);
  const pairs: { o: OracleWorkload; w: Workload }[] = c.world.workloads.map((o) => {
    const w = model.workload(workloadId(o));
    assert.ok(w, `the core lost ${workloadId(o)}`);
    return { o, w };
  });
  assert.equal(model.policies.length, c.world.policies.length, 'the core lost a policy');
  return { files, ws, reach, oracle, pairs };
}

/** Both edges of every range of `set` and their outer neighbours, per protocol. */
function edges(set: PortSet): Map<Protocol, number[]> {
  const out = new Map<Protocol, number[]>();
  for (const p of PROTOCOLS) {
    out.set(p, set.get(p).flatMap(([lo, hi]) => [lo - 1, lo, hi, hi + 1].filter((n) => n >= 1 && n <= 65535)));
  }
  return out;
}

/**
 * Every port the core's answer `set` must agree with `expected` on: the universe, the set's edges, the sampled
 * ports. Returns the first disagreement, or undefined.
 */
function firstDisagreement(set: PortSet, ports: readonly number[], expected: (protocol: Protocol, port: number) => boolean): string | undefined {
  const edgePorts = edges(set);
  for (const protocol of ORACLE_PROTOCOLS) {
    for (const port of [...ports, ...edgePorts.get(protocol)!]) {
      const want = expected(protocol, port);
      if (set.has(protocol, port) !== want) return `${protocol}/${port}: core ${!want ? 'allows' : 'denies'}, oracle ${want ? 'allows' : 'denies'} (core: ${set})`;
    }
  }
  return undefined;
}

function describeCase(files: Record<string, string>): string {
  return Object.entries(files)
    .map(([name, text]) => `# ${name}\n${text}`)
    .join('\n');
}

describe('Reachability against a naive oracle from the NetworkPolicy documentation', () => {
  it('reach --json allows exactly the ports the oracle allows, for every pair of workloads', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const { files, ws, oracle, pairs } = build(c);
        const json = reachJson({ workspace: ws, texts: new Map() });
        assert.deepEqual(json.workloads, pairs.map((p) => p.w.id).sort());
        const byPair = new Map(json.connections.map((conn) => [`${conn.from} ${conn.to}`, conn.ports]));
        const ports = portUniverse([c.world], c.sampled);
        for (const src of pairs) {
          for (const dst of pairs) {
            const ranges = byPair.get(`${src.w.id} ${dst.w.id}`) ?? {};
            let set = PortSet.EMPTY;
            for (const p of PROTOCOLS) for (const [lo, hi] of ranges[p] ?? []) set = set.union(PortSet.of(p, lo, hi));
            const problem = firstDisagreement(set, ports, (protocol, port) => oracle.allowed(src.o, dst.o, protocol, port));
            assert.equal(problem, undefined, `${src.w.id} → ${dst.w.id}: ${problem}\n${describeCase(files)}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('each direction (egress of the source, ingress of the destination) allows what the oracle says', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const { files, reach, oracle, pairs } = build(c);
        const ports = portUniverse([c.world], c.sampled);
        for (const src of pairs) {
          for (const dst of pairs) {
            const sides: [Direction, PortSet][] = [
              ['egress', reach.egressAllowed(src.w, dst.w)],
              ['ingress', reach.ingressAllowed(src.w, dst.w)],
            ];
            for (const [direction, set] of sides) {
              const problem = firstDisagreement(set, ports, (protocol, port) => oracle.directionAllows(direction, src.o, dst.o, protocol, port));
              assert.equal(problem, undefined, `${direction} ${src.w.id} → ${dst.w.id}: ${problem}\n${describeCase(files)}`);
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the same policies isolate each workload in each direction, and explain() gives the oracle verdict per side', () => {
    fc.assert(
      fc.property(caseArbitrary, fc.constantFrom(...CONTAINER_PORT_NUMBERS, 1, 443), (c, probe) => {
        const { files, reach, oracle, pairs } = build(c);
        for (const { o, w } of pairs) {
          for (const direction of ['ingress', 'egress'] as const) {
            const core = reach.isolatedBy(w, direction).map((p) => p.name).sort();
            const want = oracle.isolating(o, direction).map((p) => p.name).sort();
            assert.deepEqual(core, want, `${direction} isolation of ${w.id}\n${describeCase(files)}`);
          }
        }
        for (const src of pairs) {
          for (const dst of pairs) {
            for (const protocol of ORACLE_PROTOCOLS) {
              for (const port of [probe, ...c.sampled]) {
                const v = reach.explain(src.w, dst.w, protocol, port);
                const where = `${src.w.id} → ${dst.w.id} ${protocol}/${port}\n${describeCase(files)}`;
                assert.equal(v.egress.allowed, oracle.directionAllows('egress', src.o, dst.o, protocol, port), `egress ${where}`);
                assert.equal(v.ingress.allowed, oracle.directionAllows('ingress', src.o, dst.o, protocol, port), `ingress ${where}`);
                assert.equal(v.allowed, oracle.allowed(src.o, dst.o, protocol, port), where);
              }
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('traffic to and from addresses outside the cluster: each side allows what the oracle says (ipBlock, except, named ports)', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const { files, reach, oracle, pairs } = build(c);
        // The ports the world mentions (and their neighbours), not all of 1–100: every address is asked about each.
        const ports = portUniverse([c.world], c.sampled).filter((p) => p > 100 || [1, 2, 53, 54, 80, 81, 82, 99, 100].includes(p));
        for (const { o, w } of pairs) {
          for (const address of ADDRESSES) {
            for (const protocol of ORACLE_PROTOCOLS) {
              for (const port of ports) {
                const where = `${w.id} ${address} ${protocol}/${port}\n${describeCase(files)}`;
                assert.equal(reach.egressToAddress(w, address, protocol, port).allowed, oracle.addressAllows('egress', o, address, protocol, port), `egress ${where}`);
                assert.equal(reach.ingressFromAddress(address, w, protocol, port).allowed, oracle.addressAllows('ingress', o, address, protocol, port), `ingress ${where}`);
              }
            }
          }
        }
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it('after edits (policies, then workloads), the patched model still allows exactly what the oracle says', () => {
    fc.assert(
      fc.property(caseArbitrary, worldArbitrary(), (c, next) => {
        const style = { ...c, oneFile: false };
        const ws = workspaceOf(worldYaml(c.world, style));
        ws.model();
        // The same namespaces and workloads (kind, name, namespace), with the other world's labels, ports and policies.
        const edited: OracleWorld[] = [
          { ...c.world, policies: next.policies },
          {
            ...c.world,
            policies: next.policies,
            workloads: c.world.workloads.map((w, i) => (next.workloads[i] ? { ...w, labels: next.workloads[i].labels, containers: next.workloads[i].containers } : w)),
          },
        ];
        const changed = ['policies.yaml', 'workloads.yaml'];
        edited.forEach((world, step) => {
          const files = worldYaml(world, style);
          ws.setFile(changed[step], files[changed[step]]);
          const model = ws.model();
          const reach = new Reachability(model);
          const oracle = new ReachOracle(world);
          const ports = portUniverse([world], c.sampled);
          for (const src of world.workloads) {
            for (const dst of world.workloads) {
              const set = reach.allowed(model.workload(workloadId(src))!, model.workload(workloadId(dst))!);
              const problem = firstDisagreement(set, ports, (protocol, port) => oracle.allowed(src, dst, protocol, port));
              assert.equal(problem, undefined, `after editing ${changed[step]}: ${workloadId(src)} → ${workloadId(dst)}: ${problem}\n${describeCase(files)}`);
            }
          }
        });
      }),
      { numRuns: RUNS / 2 },
    );
  });
});
