// Sets of IP addresses as sorted, merged, inclusive ranges per IP version: what an ipBlock admits (cidr minus
// except), unions of them, and whether a tested CIDR lies wholly inside or wholly outside.
import { Cidr, parseCidr } from './cidr';

type Range = [bigint, bigint];
export type IpVersion = 4 | 6;

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

export class AddressSet {
  private constructor(private readonly ranges: Readonly<Record<IpVersion, readonly Range[]>>) {}

  static readonly EMPTY = new AddressSet({ 4: [], 6: [] });
  static readonly ALL = new AddressSet({ 4: [[0n, (1n << 32n) - 1n]], 6: [[0n, (1n << 128n) - 1n]] });

  /** The addresses of a CIDR; host bits are dropped, as Kubernetes reads `10.0.0.1/8` as `10.0.0.0/8`. */
  static ofCidr(cidr: Cidr): AddressSet {
    const bits = BITS[cidr.version];
    const host = (1n << BigInt(bits - cidr.prefix)) - 1n;
    const lo = cidr.address & ~host & ((1n << BigInt(bits)) - 1n);
    const ranges: Record<IpVersion, Range[]> = { 4: [], 6: [] };
    ranges[cidr.version] = [[lo, lo | host]];
    return new AddressSet(ranges);
  }

  /** `cidr` minus `except`, as an ipBlock admits; a malformed cidr admits nothing, a malformed except removes nothing. */
  static ofIpBlock(cidr: string, except: readonly string[]): AddressSet {
    const parsed = parseCidr(cidr);
    if (!parsed) return AddressSet.EMPTY;
    let set = AddressSet.ofCidr(parsed);
    for (const e of except) {
      const ex = parseCidr(e);
      if (ex) set = set.subtract(AddressSet.ofCidr(ex));
    }
    return set;
  }

  isEmpty(): boolean {
    return this.ranges[4].length === 0 && this.ranges[6].length === 0;
  }

  /** The sorted, merged, inclusive ranges of one IP version. */
  rangesOf(version: IpVersion): readonly (readonly [bigint, bigint])[] {
    return this.ranges[version];
  }

  union(other: AddressSet): AddressSet {
    return new AddressSet({ 4: merge([...this.ranges[4], ...other.ranges[4]]), 6: merge([...this.ranges[6], ...other.ranges[6]]) });
  }

  intersect(other: AddressSet): AddressSet {
    return new AddressSet({ 4: intersect(this.ranges[4], other.ranges[4]), 6: intersect(this.ranges[6], other.ranges[6]) });
  }

  subtract(other: AddressSet): AddressSet {
    return new AddressSet({ 4: subtract(this.ranges[4], other.ranges[4]), 6: subtract(this.ranges[6], other.ranges[6]) });
  }

  /** Some address of the set (the lowest), as text; undefined when empty. */
  sample(): string | undefined {
    if (this.ranges[4].length) return formatAddress(4, this.ranges[4][0][0]);
    if (this.ranges[6].length) return formatAddress(6, this.ranges[6][0][0]);
    return undefined;
  }
}

function merge(ranges: Range[]): Range[] {
  const sorted = ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Range[] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i][0] > b[j][0] ? a[i][0] : b[j][0];
    const hi = a[i][1] < b[j][1] ? a[i][1] : b[j][1];
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

function subtract(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const [lo0, hi] of a) {
    let lo = lo0;
    let done = false;
    for (const [blo, bhi] of b) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1n]);
      if (bhi >= hi) {
        done = true;
        break;
      }
      lo = bhi + 1n;
    }
    if (!done && lo <= hi) out.push([lo, hi]);
  }
  return out;
}

/** An address as text: dotted IPv4, or IPv6 with the longest run of zero groups compressed. */
export function formatAddress(version: IpVersion, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i > 1) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}
