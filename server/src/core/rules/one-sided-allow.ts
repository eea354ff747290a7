// A connection needs the sender's egress AND the receiver's ingress. This finds rules that allow one side of a
// connection the other side never allows: an ingress rule admitting pods whose own egress policies never let them
// reach these pods on those ports, and an egress rule towards pods whose ingress never admits the sender. Only
// peers with a podSelector are examined, and at most a few hundred pods per peer (broad peers are deliberate).
// When the other side has a rule meant for this connection but broken (a peer that matches nobody, a wrong port),
// that rule's own finding explains it and this one stays silent.
import type { Endpoint } from '../reach';
import type { Direction, NetworkPolicy, PolicyPeer, PolicyRule, Workload } from '../types';
import { PortSet } from '../ports';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { healthyRulePorts, ruleHasBrokenEntry } from './port-checks';
import { listNames, peerIsDead, peerScope, rulesOf, selectedWorkloads } from './scope';
import { enforcedRules } from './walk';

const MAX_PODS = 200;

/**
 * True when `owner`'s policies for `direction` have a rule that looks meant for traffic with `counterpart` but is
 * broken: a dead peer on the ports in question, or an entry that is wrong for the destination.
 */
function brokenRuleExplains(
  owner: Endpoint,
  direction: Direction,
  counterpart: Endpoint,
  destination: Endpoint,
  ports: PortSet,
  ctx: RuleContext,
): boolean {
  for (const policy of ctx.reach.isolatedBy(owner, direction)) {
    for (const rule of rulesOf(policy, direction)) {
      const dead = (rule.peers ?? []).some((p) => peerIsDead(policy, p, ctx));
      if (dead && !ctx.reach.rulePorts(rule, destination).intersect(ports).isEmpty()) return true;
      if ((dead || ctx.reach.ruleAdmits(policy, rule, counterpart)) && ruleHasBrokenEntry(rule, destination, ports, ctx)) return true;
    }
  }
  return false;
}

function senderBlocked(source: Workload, destinations: Workload[], rule: PolicyRule, ctx: RuleContext): boolean {
  if (ctx.reach.isolatedBy(source, 'egress').length === 0) return false;
  let relevant = false;
  for (const d of destinations) {
    const ports = healthyRulePorts(rule, d, ctx);
    if (ports.isEmpty()) continue;
    relevant = true;
    if (!ctx.reach.egressAllowed(source, d).intersect(ports).isEmpty()) return false;
    if (brokenRuleExplains(source, 'egress', d, d, ports, ctx)) return false;
  }
  return relevant;
}

function receiverBlocked(destination: Workload, sources: Workload[], rule: PolicyRule, ctx: RuleContext): boolean {
  if (ctx.reach.isolatedBy(destination, 'ingress').length === 0) return false;
  const ports = healthyRulePorts(rule, destination, ctx);
  if (ports.isEmpty()) return false;
  for (const s of sources) {
    if (!ctx.reach.ingressAllowed(s, destination).intersect(ports).isEmpty()) return false;
    if (brokenRuleExplains(destination, 'ingress', s, destination, ports, ctx)) return false;
  }
  return true;
}

/** The peers with a podSelector in the policy's `direction` rules, with the workloads they admit (when not too many). */
function podPeers(policy: NetworkPolicy, direction: Direction, ctx: RuleContext): { rule: PolicyRule; peer: PolicyPeer; workloads: Workload[] }[] {
  const found: { rule: PolicyRule; peer: PolicyPeer; workloads: Workload[] }[] = [];
  for (const rule of enforcedRules(policy, [direction])) {
    for (const peer of rule.peers ?? []) {
      if (!peer.podSelector) continue;
      const scope = peerScope(policy, peer, ctx);
      if (scope.notPods || scope.workloads.length > MAX_PODS) continue;
      found.push({ rule, peer, workloads: scope.workloads });
    }
  }
  return found;
}

function portsText(sets: PortSet[]): string {
  let all = PortSet.EMPTY;
  for (const s of sets) all = all.union(s);
  return all.toString();
}

export const oneSidedAllow: Rule = {
  id: 'one-sided-allow',
  title: 'Connection allowed on one side only',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    const selected = selectedWorkloads(policy, ctx).filter((w) => !w.hostNetwork);
    if (selected.length === 0 || selected.length > MAX_PODS) return findings;
    const names = listNames(selected.map((w) => w.id));
    for (const { rule, peer, workloads } of podPeers(policy, 'ingress', ctx)) {
      const blocked = workloads.filter((s) => !s.hostNetwork && senderBlocked(s, selected, rule, ctx));
      if (blocked.length === 0) continue;
      const egress = [...new Set(blocked.flatMap((s) => ctx.reach.isolatedBy(s, 'egress')))];
      const ports = portsText(selected.map((d) => healthyRulePorts(rule, d, ctx)));
      findings.push({
        message:
          `This peer admits ${listNames(blocked.map((s) => s.id))} to ${names} on ${ports}, but the sender's own egress ` +
          `(${listNames(egress.map((p) => p.id))}) never lets ${blocked.length === 1 ? 'it' : 'them'} connect there: ` +
          `the connection fails on the sending side. Add an egress rule for it to the sender's policies.`,
        span: peer.span,
        related: egress.slice(0, 5).map((p) => ({ span: p.nameSpan, message: `${p.id} restricts the sender's egress` })),
        data: { direction: 'ingress', senders: blocked.map((s) => s.id), receivers: selected.map((w) => w.id) },
      });
    }
    for (const { rule, peer, workloads } of podPeers(policy, 'egress', ctx)) {
      const blocked = workloads.filter((d) => !d.hostNetwork && receiverBlocked(d, selected, rule, ctx));
      if (blocked.length === 0) continue;
      const ingress = [...new Set(blocked.flatMap((d) => ctx.reach.isolatedBy(d, 'ingress')))];
      const ports = portsText(blocked.map((d) => healthyRulePorts(rule, d, ctx)));
      findings.push({
        message:
          `This peer lets ${names} connect to ${listNames(blocked.map((d) => d.id))} on ${ports}, but the receiver's ingress ` +
          `(${listNames(ingress.map((p) => p.id))}) never admits ${selected.length === 1 ? 'it' : 'them'} there: ` +
          `the connection is refused on the receiving side. Add an ingress rule for it to the receiver's policies.`,
        span: peer.span,
        related: ingress.slice(0, 5).map((p) => ({ span: p.nameSpan, message: `${p.id} restricts the receiver's ingress` })),
        data: { direction: 'egress', senders: selected.map((w) => w.id), receivers: blocked.map((d) => d.id) },
      });
    }
    return findings;
  },
};
