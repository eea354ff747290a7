// Walks every ipBlock of a policy with the parsed cidr and except entries, for the ipBlock rules.
import { Cidr, parseCidr } from '../cidr';
import type { IpBlock, NetworkPolicy, PolicyPeer, PolicyRule, Span } from '../types';
import { allRules } from './walk';

export interface IpBlockEntry {
  rule: PolicyRule;
  peer: PolicyPeer;
  block: IpBlock;
  cidr?: Cidr;
  excepts: { text: string; span: Span; cidr?: Cidr }[];
}

export function ipBlocks(policy: NetworkPolicy): IpBlockEntry[] {
  const out: IpBlockEntry[] = [];
  for (const rule of allRules(policy)) {
    for (const peer of rule.peers ?? []) {
      const block = peer.ipBlock;
      if (!block) continue;
      out.push({
        rule,
        peer,
        block,
        cidr: parseCidr(block.cidr),
        excepts: block.except.map((text, i) => ({ text, span: block.exceptSpans[i] ?? block.span, cidr: parseCidr(text) })),
      });
    }
  }
  return out;
}

/** `10.1.2.3/8` → `10.0.0.0/8`: the network the API server reads. */
export function networkText(c: Cidr): string {
  const bits = c.version === 4 ? 32 : 128;
  const net = (c.address >> BigInt(bits - c.prefix)) << BigInt(bits - c.prefix);
  return `${addressText(c.version, net)}/${c.prefix}`;
}

export function addressText(version: 4 | 6, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.len).join(':')}`;
}
