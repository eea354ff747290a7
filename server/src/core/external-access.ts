// What a workload's policies allow with addresses outside the cluster, exactly: a set of (address, protocol, port)
// triples, held as pieces "these addresses on these ports". `externalAccess` below unions ports across CIDRs (a
// summary, for answers that only ask whether); a diff needs the exact set, so that `10.0.0.0/8 TCP 443` plus
// `0.0.0.0/0 TCP 80` is not mistaken for `0.0.0.0/0 TCP 80, 443`.
//
// Semantics as `Reachability.egressToAddress` / `ingressFromAddress`: a direction no policy isolates allows every
// address on every port; otherwise each rule of the selecting policies allows its addresses (every address when it
// has no peers; else the union of its ipBlock peers, cidr minus except; selector peers match no address) on its
// ports (named ports resolve on the destination pod: the workload itself for ingress, nothing for egress to an
// address; rejected ports entries allow nothing).
import { AddressSet, formatAddress, type IpVersion } from './address-set';
import { MAX_PORT, MIN_PORT, PortSet } from './ports';
import type { Endpoint, Reachability } from './reach';
import { PROTOCOLS, type Direction, type NetworkPolicy, type PolicyRule } from './types';

/** Every address of `addresses` on every port of `ports`. */
export interface AddressPorts {
  addresses: AddressSet;
  ports: PortSet;
}

/** One rule's share of what a direction allows with addresses outside the cluster. */
export interface ExternalRule extends AddressPorts {
  policy: NetworkPolicy;
  rule: PolicyRule;
}

/**
 * The rules of `endpoint`'s policies for `direction`, each with the addresses and ports it allows (rules allowing
 * nothing outside the cluster left out); undefined when no policy isolates that direction (everything is allowed).
 */
export function externalRules(reach: Reachability, endpoint: Endpoint, direction: Direction): ExternalRule[] | undefined {
  const policies = reach.isolatedBy(endpoint, direction);
  if (policies.length === 0) return undefined;
  const destination = direction === 'ingress' ? endpoint : undefined;
  const rules: ExternalRule[] = [];
  for (const policy of policies) {
    for (const rule of policy[direction] ?? []) {
      const addresses =
        !rule.peers || rule.peers.length === 0
          ? AddressSet.ALL
          : rule.peers.reduce((set, p) => (p.ipBlock ? set.union(AddressSet.ofIpBlock(p.ipBlock.cidr, p.ipBlock.except)) : set), AddressSet.EMPTY);
      const ports = reach.rulePorts(rule, destination);
      if (!addresses.isEmpty() && !ports.isEmpty()) rules.push({ policy, rule, addresses, ports });
    }
  }
  return rules;
}

/** A summary of what a direction allows outside the cluster: every port any rule allows, and where to. */
export interface ExternalAccess {
  ports: PortSet;
  /** CIDRs named by the ipBlock peers of those rules (`cidr except a, b`), sorted. */
  cidrs: string[];
  /** True when the direction is not isolated or a rule allows every peer. */
  anywhere: boolean;
}

/**
 * `externalRules` summed up: the union of their ports and the CIDRs they name. Not exact (ports are united over
 * CIDRs; `externalAllowed` is exact), for answers that only ask whether, or roughly where.
 */
export function externalAccess(reach: Reachability, endpoint: Endpoint, direction: Direction): ExternalAccess {
  const rules = externalRules(reach, endpoint, direction);
  if (!rules) return { ports: PortSet.ALL, cidrs: [], anywhere: true };
  const cidrs = new Set<string>();
  let ports = PortSet.EMPTY;
  let anywhere = false;
  for (const { rule, ports: allowed } of rules) {
    ports = ports.union(allowed);
    if (!rule.peers || rule.peers.length === 0) anywhere = true;
    for (const { ipBlock: b } of rule.peers ?? []) if (b) cidrs.add(b.except.length ? `${b.cidr} except ${b.except.join(', ')}` : b.cidr);
  }
  return { ports, cidrs: [...cidrs].sort(), anywhere };
}

/** What `endpoint`'s policies allow with addresses outside the cluster in `direction`, in canonical pieces. */
export function externalAllowed(reach: Reachability, endpoint: Endpoint, direction: Direction): AddressPorts[] {
  const rules = externalRules(reach, endpoint, direction);
  return canonicalPieces(rules ?? [{ addresses: AddressSet.ALL, ports: PortSet.ALL }]);
}

/**
 * The union of `pieces` in canonical form: one piece per distinct address set, with every port allowed to exactly
 * those addresses; sorted. Two unions are equal exactly when their canonical forms are.
 */
export function canonicalPieces(pieces: readonly AddressPorts[]): AddressPorts[] {
  return combine([pieces], ([set]) => set);
}

/** What `a` allows and `b` does not, in canonical pieces. */
export function subtractPieces(a: readonly AddressPorts[], b: readonly AddressPorts[]): AddressPorts[] {
  return combine([a, b], ([inA, inB]) => inA.subtract(inB));
}

export function piecesEqual(a: readonly AddressPorts[], b: readonly AddressPorts[]): boolean {
  return subtractPieces(a, b).length === 0 && subtractPieces(b, a).length === 0;
}

/**
 * Cuts every protocol's ports where any piece's ports start or stop (within a cut the same pieces apply), asks
 * `pick` for the addresses of each cut from each side's union there, and groups the cuts by address set.
 */
function combine(sides: readonly (readonly AddressPorts[])[], pick: (perSide: AddressSet[]) => AddressSet): AddressPorts[] {
  const groups = new Map<string, AddressPorts>();
  for (const protocol of PROTOCOLS) {
    const cuts = new Set<number>([MIN_PORT, MAX_PORT + 1]);
    for (const side of sides) {
      for (const piece of side) {
        for (const [lo, hi] of piece.ports.get(protocol)) cuts.add(lo).add(hi + 1);
      }
    }
    const points = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i + 1 < points.length; i++) {
      const port = points[i];
      const perSide = sides.map((side) => side.reduce((set, p) => (p.ports.has(protocol, port) ? set.union(p.addresses) : set), AddressSet.EMPTY));
      const addresses = pick(perSide);
      if (addresses.isEmpty()) continue;
      const key = addressKey(addresses);
      const ports = PortSet.of(protocol, port, points[i + 1] - 1);
      const seen = groups.get(key);
      groups.set(key, { addresses, ports: seen ? seen.ports.union(ports) : ports });
    }
  }
  return [...groups.values()].sort(comparePieces);
}

function addressKey(set: AddressSet): string {
  return ([4, 6] as const).map((v) => set.rangesOf(v).map(([lo, hi]) => `${lo.toString(16)}-${hi.toString(16)}`).join(',')).join('|');
}

/** By the first protocol and port, then by the lowest address (IPv4 first). */
function comparePieces(a: AddressPorts, b: AddressPorts): number {
  const first = (ports: PortSet): number => {
    for (let i = 0; i < PROTOCOLS.length; i++) {
      const ranges = ports.get(PROTOCOLS[i]);
      if (ranges.length) return i * 100000 + ranges[0][0];
    }
    return Number.MAX_SAFE_INTEGER;
  };
  const lowest = (set: AddressSet): bigint => {
    const v4 = set.rangesOf(4);
    if (v4.length) return v4[0][0];
    const v6 = set.rangesOf(6);
    return v6.length ? (1n << 32n) + v6[0][0] : 1n << 130n;
  };
  const byPort = first(a.ports) - first(b.ports);
  if (byPort) return byPort;
  const la = lowest(a.addresses);
  const lb = lowest(b.addresses);
  return la < lb ? -1 : la > lb ? 1 : 0;
}

// Addresses in words -----------------------------------------------------------------------------------------------

/** A CIDR minus some CIDRs inside it; an address set reads as the union of such blocks. */
export interface AddressBlock {
  cidr: string;
  except: string[];
}

const BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

interface Block {
  base: bigint;
  prefix: number;
}
type Range = readonly [bigint, bigint];

/**
 * `set` as few CIDRs as it takes, each with the CIDRs it excepts (`0.0.0.0/0 except 10.0.0.0/8` rather than the eight
 * CIDRs around 10.0.0.0/8); IPv4 first. Exact: the union of each cidr minus its except is `set`.
 */
export function addressBlocks(set: AddressSet): AddressBlock[] {
  const out: AddressBlock[] = [];
  for (const version of [4, 6] as const) {
    const text = (b: Block): string => `${formatAddress(version, b.base)}/${b.prefix}`;
    for (const item of bestBlocks(set.rangesOf(version), BITS[version])) out.push({ cidr: text(item.block), except: item.except.map(text) });
  }
  return out;
}

/** `any address`, or the blocks: `10.0.0.0/8 except (10.1.0.0/16, 10.2.0.0/16), 192.168.0.0/16`. */
export function addressesText(set: AddressSet): string {
  if (AddressSet.ALL.subtract(set).isEmpty()) return 'any address';
  return addressBlocks(set)
    .map((b) => (b.except.length === 0 ? b.cidr : b.except.length === 1 ? `${b.cidr} except ${b.except[0]}` : `${b.cidr} except (${b.except.join(', ')})`))
    .join(', ');
}

interface BlockItem {
  block: Block;
  except: Block[];
}

const cost = (items: readonly BlockItem[]): number => items.reduce((n, i) => n + 1 + i.except.length, 0);

/**
 * The fewest CIDRs written: within the smallest CIDR enclosing `ranges`, the least of the plain CIDR list, that CIDR
 * except its holes, or each half on its own (ties go to the plainer reading).
 */
function bestBlocks(ranges: readonly Range[], bits: number): BlockItem[] {
  if (ranges.length === 0) return [];
  const lo = ranges[0][0];
  const hi = ranges[ranges.length - 1][1];
  let prefix = 0;
  while (prefix < bits && (lo >> BigInt(bits - prefix - 1)) === (hi >> BigInt(bits - prefix - 1))) prefix++;
  const size = 1n << BigInt(bits - prefix);
  const base = (lo >> BigInt(bits - prefix)) << BigInt(bits - prefix);
  const end = base + size - 1n;
  if (ranges.length === 1 && lo === base && hi === end) return [{ block: { base, prefix }, except: [] }];
  const plain = ranges.flatMap((r) => cidrsOf(r, bits)).map((block) => ({ block, except: [] }));
  const holes: Range[] = [];
  let next = base;
  for (const [a, b] of ranges) {
    if (a > next) holes.push([next, a - 1n]);
    next = b + 1n;
  }
  if (next <= end) holes.push([next, end]);
  const excepted = [{ block: { base, prefix }, except: holes.flatMap((r) => cidrsOf(r, bits)) }];
  const mid = base + size / 2n;
  const clip = (from: bigint, to: bigint): Range[] =>
    ranges.filter(([a, b]) => b >= from && a <= to).map(([a, b]): Range => [a > from ? a : from, b < to ? b : to]);
  const halves = [...bestBlocks(clip(base, mid - 1n), bits), ...bestBlocks(clip(mid, end), bits)];
  return [plain, excepted, halves].reduce((best, candidate) => (cost(candidate) < cost(best) ? candidate : best));
}

/** The fewest CIDRs covering exactly `[lo, hi]`. */
function cidrsOf([lo0, hi]: Range, bits: number): Block[] {
  const out: Block[] = [];
  let lo = lo0;
  while (lo <= hi) {
    let host = bits;
    while (host > 0 && ((lo & ((1n << BigInt(host)) - 1n)) !== 0n || lo + (1n << BigInt(host)) - 1n > hi)) host--;
    out.push({ base: lo, prefix: bits - host });
    lo += 1n << BigInt(host);
  }
  return out;
}
