// Pairs of random workspaces for the connectivity diff's property test: a before world from the reach oracle's
// generator, and an after world made from it by a few random edits (policies added, removed or modified, workloads'
// labels or ports changed, workloads added or removed, namespace labels changed, ipBlocks widened or narrowed, excepts
// added, IPv4 and IPv6). Also what the reach oracle leaves out for addresses: IPv6 and the address grid to ask about.
// Like the oracle, nothing here imports the core.
import fc from 'fast-check';
import { OracleDirection, OraclePolicy, OraclePortEntry, OracleProtocol, OracleRule, OracleWorkload, OracleWorld, ReachOracle } from './reach-oracle';
import { PORT_NAMES, worldArbitrary } from './reach-oracle-world';

/** CIDRs the edits write into ipBlocks: nested ladders in both IP versions, and one with host bits set. */
export const EDIT_CIDRS = [
  '0.0.0.0/0',
  '10.0.0.0/7',
  '10.0.0.0/8',
  '10.0.0.0/9',
  '10.1.0.0/16',
  '10.1.2.0/24',
  '10.1.2.3/32',
  '10.1.2.3/16',
  '192.168.0.0/16',
  '192.168.1.0/24',
  '192.168.1.128/25',
  '::/0',
  '2001:db8::/31',
  '2001:db8::/32',
  '2001:db8:1::/48',
  '2001:db8:1:2::/64',
  'fd00::/8',
];

export type EditKind =
  | 'addPolicy'
  | 'removePolicy'
  | 'modifyPolicy'
  | 'workloadLabels'
  | 'workloadPorts'
  | 'addWorkload'
  | 'removeWorkload'
  | 'namespaceLabels'
  | 'ipBlockCidr'
  | 'ipBlockExcept'
  | 'addIpRule'
  | 'rulePorts';

export const EDIT_KINDS: readonly EditKind[] = [
  'addPolicy',
  'removePolicy',
  'modifyPolicy',
  'workloadLabels',
  'workloadPorts',
  'addWorkload',
  'removeWorkload',
  'namespaceLabels',
  'ipBlockCidr',
  'ipBlockExcept',
  'addIpRule',
  'rulePorts',
];

export interface Edit {
  kind: EditKind;
  /** Which object of the world (modulo their count). */
  target: number;
  /** Which object of the donor world, or which CIDR. */
  pick: number;
  /** modifyPolicy: which field; addIpRule: ingress or egress, IPv4 or IPv6, with or without ports, how many excepts. */
  variant: number;
  /** addIpRule: how many excepts (0–2), and its ports: none, another rule's, or a named port. */
  form: number;
}

export interface WorldPair {
  before: OracleWorld;
  after: OracleWorld;
  edits: Edit[];
}

/** Edits of ipBlocks weigh more: the generator writes few of them, and none in IPv6. */
const IP_EDITS: readonly EditKind[] = ['ipBlockCidr', 'ipBlockExcept', 'addIpRule'];

const editArbitrary = (kinds: readonly EditKind[]): fc.Arbitrary<Edit> =>
  fc.record({
    kind: fc.oneof(...kinds.map((kind) => ({ weight: IP_EDITS.includes(kind) ? 2 : 1, arbitrary: fc.constant(kind) }))),
    target: fc.nat(20),
    pick: fc.nat(40),
    variant: fc.nat(7),
    form: fc.nat(8),
  });

/**
 * A before world (a generated one, with up to two ipBlock rules added or edited, IPv6 too), and the after world that
 * 2–4 edits make of it (material for the edits comes from a donor world).
 */
export const worldPairArbitrary = (): fc.Arbitrary<WorldPair> =>
  fc
    .record({
      generated: worldArbitrary(),
      donor: worldArbitrary(),
      setup: fc.array(editArbitrary(IP_EDITS), { maxLength: 2 }),
      edits: fc.array(editArbitrary(EDIT_KINDS), { minLength: 2, maxLength: 4 }),
    })
    .map(({ generated, donor, setup, edits }) => {
      const before = setup.reduce((world, edit, i) => applyEdit(world, donor, edit, 100 + i), generated);
      return { before, after: edits.reduce((world, edit, i) => applyEdit(world, donor, edit, i), before), edits };
    });

const at = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

function replaceAt<T>(list: readonly T[], i: number, value: T): T[] {
  return list.map((x, j) => (j === i % list.length ? value : x));
}

/** Every ipBlock peer of the world, as [policy index, direction, rule index, peer index]. */
function ipBlockPeers(world: OracleWorld): [number, OracleDirection, number, number][] {
  const out: [number, OracleDirection, number, number][] = [];
  world.policies.forEach((p, pi) => {
    for (const direction of ['ingress', 'egress'] as const) {
      (p[direction] ?? []).forEach((r, ri) => (r.peers ?? []).forEach((peer, xi) => peer.ipBlock && out.push([pi, direction, ri, xi])));
    }
  });
  return out;
}

function withPeerIpBlock(world: OracleWorld, [pi, direction, ri, xi]: [number, OracleDirection, number, number], ipBlock: { cidr: string; except?: string[] }): OracleWorld {
  const policy = world.policies[pi];
  const rules = (policy[direction] ?? []).map((r, j) => (j === ri ? { ...r, peers: (r.peers ?? []).map((peer, k) => (k === xi ? { ...peer, ipBlock } : peer)) } : r));
  return { ...world, policies: world.policies.map((p, j) => (j === pi ? { ...p, [direction]: rules } : p)) };
}

/** The CIDRs of EDIT_CIDRS strictly inside `cidr` (an except the API server accepts). */
function insideOf(cidr: string): string[] {
  const outer = parseCidrText(cidr);
  return EDIT_CIDRS.filter((c) => {
    const inner = parseCidrText(c);
    return inner.version === outer.version && inner.prefix > outer.prefix && cidrHas(outer, inner.base);
  });
}

export function applyEdit(world: OracleWorld, donor: OracleWorld, edit: Edit, serial: number): OracleWorld {
  const { target, pick, variant, form } = edit;
  switch (edit.kind) {
    case 'addPolicy': {
      const source = at(donor.policies, pick);
      const home = at(world.workloads, target)?.namespace ?? 'default';
      if (!source) return world;
      return { ...world, policies: [...world.policies, { ...source, name: `q${serial}`, namespace: home }] };
    }
    case 'removePolicy':
      if (!world.policies.length) return world;
      return { ...world, policies: world.policies.filter((_, i) => i !== target % world.policies.length) };
    case 'modifyPolicy': {
      const policy = at(world.policies, target);
      const source = at(donor.policies, pick);
      if (!policy || !source) return world;
      const fields: (keyof OraclePolicy)[] = ['podSelector', 'policyTypes', 'ingress', 'egress'];
      const field = fields[variant % fields.length];
      return { ...world, policies: replaceAt(world.policies, target, { ...policy, [field]: source[field] }) };
    }
    case 'workloadLabels':
    case 'workloadPorts': {
      const w = at(world.workloads, target);
      const source = at(donor.workloads, pick);
      if (!w || !source) return world;
      const changed: OracleWorkload = edit.kind === 'workloadLabels' ? { ...w, labels: source.labels } : { ...w, containers: source.containers };
      return { ...world, workloads: replaceAt(world.workloads, target, changed) };
    }
    case 'addWorkload': {
      const source = at(donor.workloads, pick);
      if (!source) return world;
      const namespace = at(world.namespaces, target)?.name ?? source.namespace;
      return { ...world, workloads: [...world.workloads, { ...source, name: `n${serial}`, namespace }] };
    }
    case 'removeWorkload':
      if (world.workloads.length <= 1) return world;
      return { ...world, workloads: world.workloads.filter((_, i) => i !== target % world.workloads.length) };
    case 'namespaceLabels': {
      const ns = at(world.namespaces, target);
      const source = at(donor.namespaces, pick);
      if (!ns || !source) return world;
      // Now and then the Namespace object appears or disappears instead.
      const changed = variant === 0 ? { ...ns, declared: !ns.declared } : { ...ns, declared: true, labels: source.labels };
      return { ...world, namespaces: replaceAt(world.namespaces, target, changed) };
    }
    case 'ipBlockCidr':
    case 'ipBlockExcept': {
      const where = at(ipBlockPeers(world), target);
      if (!where) return applyEdit(world, donor, { ...edit, kind: 'addIpRule' }, serial);
      const [pi, direction, ri, xi] = where;
      const block = world.policies[pi][direction]![ri].peers![xi].ipBlock!;
      if (edit.kind === 'ipBlockCidr') {
        // Widened or narrowed; the excepts still inside it stay (the API server rejects the others).
        const cidr = EDIT_CIDRS[pick % EDIT_CIDRS.length];
        const inside = insideOf(cidr);
        const except = (block.except ?? []).filter((e) => inside.includes(e));
        return withPeerIpBlock(world, where, { cidr, except: except.length ? except : undefined });
      }
      const candidates = insideOf(block.cidr).filter((c) => !(block.except ?? []).includes(c));
      const extra = at(candidates, pick);
      return extra ? withPeerIpBlock(world, where, { cidr: block.cidr, except: [...(block.except ?? []), extra] }) : world;
    }
    case 'addIpRule': {
      // A rule with one ipBlock peer, added to a policy (or to a new policy selecting every pod of a namespace).
      const v6 = variant % 2 === 1;
      const family = EDIT_CIDRS.filter((c) => c.includes(':') === v6);
      const cidr = family[pick % family.length];
      const except = insideOf(cidr).slice(0, form % 3);
      const direction: OracleDirection = (variant >> 1) % 2 ? 'egress' : 'ingress';
      const donorPorts = donor.policies.flatMap((p) => [...(p.ingress ?? []), ...(p.egress ?? [])]).map((r) => r.ports ?? []);
      const named: OraclePortEntry[] = [{ port: PORT_NAMES[pick % PORT_NAMES.length], protocol: variant % 3 ? undefined : 'UDP' }, { port: 80 }];
      const ports = [undefined, at(donorPorts, pick), named][Math.floor(form / 3)];
      const rule: OracleRule = { peers: [{ ipBlock: { cidr, except: except.length ? except : undefined } }], ports };
      const policy = at(world.policies, target);
      if (!policy) {
        const namespace = at(world.workloads, target)?.namespace ?? 'default';
        const added: OraclePolicy = { name: `q${serial}`, namespace, podSelector: {}, policyTypes: ['Ingress', 'Egress'], [direction]: [rule] };
        return { ...world, policies: [...world.policies, added] };
      }
      // The policy's types then include the direction (an absent list includes Egress once there is an egress rule).
      const types = policy.policyTypes?.length && !policy.policyTypes.includes(direction === 'egress' ? 'Egress' : 'Ingress') ? [...policy.policyTypes, direction === 'egress' ? ('Egress' as const) : ('Ingress' as const)] : policy.policyTypes;
      return { ...world, policies: replaceAt(world.policies, target, { ...policy, policyTypes: types, [direction]: [...(policy[direction] ?? []), rule] }) };
    }
    case 'rulePorts': {
      // One rule's ports replaced by another rule's (of the donor), so that a pair keeps some ports and changes others.
      const rules = world.policies.flatMap((p, pi) => (['ingress', 'egress'] as const).flatMap((d) => (p[d] ?? []).map((_, ri) => [pi, d, ri] as const)));
      const where = at(rules, target);
      const donorPorts = donor.policies.flatMap((p) => [...(p.ingress ?? []), ...(p.egress ?? [])]).map((r) => r.ports);
      if (!where || !donorPorts.length) return world;
      const [pi, direction, ri] = where;
      const ports = at(donorPorts, pick);
      const policy = world.policies[pi];
      const changed = (policy[direction] ?? []).map((r, j) => (j === ri ? { ...r, ports } : r));
      return { ...world, policies: world.policies.map((p, j) => (j === pi ? { ...p, [direction]: changed } : p)) };
    }
  }
}

// ---- addresses, both IP versions, naively ----

export interface Address {
  version: 4 | 6;
  value: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

export function parseAddress(text: string): Address {
  if (!text.includes(':')) return { version: 4, value: text.split('.').reduce((n, octet) => n * 256n + BigInt(octet), 0n) };
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return { version: 6, value: groups.reduce((n, g) => n * 65536n + BigInt(parseInt(g, 16)), 0n) };
}

export function formatAddress(a: Address): string {
  if (a.version === 4) return [3, 2, 1, 0].map((i) => String((a.value >> BigInt(8 * i)) % 256n)).join('.');
  return [7, 6, 5, 4, 3, 2, 1, 0].map((i) => ((a.value >> BigInt(16 * i)) % 65536n).toString(16)).join(':');
}

interface ParsedCidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
}

function parseCidrText(cidr: string): ParsedCidr {
  const [address, prefix] = cidr.split('/');
  const a = parseAddress(address);
  return { version: a.version, base: a.value, prefix: Number(prefix) };
}

/** Bit by bit, the first `prefix` bits (host bits of the CIDR's address do not count). */
function cidrHas(cidr: ParsedCidr, value: bigint): boolean {
  const bits = BITS[cidr.version];
  for (let bit = bits - 1; bit >= bits - cidr.prefix; bit--) {
    if (((value >> BigInt(bit)) & 1n) !== ((cidr.base >> BigInt(bit)) & 1n)) return false;
  }
  return true;
}

export function cidrContains(cidr: string, address: Address): boolean {
  const parsed = parseCidrText(cidr);
  return parsed.version === address.version && cidrHas(parsed, address.value);
}

export function blockContains(block: { cidr: string; except?: readonly string[] }, address: Address): boolean {
  return cidrContains(block.cidr, address) && !(block.except ?? []).some((e) => cidrContains(e, address));
}

/** The first and last address of a CIDR, and their outer neighbours where they exist. */
export function cidrEdges(cidr: string): Address[] {
  const { version, base, prefix } = parseCidrText(cidr);
  const host = BITS[version] - prefix;
  const first = (base >> BigInt(host)) << BigInt(host);
  const last = first + (1n << BigInt(host)) - 1n;
  return rangeEdges(version, first, last);
}

export function rangeEdges(version: 4 | 6, lo: bigint, hi: bigint): Address[] {
  const top = (1n << BigInt(BITS[version])) - 1n;
  return [lo - 1n, lo, hi, hi + 1n].filter((v) => v >= 0n && v <= top).map((value) => ({ version, value }));
}

/** Every CIDR the world writes in an ipBlock (cidr and except). */
export function worldCidrs(world: OracleWorld): string[] {
  const out = new Set<string>();
  for (const p of world.policies) {
    for (const r of [...(p.ingress ?? []), ...(p.egress ?? [])]) {
      for (const peer of r.peers ?? []) {
        if (!peer.ipBlock) continue;
        out.add(peer.ipBlock.cidr);
        for (const e of peer.ipBlock.except ?? []) out.add(e);
      }
    }
  }
  return [...out];
}

export const FIXED_ADDRESSES = ['0.0.0.0', '8.8.8.8', '255.255.255.255', '::', '2001:db8::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'].map(parseAddress);

/**
 * The reach oracle's `addressAllows` for any address, IPv4 or IPv6: `w`'s side only; a rule allows the address when
 * it has no peers or an ipBlock peer contains it outside every except (an IPv4 block never contains an IPv6 address,
 * nor the reverse); named ports resolve on `w` for ingress, on no pod for egress.
 */
export function addressAllows(oracle: ReachOracle, direction: OracleDirection, w: OracleWorkload, address: Address, protocol: OracleProtocol, port: number): boolean {
  const policies = oracle.isolating(w, direction);
  if (policies.length === 0) return true;
  return policies.some((policy) => (policy[direction] ?? []).some((rule) => ruleAllowsAddress(oracle, direction, w, rule, address, protocol, port)));
}

/** Does `rule` (of a policy isolating `w` in `direction`) allow `address` on `protocol`/`port`? */
export function ruleAllowsAddress(oracle: ReachOracle, direction: OracleDirection, w: OracleWorkload, rule: OracleRule, address: Address, protocol: OracleProtocol, port: number): boolean {
  const peerOk = !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => p.ipBlock !== undefined && blockContains(p.ipBlock, address));
  if (!peerOk) return false;
  const dst = direction === 'ingress' ? w : { ...w, containers: [] };
  return !rule.ports || rule.ports.length === 0 || rule.ports.some((e) => oracle.portEntryMatches(e, dst, protocol, port));
}
