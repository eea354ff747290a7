// Canonical text for selectors, peers, ports and rules, so that rules that mean the same compare equal however they
// are written: key order, `[]` versus absent, `podSelector: {}` next to a namespaceSelector versus no podSelector.
import { parseCidr, cidrContains } from '../cidr';
import { PortSet } from '../ports';
import { portEntryRejected } from '../reach';
import { selectorIsEmpty } from '../selector';
import type { LabelSelector, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from '../types';

export function selectorKey(selector: LabelSelector): string {
  const labels = Object.entries(selector.matchLabels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  const exprs = selector.matchExpressions
    .map((r) => `${r.key} ${r.operator} (${[...new Set(r.values)].sort().join(',')})`)
    .sort();
  return `{${[...labels, ...exprs].join(';')}}`;
}

/** Undefined for peers that cannot be compared (invalid, empty). */
export function peerKey(peer: PolicyPeer): string | undefined {
  if (peer.ipBlock) return `ip:${peer.ipBlock.cidr} except ${[...peer.ipBlock.except].sort().join(',')}`;
  const ns = peer.namespaceSelector;
  const pod = peer.podSelector;
  if ((!ns && !pod) || (ns && !ns.valid) || (pod && !pod.valid)) return undefined;
  // A namespaceSelector alone admits every pod of those namespaces, exactly as with podSelector: {}.
  return `ns:${ns ? selectorKey(ns) : 'own'} pod:${pod ? selectorKey(pod) : '{}'}`;
}

/**
 * Undefined for entries that cannot be compared: unknown protocol, invalid number, and the entries the API server
 * rejects (endPort without port, or one that is no port number), which reachability counts as allowing nothing.
 */
export function portKey(entry: PolicyPort): string | undefined {
  if (portEntryRejected(entry)) return undefined;
  if (entry.port === undefined) return `${entry.protocol}:all`;
  if (typeof entry.port === 'string') return `${entry.protocol}:${entry.port}`;
  return `${entry.protocol}:${entry.port}-${entry.endPort ?? entry.port}`;
}

const ruleKeys = new WeakMap<PolicyRule, string | null>();

/** Undefined when some part of the rule cannot be compared. */
export function canonicalRuleKey(rule: PolicyRule): string | undefined {
  let key = ruleKeys.get(rule);
  if (key === undefined) {
    key = computeRuleKey(rule) ?? null;
    ruleKeys.set(rule, key);
  }
  return key ?? undefined;
}

function computeRuleKey(rule: PolicyRule): string | undefined {
  const peers = (rule.peers ?? []).map(peerKey);
  const ports = (rule.ports ?? []).map(portKey);
  if (peers.includes(undefined) || ports.includes(undefined)) return undefined;
  const p = peers.length ? [...new Set(peers as string[])].sort().join(' | ') : '*';
  const q = ports.length ? [...new Set(ports as string[])].sort().join(' | ') : '*';
  return `peers[${p}] ports[${q}]`;
}

/** Undefined when some part of the policy cannot be compared. */
export function policyKey(policy: NetworkPolicy): string | undefined {
  if (!policy.podSelector.valid) return undefined;
  const rules = (list: PolicyRule[] | undefined): string | undefined => {
    const keys = (list ?? []).map(canonicalRuleKey);
    if (keys.includes(undefined)) return undefined;
    return [...new Set(keys as string[])].sort().join(' ; ');
  };
  const ingress = policy.affectsIngress ? rules(policy.ingress) : '-';
  const egress = policy.affectsEgress ? rules(policy.egress) : '-';
  if (ingress === undefined || egress === undefined) return undefined;
  return `${policy.namespace} ${selectorKey(policy.podSelector)} ingress(${ingress}) egress(${egress})`;
}

/** Does peer `b` admit everything peer `a` admits? (A sufficient, syntactic test.) */
export function peerCovers(b: PolicyPeer, a: PolicyPeer): boolean {
  const ka = peerKey(a);
  const kb = peerKey(b);
  if (ka === undefined || kb === undefined) return false;
  if (ka === kb) return true;
  if (a.ipBlock || b.ipBlock) {
    if (!a.ipBlock || !b.ipBlock || b.ipBlock.except.length > 0) return false;
    const outer = parseCidr(b.ipBlock.cidr);
    const inner = parseCidr(a.ipBlock.cidr);
    return !!outer && !!inner && cidrContains(outer, inner);
  }
  const nsA = a.namespaceSelector ? selectorKey(a.namespaceSelector) : 'own';
  const nsB = b.namespaceSelector ? selectorKey(b.namespaceSelector) : 'own';
  const podB = !b.podSelector || selectorIsEmpty(b.podSelector);
  const podSame = (a.podSelector ? selectorKey(a.podSelector) : '{}') === (b.podSelector ? selectorKey(b.podSelector) : '{}');
  // `namespaceSelector: {}` covers every namespace, the policy's own included.
  const nsCovers = nsA === nsB || (b.namespaceSelector !== undefined && selectorIsEmpty(b.namespaceSelector));
  return nsCovers && (podB || podSame);
}

/** Does rule `b` admit every peer rule `a` admits? */
export function peersCovered(b: PolicyRule, a: PolicyRule): boolean {
  if (!b.peers || b.peers.length === 0) return true;
  if (!a.peers || a.peers.length === 0) return false;
  return a.peers.every((pa) => b.peers!.some((pb) => peerCovers(pb, pa)));
}

/**
 * Does rule `b` allow everything rule `a` allows (same direction, same policy)? `portsOn`, when given, also
 * compares ports as they resolve on the destination pods, so that `http` and `80` can be found equal.
 */
export function ruleCovers(b: PolicyRule, a: PolicyRule, portsOn?: (rule: PolicyRule) => PortSet[] | undefined): boolean {
  if (canonicalRuleKey(a) === undefined || canonicalRuleKey(b) === undefined) return false;
  if (!peersCovered(b, a)) return false;
  if (portsCovered(b, a)) return true;
  const pa = portsOn?.(a);
  const pb = portsOn?.(b);
  if (!pa || !pb || pa.every((set) => set.isEmpty())) return false;
  return pa.every((set, i) => set.subtract(pb[i]).isEmpty());
}

function portsCovered(b: PolicyRule, a: PolicyRule): boolean {
  if (!b.ports || b.ports.length === 0) return true;
  if (!a.ports || a.ports.length === 0) return false;
  const numeric = (entries: PolicyPort[]): PortSet => {
    let set = PortSet.EMPTY;
    for (const e of entries) {
      if (e.port === undefined) set = set.union(PortSet.allOf(e.protocol));
      else if (typeof e.port === 'number') set = set.union(PortSet.of(e.protocol, e.port, e.endPort ?? e.port));
    }
    return set;
  };
  const named = (entries: PolicyPort[]): Set<string> =>
    new Set(entries.filter((e) => typeof e.port === 'string').map((e) => `${e.protocol}:${e.port}`));
  const bNumeric = numeric(b.ports);
  const bNamed = named(b.ports);
  if (!numeric(a.ports).subtract(bNumeric).isEmpty()) return false;
  for (const n of named(a.ports)) {
    // A whole protocol covers its named ports too.
    if (!bNamed.has(n) && !bNumeric.isAllOf(n.slice(0, n.indexOf(':')) as PolicyPort['protocol'])) return false;
  }
  return true;
}
