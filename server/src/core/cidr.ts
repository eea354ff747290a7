// IPv4/IPv6 CIDR parsing and containment, for ipBlock checks and policy tests against IP addresses.

export interface Cidr {
  version: 4 | 6;
  /** The address as a big integer. */
  address: bigint;
  prefix: number;
  /** True when bits beyond the prefix are set (10.0.0.1/8): the host bits are ignored, so the author likely meant something else. */
  hostBitsSet: boolean;
  text: string;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

export function parseIp(text: string): { version: 4 | 6; address: bigint } | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { version: 4, address: v4 };
  const v6 = text.includes(':') ? parseIPv6(text) : undefined;
  if (v6 !== undefined) return { version: 6, address: v6 };
  return undefined;
}

/** Parses `a.b.c.d/n` or `x::y/n`; undefined when malformed (a bare address without a prefix included). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = ip.version === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  return { version: ip.version, address: ip.address, prefix, hostBitsSet: (ip.address & hostMask) !== 0n, text };
}

function network(c: { version: 4 | 6; address: bigint }, prefix: number): bigint {
  const bits = c.version === 4 ? 32 : 128;
  return c.address >> BigInt(bits - prefix);
}

/** True when `inner` (a CIDR or a single address) lies within `outer`. */
export function cidrContains(outer: Cidr, inner: { version: 4 | 6; address: bigint; prefix?: number }): boolean {
  if (outer.version !== inner.version) return false;
  const innerPrefix = inner.prefix ?? (inner.version === 4 ? 32 : 128);
  if (innerPrefix < outer.prefix) return false;
  return network(outer, outer.prefix) === network(inner, outer.prefix);
}
