// Plain-words explanations of what a policy does to whom, and of what reaches a workload: the hover texts, the
// "Explain Policy at Cursor" answer, the code lens summaries and the CLI's explanations all come from here, so they
// never disagree. Everything is computed with Reachability; nothing here re-states NetworkPolicy semantics.
import { dnsEndpoints, describeDnsTarget } from './dns';
import { addressesText, externalAllowed, type AddressPorts } from './external-access';
import { PortSet } from './ports';
import type { Endpoint, Reachability } from './reach';
import { formatSelector, selectorIsEmpty } from './selector';
import type { Direction, LabelSelector, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Span, Workload } from './types';

export interface ExplainOptions {
  /** Formats a reference to an object defined at `span` (Markdown links in an editor); plain label by default. */
  link?: (label: string, span: Span) => string;
  /** Items listed before "and N more". */
  maxItems?: number;
}

const DEFAULT_MAX_ITEMS = 10;

function plain(label: string): string {
  return label;
}

function code(text: string): string {
  // A line break in a name (YAML "\n") could end the paragraph, and with it the code span (found by fuzzing).
  return '`' + text.replace(/`/g, "'").replace(/\s*[\r\n]+\s*/g, ' ') + '`';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listed(items: string[], max: number): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function title(direction: Direction): string {
  return direction === 'ingress' ? 'Ingress' : 'Egress';
}

/** The workloads of the model whose pods `policy` selects (its podSelector, in its namespace). */
export function selectedWorkloads(policy: NetworkPolicy, reach: Reachability): Workload[] {
  return reach.model.workloadsIn(policy.namespace).filter((w) => reach.selects(policy, w));
}

export interface PeerMatch {
  /** Namespaces the peer looks in (its namespaceSelector's matches, or the policy's own namespace). */
  namespaces: string[];
  workloads: Workload[];
  /** The ipBlock, as text, for an address peer. */
  addresses?: string;
  /** The peer matches the cluster DNS pods that the workspace does not define but every cluster runs. */
  assumedDns: boolean;
}

/** What a `from`/`to` entry of `policy` matches in the model. */
export function peerMatches(policy: NetworkPolicy, peer: PolicyPeer, reach: Reachability): PeerMatch {
  if (peer.ipBlock) return { namespaces: [], workloads: [], addresses: ipBlockText(peer), assumedDns: false };
  if (!peer.podSelector && !peer.namespaceSelector) return { namespaces: [], workloads: [], assumedDns: false };
  const namespaces = peer.namespaceSelector ? reach.namespacesMatching(peer.namespaceSelector).sort() : [policy.namespace];
  const workloads = namespaces.flatMap((ns) => reach.model.workloadsIn(ns)).filter((w) => reach.peerMatches(policy, peer, w));
  const dns = reach.model.options.dns;
  let assumedDns = false;
  if (namespaces.includes(dns.namespace)) {
    const found = dnsEndpoints(reach.model, dns);
    assumedDns = found.assumed && found.endpoints.some((e) => reach.peerMatches(policy, peer, e));
  }
  return { namespaces, workloads, addresses: undefined, assumedDns };
}

function ipBlockText(peer: PolicyPeer): string {
  const b = peer.ipBlock!;
  return b.except.length ? `${b.cidr} except ${b.except.join(', ')}` : b.cidr;
}

function selectorText(selector: LabelSelector, all: string): string {
  if (!selector.valid) return 'an invalid selector (the API server rejects it; it matches nothing)';
  return selectorIsEmpty(selector) ? all : `with ${code(formatSelector(selector))}`;
}

/** "pods with `app=web` in namespaces with `tier=app`" */
export function describePeer(policy: NetworkPolicy, peer: PolicyPeer): string {
  if (peer.ipBlock) return `addresses in ${code(ipBlockText(peer))}`;
  const pods = peer.podSelector ? selectorText(peer.podSelector, '') : '';
  const podPart = pods === '' ? 'every pod' : pods.startsWith('with') ? `pods ${pods}` : pods;
  if (peer.namespaceSelector) {
    const ns = selectorText(peer.namespaceSelector, '');
    return `${podPart} in ${ns === '' ? 'every namespace' : ns.startsWith('with') ? `namespaces ${ns}` : `namespaces matching ${ns}`}`;
  }
  if (peer.podSelector) return `${podPart} in namespace ${code(policy.namespace)}`;
  return 'nothing (an empty peer is invalid)';
}

/** The ports of one entry, with named ports resolved on the destinations. */
function describePort(entry: PolicyPort, destinations: readonly Endpoint[], reach: Reachability): string {
  // The entries the API server rejects allow nothing in reachability: say so rather than describe what they look like.
  if (!entry.protocolValid) return 'nothing (invalid protocol)';
  if (entry.endPortSpan !== undefined && entry.endPort === undefined) return 'nothing (endPort is not a port number)';
  if (entry.port === undefined) return entry.endPort === undefined ? `every ${entry.protocol} port` : 'nothing (endPort without port)';
  if (typeof entry.port === 'number') {
    if (Number.isNaN(entry.port)) return 'nothing (invalid port)';
    if (entry.endPort === undefined) return `${entry.protocol} ${entry.port}`;
    return entry.endPort < entry.port ? 'nothing (endPort below port)' : `${entry.protocol} ${entry.port}-${entry.endPort}`;
  }
  if (entry.endPort !== undefined) return 'nothing (endPort with a named port)';
  const rule: PolicyRule = { direction: 'ingress', index: 0, span: entry.span, ports: [entry] };
  const resolved: string[] = [];
  for (const d of destinations) {
    const set = reach.rulePorts(rule, d);
    if (!set.isEmpty()) resolved.push(`${set.toString()} on ${d.name ?? d.id ?? 'the destination'}`);
  }
  const unique = [...new Set(resolved)];
  const where = unique.length ? listed(unique, 3) : 'no destination in view has a container port of that name';
  return `${entry.protocol} port ${code(entry.port)} (${where})`;
}

function describePorts(rule: PolicyRule, destinations: readonly Endpoint[], reach: Reachability): string {
  if (!rule.ports || rule.ports.length === 0) return 'on every port';
  return `on ${rule.ports.map((p) => describePort(p, destinations, reach)).join(', ')}`;
}

function workloadLabel(w: Workload, link: NonNullable<ExplainOptions['link']>): string {
  return link(w.id, w.nameSpan);
}

function describeRule(policy: NetworkPolicy, rule: PolicyRule, selected: Workload[], reach: Reachability, o: Required<ExplainOptions>): string {
  const word = rule.direction === 'ingress' ? 'from' : 'to';
  if (!rule.peers || rule.peers.length === 0) {
    const destinations = rule.direction === 'ingress' ? selected : [];
    return `${word} anywhere (every pod in every namespace, and every address outside the cluster), ${describePorts(rule, destinations, reach)}`;
  }
  const parts: string[] = [];
  const destinations: Endpoint[] = [];
  for (const peer of rule.peers) {
    const match = peerMatches(policy, peer, reach);
    let text = describePeer(policy, peer);
    if (!peer.ipBlock && (peer.podSelector || peer.namespaceSelector)) {
      const ws = match.workloads.map((w) => workloadLabel(w, o.link));
      const dns = match.assumedDns ? `cluster DNS (${describeDnsTarget(reach.model.options.dns)}, assumed)` : '';
      if (ws.length) text += ` (${plural(ws.length, 'workload')}: ${listed(ws, o.maxItems)}${dns ? `; ${dns}` : ''})`;
      else text += dns ? ` (${dns})` : ' (no workload in view)';
      if (rule.direction === 'egress') destinations.push(...match.workloads);
    }
    parts.push(text);
  }
  const ports = describePorts(rule, rule.direction === 'ingress' ? selected : destinations, reach);
  return `${word} ${parts.join('; or ')}, ${ports}`;
}

function directionSection(policy: NetworkPolicy, direction: Direction, selected: Workload[], reach: Reachability, o: Required<ExplainOptions>): string[] {
  const affected = direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
  const rules = policy[direction] ?? [];
  const name = title(direction);
  if (!affected) {
    const ignored = rules.length ? ` Its ${plural(rules.length, `${direction} rule`)} ${rules.length === 1 ? 'is' : 'are'} ignored: policyTypes does not list ${name}.` : '';
    return [`**${name}**: not affected by this policy.${ignored}`];
  }
  const verb = direction === 'ingress' ? 'accept' : 'open';
  const lines = [
    `**${name}**: isolated. The selected pods ${verb} only connections that this policy or another ${direction} policy selecting them allows.`,
  ];
  if (rules.length === 0) {
    lines.push(`- No ${direction} rule: this policy allows nothing ${direction === 'ingress' ? 'in' : 'out'}.`);
    return lines;
  }
  for (const rule of rules) lines.push(`- Allows ${describeRule(policy, rule, selected, reach, o)}.`);
  return lines;
}

function resolved(options: ExplainOptions): Required<ExplainOptions> {
  return { link: options.link ?? plain, maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS };
}

/** A Markdown explanation of what `policy` does to whom. */
export function explainPolicy(policy: NetworkPolicy, reach: Reachability, options: ExplainOptions = {}): string {
  const o = resolved(options);
  const selected = selectedWorkloads(policy, reach);
  const out: string[] = [`**NetworkPolicy ${code(policy.id)}**`, ''];
  const sel = policy.podSelector;
  if (!sel.valid) {
    out.push('Its podSelector is invalid: the API server rejects this policy, and it selects nothing.');
  } else {
    const who = selectorIsEmpty(sel) ? `every pod in namespace ${code(policy.namespace)}` : `pods with ${code(formatSelector(sel))} in namespace ${code(policy.namespace)}`;
    const which = selected.length
      ? `${plural(selected.length, 'workload')}: ${listed(selected.map((w) => workloadLabel(w, o.link)), o.maxItems)}`
      : 'no workload in view';
    out.push(`**Applies to** ${who}: ${which}.`);
  }
  const onHost = selected.filter((w) => w.hostNetwork);
  if (onHost.length) {
    out.push('', `${listed(onHost.map((w) => w.id), o.maxItems)} ${onHost.length === 1 ? 'runs' : 'run'} on the host network: NetworkPolicy does not apply to ${onHost.length === 1 ? 'it' : 'them'}.`);
  }
  for (const direction of ['ingress', 'egress'] as const) out.push('', ...directionSection(policy, direction, selected, reach, o));
  const others = new Map<string, NetworkPolicy>();
  for (const w of selected) {
    const { ingress, egress } = reach.policiesFor(w);
    for (const p of [...ingress, ...egress]) if (p !== policy) others.set(p.id, p);
  }
  if (others.size) {
    const names = [...others.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((p) => o.link(p.name, p.nameSpan));
    out.push('', `**Also selected by** ${listed(names, o.maxItems)}: the rules of every policy selecting a pod add up.`);
  }
  return out.join('\n');
}

/** Names of workloads, short when unambiguous. */
function shortNames(workloads: readonly Workload[]): string[] {
  const count = new Map<string, number>();
  for (const w of workloads) count.set(w.name, (count.get(w.name) ?? 0) + 1);
  return [...new Set(workloads.map((w) => ((count.get(w.name) ?? 0) > 1 ? `${w.namespace}/${w.name}` : w.name)))];
}

function directionSummary(policy: NetworkPolicy, direction: Direction, reach: Reachability): string | undefined {
  const affected = direction === 'ingress' ? policy.affectsIngress : policy.affectsEgress;
  if (!affected) return undefined;
  const word = direction === 'ingress' ? 'ingress from' : 'egress to';
  const rules = policy[direction] ?? [];
  if (rules.length === 0) return `${direction}: deny all`;
  const everywhere = rules.find((r) => !r.peers || r.peers.length === 0);
  if (everywhere) {
    const ports = everywhere.ports && everywhere.ports.length ? ` (${plural(everywhere.ports.length, 'port entry', 'port entries')})` : '';
    return `${word} anywhere${ports}`;
  }
  const workloads: Workload[] = [];
  const cidrs: string[] = [];
  let dns = false;
  // Rules none of whose peers match anything in view: said, or the lens would read as if they were not there.
  let idle = 0;
  for (const rule of rules) {
    let matched = false;
    for (const peer of rule.peers ?? []) {
      const m = peerMatches(policy, peer, reach);
      if (m.addresses) cidrs.push(m.addresses);
      workloads.push(...m.workloads);
      dns ||= m.assumedDns;
      matched ||= !!m.addresses || m.workloads.length > 0 || m.assumedDns;
    }
    if (!matched) idle++;
  }
  const names = shortNames(workloads);
  if (dns) names.push('cluster DNS');
  const parts: string[] = [];
  if (names.length) parts.push(listed(names, 3));
  if (cidrs.length) parts.push([...new Set(cidrs)].length === 1 ? cidrs[0] : plural(new Set(cidrs).size, 'CIDR'));
  if (!parts.length) return `${word} nothing in view`;
  return `${word} ${parts.join(', ')}${idle ? ` (+${plural(idle, 'rule')} matching nothing in view)` : ''}`;
}

/** One line for a code lens: `selects 2 workloads · ingress from web · egress to postgres`. */
export function summarizePolicy(policy: NetworkPolicy, reach: Reachability): string {
  const selected = selectedWorkloads(policy, reach);
  const parts = [policy.podSelector.valid ? `selects ${plural(selected.length, 'workload')}` : 'invalid podSelector: selects nothing'];
  for (const direction of ['ingress', 'egress'] as const) {
    const s = directionSummary(policy, direction, reach);
    if (s) parts.push(s);
  }
  return parts.join(' · ');
}

function policyTypesOf(p: NetworkPolicy): string {
  return [p.affectsIngress ? 'Ingress' : '', p.affectsEgress ? 'Egress' : ''].filter(Boolean).join(', ') || 'no type';
}

/** Each address set with exactly its ports: every port with every CIDR (externalAccess's unions) would say too much. */
function externalLine(reach: Reachability, w: Workload, direction: Direction): string {
  const pieces = externalAllowed(reach, w, direction);
  if (pieces.length === 0) return '- outside the cluster: nothing';
  const where = (p: AddressPorts): string => {
    const text = addressesText(p.addresses);
    return text === 'any address' ? text : code(text);
  };
  if (pieces.length === 1) return `- outside the cluster (${where(pieces[0])}): ${portsText(pieces[0].ports)}`;
  return ['- outside the cluster:', ...pieces.map((p) => `  - ${where(p)}: ${portsText(p.ports)}`)].join('\n');
}

function portsText(ports: PortSet): string {
  return ports.isEmpty() ? 'nothing' : ports.toString();
}

/** What may connect to and from `workload`, and the policies that decide it (Markdown). */
export function explainWorkload(workload: Workload, reach: Reachability, options: ExplainOptions = {}): string {
  const o = resolved(options);
  const labels = Object.entries(workload.labels).map(([k, v]) => code(`${k}=${v}`));
  const out = [`**${workload.kind} ${code(`${workload.namespace}/${workload.name}`)}**${labels.length ? ` · pods ${labels.join(', ')}` : ' · pods without labels'}`];
  if (workload.hostNetwork) out.push('', 'Runs on the host network: NetworkPolicy does not apply to its pods.');
  const { ingress, egress } = reach.policiesFor(workload);
  const selecting = [...new Set([...ingress, ...egress])].sort((a, b) => (a.id < b.id ? -1 : 1));
  out.push(
    '',
    selecting.length
      ? `**Selected by** ${listed(selecting.map((p) => `${o.link(p.name, p.nameSpan)} (${policyTypesOf(p)})`), o.maxItems)}.`
      : `**Selected by** no policy: nothing restricts its traffic.`,
  );
  for (const direction of ['ingress', 'egress'] as const) {
    out.push('', ...workloadDirection(workload, direction, reach, o));
  }
  return out.join('\n');
}

function workloadDirection(w: Workload, direction: Direction, reach: Reachability, o: Required<ExplainOptions>): string[] {
  const name = title(direction);
  const isolatedBy = reach.isolatedBy(w, direction);
  if (isolatedBy.length === 0) {
    const others = direction === 'ingress' ? "senders' own egress policies still apply" : "receivers' own ingress policies still apply";
    return [`**${name}**: not isolated: its side allows every ${direction === 'ingress' ? 'source' : 'destination'} on every port (${others}).`];
  }
  const lines = [
    `**${name}**: isolated by ${listed(isolatedBy.map((p) => o.link(p.name, p.nameSpan)), o.maxItems)}. Allowed ${direction === 'ingress' ? 'from' : 'to'} (both sides' policies considered):`,
  ];
  const entries: string[] = [];
  for (const other of reach.model.workloads) {
    const ports = direction === 'ingress' ? ingressFirst(reach, other, w) : reach.allowed(w, other);
    if (ports.isEmpty()) continue;
    const label = other === w ? `${workloadLabel(other, o.link)} (itself: other replicas)` : workloadLabel(other, o.link);
    entries.push(`- ${label}: ${portsText(ports)}`);
  }
  if (direction === 'egress') {
    const dns = dnsEndpoints(reach.model, reach.model.options.dns);
    if (dns.assumed) {
      const ports = reach.allowed(w, dns.endpoints[0]);
      entries.push(`- cluster DNS, ${describeDnsTarget(reach.model.options.dns)} (assumed): ${portsText(ports)}`);
    }
  }
  if (entries.length > o.maxItems) {
    const rest = entries.length - o.maxItems;
    entries.splice(o.maxItems, rest, `- and ${rest} more`);
  }
  lines.push(...(entries.length ? entries : ['- no workload in view']));
  lines.push(externalLine(reach, w, direction));
  return lines;
}

/** Ports `from` may open to `to`, checking the ingress side (the isolated one, usually narrow) first. */
function ingressFirst(reach: Reachability, from: Endpoint, to: Endpoint): PortSet {
  const ingress = reach.ingressAllowed(from, to);
  if (ingress.isEmpty()) return ingress;
  return reach.egressAllowed(from, to).intersect(ingress);
}

/**
 * The policies behind a connection `from` → `to` on `ports` (what Reachability allowed): on the egress side the
 * policies isolating `from` with a rule admitting `to` on some of those ports, on the ingress side those isolating
 * `to` with a rule admitting `from`. Empty when neither side is isolated.
 */
export function allowingPolicies(reach: Reachability, from: Endpoint, to: Endpoint, ports: PortSet): NetworkPolicy[] {
  const out = new Set<NetworkPolicy>();
  for (const policy of reach.isolatedBy(from, 'egress')) {
    if ((policy.egress ?? []).some((r) => reach.ruleAdmits(policy, r, to) && !reach.rulePorts(r, to).intersect(ports).isEmpty())) out.add(policy);
  }
  for (const policy of reach.isolatedBy(to, 'ingress')) {
    if ((policy.ingress ?? []).some((r) => reach.ruleAdmits(policy, r, from) && !reach.rulePorts(r, to).intersect(ports).isEmpty())) out.add(policy);
  }
  return [...out];
}

/** The policies whose rules allow `endpoint` traffic with addresses outside the cluster (ipBlock, or no peers). */
export function externalPolicies(reach: Reachability, endpoint: Endpoint, direction: Direction): NetworkPolicy[] {
  return reach.isolatedBy(endpoint, direction).filter((policy) =>
    (policy[direction] ?? []).some((rule) => {
      const open = !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => p.ipBlock);
      return open && !reach.rulePorts(rule, direction === 'ingress' ? endpoint : undefined).isEmpty();
    }),
  );
}

/**
 * The workloads `endpoint` can possibly exchange traffic with in one direction, as far as its own policies decide
 * (`Reachability.candidatePeers`): a filter before asking Reachability about each pair, never a verdict.
 */
export function possiblePeers(reach: Reachability, endpoint: Endpoint, direction: Direction): Set<Workload> | undefined {
  return reach.candidatePeers(endpoint, direction);
}
