// The generated workspace's NetworkPolicies, written the way a platform team keeps them consistent, then a few
// percent of them broken on purpose. Used by gen.ts.
//
// Consistent means what the analysis checks: when a policy admits callers on a port, the callers' egress allows the
// connection (every app namespace is default-deny both ways), and every Service port is admitted from the workloads
// that call it. Per app namespace, after the baseline (default-deny, DNS, Prometheus scrape):
//   allow-<domain>-api   the namespace's public API: callers from sibling namespaces of the same environment
//                        (namespaceSelector AND podSelector), and its own calls to the APIs it uses there
//   allow-frontend       web pods: from the ingress controller; to the backends (http, grpc)
//   allow-backend        api, grpc, worker, statsd pods: from the frontends and batch jobs, from each other; to each
//                        other and to the data stores
//   allow-<store>        postgres, redis, kafka: from the backends (postgres also from batch jobs), between replicas
//   allow-batch          CronJobs: to the APIs and postgres
//   allow-<app>-external egress of one app to an address block outside the cluster (fills the remaining budget)
// A namespace whose budget is smaller merges the data stores into allow-data, or falls back to allow-same-namespace.
//
// Mistakes (rates in MISTAKE_RATES, counted by kind in the workspace's .bench-workspace.json) are the ones review
// misses: a typo in a podSelector, a peer whose label drifted, a misspelled named port, the Service's port written
// where the pod's port is meant, a forgotten egress rule, host bits in a CIDR; per namespace a forgotten DNS egress or
// a namespaceSelector typo in the scrape policy; per workload a container port added to its Service that no policy
// admits.
import type { NamespaceSpec, WorkloadSpec } from './gen';

type Protocol = 'TCP' | 'UDP';

/** How often each mistake is made. Per app policy (after the baseline): `policy`; the rest as named. */
export const MISTAKE_RATES = {
  /** An app policy gets one of the policy mistakes below. */
  policy: 0.03,
  /** A namespace's scrape policy selects namespaces by a misspelled team. */
  scrapeNamespaceTypo: 0.03,
  /** A namespace forgets its DNS egress policy (every twentieth namespace, deterministic). */
  forgottenDnsEvery: 20,
  /** An API workload (not the namespace's public one) has a port in its Service that no policy admits. */
  unadmittedServicePort: 0.01,
};

export interface Rng {
  rand(): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export interface PortEntry {
  port: string | number;
  protocol?: Protocol;
}

export interface Peer {
  namespace?: { labels: Record<string, string>; envIn?: string };
  /** Pod labels; `{}` for every pod of the namespace(s). Absent with a namespace: every pod there. */
  pods?: Record<string, string>;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface RuleSpec {
  comment?: string;
  /** Undefined: from/to anywhere. */
  peers?: Peer[];
  ports?: PortEntry[];
}

export interface PolicySpec {
  name: string;
  namespace: string;
  /** Path under the namespace's folder. */
  file: string;
  comment: string;
  select: Record<string, string>;
  types: ('Ingress' | 'Egress')[];
  ingress?: RuleSpec[];
  egress?: RuleSpec[];
}

/** A port a workload serves, with its number and protocol (what a policy names or numbers). */
interface ServedPort {
  name: string;
  port: number;
  protocol: Protocol;
}

const served = (w: WorkloadSpec): ServedPort[] =>
  [...w.role.ports, ...(w.extraPorts ?? [])].map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' }));

/** Named in half the rules, numbered in the other half (both are common). */
function entries(ports: readonly ServedPort[], named: boolean): PortEntry[] {
  return ports.map((p) => (named ? { port: p.name, ...(p.protocol === 'UDP' ? { protocol: p.protocol } : {}) } : { port: p.port, protocol: p.protocol }));
}

function uniquePorts(workloads: readonly WorkloadSpec[], keep: (p: ServedPort) => boolean): ServedPort[] {
  const seen = new Map<string, ServedPort>();
  for (const w of workloads) for (const p of w.role.ports.map((x) => ({ name: x.name, port: x.port, protocol: x.protocol ?? ('TCP' as Protocol) }))) {
    if (keep(p) && !seen.has(p.name)) seen.set(p.name, p);
  }
  return [...seen.values()];
}

const STORES = ['postgres', 'redis', 'kafka'] as const;

const EXTERNAL = [
  { what: 'The payment provider.', cidr: '203.0.113.0/24', except: ['203.0.113.128/25'], port: 443 },
  { what: 'The SMTP relay.', cidr: '198.51.100.16/28', port: 587 },
  { what: "A partner's API.", cidr: '192.0.2.0/24', port: 443 },
];

interface Plan {
  ns: NamespaceSpec;
  /** The namespace's public API (its first workload), when it has a policy of its own. */
  api?: WorkloadSpec;
  callers: NamespaceSpec[];
  callees: NamespaceSpec[];
  groups: 'full' | 'merged' | 'compact';
  /** App policies (after the baseline) the namespace may have. */
  budget: number;
}

export interface PolicyPlanner {
  /** The baseline and app policies of every app namespace, consistent, then with the mistakes made. */
  appPolicies(ns: NamespaceSpec): PolicySpec[];
}

/** The namespaceSelector that picks `target` among the app namespaces (by name, or by team and environment when that is unambiguous for `appName`). */
function namespacePeer(target: NamespaceSpec, appNamespaces: readonly NamespaceSpec[], appName: string, rng: Rng): Peer['namespace'] {
  const ambiguous = appNamespaces.some((o) => o !== target && o.team === target.team && o.env === target.env && o.workloads.some((w) => w.name === appName));
  if (!ambiguous && rng.chance(0.5)) return { labels: { team: target.team }, envIn: target.env };
  return { labels: { 'kubernetes.io/metadata.name': target.name } };
}

export function planPolicies(appNamespaces: readonly NamespaceSpec[], hasIngressController: boolean, rng: Rng, mistake: (kind: string) => void): PolicyPlanner {
  const plans = new Map<NamespaceSpec, Plan>();
  for (const ns of appNamespaces) {
    const budget = Math.max(0, ns.policyBudget - Math.min(3, ns.policyBudget));
    const first = ns.workloads[0];
    plans.set(ns, {
      ns,
      api: budget >= 2 && first?.role.role === 'api' ? first : undefined,
      callers: [],
      callees: [],
      groups: 'compact',
      budget,
    });
  }
  // Who calls whom: each public API is called by the next namespace of its environment, some by a second one.
  const byEnv = new Map<string, Plan[]>();
  for (const plan of plans.values()) {
    if (!plan.api) continue;
    const list = byEnv.get(plan.ns.env) ?? [];
    list.push(plan);
    byEnv.set(plan.ns.env, list);
  }
  for (const list of byEnv.values()) {
    list.forEach((plan, i) => {
      if (list.length < 2) return;
      const callers = [list[(i + 1) % list.length]];
      if (list.length > 2 && rng.chance(0.35)) {
        const other = list[(i + 2 + Math.floor(rng.rand() * (list.length - 2))) % list.length];
        if (other !== plan && !callers.includes(other)) callers.push(other);
      }
      for (const c of callers) {
        plan.callers.push(c.ns);
        c.callees.push(plan.ns);
      }
    });
  }
  for (const plan of plans.values()) {
    if (plan.api && plan.callers.length === 0 && plan.callees.length === 0) plan.api = undefined;
    const left = plan.budget - (plan.api ? 1 : 0);
    plan.groups = groupPolicies(plan.ns, 'full', hasIngressController).length <= left ? 'full' : groupPolicies(plan.ns, 'merged', hasIngressController).length <= left ? 'merged' : 'compact';
  }

  return {
    appPolicies(ns: NamespaceSpec): PolicySpec[] {
      const plan = plans.get(ns)!;
      const specs: PolicySpec[] = [];
      if (plan.api) specs.push(publicApi(plan, plans, appNamespaces, rng));
      if (plan.budget > specs.length) specs.push(...groupPolicies(ns, plan.groups, hasIngressController).slice(0, plan.budget - specs.length));
      const apps = ns.workloads.filter((w) => w.role.tier === 'backend' && w.role.kind === 'Deployment');
      const used = new Map<string, number>();
      for (let n = 0; specs.length < plan.budget && apps.length > 0; n++) {
        const w = apps[n % apps.length];
        const round = (used.get(w.name) ?? 0) + 1;
        used.set(w.name, round);
        specs.push(external(ns, w, round, rng));
      }
      for (const spec of specs) if (rng.chance(MISTAKE_RATES.policy)) breakPolicy(spec, rng, mistake);
      return specs;
    },
  };
}

/** The namespace's public API: who may call it from other namespaces, and whom it calls there. */
function publicApi(plan: Plan, plans: ReadonlyMap<NamespaceSpec, Plan>, appNamespaces: readonly NamespaceSpec[], rng: Rng): PolicySpec {
  const api = plan.api!;
  const http = served(api).filter((p) => p.name === 'http');
  const ingress: RuleSpec[] = plan.callers.map((caller) => {
    const from = plans.get(caller)!.api!;
    return {
      comment: `Calls from ${caller.name}.`,
      peers: [{ namespace: namespacePeer(caller, appNamespaces, from.name, rng), pods: { 'app.kubernetes.io/name': from.name } }],
      ports: entries(http, rng.chance(0.5)),
    };
  });
  const egress: RuleSpec[] = plan.callees.map((callee) => {
    const to = plans.get(callee)!.api!;
    return {
      comment: `Calls to the ${callee.domain} API.`,
      peers: [{ namespace: namespacePeer(callee, appNamespaces, to.name, rng), pods: { 'app.kubernetes.io/name': to.name } }],
      ports: entries(served(to).filter((p) => p.name === 'http'), rng.chance(0.5)),
    };
  });
  return {
    name: `allow-${api.name}`,
    namespace: plan.ns.name,
    file: `network-policies/${api.name}.yaml`,
    comment: `${api.name}: the ${plan.ns.domain} API, called from other namespaces.`,
    select: { app: api.name },
    types: egress.length ? ['Ingress', 'Egress'] : ['Ingress'],
    ...(ingress.length ? { ingress } : {}),
    ...(egress.length ? { egress } : {}),
  };
}

/** The policies by tier and role of a namespace: `full` (one per data store), `merged` (one for the data tier) or `compact`. */
function groupPolicies(ns: NamespaceSpec, shape: Plan['groups'], hasIngressController: boolean): PolicySpec[] {
  const ws = ns.workloads;
  const tier = (t: string): WorkloadSpec[] => ws.filter((w) => w.role.tier === t);
  const role = (r: string): WorkloadSpec[] => ws.filter((w) => w.role.role === r);
  const frontends = tier('frontend');
  const backends = tier('backend');
  const batch = tier('batch');
  const stores = STORES.filter((s) => role(s).length > 0);
  const spec = (name: string, comment: string, select: Record<string, string>, types: PolicySpec['types'], ingress?: RuleSpec[], egress?: RuleSpec[]): PolicySpec => ({
    name: `allow-${name}`,
    namespace: ns.name,
    file: `network-policies/${name}.yaml`,
    comment,
    select,
    types,
    ...(ingress?.length ? { ingress } : {}),
    ...(egress?.length ? { egress } : {}),
  });
  const fromIngressController: RuleSpec = {
    comment: 'From the ingress controller.',
    ...(hasIngressController
      ? { peers: [{ namespace: { labels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, pods: { 'app.kubernetes.io/name': 'ingress-nginx' } }] }
      : {}),
    ports: entries(uniquePorts(frontends, (p) => p.name === 'http'), true),
  };
  if (shape === 'compact') {
    return [
      spec('same-namespace', `Pods of ${ns.name} talk to each other${frontends.length ? '; the ingress controller reaches the frontends' : ''}.`, {}, ['Ingress', 'Egress'],
        [{ peers: [{ pods: {} }] }, ...(frontends.length ? [fromIngressController] : [])],
        [{ peers: [{ pods: {} }] }]),
    ];
  }
  const backendPorts = uniquePorts(backends, (p) => p.name !== 'metrics');
  const frontPorts = backendPorts.filter((p) => p.name === 'http' || p.name === 'grpc');
  const httpPorts = uniquePorts(role('api'), (p) => p.name === 'http');
  const storePorts = (s: string): ServedPort[] => uniquePorts(role(s), (p) => p.name === s);
  const toStore = (s: string, named: boolean): RuleSpec => ({ peers: [{ pods: { 'app.kubernetes.io/component': s } }], ports: entries(storePorts(s), named) });
  const policies: PolicySpec[] = [];
  if (frontends.length) {
    policies.push(spec('frontend', 'Web frontends: the ingress controller calls them; they call the backends.', { tier: 'frontend' }, ['Ingress', 'Egress'],
      [fromIngressController],
      frontPorts.length ? [{ peers: [{ pods: { tier: 'backend' } }], ports: entries(frontPorts, true) }] : []));
  }
  if (backends.length) {
    const callers = [...(frontends.length ? [{ pods: { tier: 'frontend' } }] : []), ...(batch.length ? [{ pods: { tier: 'batch' } }] : [])];
    policies.push(spec('backend', 'Backends: called by the frontends and batch jobs and by each other; they call the data stores.', { tier: 'backend' }, ['Ingress', 'Egress'],
      [
        ...(callers.length && frontPorts.length ? [{ peers: callers, ports: entries(frontPorts, true) }] : []),
        ...(backendPorts.length ? [{ comment: 'Between backends.', peers: [{ pods: { tier: 'backend' } }], ports: entries(backendPorts, true) }] : []),
      ],
      [
        ...(backendPorts.length ? [{ peers: [{ pods: { tier: 'backend' } }], ports: entries(backendPorts, true) }] : []),
        ...stores.map((s) => toStore(s, false)),
      ]));
  }
  if (shape === 'full') {
    for (const s of stores) {
      const ports = storePorts(s);
      const callers = [{ pods: { tier: 'backend' } }, ...(s === 'postgres' && batch.length ? [{ pods: { tier: 'batch' } }] : [])];
      policies.push(spec(s, `${s}: the backends${s === 'postgres' && batch.length ? ' and batch jobs' : ''} connect; replicas replicate.`, { 'app.kubernetes.io/component': s }, ['Ingress', 'Egress'],
        [{ peers: callers, ports: entries(ports, false) }, { comment: 'Replication.', peers: [{ pods: { 'app.kubernetes.io/component': s } }], ports: entries(ports, true) }],
        [{ comment: 'Replication.', peers: [{ pods: { 'app.kubernetes.io/component': s } }], ports: entries(ports, true) }]));
    }
  } else if (stores.length) {
    const ports = stores.flatMap(storePorts);
    policies.push(spec('data', 'Data stores: the backends connect (batch jobs to postgres); replicas replicate.', { tier: 'data' }, ['Ingress', 'Egress'],
      [
        ...(backends.length ? [{ peers: [{ pods: { tier: 'backend' } }], ports: entries(ports, false) }] : []),
        ...(batch.length && stores.includes('postgres') ? [{ peers: [{ pods: { tier: 'batch' } }], ports: entries(storePorts('postgres'), false) }] : []),
        { comment: 'Replication.', peers: [{ pods: { tier: 'data' } }], ports: entries(ports, true) },
      ],
      [{ comment: 'Replication.', peers: [{ pods: { tier: 'data' } }], ports: entries(ports, true) }]));
  }
  if (batch.length) {
    policies.push(spec('batch', 'Batch jobs call the APIs and write to postgres.', { tier: 'batch' }, ['Egress'], undefined, [
      ...(httpPorts.length ? [{ peers: [{ pods: { 'app.kubernetes.io/component': 'api' } }], ports: entries(httpPorts, true) }] : []),
      ...(stores.includes('postgres') ? [toStore('postgres', false)] : []),
    ]));
  }
  return policies;
}

/** One app's egress to a service outside the cluster. */
function external(ns: NamespaceSpec, w: WorkloadSpec, round: number, rng: Rng): PolicySpec {
  const target = rng.pick(EXTERNAL);
  const suffix = round > 1 ? `-${round}` : '';
  return {
    name: `allow-${w.name}-external${suffix}`,
    namespace: ns.name,
    file: `network-policies/${w.name}-external${suffix}.yaml`,
    comment: `${w.name} calls a service outside the cluster.`,
    select: { app: w.name },
    types: ['Egress'],
    egress: [{ comment: target.what, peers: [{ ipBlock: { cidr: target.cidr, ...(target.except ? { except: target.except } : {}) } }], ports: [{ protocol: 'TCP', port: target.port }] }],
  };
}

/** A plausible typo: two neighbouring letters swapped (`payments-api` → `payments-aip`). */
export function typo(name: string): string {
  for (let i = name.length - 2; i > 0; i--) {
    if (name[i] !== name[i + 1] && /[a-z]/.test(name[i]) && /[a-z]/.test(name[i + 1])) {
      return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
    }
  }
  return `${name}x`;
}

/** Misspelled port names as people write them. */
const WRONG_NAMES: Record<string, string> = { http: 'https', grpc: 'grpcs', statsd: 'stats', postgres: 'postgresql', redis: 'redis-tls', kafka: 'kafka-broker' };

/** One mistake in a policy, chosen among those its shape allows. */
function breakPolicy(spec: PolicySpec, rng: Rng, mistake: (kind: string) => void): void {
  const rules = [...(spec.ingress ?? []), ...(spec.egress ?? [])];
  const options: { kind: string; apply: () => void }[] = [];
  if (spec.select.app) options.push({ kind: 'pod-selector-typo', apply: () => (spec.select = { app: typo(spec.select.app) }) });
  const podPeers = rules.flatMap((r) => (r.peers ?? []).filter((p) => p.pods && Object.keys(p.pods).length === 1));
  if (podPeers.length) {
    options.push({
      kind: 'drifted-peer-label',
      apply: () => {
        const peer = rng.pick(podPeers);
        const [k, v] = Object.entries(peer.pods!)[0];
        peer.pods = { [k]: k === 'tier' ? `${v}s` : `${v}-v2` };
      },
    });
  }
  const named = rules.flatMap((r) => (r.ports ?? []).filter((p) => typeof p.port === 'string' && WRONG_NAMES[p.port]));
  if (named.length) options.push({ kind: 'unknown-named-port', apply: () => { const e = rng.pick(named); e.port = WRONG_NAMES[e.port as string]; } });
  const http = rules.flatMap((r) => (r.ports ?? []).filter((p) => p.port === 'http' || p.port === 8080));
  if (http.length) {
    options.push({
      kind: 'service-port-for-target-port',
      apply: () => {
        const e = rng.pick(http);
        e.port = 80;
        e.protocol = 'TCP';
      },
    });
  }
  const egressToPods = (spec.egress ?? []).filter((r) => r.peers?.some((p) => p.pods));
  // Forgetting the only egress rule of an egress-only policy would deny all egress: a different mistake.
  if (egressToPods.length && (spec.ingress?.length || (spec.egress?.length ?? 0) > 1)) {
    options.push({
      kind: 'forgotten-egress-rule',
      apply: () => {
        const drop = rng.pick(egressToPods);
        spec.egress = spec.egress!.filter((r) => r !== drop);
        if (spec.egress.length === 0) {
          delete spec.egress;
          // Without egress rules an egress policy would deny everything: the author drops the direction too.
          spec.types = spec.types.filter((t) => t !== 'Egress');
          if (spec.types.length === 0) spec.types = ['Egress'];
        }
      },
    });
  }
  const blocks = rules.flatMap((r) => (r.peers ?? []).filter((p) => p.ipBlock));
  if (blocks.length) {
    options.push({
      kind: 'cidr-host-bits',
      apply: () => {
        const b = rng.pick(blocks).ipBlock!;
        b.cidr = b.cidr.replace(/\.0\/(\d+)$/, '.7/$1').replace(/\.16\/28$/, '.17/28');
      },
    });
  }
  if (options.length === 0) return;
  const chosen = rng.pick(options);
  chosen.apply();
  mistake(chosen.kind);
}

const QUOTED = /^(true|false|yes|no|on|off|y|n|~|null|\d[\d.]*)$/i;

function scalar(v: string | number): string {
  return typeof v === 'number' || !QUOTED.test(v) ? String(v) : `"${v}"`;
}

/** `matchLabels` lines (block style, or flow style in some files) at `indent`. */
function labelsYaml(labels: Record<string, string>, indent: number, flow: boolean): string[] {
  const pad = ' '.repeat(indent);
  const entries = Object.entries(labels);
  if (entries.length === 0) return [];
  if (flow) return [`${pad}matchLabels: {${entries.map(([k, v]) => `${k}: ${scalar(v)}`).join(', ')}}`];
  return [`${pad}matchLabels:`, ...entries.map(([k, v]) => `${pad}  ${k}: ${scalar(v)}`)];
}

function selectorYaml(key: string, labels: Record<string, string>, indent: number, flow: boolean, envIn?: string): string[] {
  const pad = ' '.repeat(indent);
  if (Object.keys(labels).length === 0 && !envIn) return [`${pad}${key}: {}`];
  return [
    `${pad}${key}:`,
    ...labelsYaml(labels, indent + 2, flow),
    ...(envIn ? [`${pad}  matchExpressions:`, `${pad}    - {key: env, operator: In, values: [${envIn}]}`] : []),
  ];
}

/** A peer as list-item lines, relative to the column of `from:`/`to:`. */
function peerYaml(peer: Peer, flow: boolean): string[] {
  const lines: string[] = [];
  if (peer.ipBlock) {
    lines.push('ipBlock:', `  cidr: ${peer.ipBlock.cidr}`);
    if (peer.ipBlock.except) lines.push(`  except: [${peer.ipBlock.except.join(', ')}]`);
  }
  if (peer.namespace) lines.push(...selectorYaml('namespaceSelector', peer.namespace.labels, 0, flow, peer.namespace.envIn));
  if (peer.pods) lines.push(...selectorYaml('podSelector', peer.pods, 0, flow));
  return lines.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`));
}

function rulesYaml(direction: 'ingress' | 'egress', rules: readonly RuleSpec[], flow: boolean): string[] {
  const lines = [`  ${direction}:`];
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  for (const rule of rules) {
    if (rule.comment) lines.push(`    # ${rule.comment}`);
    // The rule's lines, relative to the column after `- `.
    const body: string[] = [];
    if (rule.peers) body.push(`${peersKey}:`, ...rule.peers.flatMap((p) => peerYaml(p, flow)));
    if (rule.ports?.length) {
      body.push('ports:');
      for (const p of rule.ports) {
        if (p.protocol && typeof p.port === 'number') body.push(`  - protocol: ${p.protocol}`, `    port: ${p.port}`);
        else body.push(`  - port: ${scalar(p.port)}`, ...(p.protocol ? [`    protocol: ${p.protocol}`] : []));
      }
    }
    if (body.length === 0) lines.push('    - {}');
    else lines.push(...body.map((l, i) => (i === 0 ? `    - ${l}` : `      ${l}`)));
  }
  return lines;
}

export function policyYaml(spec: PolicySpec, rng: Rng): string {
  const flow = rng.chance(0.25);
  const types = rng.chance(0.5) ? [`  policyTypes: [${spec.types.join(', ')}]`] : ['  policyTypes:', ...spec.types.map((t) => `    - ${t}`)];
  return [
    `# ${spec.comment}`,
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${spec.name}`,
    `  namespace: ${spec.namespace}`,
    'spec:',
    ...selectorYaml('podSelector', spec.select, 2, flow),
    ...types,
    ...(spec.ingress ? rulesYaml('ingress', spec.ingress, flow) : []),
    ...(spec.egress ? rulesYaml('egress', spec.egress, flow) : []),
    '',
  ].join('\n');
}
