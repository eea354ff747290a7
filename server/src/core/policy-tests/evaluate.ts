// Checking policy test cases against a model. A case names two sides (workloads, selected pods, whole namespaces,
// or addresses outside the cluster), some ports and an expectation:
//
// - `expect: allow` holds when every listed port is allowed for every (source, destination) pair;
// - `expect: deny` holds when no listed port is allowed for any pair.
//
// Pod-to-pod pairs use Reachability.allowed/explain; pod-to-address traffic is checked against the ipBlock rules of
// the pod's side over the whole tested CIDR (egressToAddress/ingressFromAddress explain the address that breaks the
// expectation). Pods with the same namespace, labels and ports behave identically, so each such class is checked
// once. A side that resolves to nothing (an unknown workload, a selector matching nothing) fails the case.
import { parseCidr, parseIp } from '../cidr';
import { dnsEndpoints } from '../dns';
import type { Model } from '../model';
import { PortSet } from '../ports';
import { DirectionVerdict, Endpoint, Reachability } from '../reach';
import { nearest } from '../schema-validation';
import { formatSelector, selectorMatches } from '../selector';
import { suggestLabels } from '../suggest';
import { LabelSelector, Protocol, PROTOCOLS, RelatedInfo, Service, WORKLOAD_KINDS } from '../types';
import { AddressSet } from '../address-set';
import { ANY_PEER, PeerIndex } from './peer-index';
import { endpointText, portsText } from './read';
import type { EndpointRef, Expectation, InvalidTestCase, PolicyTestCase, PolicyTestFile, PolicyTestFileResult, PolicyTestResult, TestPort } from './types';
import { describeAddressVerdict, describeVerdict, portText, verdictRelated } from './verdict-text';

export type Resolution<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Resolution<T> => ({ ok: true, value });
const no = <T>(reason: string): Resolution<T> => ({ ok: false, reason });

export interface PodSide {
  kind: 'pods';
  endpoints: Endpoint[];
  /** A Service named as the destination: its ports are translated to the pods' target ports. */
  service?: Service;
}

export interface AddressSide {
  kind: 'address';
  addresses: AddressSet;
  text: string;
}

export type Side = PodSide | AddressSide;

/** Endpoints that behave identically under every policy: same namespace, labels and container ports. */
interface EndpointClass {
  representative: Endpoint;
  size: number;
  /** Every member's id. */
  ids: string[];
}

/** Every policy test of the model, file by file (in path order), each file's cases in the order written. */
export function runPolicyTests(model: Model, reach: Reachability = new Reachability(model)): PolicyTestFileResult[] {
  const files = model.files.filter((f) => f.policyTests).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (files.length === 0) return [];
  const index = peerIndex(model, reach);
  return files.map((f) => fileResults(f.file, f.policyTests!, model, reach, index));
}

function invalidResult(c: InvalidTestCase): PolicyTestResult {
  const reason = `invalid case: ${c.problems.join('; ')}`;
  return {
    file: c.file,
    index: c.index,
    name: c.name,
    status: 'invalid',
    summary: reason,
    reason,
    spans: { case: c.span, head: c.headSpan },
    related: [],
    pairs: { checked: 0, failed: 0 },
  };
}

export function endpointLabel(e: Endpoint): string {
  return e.id ?? `${e.namespace}/${e.kind ?? 'Pod'}/${e.name ?? '?'}`;
}

/** The results of one test file (for a hover or a code lens on it), or undefined when `file` holds no tests. */
export function runPolicyTestsIn(model: Model, file: string, reach: Reachability = new Reachability(model)): PolicyTestFileResult | undefined {
  const f = model.files.find((x) => x.file === file && x.policyTests);
  if (!f) return undefined;
  return fileResults(file, f.policyTests!, model, reach, peerIndex(model, reach));
}

function fileResults(file: string, tests: PolicyTestFile, model: Model, reach: Reachability, index: PeerIndex): PolicyTestFileResult {
  const results = [...tests.cases.map((c) => runPolicyTest(c, model, reach, index)), ...tests.invalid.map(invalidResult)];
  return { file, results: results.sort((a, b) => a.index - b.index) };
}

function peerIndex(model: Model, reach: Reachability): PeerIndex {
  const dns = dnsEndpoints(model, model.options.dns);
  return new PeerIndex(model, reach, dns.assumed ? dns.endpoints : []);
}

/** Checks one case. */
export function runPolicyTest(c: PolicyTestCase, model: Model, reach: Reachability, index = peerIndex(model, reach)): PolicyTestResult {
  const result: PolicyTestResult = {
    file: c.file,
    index: c.index,
    name: c.name,
    status: 'pass',
    expect: c.expect,
    summary: '',
    spans: { case: c.span, head: c.headSpan, from: c.fromSpan, to: c.toSpan, ports: c.portsSpan, expect: c.expectSpan },
    related: [],
    pairs: { checked: 0, failed: 0 },
  };
  const fail = (reason: string, related: RelatedInfo[] = []): PolicyTestResult => ({ ...result, status: 'fail', summary: reason, reason, related });

  const from = resolveSide(c.from, model, reach);
  if (!from.ok) return fail(`from: ${from.reason}`);
  const to = resolveSide(c.to, model, reach);
  if (!to.ok) return fail(`to: ${to.reason}`);
  if (from.value.kind === 'address' && to.value.kind === 'address') {
    return fail('from and to are both addresses outside the cluster; NetworkPolicy decides traffic to or from pods only');
  }
  let ports = c.ports;
  if (to.value.kind === 'pods' && to.value.service) {
    const translated = throughService(ports, to.value.service);
    if (!translated.ok) return fail(`to: ${translated.reason}`);
    ports = translated.value;
  }
  const outcome =
    from.value.kind === 'pods' && to.value.kind === 'pods'
      ? checkPods(from.value, to.value, ports, c.expect, reach, index)
      : checkAddress(from.value, to.value, ports, c.expect, reach);
  if ('error' in outcome) return fail(outcome.error);
  result.pairs = { checked: outcome.checked, failed: outcome.failed };
  const what = portsText(c.ports);
  if (outcome.failure) return fail(`expected ${c.expect}, but ${outcome.failure.sentence}${countText(outcome.failed, outcome.checked)}`, outcome.failure.related);
  if (!outcome.sample) return { ...result, summary: `nothing to check on ${what}` };
  const where = to.value.kind === 'address' ? ` for ${to.value.text}` : from.value.kind === 'address' ? ` from ${from.value.text}` : '';
  const verdict = c.expect === 'allow' ? 'allowed' : 'denied';
  return { ...result, summary: `${verdict} as expected on ${what}${where} (${pairsText(outcome.checked)}); e.g. ${outcome.sample.sentence}`, related: outcome.sample.related };
}

/** One connection in words, with the rules or isolations behind its verdict. */
interface Shown {
  sentence: string;
  related: RelatedInfo[];
}

type Outcome = { error: string } | { checked: number; failed: number; failure?: Shown; sample?: Shown };

/** Every (source, destination) pod pair against the expectation; the first breaking pair, or a keeping one, in words. */
function checkPods(from: PodSide, to: PodSide, ports: readonly TestPort[], expect: Expectation, reach: Reachability, index: PeerIndex): Outcome {
  let checked = 0;
  let failed = 0;
  let failure: Pair | undefined;
  let sample: Pair | undefined;
  const sources = classes(from.endpoints);
  const sourceCount = sources.reduce((n, cls) => n + cls.size, 0);
  const classOf = new Map<string, EndpointClass>();
  for (const cls of sources) for (const id of cls.ids) classOf.set(id, cls);
  for (const destination of classes(to.endpoints)) {
    const d = destination.representative;
    const wanted = resolvePorts(ports, d);
    if (!wanted.ok) return { error: `to: ${wanted.reason}` };
    // An ingress-isolated destination admits only the sources its rules' peers select: every other source gets
    // nothing, so only the candidates need Reachability (this keeps namespace-wide cases fast).
    const into = index.candidates(d, 'ingress');
    const candidates = into === ANY_PEER ? sources : [...new Set([...into].map((id) => classOf.get(id)).filter((cls): cls is EndpointClass => cls !== undefined))];
    const shutOut = sourceCount - candidates.reduce((n, cls) => n + cls.size, 0);
    checked += sourceCount * destination.size;
    if (shutOut > 0 && (expect === 'allow' ? !failure : !sample)) {
      const admitted = new Set(candidates);
      const s = sources.find((cls) => !admitted.has(cls))!.representative;
      if (expect === 'allow') failure = { from: s, to: d, ...witnessPort(wanted.value, d)! };
      else sample = { from: s, to: d, ...witnessPort(wanted.value, d)! };
    }
    if (shutOut > 0 && expect === 'allow') failed += shutOut * destination.size;
    for (const source of candidates) {
      const s = source.representative;
      const out = index.candidates(s, 'egress');
      let broken: PortSet;
      if (out !== ANY_PEER && !out.has(d.id!)) broken = expect === 'allow' ? wanted.value : PortSet.EMPTY;
      else {
        const allowed = reach.allowed(s, d);
        broken = expect === 'allow' ? wanted.value.subtract(allowed) : wanted.value.intersect(allowed);
      }
      if (broken.isEmpty()) {
        sample ??= { from: s, to: d, ...witnessPort(wanted.value, d)! };
        continue;
      }
      failed += source.size * destination.size;
      failure ??= { from: s, to: d, ...witnessPort(broken, d)! };
    }
  }
  const show = (p: Pair | undefined): Shown | undefined => {
    if (!p) return undefined;
    const verdict = reach.explain(p.from, p.to, p.protocol, p.port);
    const [a, b] = [endpointLabel(p.from), endpointLabel(p.to)];
    return { sentence: `${a} → ${b} on ${portText(p.protocol, p.port)} is ${describeVerdict(verdict, a, b)}`, related: verdictRelated([verdict.egress, verdict.ingress]) };
  };
  return { checked, failed, failure: show(failure), sample: failure ? undefined : show(sample) };
}

interface Pair {
  from: Endpoint;
  to: Endpoint;
  protocol: Protocol;
  port: number;
}

/** Pods and an address outside the cluster: only the pods' side has policies to consult. */
function checkAddress(from: Side, to: Side, ports: readonly TestPort[], expect: Expectation, reach: Reachability): Outcome {
  const pods = from.kind === 'pods' ? from : (to as PodSide);
  const address = from.kind === 'address' ? from : (to as AddressSide);
  const direction = from.kind === 'pods' ? 'egress' : 'ingress';
  let checked = 0;
  let failed = 0;
  let failure: { endpoint: Endpoint; protocol: Protocol; port: number; address: string } | undefined;
  let sample: typeof failure;
  for (const cls of classes(pods.endpoints)) {
    // Named ports resolve on the destination: the pods for ingress, nothing for an address.
    const wanted = resolvePorts(ports, direction === 'ingress' ? cls.representative : undefined);
    if (!wanted.ok) return { error: `${direction === 'ingress' ? 'to' : 'from'}: ${wanted.reason}` };
    const outcome = holdsForAddresses(reach, cls.representative, direction, address.addresses, wanted.value, expect);
    checked += cls.size;
    if (!outcome.witness) continue;
    const at = { endpoint: cls.representative, ...outcome.witness };
    if (!outcome.holds) {
      failed += cls.size;
      failure ??= at;
    } else sample ??= at;
  }
  const show = (w: typeof failure): Shown | undefined => {
    if (!w) return undefined;
    const verdict: DirectionVerdict =
      direction === 'egress' ? reach.egressToAddress(w.endpoint, w.address, w.protocol, w.port) : reach.ingressFromAddress(w.address, w.endpoint, w.protocol, w.port);
    const label = endpointLabel(w.endpoint);
    const pair = direction === 'egress' ? `${label} → ${w.address}` : `${w.address} → ${label}`;
    return {
      sentence: `${pair} on ${portText(w.protocol, w.port)} is ${describeAddressVerdict(verdict, label, w.address, w.protocol, w.port)}`,
      related: verdictRelated([verdict]),
    };
  };
  return { checked, failed, failure: show(failure), sample: failure ? undefined : show(sample) };
}

function countText(failed: number, checked: number): string {
  return checked > 1 ? ` (${failed} of ${checked} pairs fail)` : '';
}

function pairsText(n: number): string {
  return `${n} pair${n === 1 ? '' : 's'}`;
}

/** A port of `set` to explain by: one the destination listens on when there is one (TCP 8080 reads better than TCP 1). */
function witnessPort(set: PortSet, destination: Endpoint): { protocol: Protocol; port: number } | undefined {
  const declared = destination.ports.find((p) => set.has(p.protocol, p.port));
  if (declared) return { protocol: declared.protocol, port: declared.port };
  for (const protocol of PROTOCOLS) {
    const ranges = set.get(protocol);
    if (ranges.length) return { protocol, port: ranges[0][0] };
  }
  return undefined;
}

const classKeys = new WeakMap<Endpoint, string>();

function classKey(e: Endpoint): string {
  let key = classKeys.get(e);
  if (key === undefined) {
    const labels = Object.keys(e.labels).sort().map((k) => `${k}=${e.labels[k]}`);
    const ports = e.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).sort();
    key = JSON.stringify([e.namespace, labels, ports]);
    classKeys.set(e, key);
  }
  return key;
}

function classes(endpoints: readonly Endpoint[]): EndpointClass[] {
  const byKey = new Map<string, EndpointClass>();
  for (const e of endpoints) {
    const key = classKey(e);
    const cls = byKey.get(key);
    if (cls) {
      cls.size++;
      cls.ids.push(endpointLabel(e));
    } else byKey.set(key, { representative: e, size: 1, ids: [endpointLabel(e)] });
  }
  return [...byKey.values()];
}

// Resolving sides -------------------------------------------------------------------------------------------------

export function resolveSide(ref: EndpointRef, model: Model, reach: Reachability): Resolution<Side> {
  switch (ref.kind) {
    case 'address': {
      const addresses = addressesOf(ref.text, ref.single);
      return addresses ? ok({ kind: 'address', addresses, text: ref.text }) : no(`"${ref.text}" is not ${ref.single ? 'an IP address' : 'a CIDR'}`);
    }
    case 'workload':
      return resolveWorkload(ref, model);
    case 'namespace': {
      const candidates = endpointsIn(model, [ref.namespace]);
      if (candidates.length === 0) {
        const known = [...model.namespaces.keys()].filter((n) => model.workloadsIn(n).length > 0);
        const near = nearest(ref.namespace, known);
        return no(`namespace ${ref.namespace} has no workloads in the workspace${near ? ` (did you mean ${near}?)` : ''}`);
      }
      return selectPods(candidates, ref.podSelector, `namespace ${ref.namespace}`);
    }
    case 'namespaces': {
      const names = reach.namespacesMatching(ref.namespaceSelector);
      if (names.length === 0) {
        const hint = suggestLabels(ref.namespaceSelector, [...model.namespaces.values()].map((n) => n.labels), ['kubernetes.io/metadata.name']);
        return no(`namespaceSelector ${formatSelector(ref.namespaceSelector)} matches no namespace.${hint}`);
      }
      const candidates = endpointsIn(model, names);
      const where = `namespaces ${listed(names)}`;
      if (candidates.length === 0) return no(`${where} have no workloads in the workspace`);
      return selectPods(candidates, ref.podSelector, where);
    }
  }
}

/** Workloads of the namespaces, plus cluster DNS where the workspace does not define it (assumed, as the DNS rule does). */
function endpointsIn(model: Model, namespaces: readonly string[]): Endpoint[] {
  const found: Endpoint[] = namespaces.flatMap((ns) => model.workloadsIn(ns));
  const dns = dnsEndpoints(model, model.options.dns);
  if (dns.assumed && namespaces.includes(model.options.dns.namespace)) found.push(...dns.endpoints);
  return found;
}

function selectPods(candidates: Endpoint[], podSelector: LabelSelector | undefined, where: string): Resolution<Side> {
  if (!podSelector) return ok({ kind: 'pods', endpoints: candidates });
  const selected = candidates.filter((e) => selectorMatches(podSelector, e.labels));
  if (selected.length === 0) {
    return no(`podSelector ${formatSelector(podSelector)} matches no workload in ${where}.${suggestLabels(podSelector, candidates.map((e) => e.labels))}`);
  }
  return ok({ kind: 'pods', endpoints: selected });
}

function addressesOf(text: string, single: boolean): AddressSet | undefined {
  if (single) {
    const ip = parseIp(text);
    return ip ? AddressSet.ofCidr({ ...ip, prefix: ip.version === 4 ? 32 : 128, hostBitsSet: false, text }) : undefined;
  }
  const cidr = parseCidr(text);
  return cidr ? AddressSet.ofCidr(cidr) : undefined;
}

function resolveWorkload(ref: Extract<EndpointRef, { kind: 'workload' }>, model: Model): Resolution<Side> {
  const text = endpointText(ref);
  if (ref.workloadKind?.toLowerCase() === 'service') return resolveService(ref.namespace, ref.name, model);
  let kind: string | undefined;
  if (ref.workloadKind !== undefined) {
    const kinds = [...WORKLOAD_KINDS, 'Service'];
    kind = WORKLOAD_KINDS.find((k) => k.toLowerCase() === ref.workloadKind!.toLowerCase());
    if (!kind) {
      const near = nearest(ref.workloadKind, kinds);
      return no(`unknown kind ${ref.workloadKind} in ${text}${near ? ` (did you mean ${near}?)` : ''}: write one of ${kinds.join(', ')}`);
    }
  }
  const inNamespace = endpointsIn(model, [ref.namespace]);
  const matches = inNamespace.filter((e) => e.name === ref.name && (!kind || e.kind === kind)).sort((a, b) => ((a.kind ?? '') < (b.kind ?? '') ? -1 : 1));
  if (matches.length === 1) return ok({ kind: 'pods', endpoints: matches });
  if (matches.length > 1) {
    const kindsFound = matches.map((e) => `${e.kind}/${e.name}`);
    return no(`${text} is ambiguous: ${kindsFound.join(' and ')} in ${ref.namespace}; write ${ref.namespace}/${matches[0].kind}/${ref.name}`);
  }
  if (inNamespace.length === 0) {
    const known = [...model.namespaces.keys()].filter((n) => model.workloadsIn(n).length > 0);
    const near = nearest(ref.namespace, known);
    return no(`no workload ${text}: namespace ${ref.namespace} has no workloads in the workspace${near ? ` (did you mean ${near}/${ref.name}?)` : ''}`);
  }
  const names = inNamespace.filter((e) => !kind || e.kind === kind).map((e) => e.name ?? '');
  const near = nearest(ref.name, names);
  return no(`no ${kind ?? 'workload'} ${text} in the workspace${near ? ` (did you mean ${ref.namespace}/${near}?)` : ''}`);
}

function resolveService(namespace: string, name: string, model: Model): Resolution<Side> {
  const service = model.services.find((s) => s.namespace === namespace && s.name === name);
  if (!service) {
    const near = nearest(name, model.services.filter((s) => s.namespace === namespace).map((s) => s.name));
    return no(`no Service ${namespace}/${name} in the workspace${near ? ` (did you mean ${namespace}/Service/${near}?)` : ''}`);
  }
  const selector = service.selector;
  if (!selector || Object.keys(selector).length === 0) {
    return no(`Service ${namespace}/${name} has no selector: its endpoints are managed elsewhere, so there are no pods to test`);
  }
  const pods = model.workloadsIn(namespace).filter((w) => Object.entries(selector).every(([k, v]) => w.labels[k] === v));
  if (pods.length === 0) {
    const shown = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    return no(`Service ${namespace}/${name} selects no workload in the workspace (selector ${shown})`);
  }
  return ok({ kind: 'pods', endpoints: pods, service });
}

// Ports -----------------------------------------------------------------------------------------------------------

/** A Service's ports as the pods see them: each tested Service port becomes its targetPort (number or name). */
export function throughService(ports: readonly TestPort[], service: Service): Resolution<TestPort[]> {
  const out: TestPort[] = [];
  const known = service.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''} → ${p.targetPort}`).join(', ') || 'none';
  for (const tp of ports) {
    if (tp.endPort !== undefined) {
      return no(`a port range cannot be tested through Service ${service.namespace}/${service.name}: test the pods' ports on the workload instead`);
    }
    const matching = service.ports.filter(
      (sp) => sp.protocol === tp.protocol && (tp.port === undefined || (typeof tp.port === 'number' ? sp.port === tp.port : sp.name === tp.port)),
    );
    if (matching.length === 0) {
      const what = tp.port === undefined ? `${tp.protocol} port` : `port ${tp.port}/${tp.protocol}`;
      return no(`Service ${service.namespace}/${service.name} has no ${what} (its ports: ${known})`);
    }
    for (const sp of matching) out.push({ port: sp.targetPort, protocol: sp.protocol, span: tp.span });
  }
  return ok(out);
}

/** The ports a case tests towards `destination`; named ports resolve on its container ports. */
export function resolvePorts(ports: readonly TestPort[], destination: Endpoint | undefined): Resolution<PortSet> {
  let set = PortSet.EMPTY;
  for (const tp of ports) {
    if (tp.port === undefined) set = set.union(PortSet.allOf(tp.protocol));
    else if (typeof tp.port === 'number') {
      if (tp.endPort !== undefined && tp.endPort < tp.port) return no(`endPort ${tp.endPort} is below port ${tp.port}: the range is empty`);
      set = set.union(PortSet.of(tp.protocol, tp.port, tp.endPort ?? tp.port));
    }
    else {
      if (!destination) return no(`the named port ${tp.port} needs pods to resolve on; an address has none: write the port number`);
      const declared = destination.ports.filter((p) => p.name === tp.port && p.protocol === tp.protocol);
      if (declared.length === 0) {
        const names = [...new Set(destination.ports.filter((p) => p.name).map((p) => `${p.name} (${p.port}/${p.protocol})`))];
        return no(
          `${endpointLabel(destination)} declares no ${tp.protocol} container port named ${tp.port}` +
            (names.length ? `; its named ports: ${names.join(', ')}` : '; it declares no named ports'),
        );
      }
      for (const p of declared) set = set.union(PortSet.of(p.protocol, p.port));
    }
  }
  return ok(set);
}

// Addresses -------------------------------------------------------------------------------------------------------

/**
 * Whether `endpoint`'s policies allow (every address of `target`, on every wanted port) or deny (none of them), in
 * one direction; with a witness: the first address and port that breaks the expectation, or one that keeps it.
 */
function holdsForAddresses(
  reach: Reachability,
  endpoint: Endpoint,
  direction: 'egress' | 'ingress',
  target: AddressSet,
  wanted: PortSet,
  expect: 'allow' | 'deny',
): { holds: boolean; witness?: { protocol: Protocol; port: number; address: string } } {
  const policies = reach.isolatedBy(endpoint, direction);
  const rules = policies.flatMap((policy) =>
    (policy[direction] ?? []).map((rule) => ({
      addresses: !rule.peers || rule.peers.length === 0 ? AddressSet.ALL : rule.peers.reduce((set, p) => (p.ipBlock ? set.union(AddressSet.ofIpBlock(p.ipBlock.cidr, p.ipBlock.except)) : set), AddressSet.EMPTY),
      ports: reach.rulePorts(rule, direction === 'ingress' ? endpoint : undefined),
    })),
  );
  let keeps: { protocol: Protocol; port: number; address: string } | undefined;
  for (const protocol of PROTOCOLS) {
    for (const [lo, hi] of wanted.get(protocol)) {
      // Cut the wanted range where any rule's ports start or stop: within a piece, the same rules apply.
      const cuts = new Set<number>([lo, hi + 1]);
      for (const r of rules) {
        for (const [a, b] of r.ports.get(protocol)) {
          if (b < lo || a > hi) continue;
          cuts.add(Math.max(a, lo));
          cuts.add(Math.min(b, hi) + 1);
        }
      }
      const points = [...cuts].sort((x, y) => x - y);
      for (let i = 0; i + 1 < points.length; i++) {
        const port = points[i];
        const allowed =
          policies.length === 0 ? AddressSet.ALL : rules.filter((r) => r.ports.has(protocol, port)).reduce((set, r) => set.union(r.addresses), AddressSet.EMPTY);
        const broken = expect === 'allow' ? target.subtract(allowed) : target.intersect(allowed);
        if (!broken.isEmpty()) return { holds: false, witness: { protocol, port, address: broken.sample()! } };
        keeps ??= { protocol, port, address: target.sample()! };
      }
    }
  }
  return { holds: true, witness: keeps };
}

function listed(items: readonly string[]): string {
  return items.length > 4 ? `${items.slice(0, 4).join(', ')} and ${items.length - 4} more` : items.join(', ');
}
