import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PortSet, Protocol, PROTOCOLS } from '../../server/src/core';

const tcp = (lo: number, hi = lo) => PortSet.of('TCP', lo, hi);
const json = (s: PortSet) => s.toJSON();

describe('PortSet', () => {
  it('of() builds one inclusive range of one protocol', () => {
    assert.deepEqual(json(tcp(80)), { TCP: [[80, 80]] });
    assert.deepEqual(json(PortSet.of('UDP', 53, 54)), { UDP: [[53, 54]] });
    assert.ok(tcp(80).has('TCP', 80));
    assert.ok(!tcp(80).has('UDP', 80));
    assert.ok(!tcp(80).has('TCP', 81));
  });

  it('of() with hi below lo, or wholly outside 1-65535, is empty; partial overlaps are clamped', () => {
    assert.ok(tcp(81, 80).isEmpty());
    assert.ok(tcp(0).isEmpty(), 'port 0');
    assert.ok(tcp(70000, 70010).isEmpty());
    assert.ok(PortSet.of('TCP', Number.NaN).isEmpty());
    assert.deepEqual(json(tcp(0, 10)), { TCP: [[1, 10]] });
    assert.deepEqual(json(tcp(65530, 70000)), { TCP: [[65530, 65535]] });
  });

  it('all ports is [[1, 65535]] per protocol; ALL is every protocol', () => {
    assert.deepEqual(json(PortSet.allOf('SCTP')), { SCTP: [[1, 65535]] });
    assert.deepEqual(json(PortSet.ALL), { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] });
    assert.ok(PortSet.ALL.isAll());
    assert.ok(!PortSet.allOf('TCP').isAll());
    assert.ok(PortSet.allOf('TCP').isAllOf('TCP'));
    assert.ok(!tcp(1, 65534).isAllOf('TCP'));
  });

  it('toJSON omits protocols with nothing allowed; EMPTY is {}', () => {
    assert.deepEqual(json(PortSet.EMPTY), {});
    assert.deepEqual(json(tcp(80).union(PortSet.of('SCTP', 9))), { TCP: [[80, 80]], SCTP: [[9, 9]] });
  });

  it('toJSON returns copies: mutating the result does not change the set', () => {
    const s = tcp(80, 90);
    (s.toJSON().TCP as [number, number][])[0][1] = 1000;
    assert.deepEqual(json(s), { TCP: [[80, 90]] });
  });

  it('union merges overlapping and adjacent ranges, keeps gaps', () => {
    assert.deepEqual(json(tcp(80, 90).union(tcp(85, 100))), { TCP: [[80, 100]] });
    assert.deepEqual(json(tcp(80, 90).union(tcp(91, 100))), { TCP: [[80, 100]] }, 'adjacent');
    assert.deepEqual(json(tcp(80, 90).union(tcp(92, 100))), { TCP: [[80, 90], [92, 100]] }, 'a one-port gap');
    assert.deepEqual(json(tcp(100).union(tcp(1)).union(tcp(50))), { TCP: [[1, 1], [50, 50], [100, 100]] }, 'sorted');
    assert.deepEqual(json(tcp(1, 10).union(tcp(3, 4))), { TCP: [[1, 10]] }, 'contained');
    assert.deepEqual(json(tcp(80).union(PortSet.of('UDP', 80))), { TCP: [[80, 80]], UDP: [[80, 80]] }, 'per protocol');
    assert.ok(PortSet.allOf('TCP').union(PortSet.allOf('UDP')).union(PortSet.allOf('SCTP')).isAll());
  });

  it('union does not alias its operands', () => {
    const a = tcp(1, 5);
    const b = tcp(6, 9);
    a.union(b);
    assert.deepEqual(json(a), { TCP: [[1, 5]] });
    assert.deepEqual(json(b), { TCP: [[6, 9]] });
  });

  it('intersect keeps what both allow, per protocol', () => {
    assert.deepEqual(json(tcp(80, 90).intersect(tcp(85, 100))), { TCP: [[85, 90]] });
    assert.deepEqual(json(tcp(80, 90).intersect(tcp(91, 100))), {});
    assert.deepEqual(json(tcp(1, 10).union(tcp(20, 30)).intersect(tcp(5, 25))), { TCP: [[5, 10], [20, 25]] });
    assert.deepEqual(json(tcp(80).intersect(PortSet.of('UDP', 80))), {});
    assert.deepEqual(json(PortSet.ALL.intersect(tcp(80))), { TCP: [[80, 80]] });
    assert.deepEqual(json(tcp(80).intersect(PortSet.ALL)), { TCP: [[80, 80]] });
    assert.ok(PortSet.EMPTY.intersect(PortSet.ALL).isEmpty());
  });

  it('subtract removes ports, splitting ranges', () => {
    assert.deepEqual(json(tcp(1, 10).subtract(tcp(3, 4))), { TCP: [[1, 2], [5, 10]] });
    assert.deepEqual(json(tcp(1, 10).subtract(tcp(1, 10))), {});
    assert.deepEqual(json(tcp(1, 10).subtract(tcp(3, 4).union(tcp(6, 7)))), { TCP: [[1, 2], [5, 5], [8, 10]] });
    assert.deepEqual(json(tcp(5, 10).subtract(tcp(1, 6))), { TCP: [[7, 10]] });
    assert.deepEqual(json(tcp(5, 10).subtract(tcp(9, 20))), { TCP: [[5, 8]] });
    assert.deepEqual(json(tcp(5, 10).subtract(PortSet.of('UDP', 1, 65535))), { TCP: [[5, 10]] });
    assert.deepEqual(json(PortSet.ALL.subtract(PortSet.allOf('TCP'))), { UDP: [[1, 65535]], SCTP: [[1, 65535]] });
  });

  it('equals compares every protocol', () => {
    assert.ok(tcp(1, 10).equals(tcp(1, 5).union(tcp(6, 10))));
    assert.ok(!tcp(1, 10).equals(PortSet.of('UDP', 1, 10)));
    assert.ok(PortSet.EMPTY.equals(tcp(2, 1)));
  });

  it('toString reads as a person would write it', () => {
    assert.equal(PortSet.ALL.toString(), 'all ports');
    assert.equal(PortSet.EMPTY.toString(), 'no ports');
    assert.equal(tcp(80).union(tcp(443)).union(tcp(8000, 8080)).union(PortSet.of('UDP', 53)).toString(), 'TCP 80, 443, 8000-8080; UDP 53');
    assert.equal(PortSet.allOf('UDP').toString(), 'UDP (all ports)');
  });

  describe('set laws against a port-by-port model (property)', () => {
    // Small port numbers make overlaps and adjacency likely; the model is a plain set of "PROTO/port".
    const range = fc.tuple(fc.constantFrom<Protocol>(...PROTOCOLS), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 6 }));
    const portSet = fc.array(range, { maxLength: 6 }).map((rs) => rs.reduce((s, [p, lo, len]) => s.union(PortSet.of(p, lo, lo + len)), PortSet.EMPTY));
    const model = (s: PortSet): Set<string> => {
      const out = new Set<string>();
      for (const p of PROTOCOLS) for (const [lo, hi] of s.get(p)) for (let n = lo; n <= hi; n++) out.add(`${p}/${n}`);
      return out;
    };
    const wellFormed = (s: PortSet): void => {
      for (const p of PROTOCOLS) {
        const rs = s.get(p);
        rs.forEach(([lo, hi], i) => {
          assert.ok(1 <= lo && lo <= hi && hi <= 65535, `range ${lo}-${hi}`);
          if (i > 0) assert.ok(lo > rs[i - 1][1] + 1, 'sorted, disjoint and not adjacent');
        });
      }
    };

    it('union, intersect and subtract agree with the model and stay merged', () => {
      fc.assert(
        fc.property(portSet, portSet, (a, b) => {
          const ma = model(a);
          const mb = model(b);
          const u = a.union(b);
          const i = a.intersect(b);
          const d = a.subtract(b);
          [u, i, d].forEach(wellFormed);
          assert.deepEqual(model(u), new Set([...ma, ...mb]));
          assert.deepEqual(model(i), new Set([...ma].filter((x) => mb.has(x))));
          assert.deepEqual(model(d), new Set([...ma].filter((x) => !mb.has(x))));
          assert.ok(u.equals(b.union(a)), 'union commutes');
          assert.ok(i.equals(b.intersect(a)), 'intersect commutes');
          for (const p of PROTOCOLS) for (let n = 1; n <= 47; n++) assert.equal(u.has(p, n), ma.has(`${p}/${n}`) || mb.has(`${p}/${n}`));
        }),
      );
    });
  });
});
