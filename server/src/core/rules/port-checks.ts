// What is wrong, if anything, with one `ports` entry of a rule, judged against the pods the traffic goes to:
// a named port no destination container declares, a Service's port written where the pod's targetPort is meant
// (NetworkPolicy sees the pod's port, after the Service has translated it), or a number nothing declares.
// Shared by the port rules and by the rules that must not repeat them (one-sided-allow, service-unreachable); also
// what a public entry point is (ports of a LoadBalancer/NodePort Service), which several rules accept.
import { PortSet } from '../ports';
import type { Endpoint } from '../reach';
import { selectorIsEmpty, selectorMatches } from '../selector';
import type { NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Protocol, Service, ServicePort } from '../types';
import type { RuleContext } from './rule';
import { peerEndpoints, peerScope, selectedWorkloads, servicesFor } from './scope';

export type PortProblem =
  | { kind: 'named-undefined'; name: string; protocol: Protocol; otherProtocols: Protocol[]; known: string[] }
  | { kind: 'service-port'; port: number; protocol: Protocol; service: Service; servicePort: ServicePort; target: number; targetName?: string }
  | { kind: 'not-listening'; port: number; protocol: Protocol; declared: PortSet };

/**
 * The pods a rule's traffic goes to: for ingress, the pods the policy selects; for egress, the pods its peers admit.
 * Undefined when that is not a set of pods: an egress rule towards everyone or towards address blocks, where a port
 * may well be meant for something outside the workspace.
 */
export function ruleDestinations(policy: NetworkPolicy, rule: PolicyRule, ctx: RuleContext): Endpoint[] | undefined {
  if (rule.direction === 'ingress') return selectedWorkloads(policy, ctx);
  if (!rule.peers || rule.peers.length === 0 || rule.peers.some((p) => p.ipBlock)) return undefined;
  const seen = new Set<Endpoint>();
  for (const peer of rule.peers) {
    if (admitsPodsOutOfView(policy, peer, ctx)) return undefined;
    for (const e of peerEndpoints(policy, peer, ctx)) seen.add(e);
  }
  return [...seen];
}

/**
 * The peer covers a namespace with no workloads in view (`namespaceSelector: {}` in a repository that holds a few
 * namespaces), so a port may be meant for pods we cannot see. A peer that selects the cluster DNS pods by their labels
 * is judged against them (the workspace's, or the assumed CoreDNS); kube-public and kube-node-lease hold no pods.
 */
function admitsPodsOutOfView(policy: NetworkPolicy, peer: PolicyPeer, ctx: RuleContext): boolean {
  const scope = peerScope(policy, peer, ctx);
  if (scope.notPods || !scope.unseen) return false;
  const podSel = peer.podSelector;
  if (podSel && !selectorIsEmpty(podSel) && selectorMatches(podSel, ctx.options.dns.podLabels)) return false;
  return scope.namespaces.some((ns) => !PODLESS_NAMESPACES.has(ns) && ctx.model.workloadsIn(ns).length === 0);
}

const PODLESS_NAMESPACES: ReadonlySet<string> = new Set(['kube-public', 'kube-node-lease']);

function declares(e: Endpoint, protocol: Protocol, port: number): boolean {
  return e.ports.some((cp) => cp.protocol === protocol && cp.port === port);
}

/** The pod port a Service port sends to, on this endpoint (a named targetPort resolves on its containers). */
export function resolveTarget(sp: ServicePort, e: Endpoint): { port: number; name?: string } | undefined {
  if (typeof sp.targetPort === 'number') return { port: sp.targetPort };
  const cp = e.ports.find((p) => p.name === sp.targetPort && p.protocol === sp.protocol);
  return cp ? { port: cp.port, name: sp.targetPort } : undefined;
}

/** The problem with `entry` towards `destinations` (pods in view), or undefined when it is fine or cannot be judged. */
export function entryProblem(entry: PolicyPort, destinations: readonly Endpoint[], ctx: RuleContext): PortProblem | undefined {
  if (!entry.protocolValid || destinations.length === 0 || entry.port === undefined) return undefined;
  const protocol = entry.protocol;
  if (typeof entry.port === 'string') {
    if (entry.endPort !== undefined) return undefined; // invalid-end-port says so
    const name = entry.port;
    if (destinations.some((d) => d.ports.some((cp) => cp.name === name && cp.protocol === protocol))) return undefined;
    const otherProtocols = [
      ...new Set(destinations.flatMap((d) => d.ports.filter((cp) => cp.name === name).map((cp) => cp.protocol))),
    ];
    const known = [...new Set(destinations.flatMap((d) => d.ports.map((cp) => cp.name).filter((n): n is string => !!n)))].sort();
    return { kind: 'named-undefined', name, protocol, otherProtocols, known };
  }
  const port = entry.port;
  if (Number.isNaN(port) || entry.endPort !== undefined) return undefined;
  if (destinations.some((d) => declares(d, protocol, port))) return undefined;
  for (const d of destinations) {
    for (const service of servicesFor(d, ctx)) {
      for (const sp of service.ports) {
        if (sp.port !== port || sp.protocol !== protocol) continue;
        const target = resolveTarget(sp, d);
        if (target && target.port !== port) {
          return { kind: 'service-port', port, protocol, service, servicePort: sp, target: target.port, targetName: target.name };
        }
      }
    }
  }
  // containerPort is informational: only when every destination declares its ports can we say nothing listens.
  if (destinations.every((d) => d.ports.length > 0)) {
    let declared = PortSet.EMPTY;
    for (const d of destinations) for (const cp of d.ports) declared = declared.union(PortSet.of(cp.protocol, cp.port));
    return { kind: 'not-listening', port, protocol, declared };
  }
  return undefined;
}

/** One `ports` entry with a problem of the kind a rule reports, and the destinations it was judged against. */
export interface EntryProblem<K extends PortProblem['kind']> {
  entry: PolicyPort;
  problem: Extract<PortProblem, { kind: K }>;
  destinations: Endpoint[];
}

/** The entries of `rule` (or those of them given) that have a problem of `kind` towards the rule's destinations. */
export function entryProblems<K extends PortProblem['kind']>(
  policy: NetworkPolicy,
  rule: PolicyRule,
  ctx: RuleContext,
  kind: K,
  entries: readonly PolicyPort[] = rule.ports ?? [],
): EntryProblem<K>[] {
  if (entries.length === 0) return [];
  const destinations = ruleDestinations(policy, rule, ctx);
  if (!destinations || destinations.length === 0) return [];
  const found: EntryProblem<K>[] = [];
  for (const entry of entries) {
    const problem = entryProblem(entry, destinations, ctx);
    if (problem?.kind === kind) found.push({ entry, problem: problem as Extract<PortProblem, { kind: K }>, destinations });
  }
  return found;
}

/** `5433` for `5432`: one digit changed, added, dropped or two swapped. */
function nearNumber(a: number, b: number): boolean {
  const x = String(a);
  const y = String(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  let j = 0;
  while (j < x.length - i && j < y.length - i && x[x.length - 1 - j] === y[y.length - 1 - j]) j++;
  const restX = x.length - i - j;
  const restY = y.length - i - j;
  if (restX <= 1 && restY <= 1) return true;
  return restX === 2 && restY === 2 && x[i] === y[i + 1] && x[i + 1] === y[i];
}

/**
 * Could this wrong entry be the one meant for `wanted` (ports of one protocol or more)? A Service port whose target
 * is wanted, a port number one typo away from a wanted one, or a name (any name, unless `names` narrows it down).
 */
export function problemExplains(problem: PortProblem, wanted: PortSet, names?: readonly string[]): boolean {
  switch (problem.kind) {
    case 'service-port':
      return wanted.has(problem.protocol, problem.target);
    case 'named-undefined':
      return names === undefined || names.includes(problem.name);
    case 'not-listening':
      return wanted.get(problem.protocol).some(([lo, hi]) => hi - lo > 64 || Array.from({ length: hi - lo + 1 }, (_, k) => lo + k).some((p) => nearNumber(problem.port, p)));
  }
}

/** True when some entry of the rule is wrong for this destination and may be the one meant for `wanted`. */
export function ruleHasBrokenEntry(rule: PolicyRule, destination: Endpoint, wanted: PortSet, ctx: RuleContext, names?: readonly string[]): boolean {
  return (rule.ports ?? []).some((e) => {
    const problem = entryProblem(e, [destination], ctx);
    return problem !== undefined && problemExplains(problem, wanted, names);
  });
}

/** The ports a rule allows towards `destination`, leaving out entries that are wrong for it. */
export function healthyRulePorts(rule: PolicyRule, destination: Endpoint, ctx: RuleContext): PortSet {
  if (!rule.ports || rule.ports.length === 0) return ctx.reach.rulePorts(rule, destination);
  let set = PortSet.EMPTY;
  for (const entry of rule.ports) {
    if (entryProblem(entry, [destination], ctx)) continue;
    set = set.union(ctx.reach.rulePorts({ ...rule, ports: [entry] }, destination));
  }
  return set;
}

/** Ingress to a public entry point: every selected pod is behind a LoadBalancer/NodePort Service, on its ports only. */
export function publicEntry(policy: NetworkPolicy, rule: PolicyRule, ctx: RuleContext): boolean {
  const selected = selectedWorkloads(policy, ctx);
  if (selected.length === 0 || !rule.ports || rule.ports.length === 0) return false;
  return selected.every((w) => {
    let exposed = PortSet.EMPTY;
    for (const s of servicesFor(w, ctx)) {
      if (s.type !== 'LoadBalancer' && s.type !== 'NodePort') continue;
      for (const sp of s.ports) {
        const t = resolveTarget(sp, w);
        if (t) exposed = exposed.union(PortSet.of(sp.protocol, t.port));
      }
    }
    const allowed = ctx.reach.rulePorts(rule, w);
    return !exposed.isEmpty() && !allowed.isEmpty() && allowed.subtract(exposed).isEmpty();
  });
}
