// The benchmark workspace generator: a GitOps-like repository of the size of a real platform's, written to
// bench/workspaces/<preset>/ (git-ignored). Deterministic: the same preset and seed give byte-identical files.
//
// Layout (one folder per namespace, as Flux/Argo CD repositories are usually organised):
//   platform/<ns>/…                   kube-system (CoreDNS), monitoring (Prometheus), ingress-nginx
//   apps/<ns>/namespace.yaml          a Namespace with team/env/zone labels
//   apps/<ns>/<workload>.yaml         a Deployment or StatefulSet plus its Service (two documents), or a CronJob;
//                                     every seventh namespace keeps all its workloads in one workloads.yaml
//   apps/<ns>/network-policies/       baseline.yaml (default-deny, DNS, monitoring scrape) and one file per app policy
//   apps/<ns>/kustomization.yaml, configmap.yaml, .github/, charts/ … YAML that is not a manifest we analyse
//
// Policies are consistent, as a team that reviews them keeps them: whatever one side of a connection allows, the other
// side allows too, and every Service port is admitted from its callers (gen-policies.ts). A few percent carry the
// mistakes the rules exist for, at the rates in gen-policies.ts's MISTAKE_RATES (podSelector typos, drifted peer
// labels, misspelled named ports, the Service port for the pod's, a forgotten egress rule, forgotten DNS, …).
//
// Usage: npm run bench:gen [-- --preset small|large|huge|all] [--seed N] [--out DIR]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MISTAKE_RATES, planPolicies, policyYaml } from './gen-policies';

export interface Preset {
  name: string;
  namespaces: number;
  workloads: number;
  policies: number;
}

export const PRESETS: Record<string, Preset> = {
  small: { name: 'small', namespaces: 10, workloads: 100, policies: 40 },
  large: { name: 'large', namespaces: 200, workloads: 5000, policies: 2000 },
  huge: { name: 'huge', namespaces: 1000, workloads: 25000, policies: 10000 },
};

export const DEFAULT_SEED = 20240611;
/** Bumped whenever the generated content changes, so that stale workspaces are regenerated. */
export const GENERATOR_VERSION = 2;
// bench/workspaces, whether this runs from bench/ (tsx) or bundled into out/ (for profiling).
export const WORKSPACES_DIR = path.join(__dirname, path.basename(__dirname) === 'bench' ? '' : '../bench', 'workspaces');
const META_FILE = '.bench-workspace.json';

export interface GeneratedWorkspace {
  preset: Preset;
  seed: number;
  dir: string;
  files: number;
  bytes: number;
  /** What was generated, counted by kind. */
  counts: { namespaces: number; workloads: number; services: number; policies: number; noise: number };
  /** Deliberate mistakes, by kind. */
  mistakes: Record<string, number>;
  generatorVersion: number;
}

/** mulberry32: a small, fast, seedable PRNG; good enough to vary names and shapes deterministically. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = [
  'payments', 'checkout', 'orders', 'catalog', 'search', 'identity', 'billing', 'shipping', 'inventory', 'pricing',
  'reviews', 'recommend', 'notify', 'ledger', 'fraud', 'loyalty', 'media', 'geo', 'support', 'reporting',
  'accounts', 'cart', 'promo', 'tax', 'returns', 'warehouse', 'partners', 'audit', 'kyc', 'chat',
  'booking', 'fleet', 'routing', 'quotes', 'claims', 'risk', 'ads', 'feeds', 'export', 'sso',
];
const TEAMS = ['atlas', 'borealis', 'comet', 'draco', 'ember', 'fjord', 'granite', 'helix', 'ion', 'juniper', 'kestrel', 'lumen'];
const ENVS = ['prod', 'staging', 'dev'];
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'us-east-1a', 'us-east-1b'];
const COMPONENTS = [
  'gateway', 'core', 'ledger', 'events', 'sync', 'export', 'import', 'admin', 'public', 'internal', 'edge', 'backoffice',
  'profile', 'session', 'audit', 'metrics', 'index', 'rules', 'router', 'mailer',
];

interface Role {
  role: string;
  kind: 'Deployment' | 'StatefulSet' | 'CronJob';
  tier: string;
  ports: { name: string; port: number; protocol?: 'UDP' }[];
  image: string;
}

const ROLES: Role[] = [
  { role: 'api', kind: 'Deployment', tier: 'backend', ports: [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }], image: 'api' },
  { role: 'web', kind: 'Deployment', tier: 'frontend', ports: [{ name: 'http', port: 8080 }], image: 'web' },
  { role: 'grpc', kind: 'Deployment', tier: 'backend', ports: [{ name: 'grpc', port: 9000 }, { name: 'metrics', port: 9090 }], image: 'svc' },
  { role: 'worker', kind: 'Deployment', tier: 'backend', ports: [{ name: 'metrics', port: 9090 }], image: 'worker' },
  { role: 'postgres', kind: 'StatefulSet', tier: 'data', ports: [{ name: 'postgres', port: 5432 }], image: 'postgres' },
  { role: 'redis', kind: 'StatefulSet', tier: 'data', ports: [{ name: 'redis', port: 6379 }], image: 'redis' },
  { role: 'kafka', kind: 'StatefulSet', tier: 'data', ports: [{ name: 'kafka', port: 9092 }, { name: 'jmx', port: 5556 }], image: 'kafka' },
  { role: 'statsd', kind: 'Deployment', tier: 'backend', ports: [{ name: 'statsd', port: 8125, protocol: 'UDP' }], image: 'statsd' },
  { role: 'reindex', kind: 'CronJob', tier: 'batch', ports: [], image: 'job' },
  { role: 'cleanup', kind: 'CronJob', tier: 'batch', ports: [], image: 'job' },
];
// How often each role appears (weights, same order as ROLES).
const ROLE_WEIGHTS = [6, 3, 3, 3, 2, 2, 1, 1, 1, 1];

export interface WorkloadSpec {
  name: string;
  namespace: string;
  role: Role;
  labels: Record<string, string>;
  replicas: number;
  /** Ports beyond the role's (a mistake: exposed by the Service, admitted by no policy). */
  extraPorts?: Role['ports'];
}

export interface NamespaceSpec {
  name: string;
  domain: string;
  team: string;
  env: string;
  zone: string;
  platform?: 'kube-system' | 'monitoring' | 'ingress-nginx';
  workloads: WorkloadSpec[];
  policyBudget: number;
  /** This namespace "forgets" DNS: default-deny egress and no DNS allowance. */
  forgetsDns: boolean;
  singleFile: boolean;
}

class Writer {
  files = 0;
  bytes = 0;
  constructor(readonly root: string) {}
  write(rel: string, text: string): void {
    const abs = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    this.files++;
    this.bytes += Buffer.byteLength(text);
  }
}

function spread(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/** Label block indented by `indent` spaces. */
function labelBlock(labels: Record<string, string>, indent: number): string {
  const pad = ' '.repeat(indent);
  return Object.entries(labels)
    .map(([k, v]) => `${pad}${k}: ${/^(true|false|yes|no|on|off|y|n|\d[\d.]*)$/i.test(v) ? `"${v}"` : v}`)
    .join('\n');
}

export function generate(preset: Preset, dir = path.join(WORKSPACES_DIR, preset.name), seed = DEFAULT_SEED): GeneratedWorkspace {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const chance = (p: number): boolean => rand() < p;
  const weightedRole = (): Role => {
    const total = ROLE_WEIGHTS.reduce((a, b) => a + b, 0);
    let x = rand() * total;
    for (let i = 0; i < ROLES.length; i++) {
      x -= ROLE_WEIGHTS[i];
      if (x < 0) return ROLES[i];
    }
    return ROLES[0];
  };

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const out = new Writer(dir);
  const mistakes: Record<string, number> = {};
  const mistake = (kind: string): void => {
    mistakes[kind] = (mistakes[kind] ?? 0) + 1;
  };

  // --- namespaces and their workloads -------------------------------------------------------------------------
  const platformNames = ['kube-system', 'monitoring', 'ingress-nginx'] as const;
  const platformCount = Math.min(platformNames.length, Math.max(0, preset.namespaces - 1));
  const namespaces: NamespaceSpec[] = [];
  const usedNsNames = new Set<string>();
  for (let i = 0; i < preset.namespaces; i++) {
    if (i < platformCount) {
      const name = platformNames[i];
      namespaces.push({
        name, domain: 'platform', team: 'platform', env: 'prod', zone: ZONES[0], platform: name,
        workloads: [], policyBudget: 0, forgetsDns: false, singleFile: false,
      });
      usedNsNames.add(name);
      continue;
    }
    const k = i - platformCount;
    const domain = DOMAINS[k % DOMAINS.length];
    const env = ENVS[Math.floor(k / DOMAINS.length) % ENVS.length];
    const cycle = Math.floor(k / (DOMAINS.length * ENVS.length));
    const name = `${domain}${cycle ? `-${cycle + 1}` : ''}-${env}`;
    usedNsNames.add(name);
    namespaces.push({
      name, domain, env,
      team: TEAMS[(k * 7 + cycle) % TEAMS.length],
      zone: pick(ZONES),
      workloads: [], policyBudget: 0,
      forgetsDns: k % MISTAKE_RATES.forgottenDnsEvery === 5,
      singleFile: k % 7 === 3,
    });
  }
  const appNamespaces = namespaces.filter((n) => !n.platform);

  // Platform workloads first (they are what DNS and scrape policies point at), then the apps.
  const platformWorkloads: Record<string, WorkloadSpec> = {};
  const platformRole = (name: string, ports: Role['ports']): Role => ({ role: name, kind: 'Deployment', tier: 'platform', ports, image: name });
  for (const ns of namespaces.filter((n) => n.platform)) {
    let w: WorkloadSpec;
    if (ns.platform === 'kube-system') {
      w = {
        name: 'coredns', namespace: ns.name, replicas: 2,
        role: platformRole('coredns', [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }]),
        labels: { 'k8s-app': 'kube-dns' },
      };
    } else if (ns.platform === 'monitoring') {
      w = {
        name: 'prometheus', namespace: ns.name, replicas: 2,
        role: platformRole('prometheus', [{ name: 'web', port: 9090 }]),
        labels: { app: 'prometheus', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/part-of': 'monitoring' },
      };
    } else {
      w = {
        name: 'ingress-nginx-controller', namespace: ns.name, replicas: 3,
        role: platformRole('ingress-nginx', [{ name: 'http', port: 80 }, { name: 'https', port: 443 }]),
        labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      };
    }
    ns.workloads.push(w);
    platformWorkloads[ns.platform!] = w;
  }
  const appWorkloadTotal = Math.max(0, preset.workloads - Object.keys(platformWorkloads).length);
  appNamespaces.forEach((ns, i) => {
    const count = spread(appWorkloadTotal, appNamespaces.length, i);
    const names = new Set<string>();
    for (let j = 0; j < count; j++) {
      const role = j === 0 ? ROLES[0] : j === 1 ? ROLES[4] : weightedRole();
      let base = `${ns.domain}-${j < 2 ? '' : `${COMPONENTS[(j * 3 + i) % COMPONENTS.length]}-`}${role.role}`;
      base = base.replace('--', '-');
      let name = base;
      for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
      names.add(name);
      // MISTAKE: a port added to the container and its Service, for which nobody wrote a policy.
      const unadmitted = j > 0 && role.role === 'api' && chance(MISTAKE_RATES.unadmittedServicePort);
      if (unadmitted) mistake('service-port-without-policy');
      ns.workloads.push({
        name, namespace: ns.name, role,
        ...(unadmitted ? { extraPorts: [{ name: 'admin', port: 8081 }] } : {}),
        replicas: role.kind === 'StatefulSet' ? 3 : 1 + Math.floor(rand() * 4),
        labels: {
          app: name,
          'app.kubernetes.io/name': name,
          'app.kubernetes.io/part-of': ns.domain,
          'app.kubernetes.io/component': role.role,
          tier: role.tier,
          team: ns.team,
          version: `v1.${Math.floor(rand() * 30)}.${Math.floor(rand() * 10)}`,
        },
      });
    }
  });

  // Policy budget: the platform namespaces get two each, the rest is spread over the app namespaces.
  let platformPolicies = 0;
  for (const ns of namespaces.filter((n) => n.platform)) {
    ns.policyBudget = Math.min(2, preset.policies - platformPolicies);
    platformPolicies += ns.policyBudget;
  }
  const appPolicyTotal = Math.max(0, preset.policies - platformPolicies);
  appNamespaces.forEach((ns, i) => (ns.policyBudget = spread(appPolicyTotal, appNamespaces.length, i)));

  // Who calls whom and which policies each namespace has: consistent first, then the mistakes (gen-policies.ts).
  const planner = planPolicies(appNamespaces, platformCount >= 3, { rand, chance, pick }, mistake);

  // --- writing ----------------------------------------------------------------------------------------------------
  let services = 0;
  let policies = 0;
  let noise = 0;

  const namespaceDoc = (ns: NamespaceSpec): string => {
    const labels: Record<string, string> = { team: ns.team, env: ns.env, zone: ns.zone };
    if (ns.platform) labels['platform.example.com/system'] = 'true';
    if (ns.domain === 'payments') labels['compliance.example.com/pci'] = 'true';
    return [
      `# Namespace ${ns.name}: owned by team ${ns.team}.`,
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      `  name: ${ns.name}`,
      '  labels:',
      labelBlock(labels, 4),
      '  annotations:',
      `    owner: "team-${ns.team}@example.com"`,
      '',
    ].join('\n');
  };

  const workloadDocs = (w: WorkloadSpec): string[] => {
    const { role } = w;
    const ports = [...role.ports, ...(w.extraPorts ?? [])];
    const portsBlock = ports.length
      ? [
          '          ports:',
          ...ports.flatMap((p) => [
            `            - name: ${p.name}`,
            `              containerPort: ${p.port}`,
            ...(p.protocol ? [`              protocol: ${p.protocol}`] : []),
          ]),
        ]
      : [];
    const container = [
      '        - name: main',
      `          image: registry.example.com/${role.image}:${w.labels.version ?? '1.0.0'}`,
      ...portsBlock,
      '          resources:',
      '            requests: {cpu: 100m, memory: 128Mi}',
      '            limits: {memory: 256Mi}',
    ];
    const docs: string[] = [];
    const selectorLabels = w.labels.app ? { app: w.labels.app } : w.labels;
    if (role.kind === 'CronJob') {
      docs.push(
        [
          `# ${w.name}: runs nightly.`,
          'apiVersion: batch/v1',
          'kind: CronJob',
          'metadata:',
          `  name: ${w.name}`,
          `  namespace: ${w.namespace}`,
          'spec:',
          `  schedule: "${Math.floor(rand() * 60)} ${Math.floor(rand() * 6)} * * *"`,
          '  jobTemplate:',
          '    spec:',
          '      template:',
          '        metadata:',
          '          labels:',
          labelBlock(w.labels, 12),
          '        spec:',
          '          restartPolicy: OnFailure',
          '          containers:',
          ...container.map((l) => `    ${l}`),
          '',
        ].join('\n'),
      );
      return docs;
    }
    docs.push(
      [
        `# ${w.name} (${role.role}, ${role.tier} tier)`,
        'apiVersion: apps/v1',
        `kind: ${role.kind}`,
        'metadata:',
        `  name: ${w.name}`,
        `  namespace: ${w.namespace}`,
        '  labels:',
        labelBlock(w.labels, 4),
        'spec:',
        `  replicas: ${w.replicas}`,
        ...(role.kind === 'StatefulSet' ? [`  serviceName: ${w.name}`] : []),
        '  selector:',
        '    matchLabels:',
        labelBlock(selectorLabels, 6),
        '  template:',
        '    metadata:',
        '      labels:',
        labelBlock(w.labels, 8),
        '    spec:',
        '      containers:',
        ...container,
        '',
      ].join('\n'),
    );
    if (ports.length) {
      services++;
      docs.push(
        [
          'apiVersion: v1',
          'kind: Service',
          'metadata:',
          `  name: ${w.name}`,
          `  namespace: ${w.namespace}`,
          'spec:',
          '  selector:',
          labelBlock(selectorLabels, 4),
          '  ports:',
          ...ports.flatMap((p) => [
            `    - name: ${p.name}`,
            `      port: ${p.port === 8080 ? 80 : p.port}`,
            `      targetPort: ${p.name}`,
            ...(p.protocol ? [`      protocol: ${p.protocol}`] : []),
          ]),
          '',
        ].join('\n'),
      );
    }
    return docs;
  };

  const policyDoc = (name: string, namespace: string, comment: string, body: string[]): string => {
    policies++;
    return [`# ${comment}`, 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`, 'spec:', ...body, ''].join('\n');
  };

  const dnsEgress = [
    '    - to:',
    '        - namespaceSelector:',
    '            matchLabels:',
    '              kubernetes.io/metadata.name: kube-system',
    '          podSelector:',
    '            matchLabels:',
    '              k8s-app: kube-dns',
    '      ports:',
    '        - protocol: UDP',
    '          port: 53',
    '        - protocol: TCP',
    '          port: 53',
  ];

  /** The baseline policies every app namespace gets (within its budget): default-deny, DNS, monitoring scrape. */
  const baseline = (ns: NamespaceSpec, budget: number): string[] => {
    const docs: string[] = [];
    if (budget > 0) {
      docs.push(
        policyDoc('default-deny', ns.name, 'Zero trust: nothing in, nothing out, unless another policy allows it.', [
          '  podSelector: {}',
          '  policyTypes: [Ingress, Egress]',
        ]),
      );
    }
    if (budget > 1) {
      if (ns.forgetsDns) {
        // MISTAKE: egress to the central syslog only; DNS was forgotten.
        mistake('forgotten-dns');
        docs.push(
          policyDoc('allow-egress-syslog', ns.name, 'Pods ship their logs to the central syslog.', [
            '  podSelector: {}',
            '  policyTypes: [Egress]',
            '  egress:',
            '    - to:',
            '        - ipBlock: {cidr: 10.20.0.0/16}',
            '      ports:',
            '        - port: 514',
            '          protocol: UDP',
          ]),
        );
      } else {
        docs.push(
          policyDoc('allow-dns', ns.name, 'Every pod may resolve names through CoreDNS.', [
            '  podSelector: {}',
            '  policyTypes:',
            '    - Egress',
            '  egress:',
            ...dnsEgress,
          ]),
        );
      }
    }
    if (budget > 2) {
      const typo = chance(MISTAKE_RATES.scrapeNamespaceTypo);
      if (typo) mistake('namespace-selector-typo');
      // Kafka's JMX exporter is scraped too, where there is a Kafka.
      const jmx = ns.workloads.some((w) => w.role.ports.some((p) => p.name === 'jmx'));
      docs.push(
        policyDoc('allow-prometheus-scrape', ns.name, 'Prometheus scrapes every pod on its metrics port.', [
          '  podSelector: {}',
          '  policyTypes: [Ingress]',
          '  ingress:',
          '    - from:',
          '        - namespaceSelector:',
          '            matchLabels:',
          `              team: ${typo ? 'platfrom' : 'platform'}`,
          '          podSelector:',
          '            matchLabels:',
          '              app: prometheus',
          '      ports:',
          '        - port: metrics',
          ...(jmx ? ['        - port: jmx'] : []),
        ]),
      );
    }
    return docs;
  };

  // Platform namespaces.
  for (const ns of namespaces.filter((n) => n.platform)) {
    const base = `platform/${ns.name}`;
    out.write(`${base}/namespace.yaml`, namespaceDoc(ns));
    const w = platformWorkloads[ns.platform!];
    out.write(`${base}/${w.name}.yaml`, workloadDocs(w).join('---\n'));
    const docs: string[] = [];
    if (ns.platform === 'monitoring' && ns.policyBudget > 0) {
      docs.push(policyDoc('prometheus', ns.name, 'Prometheus may scrape everything; Grafana reads it.', [
        '  podSelector:', '    matchLabels: {app: prometheus}', '  policyTypes: [Egress]', '  egress:', '    - {}',
      ]));
    }
    if (ns.platform === 'ingress-nginx' && ns.policyBudget > 0) {
      docs.push(policyDoc('controller', ns.name, 'The controller accepts the world on 80/443.', [
        '  podSelector:', '    matchLabels: {app.kubernetes.io/name: ingress-nginx}', '  policyTypes: [Ingress]',
        '  ingress:', '    - ports:', '        - port: http', '        - port: https',
      ]));
    }
    if (ns.platform === 'kube-system' && ns.policyBudget > 0) {
      docs.push(policyDoc('coredns', ns.name, 'CoreDNS answers everybody.', [
        '  podSelector:', '    matchLabels: {k8s-app: kube-dns}', '  policyTypes: [Ingress]', '  ingress:',
        '    - ports:', '        - {protocol: UDP, port: dns}', '        - {protocol: TCP, port: dns-tcp}',
      ]));
    }
    while (docs.length < ns.policyBudget) {
      docs.push(policyDoc(`allow-same-namespace-${docs.length}`, ns.name, 'Replicas talk to each other.', [
        '  podSelector: {}', '  ingress:', '    - from:', '        - podSelector: {}',
      ]));
    }
    if (docs.length) out.write(`${base}/network-policies.yaml`, docs.join('---\n'));
  }

  // App namespaces.
  for (const ns of appNamespaces) {
    const base = `apps/${ns.name}`;
    out.write(`${base}/namespace.yaml`, namespaceDoc(ns));
    const resourceFiles: string[] = ['namespace.yaml'];
    if (ns.singleFile) {
      out.write(`${base}/workloads.yaml`, `# All workloads of ${ns.name}, generated by our service template.\n` + ns.workloads.flatMap(workloadDocs).join('---\n'));
      resourceFiles.push('workloads.yaml');
    } else {
      for (const w of ns.workloads) {
        out.write(`${base}/${w.name}.yaml`, workloadDocs(w).join('---\n'));
        resourceFiles.push(`${w.name}.yaml`);
      }
    }
    const base3 = Math.min(3, ns.policyBudget);
    out.write(`${base}/network-policies/baseline.yaml`, baseline(ns, base3).join('---\n'));
    resourceFiles.push('network-policies/baseline.yaml');
    for (const spec of planner.appPolicies(ns)) {
      policies++;
      out.write(`${base}/${spec.file}`, policyYaml(spec, { rand, chance, pick }));
      resourceFiles.push(spec.file);
    }
    // Noise: YAML that is not a manifest we analyse.
    out.write(
      `${base}/kustomization.yaml`,
      ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', `namespace: ${ns.name}`, 'resources:', ...resourceFiles.map((f) => `  - ${f}`), 'commonAnnotations:', `  owner: team-${ns.team}`, ''].join('\n'),
    );
    noise++;
    if (chance(0.4)) {
      out.write(
        `${base}/configmap.yaml`,
        ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${ns.domain}-settings`, `  namespace: ${ns.name}`, 'data:', '  LOG_LEVEL: info', `  FEATURE_FLAGS: "a,b,c"`, '  app.yaml: |', '    server:', '      port: 8080', '    labels:', '      app: not-a-label', ''].join('\n'),
      );
      noise++;
    }
  }

  // Repository-level noise: CI, Helm chart sources (templates are reported, not analysed), tool configuration.
  out.write('.github/workflows/ci.yaml', ['name: ci', 'on: [push, pull_request]', 'jobs:', '  validate:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: kustomize build apps | kubeconform -strict', ''].join('\n'));
  out.write('charts/service/Chart.yaml', ['apiVersion: v2', 'name: service', 'version: 1.4.0', ''].join('\n'));
  out.write('charts/service/values.yaml', ['replicaCount: 2', 'image:', '  repository: registry.example.com/api', '  tag: "1.0"', 'networkPolicy:', '  enabled: true', '  allowFrom: [web]', ''].join('\n'));
  out.write(
    'charts/service/templates/networkpolicy.yaml',
    ['{{- if .Values.networkPolicy.enabled }}', 'apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: {{ include "service.fullname" . }}', 'spec:', '  podSelector:', '    matchLabels:', '      app: {{ .Release.Name }}', '{{- end }}', ''].join('\n'),
  );
  out.write('renovate.yaml', ['extends: ["config:base"]', 'kubernetes:', '  fileMatch: ["apps/.+\\\\.yaml$"]', ''].join('\n'));
  noise += 5;

  const result: GeneratedWorkspace = {
    preset,
    seed,
    dir,
    files: out.files,
    bytes: out.bytes,
    counts: { namespaces: namespaces.length, workloads: namespaces.reduce((a, n) => a + n.workloads.length, 0), services, policies, noise },
    mistakes,
    generatorVersion: GENERATOR_VERSION,
  };
  fs.writeFileSync(path.join(dir, META_FILE), JSON.stringify(result, null, 2) + '\n');
  return result;
}

/** The workspace of a preset, generated when missing or made by another generator version or seed. */
export function ensureWorkspace(preset: Preset, seed = DEFAULT_SEED): GeneratedWorkspace {
  const dir = path.join(WORKSPACES_DIR, preset.name);
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8')) as GeneratedWorkspace;
    if (meta.generatorVersion === GENERATOR_VERSION && meta.seed === seed && JSON.stringify(meta.preset) === JSON.stringify(preset)) return { ...meta, dir };
  } catch {
    // missing or unreadable: generate
  }
  return generate(preset, dir, seed);
}

function main(argv: string[]): void {
  let names = ['small', 'large'];
  let seed = DEFAULT_SEED;
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--preset') names = argv[++i] === 'all' ? Object.keys(PRESETS) : argv[i].split(',');
    else if (a.startsWith('--preset=')) names = a.slice(9) === 'all' ? Object.keys(PRESETS) : a.slice(9).split(',');
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--out') outDir = argv[++i];
    else if (a === '-h' || a === '--help') {
      console.log('Usage: npm run bench:gen [-- --preset small|large|huge|all|a,b] [--seed N] [--out DIR]');
      return;
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const name of names) {
    const preset = PRESETS[name];
    if (!preset) throw new Error(`unknown preset ${name} (expected ${Object.keys(PRESETS).join(', ')})`);
    const started = performance.now();
    const dir = outDir ? (names.length > 1 ? path.join(outDir, name) : outDir) : undefined;
    const g = generate(preset, dir, seed);
    const mistakes = Object.entries(g.mistakes).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(
      `${name}: ${g.files} files, ${(g.bytes / 1048576).toFixed(1)} MB in ${path.relative(process.cwd(), g.dir) || g.dir} ` +
        `(${g.counts.namespaces} namespaces, ${g.counts.workloads} workloads, ${g.counts.services} services, ${g.counts.policies} policies, ` +
        `${g.counts.noise} other YAML files; mistakes: ${mistakes || 'none'}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}

// (Checked by file name too: bundled with other scripts, require.main === module holds for every module.)
if (require.main === module && path.basename(process.argv[1] ?? '').startsWith('gen.')) main(process.argv.slice(2));
