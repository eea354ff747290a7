// Pods made egress-isolated whose egress rules, together, do not allow DNS to the cluster DNS pods: every name
// lookup times out and the application fails in confusing ways. UDP 53 is what resolvers use first; TCP 53 is
// needed for truncated (large) answers, so UDP without TCP is a warning and anything without UDP an error.
// The port is the one the DNS pods listen on (`dns.port`, 53 unless configured: 5353 on OpenShift), since
// NetworkPolicy matches the pod's port, not the Service's.
// A pod isolated by several egress policies is reported once, at the policy responsible for its DNS: the one with a
// rule towards the DNS pods on the DNS port (where the fix goes), else the namespace-wide default-deny, else the first.
import { describeDnsTarget, dnsEndpoints, dnsPort, hypotheticalLabels } from '../dns';
import { PortSet } from '../ports';
import { formatSelector, selectorIsEmpty, selectorMatches } from '../selector';
import type { Endpoint } from '../reach';
import type { LabelSelector, NetworkPolicy, PolicyPeer, PolicyRule, Severity } from '../types';
import { splitPeerHint } from './peer-selectors-split';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { ruleName } from './scope';

interface DnsAccess {
  udp: boolean;
  tcp: boolean;
}

/** The egress policy a pod's DNS finding belongs to (see above). */
function responsibleFor(source: Endpoint, ctx: RuleContext, targets: Endpoint[]): NetworkPolicy | undefined {
  const port = dnsPort(ctx.options.dns);
  const policies = ctx.reach.isolatedBy(source, 'egress');
  const dnsRule = policies.find((p) =>
    (p.egress ?? []).some(
      (r) =>
        targets.some((t) => ctx.reach.ruleAdmits(p, r, t)) && dnsPortIn(r, targets, port, ctx).covered,
    ),
  );
  return dnsRule ?? policies.find((p) => selectorIsEmpty(p.podSelector)) ?? policies[0];
}

/**
 * The namespaceSelectors of egress rules towards the DNS port that would admit the DNS pods if their namespace carried the
 * selector's labels: why a DNS rule that is written does not work. `name: kube-system` is the classic (common in real
 * repositories): Kubernetes sets only kubernetes.io/metadata.name on a namespace by itself.
 */
function namespaceLabelMisses(source: Endpoint, ctx: RuleContext, targets: Endpoint[]): string[] {
  const misses = new Set<string>();
  const port = dnsPort(ctx.options.dns);
  // A rule for every port is about DNS only when it names the DNS namespace (`name: kube-system`), not when it opens
  // other namespaces (`environment: production`).
  const dnsNs = ctx.options.dns.namespace;
  const namesDnsNamespace = (ns: LabelSelector): boolean =>
    Object.values(ns.matchLabels).includes(dnsNs) || ns.matchExpressions.some((e) => e.operator === 'In' && e.values.includes(dnsNs));
  for (const p of ctx.reach.isolatedBy(source, 'egress')) {
    for (const r of p.egress ?? []) {
      const { covered, explicit: explicitDnsPort } = dnsPortIn(r, targets, port, ctx);
      if (!covered) continue;
      for (const peer of r.peers ?? []) {
        const ns = peer.namespaceSelector;
        if (peer.ipBlock || !ns || !ns.valid) continue;
        if (!explicitDnsPort && !peer.podSelector && !namesDnsNamespace(ns)) continue;
        const missed = targets.some(
          (t) =>
            !selectorMatches(ns, ctx.model.namespaceLabels(t.namespace)) &&
            (!peer.podSelector || (peer.podSelector.valid && selectorMatches(peer.podSelector, t.labels))),
        );
        if (missed) misses.add(formatSelector(ns));
      }
    }
  }
  return [...misses];
}

/**
 * Whether a rule's ports reach the DNS port of the DNS pods, as reachability reads them (named ports resolved on the
 * pods, rejected entries allowing nothing): `covered` when it allows UDP or TCP on that port at all (no ports, a whole
 * protocol, a range, a name), `explicit` when an entry names it (a number, a range or a port name, not a protocol alone).
 */
function dnsPortIn(rule: PolicyRule, targets: readonly Endpoint[], port: number, ctx: RuleContext): { covered: boolean; explicit: boolean } {
  if (!rule.ports || rule.ports.length === 0) return { covered: true, explicit: false };
  const reaches = (r: PolicyRule): boolean =>
    targets.some((t) => {
      const ports = ctx.reach.rulePorts(r, t);
      return ports.has('UDP', port) || ports.has('TCP', port);
    });
  return {
    covered: reaches(rule),
    explicit: rule.ports.some((e) => e.port !== undefined && reaches({ ...rule, ports: [e] })),
  };
}

/**
 * Two peers of a rule towards the DNS port, a namespaceSelector alone and a podSelector alone, that as ONE peer would
 * select the DNS pods: the guides' `- namespaceSelector: {name: kube-system}` / `- podSelector: {k8s-app: kube-dns}`,
 * which Kubernetes ORs (every pod of those namespaces, or kube-dns pods in the policy's own namespace). The
 * namespaceSelector either matches the DNS namespace (`carried`) or is one `misses` already names. A carried pair
 * that peer-selectors-split reports at the peer is left to it: DNS then passes through the namespace peer, so the
 * pair is not why DNS fails, and saying it twice would only repeat that finding.
 */
function splitDnsPeers(source: Endpoint, ctx: RuleContext, targets: Endpoint[], misses: string[]): { text: string; data: unknown }[] {
  const found: { text: string; data: unknown }[] = [];
  const port = dnsPort(ctx.options.dns);
  const nsOnly = (q: PolicyPeer): boolean => !q.ipBlock && !q.podSelector && !!q.namespaceSelector?.valid && !selectorIsEmpty(q.namespaceSelector);
  const podOnly = (q: PolicyPeer): boolean => !q.ipBlock && !q.namespaceSelector && !!q.podSelector?.valid && !selectorIsEmpty(q.podSelector);
  for (const p of ctx.reach.isolatedBy(source, 'egress')) {
    // In the DNS namespace itself, the podSelector alone selects the DNS pods: nothing was lost.
    if (p.namespace === ctx.options.dns.namespace) continue;
    for (const r of p.egress ?? []) {
      if (!dnsPortIn(r, targets, port, ctx).covered) continue;
      const peers = r.peers ?? [];
      for (const podPeer of peers.filter(podOnly)) {
        const pod = podPeer.podSelector!;
        const dnsPods = targets.filter((t) => selectorMatches(pod, t.labels));
        if (dnsPods.length === 0) continue;
        for (const nsPeer of peers.filter(nsOnly)) {
          const ns = nsPeer.namespaceSelector!;
          const carried = dnsPods.some((t) => selectorMatches(ns, ctx.model.namespaceLabels(t.namespace)));
          if (!carried && !misses.includes(formatSelector(ns))) continue;
          if (carried && splitPeerHint(p, r, podPeer, ctx)) continue;
          found.push({
            text:
              ` In ${ruleName(p, r)}, namespaceSelector ${formatSelector(ns)} and podSelector ${formatSelector(pod)} are two peers ` +
              `(either one, not both)${carried ? `, so every pod in namespaces ${formatSelector(ns)} is admitted` : ''}: ` +
              'meant as one peer, write both selectors under one "- " (`- namespaceSelector: … podSelector: …`).',
            data: { policy: p.id, direction: 'egress', rule: r.index, peers: [peers.indexOf(nsPeer), peers.indexOf(podPeer)] },
          });
        }
      }
    }
  }
  return found;
}

function labelsKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function dnsAccess(source: Endpoint, ctx: RuleContext, targets: Endpoint[]): DnsAccess {
  let allowed = PortSet.EMPTY;
  for (const target of targets) allowed = allowed.union(ctx.reach.egressAllowed(source, target));
  const port = dnsPort(ctx.options.dns);
  return { udp: allowed.has('UDP', port), tcp: allowed.has('TCP', port) };
}

export const forgottenDns: Rule = {
  id: 'forgotten-dns',
  title: 'Egress-isolated pods cannot reach DNS',
  defaultSeverity: 'error',
  checkPolicy(policy: NetworkPolicy, ctx: RuleContext): RuleFinding[] {
    if (!policy.affectsEgress || !policy.podSelector.valid) return [];
    const { endpoints: targets, assumed } = dnsEndpoints(ctx.model, ctx.options.dns);
    let sources: Endpoint[] = ctx.model.workloadsIn(policy.namespace).filter((w) => ctx.reach.selects(policy, w));
    // Pods not in view: reason about a pod this policy would select, under every egress policy that selects it too.
    if (sources.length === 0) {
      sources = [{ namespace: policy.namespace, labels: hypotheticalLabels(policy.podSelector), ports: [] }];
    }
    // DNS pods themselves answer queries; they need egress to upstream resolvers, not to themselves.
    sources = sources.filter((s) => !targets.some((t) => t.id !== undefined && t.id === s.id));
    // Pods in view are reported once, at the policy responsible for their DNS; pods out of view once per selector, at
    // the responsible policy when it has that selector, else at the first egress policy that has it.
    sources = sources.filter((s) => {
      const responsible = responsibleFor(s, ctx, targets);
      if (s.id !== undefined) return responsible === policy;
      const key = labelsKey(s.labels);
      const same = ctx.reach.isolatedBy(s, 'egress').filter((p) => p.podSelector.valid && labelsKey(hypotheticalLabels(p.podSelector)) === key);
      const owner = responsible && same.includes(responsible) ? responsible : same[0];
      return owner === undefined || owner === policy;
    });
    const none: Endpoint[] = [];
    const udpOnly: Endpoint[] = [];
    const tcpOnly: Endpoint[] = [];
    for (const source of sources) {
      const access = dnsAccess(source, ctx, targets);
      if (!access.udp && !access.tcp) none.push(source);
      else if (!access.tcp) udpOnly.push(source);
      else if (!access.udp) tcpOnly.push(source);
    }
    const span = policy.egressSpan ?? policy.policyTypesSpan ?? policy.nameSpan;
    const port = dnsPort(ctx.options.dns);
    const target = `${describeDnsTarget(ctx.options.dns)}${assumed ? ' (assumed: the workspace does not define them)' : ''}`;
    const others = (source: Endpoint): string => {
      const all = ctx.reach.isolatedBy(source, 'egress').map((p) => p.name);
      return all.length > 1 ? `policies ${all.join(', ')}` : `policy ${policy.name}`;
    };
    const findings: RuleFinding[] = [];
    const report = (affected: Endpoint[], severity: Severity, missing: string[], what: string, consequence: string): void => {
      if (affected.length === 0) return;
      const names = affected.map((a) => a.id ?? `pods ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(',') || 'in ' + a.namespace}`);
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      const misses = namespaceLabelMisses(affected[0], ctx, targets);
      const dnsNs = ctx.options.dns.namespace;
      const nsLabels = Object.entries(ctx.model.namespaceLabels(dnsNs)).map(([k, v]) => `${k}=${v}`);
      const carried =
        nsLabels.length === 1 ? `it carries only ${nsLabels[0]}, the label Kubernetes sets by itself` : `its labels: ${nsLabels.join(', ')}`;
      const why =
        misses.length === 0
          ? ''
          : ` A rule for port ${port} selects namespaces ${misses.join(' or ')}, which namespace ${dnsNs} does not match (${carried}): ` +
            `select \`kubernetes.io/metadata.name: ${dnsNs}\` instead, or label the namespace.`;
      const split = splitDnsPeers(affected[0], ctx, targets, misses);
      findings.push({
        severity,
        message: `${what} to ${target}: ${consequence}${why}${split.map((x) => x.text).join('')} Affected: ${shown} (egress isolated by ${others(affected[0])}).`,
        span,
        data: { fix: 'add-dns-egress', policy: policy.id, missing, ...(split.length > 0 ? { splitPeers: split.map((x) => x.data) } : {}) },
      });
    };
    report(none, 'error', ['UDP', 'TCP'], `Egress allows neither UDP nor TCP port ${port}`, 'name lookups from these pods will time out.');
    report(tcpOnly, 'error', ['UDP'], `Egress allows TCP but not UDP port ${port}`, 'resolvers query over UDP first, so lookups will time out.');
    report(udpOnly, 'warning', ['TCP'], `Egress allows UDP but not TCP port ${port}`, 'large DNS answers (truncated, retried over TCP) will fail.');
    return findings;
  },
};
