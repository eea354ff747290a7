// "Generate policy tests from current reachability": today's connectivity as a policy test file, so that a later
// change to the policies that alters it fails a test. Allowed connections where a policy is involved (one side is
// isolated) become allow cases on exactly their ports; denied connections become a representative set of deny
// cases (isolated workloads with namespaces taking turns: a peer from another namespace, one from its own, then the
// outside world when it is unreachable).
import { dnsEndpoints } from '../dns';
import { externalAccess } from '../external-access';
import type { Model } from '../model';
import { PortSet } from '../ports';
import { Endpoint, Reachability } from '../reach';
import { PROTOCOLS, Workload } from '../types';
import { ANY_PEER, PeerIndex } from './peer-index';
import { describeVerdict } from './verdict-text';

export interface GenerateOptions {
  /** Most allow cases written (default 500); the rest are counted in a comment. */
  maxAllowCases?: number;
  /** Most deny cases written (default 40). */
  maxDenyCases?: number;
  reach?: Reachability;
}

interface GeneratedCase {
  name: string;
  why: string;
  from: string;
  to: string;
  ports?: PortSet;
  expect: 'allow' | 'deny';
}

const EVERYWHERE = '0.0.0.0/0';

/** The text of a `*.netpol-test.yaml` file pinning the model's current reachability. Every case passes on `model`. */
export function generatePolicyTests(model: Model, options: GenerateOptions = {}): string {
  const reach = options.reach ?? new Reachability(model);
  const maxAllow = options.maxAllowCases ?? 500;
  const maxDeny = options.maxDenyCases ?? 40;
  // Only workloads a test case can name: one with an empty or invalid name (mid-edit, or rejected by the API server)
  // would be written as e.g. `from: default/`, an invalid case (found by fuzzing: test/fuzz/regressions.test.ts).
  const workloads = [...model.workloads].filter(nameable).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const name = shortNames(workloads);
  const isolated = (e: Endpoint, direction: 'ingress' | 'egress'): boolean => reach.isolatedBy(e, direction).length > 0;
  const index = new PeerIndex(model, reach);
  const byId = new Map(workloads.map((w) => [w.id, w]));
  // Every allowed pair with an isolated side, found through the peers the isolated side's rules can admit.
  const allowed = new Map<Workload, Map<Workload, PortSet>>();
  const consider = (from: Workload, to: Workload): void => {
    if (from === to || allowed.get(from)?.has(to)) return;
    const ports = reach.allowed(from, to);
    if (ports.isEmpty()) return;
    let row = allowed.get(from);
    if (!row) allowed.set(from, (row = new Map()));
    row.set(to, ports);
  };
  const peersOf = (w: Workload, direction: 'ingress' | 'egress'): readonly Workload[] => {
    const ids = index.candidates(w, direction);
    return ids === ANY_PEER ? workloads : [...ids].map((id) => byId.get(id)).filter((p): p is Workload => p !== undefined);
  };
  for (const w of workloads) {
    if (isolated(w, 'ingress')) for (const source of peersOf(w, 'ingress')) consider(source, w);
    if (isolated(w, 'egress')) for (const destination of peersOf(w, 'egress')) consider(w, destination);
  }
  const isAllowed = (from: Workload, to: Workload): boolean => allowed.get(from)?.has(to) ?? false;

  // Allowed pairs are cheap to list; a case (with its explanation) is built only for those written.
  const allowPairs: { from: Endpoint; to: Endpoint; fromName: string; toName: string; ports: PortSet }[] = [];
  for (const from of workloads) {
    const row = allowed.get(from);
    if (!row) continue;
    for (const to of [...row.keys()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      allowPairs.push({ from, to, fromName: name(from), toName: name(to), ports: row.get(to)! });
    }
  }
  // Cluster DNS the workspace does not define is still reached by name (kube-system/coredns, assumed).
  const dns = dnsEndpoints(model, model.options.dns);
  if (dns.assumed) {
    const target = dns.endpoints[0];
    const targetName = `${target.namespace}/${target.name}`;
    for (const from of workloads) {
      if (!isolated(from, 'egress')) continue;
      const ports = reach.allowed(from, target);
      if (!ports.isEmpty()) allowPairs.push({ from, to: target, fromName: name(from), toName: targetName, ports });
    }
  }
  const allows = allowPairs.slice(0, maxAllow).map((p) => allowCase(reach, p.from, p.to, p.fromName, p.toName, p.ports));

  // Deny cases, spread over the repository: namespaces take turns, and each isolated workload first gets a peer
  // from another namespace, then one from its own, then the outside world.
  const denies: GeneratedCase[] = [];
  const seen = new Set<string>();
  let moreDenied = false;
  const deny = (from: Workload, to: Workload): void => {
    const key = `${from.id}\u0000${to.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (denies.length >= maxDeny) {
      moreDenied = true;
      return;
    }
    denies.push({ name: `${name(from)} cannot reach ${name(to)}`, why: denialWhy(reach, from, to), from: name(from), to: name(to), expect: 'deny' });
  };
  const targets = takingTurns(workloads.filter((w) => isolated(w, 'ingress') || isolated(w, 'egress')));
  const passes: ((w: Workload) => void)[] = [
    (w) => {
      if (isolated(w, 'ingress')) {
        const source = firstCutOff(workloads, (p) => p.namespace !== w.namespace && !isAllowed(p, w));
        if (source) return deny(source, w);
      }
      if (isolated(w, 'egress')) {
        const destination = firstCutOff(workloads, (p) => p.namespace !== w.namespace && !isAllowed(w, p));
        if (destination) deny(w, destination);
      }
    },
    (w) => {
      const local = model.workloadsIn(w.namespace).filter(nameable).sort((a, b) => (a.id < b.id ? -1 : 1));
      if (isolated(w, 'ingress')) {
        const source = firstCutOff(local, (p) => p !== w && !isAllowed(p, w));
        if (source) return deny(source, w);
      }
      if (isolated(w, 'egress')) {
        const destination = firstCutOff(local, (p) => p !== w && !isAllowed(w, p));
        if (destination) deny(w, destination);
      }
    },
    (w) => {
      if (!isolated(w, 'egress') || !externalAccess(reach, w, 'egress').ports.isEmpty()) return;
      if (denies.length >= maxDeny) {
        moreDenied = true;
        return;
      }
      denies.push({
        name: `${name(w)} cannot reach addresses outside the cluster`,
        why: `denied: ${w.id} is egress-isolated and no egress rule admits an address outside the cluster`,
        from: name(w),
        to: `{cidr: ${EVERYWHERE}}`,
        expect: 'deny',
      });
    },
  ];
  for (const pass of passes) {
    for (const w of targets) {
      if (moreDenied) break;
      pass(w);
    }
  }

  const namespaces = new Set(workloads.map((w) => w.namespace));
  const lines = [
    '# netpol-lens policy tests',
    `# Generated from the current reachability of ${workloads.length} workload(s) in ${namespaces.size} namespace(s)`,
    '# ("Generate policy tests from current reachability", or netpol-lens test --generate). Each case pins what the',
    '# policies allow or deny today: keep the ones that state an intent, edit or delete the rest. The editor and',
    '# netpol-lens test then fail a case as soon as a policy change breaks it.',
    allows.length + denies.length === 0 ? 'tests: [] # no workload is isolated by a policy: nothing to pin yet' : 'tests:',
  ];
  if (allows.length) {
    lines.push('  # Allowed today, with a policy involved (one side or both are isolated), on exactly these ports.');
    for (const c of allows) lines.push(...caseLines(c));
    if (allowPairs.length > maxAllow) lines.push(`  # … and ${allowPairs.length - maxAllow} more allowed connection(s), left out.`);
  }
  if (denies.length) {
    lines.push('  # Denied today (every TCP port), a representative set: isolated workloads, namespaces taking turns.');
    for (const c of denies) lines.push(...caseLines(c));
    if (moreDenied) lines.push(`  # … more denied connections exist; at most ${maxDeny} deny cases are written.`);
  }
  return lines.join('\n') + '\n';
}

function allowCase(reach: Reachability, from: Endpoint, to: Endpoint, fromName: string, toName: string, ports: PortSet): GeneratedCase {
  const first = PROTOCOLS.map((p) => ({ protocol: p, ranges: ports.get(p) })).find((x) => x.ranges.length)!;
  const verdict = reach.explain(from, to, first.protocol, first.ranges[0][0]);
  return {
    name: `${fromName} reaches ${toName} on ${ports.toString()}`,
    why: describeVerdict(verdict, from.id ?? fromName, to.id ?? toName),
    from: fromName,
    to: toName,
    ports,
    expect: 'allow',
  };
}

/** Which side refuses, for a pair with no port allowed at all. */
function denialWhy(reach: Reachability, from: Workload, to: Workload): string {
  const egress = reach.egressAllowed(from, to);
  const ingress = reach.ingressAllowed(from, to);
  const by = (w: Workload, direction: 'ingress' | 'egress'): string => reach.isolatedBy(w, direction).map((p) => p.id).join(', ');
  const parts: string[] = [];
  if (egress.isEmpty()) parts.push(`${from.id}'s egress (isolated by ${by(from, 'egress')}) allows nothing to ${to.id}`);
  if (ingress.isEmpty()) parts.push(`${to.id}'s ingress (isolated by ${by(to, 'ingress')}) admits nothing from ${from.id}`);
  if (parts.length === 0) parts.push(`egress allows only ${egress.toString()} and ingress only ${ingress.toString()}`);
  return `denied: ${parts.join('; and ')}`;
}

function firstCutOff(workloads: readonly Workload[], cutOff: (peer: Workload) => boolean): Workload | undefined {
  return workloads.find(cutOff);
}

/** Workloads reordered so that namespaces take turns: the first of each namespace, then the second of each, … */
function takingTurns(workloads: readonly Workload[]): Workload[] {
  const byNamespace = new Map<string, Workload[]>();
  for (const w of workloads) {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(w);
    else byNamespace.set(w.namespace, [w]);
  }
  const lists = [...byNamespace.values()];
  const out: Workload[] = [];
  for (let i = 0; out.length < workloads.length; i++) for (const list of lists) if (i < list.length) out.push(list[i]);
  return out;
}

/** A namespace and name the test file syntax accepts (DNS labels / subdomains, as schemas/netpol-test.schema.json says). */
function nameable(w: Workload): boolean {
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(w.namespace) && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(w.name);
}

/** `ns/name` where the name is unique in its namespace, else `ns/Kind/name`. */
function shortNames(workloads: readonly Workload[]): (w: Workload) => string {
  const count = new Map<string, number>();
  for (const w of workloads) count.set(`${w.namespace}/${w.name}`, (count.get(`${w.namespace}/${w.name}`) ?? 0) + 1);
  return (w) => (count.get(`${w.namespace}/${w.name}`) === 1 ? `${w.namespace}/${w.name}` : w.id);
}

function caseLines(c: GeneratedCase): string[] {
  const lines = [`  # ${c.why}`, `  - name: ${JSON.stringify(c.name)}`, `    from: ${c.from}`, `    to: ${c.to}`];
  if (c.ports) lines.push(...portLines(c.ports));
  lines.push(`    expect: ${c.expect}`);
  return lines;
}

/** A port set in the test file's terms: `port:` (and `protocol:`) for one entry, else a `ports:` list. */
function portLines(ports: PortSet): string[] {
  const entries: { protocol: string; port?: number; endPort?: number }[] = [];
  for (const protocol of PROTOCOLS) {
    if (ports.isAllOf(protocol)) entries.push({ protocol });
    else for (const [lo, hi] of ports.get(protocol)) entries.push({ protocol, port: lo, endPort: hi > lo ? hi : undefined });
  }
  if (entries.length === 1) {
    const e = entries[0];
    const lines: string[] = [];
    if (e.port !== undefined) lines.push(`    port: ${e.port}`);
    if (e.endPort !== undefined) lines.push(`    endPort: ${e.endPort}`);
    if (e.protocol !== 'TCP') lines.push(`    protocol: ${e.protocol}`);
    return lines;
  }
  const flow = entries.map((e) => {
    if (e.protocol === 'TCP' && e.port !== undefined && e.endPort === undefined) return String(e.port);
    const parts = [e.port !== undefined ? `port: ${e.port}` : '', e.endPort !== undefined ? `endPort: ${e.endPort}` : '', `protocol: ${e.protocol}`].filter(Boolean);
    return `{${parts.join(', ')}}`;
  });
  return [`    ports: [${flow.join(', ')}]`];
}
