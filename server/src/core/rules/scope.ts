// What rules keep asking the model: which workloads a policy selects, which a peer admits, which Services front a
// workload, which policies make a namespace default-deny, and how to name all of these in a message. Answers are
// memoised per Reachability (one immutable model snapshot), and peers are resolved through a label index, so that
// rules stay linear in the size of the workspace rather than workloads × policies.
import { dnsEndpoints } from '../dns';
import { SYSTEM_NAMESPACES } from '../model';
import type { Endpoint, Reachability } from '../reach';
import { selectorIsEmpty, selectorMatches } from '../selector';
import type {
  Direction,
  LabelSelector,
  NetworkPolicy,
  PolicyPeer,
  PolicyRule,
  Service,
  Span,
  Workload,
} from '../types';
import { selectorKey } from './canonical';
import type { RuleContext } from './rule';

export interface PeerScope {
  /** Workloads in view that the peer admits. */
  workloads: Workload[];
  /** Namespaces the peer covers (its namespaceSelector's matches, or the policy's own namespace). */
  namespaces: string[];
  /** Some covered namespace has no workloads in view: the peer may admit pods we cannot see. */
  unseen: boolean;
  /** The peer is an ipBlock, is empty or has an invalid selector: it admits no workload. */
  notPods: boolean;
}

interface Memo {
  namespaces: Map<string, string[]>;
  selected: WeakMap<NetworkPolicy, Workload[]>;
  peers: WeakMap<PolicyPeer, PeerScope>;
  defaultDeny: Map<string, { ingress: NetworkPolicy[]; egress: NetworkPolicy[] }>;
}

const memos = new WeakMap<Reachability, Memo>();

function memo(ctx: RuleContext): Memo {
  let m = memos.get(ctx.reach);
  if (!m) {
    m = { namespaces: new Map(), selected: new WeakMap(), peers: new WeakMap(), defaultDeny: new Map() };
    memos.set(ctx.reach, m);
  }
  return m;
}

/** Workloads in view that the policy's podSelector selects. */
export function selectedWorkloads(policy: NetworkPolicy, ctx: RuleContext): Workload[] {
  const m = memo(ctx);
  const namespaceWorkloads = ctx.model.workloadsIn(policy.namespace); // read even when memoised: incremental analysis notes it
  let result = m.selected.get(policy);
  if (!result) {
    result = namespaceWorkloads.filter((w) => selectorMatches(policy.podSelector, w.labels));
    m.selected.set(policy, result);
  }
  return result;
}

/** Above this many namespaces a peer is resolved through the label index rather than namespace by namespace. */
const FEW_NAMESPACES = 8;

/** Workloads that could match `selector`: those carrying its rarest required label, or all of them. */
function candidates(selector: LabelSelector | undefined, ctx: RuleContext): readonly Workload[] {
  if (!selector) return ctx.model.workloads;
  // The model's label index, kept across keystrokes (building one per analysis pass cost ~60 ms on 25,000 workloads).
  let best: readonly Workload[] | undefined;
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    const list = ctx.model.workloadsWithLabel(k, v);
    if (!best || list.length < best.length) best = list;
  }
  for (const r of selector.matchExpressions) {
    if (r.operator !== 'In') continue;
    const list = r.values.flatMap((v) => ctx.model.workloadsWithLabel(r.key, v));
    if (!best || list.length < best.length) best = list;
  }
  return best ?? ctx.model.workloads;
}

/** Namespaces a namespaceSelector matches (memoised per selector text: many policies repeat the same one). */
export function matchingNamespaces(selector: LabelSelector, ctx: RuleContext): string[] {
  const m = memo(ctx);
  const key = selectorKey(selector);
  let result = m.namespaces.get(key);
  if (result) {
    void ctx.model.namespaces; // the read behind the answer, for incremental analysis
  } else {
    result = ctx.reach.namespacesMatching(selector);
    m.namespaces.set(key, result);
  }
  return result;
}

/** What a peer of `policy` admits among the workloads in view. */
export function peerScope(policy: NetworkPolicy, peer: PolicyPeer, ctx: RuleContext): PeerScope {
  const m = memo(ctx);
  const cached = m.peers.get(peer);
  if (cached) {
    // Repeat the narrow reads behind the answer, so that incremental analysis notes them for this unit too.
    if (cached.namespaces.length <= FEW_NAMESPACES) for (const ns of cached.namespaces) ctx.model.workloadsIn(ns);
    return cached;
  }
  let scope: PeerScope;
  const nsSel = peer.namespaceSelector;
  const podSel = peer.podSelector;
  if (peer.ipBlock || (!nsSel && !podSel) || (nsSel && !nsSel.valid) || (podSel && !podSel.valid)) {
    scope = { workloads: [], namespaces: [], unseen: false, notPods: true };
  } else {
    const namespaces = nsSel ? matchingNamespaces(nsSel, ctx) : [policy.namespace];
    const matches = (w: Workload): boolean => !podSel || selectorMatches(podSel, w.labels);
    let workloads: Workload[];
    if (namespaces.length <= FEW_NAMESPACES) {
      workloads = namespaces.flatMap((ns) => ctx.model.workloadsIn(ns).filter(matches));
    } else {
      const wanted = new Set(namespaces);
      workloads = candidates(podSel, ctx).filter((w) => wanted.has(w.namespace) && matches(w));
    }
    const unseen = namespaces.some((ns) => ctx.model.workloadsIn(ns).length === 0);
    scope = { workloads, namespaces, unseen, notPods: false };
  }
  m.peers.set(peer, scope);
  return scope;
}

/**
 * Endpoints a peer admits, including the cluster DNS pods the workspace does not define (they run anyway), so that
 * rules towards `k8s-app=kube-dns` are not mistaken for rules towards nothing.
 */
export function peerEndpoints(policy: NetworkPolicy, peer: PolicyPeer, ctx: RuleContext): Endpoint[] {
  const scope = peerScope(policy, peer, ctx);
  if (scope.notPods) return [];
  const endpoints: Endpoint[] = [...scope.workloads];
  const dns = dnsEndpoints(ctx.model, ctx.options.dns);
  if (dns.assumed && scope.namespaces.includes(ctx.options.dns.namespace)) {
    for (const e of dns.endpoints) if (ctx.reach.peerMatches(policy, peer, e)) endpoints.push(e);
  }
  return endpoints;
}

/** True when the peer admits some pod we can see, or may admit pods we cannot see (namespaces without workloads in view). */
export function peerIsLive(policy: NetworkPolicy, peer: PolicyPeer, ctx: RuleContext): boolean {
  if (peer.ipBlock) return true;
  const nsSel = peer.namespaceSelector;
  const podSel = peer.podSelector;
  if ((!nsSel && !podSel) || (nsSel && !nsSel.valid) || (podSel && !podSel.valid)) return false;
  const cached = memo(ctx).peers.get(peer);
  if (cached) return cached.workloads.length > 0 || cached.unseen || peerEndpoints(policy, peer, ctx).length > 0;
  // Without a memoised scope, stop at the first pod found rather than listing them all.
  for (const ns of nsSel ? matchingNamespaces(nsSel, ctx) : [policy.namespace]) {
    const workloads = ctx.model.workloadsIn(ns);
    if (workloads.length === 0 || !podSel || workloads.some((w) => selectorMatches(podSel, w.labels))) return true;
  }
  return peerEndpoints(policy, peer, ctx).length > 0;
}

/** A peer with selectors that, with the workloads in view, admits nobody (a drifted label, a wrong namespace). */
export function peerIsDead(policy: NetworkPolicy, peer: PolicyPeer, ctx: RuleContext): boolean {
  if (peer.ipBlock || (!peer.podSelector && !peer.namespaceSelector)) return false;
  const scope = peerScope(policy, peer, ctx);
  if (scope.notPods) return false; // invalid selectors are reported as problems already
  return !peerIsLive(policy, peer, ctx);
}

/** Does the rule admit anybody at all: no peers (everyone), an address block, or a live selector peer. */
export function ruleAdmitsSomeone(policy: NetworkPolicy, rule: PolicyRule, ctx: RuleContext): boolean {
  if (!rule.peers || rule.peers.length === 0) return true;
  return rule.peers.some((p) => peerIsLive(policy, p, ctx));
}

export function servicesIn(namespace: string, ctx: RuleContext): readonly Service[] {
  // The model keeps Services by namespace; incremental analysis notes the read as that namespace's Services alone.
  return ctx.model.servicesIn(namespace);
}

/** True when a Service's selector selects the endpoint's pods. A Service without selector (or `{}`) selects none. */
export function serviceSelects(service: Service, endpoint: Endpoint): boolean {
  const selector = service.selector;
  if (!selector || service.namespace !== endpoint.namespace) return false;
  // Without Object.keys/entries: service-unreachable asks this of every Service and pod pair of a namespace, and the
  // two arrays per call were a tenth of a complete pass's allocations (large workspace).
  let empty = true;
  for (const k in selector) {
    if (!Object.prototype.hasOwnProperty.call(selector, k)) continue;
    empty = false;
    if (endpoint.labels[k] !== selector[k]) return false;
  }
  return !empty;
}

export function servicesFor(endpoint: Endpoint, ctx: RuleContext): Service[] {
  return servicesIn(endpoint.namespace, ctx).filter((s) => serviceSelects(s, endpoint));
}

export function affects(policy: NetworkPolicy, direction: Direction): boolean {
  return direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
}

export function rulesOf(policy: NetworkPolicy, direction: Direction): PolicyRule[] {
  return (direction === 'ingress' ? policy.ingress : policy.egress) ?? [];
}

/** A policy that selects every pod of its namespace for a direction: that direction is default-deny there. */
export function isNamespaceWide(policy: NetworkPolicy, direction: Direction): boolean {
  return affects(policy, direction) && selectorIsEmpty(policy.podSelector);
}

/** Policies making `namespace` default-deny, per direction. */
export function defaultDenyPolicies(namespace: string, ctx: RuleContext): { ingress: NetworkPolicy[]; egress: NetworkPolicy[] } {
  const m = memo(ctx);
  let result = m.defaultDeny.get(namespace);
  if (!result) {
    const policies = ctx.model.policiesIn(namespace);
    result = {
      ingress: policies.filter((p) => isNamespaceWide(p, 'ingress')),
      egress: policies.filter((p) => isNamespaceWide(p, 'egress')),
    };
    m.defaultDeny.set(namespace, result);
  }
  return result;
}

export function isSystemNamespace(namespace: string): boolean {
  return SYSTEM_NAMESPACES.includes(namespace);
}

export const FROM_TO: Record<Direction, string> = { ingress: 'from', egress: 'to' };

/** `payments/Deployment/api`, or `pods app=x in payments` for a hypothetical endpoint. */
export function endpointName(e: Endpoint): string {
  if (e.id) return e.id;
  const labels = Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join(',');
  return labels ? `pods ${labels} in ${e.namespace}` : `pods in ${e.namespace}`;
}

/** `a, b, c and 2 more` */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.length === 2 ? `${names[0]} and ${names[1]}` : names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** The first `n`th ordinal: 1st, 2nd, 3rd, 4th… */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}

/** `the 2nd ingress rule of payments/api` */
export function ruleName(policy: NetworkPolicy, rule: PolicyRule): string {
  return `the ${ordinal(rule.index + 1)} ${rule.direction} rule of ${policy.id}`;
}

/** The span of a key alone, for a span that starts at `key:` (pair spans do). */
export function keySpan(span: Span, key: string): Span {
  return { file: span.file, start: span.start, end: Math.min(span.end, span.start + key.length) };
}
