// Sets of ports per protocol as sorted, merged, inclusive ranges. All ports of a protocol is [[1, 65535]].
import { Protocol, PROTOCOLS } from './types';

export type PortRange = [number, number];
export type PortSetJSON = Partial<Record<Protocol, PortRange[]>>;

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

export class PortSet {
  private constructor(private readonly ranges: Readonly<Record<Protocol, readonly PortRange[]>>) {}

  static readonly EMPTY = new PortSet({ TCP: [], UDP: [], SCTP: [] });
  static readonly ALL = new PortSet({ TCP: [[MIN_PORT, MAX_PORT]], UDP: [[MIN_PORT, MAX_PORT]], SCTP: [[MIN_PORT, MAX_PORT]] });

  static of(protocol: Protocol, lo: number, hi: number = lo): PortSet {
    // Clamp first, then test: a range wholly outside 1-65535 (0, 70000-70010) is empty, not an inverted range.
    const from = Math.max(lo, MIN_PORT);
    const to = Math.min(hi, MAX_PORT);
    if (!(from <= to)) return PortSet.EMPTY;
    const ranges: Record<Protocol, PortRange[]> = { TCP: [], UDP: [], SCTP: [] };
    ranges[protocol] = [[from, to]];
    return new PortSet(ranges);
  }

  static allOf(protocol: Protocol): PortSet {
    return PortSet.of(protocol, MIN_PORT, MAX_PORT);
  }

  get(protocol: Protocol): readonly PortRange[] {
    return this.ranges[protocol];
  }

  isEmpty(): boolean {
    return PROTOCOLS.every((p) => this.ranges[p].length === 0);
  }

  isAll(): boolean {
    return PROTOCOLS.every((p) => this.isAllOf(p));
  }

  isAllOf(protocol: Protocol): boolean {
    const r = this.ranges[protocol];
    return r.length === 1 && r[0][0] === MIN_PORT && r[0][1] === MAX_PORT;
  }

  has(protocol: Protocol, port: number): boolean {
    return this.ranges[protocol].some(([lo, hi]) => lo <= port && port <= hi);
  }

  union(other: PortSet): PortSet {
    if (other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return new PortSet({
      TCP: unionRanges(this.ranges.TCP, other.ranges.TCP),
      UDP: unionRanges(this.ranges.UDP, other.ranges.UDP),
      SCTP: unionRanges(this.ranges.SCTP, other.ranges.SCTP),
    });
  }

  intersect(other: PortSet): PortSet {
    if (this.isAll()) return other;
    if (other.isAll()) return this;
    return new PortSet({
      TCP: intersectRanges(this.ranges.TCP, other.ranges.TCP),
      UDP: intersectRanges(this.ranges.UDP, other.ranges.UDP),
      SCTP: intersectRanges(this.ranges.SCTP, other.ranges.SCTP),
    });
  }

  /** Ports in this set and not in `other`. */
  subtract(other: PortSet): PortSet {
    return new PortSet({
      TCP: subtractRanges(this.ranges.TCP, other.ranges.TCP),
      UDP: subtractRanges(this.ranges.UDP, other.ranges.UDP),
      SCTP: subtractRanges(this.ranges.SCTP, other.ranges.SCTP),
    });
  }

  equals(other: PortSet): boolean {
    return PROTOCOLS.every((p) => {
      const a = this.ranges[p];
      const b = other.ranges[p];
      return a.length === b.length && a.every((r, i) => r[0] === b[i][0] && r[1] === b[i][1]);
    });
  }

  /** Protocols with nothing allowed are omitted. */
  toJSON(): PortSetJSON {
    const out: PortSetJSON = {};
    for (const p of PROTOCOLS) {
      if (this.ranges[p].length) out[p] = this.ranges[p].map(([lo, hi]) => [lo, hi]);
    }
    return out;
  }

  /** `TCP 80, 443, 8000-8080; UDP 53`, or `all ports`. */
  toString(): string {
    if (this.isAll()) return 'all ports';
    if (this.isEmpty()) return 'no ports';
    const parts: string[] = [];
    for (const p of PROTOCOLS) {
      const r = this.ranges[p];
      if (!r.length) continue;
      if (this.isAllOf(p)) parts.push(`${p} (all ports)`);
      else parts.push(`${p} ${r.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ')}`);
    }
    return parts.join('; ');
  }
}

function unionRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  if (!a.length) return b as PortRange[];
  if (!b.length) return a as PortRange[];
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: PortRange[] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  for (const [lo0, hi] of a) {
    let lo = lo0;
    for (const [blo, bhi] of b) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = Math.max(lo, bhi + 1);
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}
