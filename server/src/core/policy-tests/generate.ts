// "Generate policy tests from current reachability": today's connectivity as a policy test file, so that a later
// change to the policies that alters it fails a test. Allowed connections where a policy is involved (one side is
// isolated) become allow cases on exactly their ports; denied connections become a representative set of deny
// cases (for each isolated workload, a peer in its own namespace and one in another, and the outside world when it
// is unreachable).
import { dnsEndpoints } from '../dns';
import type { Model } from '../model';
import { PortSet } from '../ports';
import { Endpoint, Reachability } from '../reach';
import { PROTOCOLS, Workload } from '../types';
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
  const workloads = [...model.workloads].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const name = shortNames(workloads);
  const isolated = (e: Endpoint, direction: 'ingress' | 'egress'): boolean => reach.isolatedBy(e, direction).length > 0;
  const allowed = new Map<string, PortSet>();
  const key = (a: Workload, b: Workload): string => `${a.id}\u0000${b.id}`;
  for (const from of workloads) {
    for (const to of workloads) {
      if (from === to) continue;
      const ports = reach.allowed(from, to);
      if (!ports.isEmpty()) allowed.set(key(from, to), ports);
    }
  }

  const allows: GeneratedCase[] = [];
  for (const from of workloads) {
    for (const to of workloads) {
      const ports = allowed.get(key(from, to));
      if (!ports || (!isolated(from, 'egress') && !isolated(to, 'ingress'))) continue;
      allows.push(allowCase(reach, from, to, name(from), name(to), ports));
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
      if (!ports.isEmpty()) allows.push(allowCase(reach, from, target, name(from), targetName, ports));
    }
  }

  const denies: GeneratedCase[] = [];
  const seen = new Set<string>();
  const deny = (from: Workload, to: Workload): void => {
    if (seen.has(key(from, to))) return;
    seen.add(key(from, to));
    denies.push({ name: `${name(from)} cannot reach ${name(to)}`, why: denialWhy(reach, from, to), from: name(from), to: name(to), expect: 'deny' });
  };
  for (const w of workloads) {
    if (isolated(w, 'ingress')) {
      for (const source of representatives(w, workloads.filter((s) => s !== w && !allowed.has(key(s, w))))) deny(source, w);
    }
    if (isolated(w, 'egress')) {
      for (const destination of representatives(w, workloads.filter((d) => d !== w && !allowed.has(key(w, d))))) deny(w, destination);
      const outside = reach.externalAccess(w, 'egress');
      if (outside.ports.isEmpty()) {
        denies.push({
          name: `${name(w)} cannot reach addresses outside the cluster`,
          why: `denied: ${w.id} is egress-isolated and no egress rule admits an address outside the cluster`,
          from: name(w),
          to: `{cidr: ${EVERYWHERE}}`,
          expect: 'deny',
        });
      }
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
    for (const c of allows.slice(0, maxAllow)) lines.push(...caseLines(c));
    if (allows.length > maxAllow) lines.push(`  # … and ${allows.length - maxAllow} more allowed connection(s), left out.`);
  }
  if (denies.length) {
    lines.push('  # Denied today (every TCP port): for each isolated workload, a peer in its namespace and one in another.');
    for (const c of denies.slice(0, maxDeny)) lines.push(...caseLines(c));
    if (denies.length > maxDeny) lines.push(`  # … and ${denies.length - maxDeny} more denied connection(s), left out.`);
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

/** Of the peers `w` is cut off from (sorted by id): the first in its own namespace and the first in another. */
function representatives(w: Workload, peers: readonly Workload[]): Workload[] {
  const same = peers.find((p) => p.namespace === w.namespace);
  const other = peers.find((p) => p.namespace !== w.namespace);
  return [same, other].filter((p): p is Workload => p !== undefined);
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
