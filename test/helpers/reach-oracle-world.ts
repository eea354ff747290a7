// Random small workspaces for the reachability oracle test: fast-check arbitraries for an OracleWorld (namespaces,
// workloads of every kind with named container ports, NetworkPolicies using every field), and its rendering as YAML
// text, so that the core is checked through the whole pipeline (parse → extract → model → reach).
// Labels come from a tiny alphabet so that selectors match often.
import fc from 'fast-check';
import {
  NAMESPACE_NAME_LABEL,
  OracleContainer,
  OracleContainerPort,
  OraclePeer,
  OraclePolicy,
  OraclePortEntry,
  OracleRequirement,
  OracleRule,
  OracleSelector,
  OracleWorkload,
  OracleWorkloadKind,
  OracleWorld,
  ORACLE_PROTOCOLS,
} from './reach-oracle';

export const LABEL_KEYS = ['app', 'tier'];
export const LABEL_VALUES = ['a', 'b', 'c'];
/** `default` is where objects without metadata.namespace go (the core's default namespace). */
export const NAMESPACE_NAMES = ['ns-a', 'default', 'ns-b'];
export const PORT_NAMES = ['http', 'dns', 'metrics'];
export const CONTAINER_PORT_NUMBERS = [53, 80, 81, 8080, 9090];
/** Addresses outside the cluster that the ipBlock peers above contain or except. */
export const ADDRESSES = ['10.1.2.3', '10.1.9.9', '10.200.0.1', '192.168.1.5', '192.168.1.200', '8.8.8.8'];

/** Every port the worlds mention (container ports, ports entries, endPorts) with its neighbours, and 1 and 65535. */
export function mentionedPorts(worlds: readonly OracleWorld[]): number[] {
  const ports = new Set<number>([1, 65535]);
  const near = (n: number) => [n - 1, n, n + 1].filter((p) => p >= 1 && p <= 65535).forEach((p) => ports.add(p));
  CONTAINER_PORT_NUMBERS.forEach(near);
  for (const world of worlds) {
    for (const w of world.workloads) for (const c of w.containers) for (const p of c.ports) near(p.containerPort);
    for (const policy of world.policies) {
      for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
        for (const e of rule.ports ?? []) {
          if (typeof e.port === 'number') near(e.port);
          if (e.endPort !== undefined) near(e.endPort);
        }
      }
    }
  }
  return [...ports];
}

/** The ports to compare the core and the oracle on: 1–100, the ports the worlds mention, and `extra`; sorted. */
export function portUniverse(worlds: readonly OracleWorld[], extra: readonly number[]): number[] {
  const ports = new Set<number>([...mentionedPorts(worlds), ...extra]);
  for (let p = 1; p <= 100; p++) ports.add(p);
  return [...ports].sort((a, b) => a - b);
}
const WORKLOAD_KINDS: OracleWorkloadKind[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

const labels = (): fc.Arbitrary<Record<string, string>> =>
  fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 2 });

const requirement = (keys: string[], values: string[]): fc.Arbitrary<OracleRequirement> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        key: fc.constantFrom(...keys),
        operator: fc.constantFrom('In' as const, 'NotIn' as const),
        values: fc.subarray(values, { minLength: 1, maxLength: 2 }),
      }),
    },
    { weight: 5, arbitrary: fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }) },
    // Rejected by the API server: In/NotIn without values, Exists/DoesNotExist with values.
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.constant<string[]>([]) }),
        fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const), values: fc.constant<string[]>([values[0]]) }),
      ),
    },
  );

/** Mostly `{}` or one requirement (so that selectors match often), sometimes anything. */
const selector = (keys: string[], values: string[]): fc.Arbitrary<OracleSelector> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom<OracleSelector>({}, { matchLabels: {} }) },
    { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { minKeys: 1, maxKeys: 1 }).map((m) => ({ matchLabels: m })) },
    { weight: 3, arbitrary: requirement(keys, values).map((r) => ({ matchExpressions: [r] })) },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }),
          matchExpressions: fc.array(requirement(keys, values), { maxLength: 2 }),
        },
        { requiredKeys: [] },
      ),
    },
  );

const podSelector = (): fc.Arbitrary<OracleSelector> => selector(LABEL_KEYS, LABEL_VALUES);

/** Namespace selectors also use the automatic kubernetes.io/metadata.name label. */
const namespaceSelector = (): fc.Arbitrary<OracleSelector> =>
  fc.oneof(selector(LABEL_KEYS, LABEL_VALUES), selector([NAMESPACE_NAME_LABEL], NAMESPACE_NAMES));

const containerPort = (): fc.Arbitrary<OracleContainerPort> =>
  fc.record(
    {
      name: fc.constantFrom(...PORT_NAMES),
      containerPort: fc.constantFrom(...CONTAINER_PORT_NUMBERS),
      protocol: fc.constantFrom(...ORACLE_PROTOCOLS),
    },
    { requiredKeys: ['containerPort'] },
  );

/** Container names are unique in a pod; a port name is unique within one container (the API server checks both). */
const containers = (): fc.Arbitrary<OracleContainer[]> =>
  fc
    .array(
      fc.record({
        ports: fc.uniqueArray(containerPort(), { maxLength: 3, selector: (p) => p.name ?? `#${p.containerPort}/${p.protocol}` }),
        role: fc.constantFrom('sidecar' as const, 'init' as const, 'main' as const),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map((cs) => cs.map((c, i): OracleContainer => ({ name: `c${i}`, ports: c.ports, role: i === 0 ? 'main' : c.role })));

const policyPort = (): fc.Arbitrary<OraclePortEntry> => {
  const protocol = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...ORACLE_PROTOCOLS) },
    { weight: 1, arbitrary: fc.constantFrom('tcp' as const, 'ICMP' as const) }, // rejected by the API server
  );
  const number = fc.oneof(fc.constantFrom(53, 80, 81, 443, 8080, 9090), fc.integer({ min: 1, max: 100 }));
  return fc.oneof(
    fc.record({ protocol }, { requiredKeys: [] }), // only a protocol (or `{}`): every port of it
    fc.record({ protocol, port: number }, { requiredKeys: ['port'] }),
    fc
      .record({ protocol, port: number, width: fc.constantFrom(0, 1, 5, 30, 2000) }, { requiredKeys: ['port', 'width'] })
      .map(({ width, ...entry }) => ({ ...entry, endPort: entry.port + width })),
    fc.record({ protocol, port: fc.constantFrom(...PORT_NAMES, 'nope') }, { requiredKeys: ['port'] }),
    // Entries the API server rejects: endPort without port or with a named port, endPort below port, port or endPort
    // 0 or 70000.
    fc.oneof(
      fc.record({ protocol, endPort: number }, { requiredKeys: ['endPort'] }),
      fc.record({ protocol, port: fc.constantFrom(...PORT_NAMES), endPort: number }, { requiredKeys: ['port', 'endPort'] }),
      fc.record({ protocol, port: number }, { requiredKeys: ['port'] }).map((e) => ({ ...e, endPort: e.port - 1 })),
      fc.record({ protocol, port: fc.constantFrom(0, 70000) }, { requiredKeys: ['port'] }),
      fc.record({ protocol, port: fc.oneof(number, fc.constantFrom(...PORT_NAMES)), endPort: fc.constantFrom(0, 70000) }, { requiredKeys: ['endPort'] }),
    ),
  );
};

const peer = (): fc.Arbitrary<OraclePeer> =>
  fc.oneof(
    fc.record({ podSelector: podSelector() }),
    fc.record({ namespaceSelector: namespaceSelector() }),
    fc.record({ podSelector: podSelector(), namespaceSelector: namespaceSelector() }),
    // `except` inside `cidr`, as the API server requires.
    fc.record({
      ipBlock: fc.oneof(
        fc.record({ cidr: fc.constant('10.0.0.0/8'), except: fc.subarray(['10.1.0.0/16', '10.1.2.0/24']) }, { requiredKeys: ['cidr'] }),
        fc.record({ cidr: fc.constant('0.0.0.0/0'), except: fc.subarray(['10.1.0.0/16', '192.168.1.128/25']) }, { requiredKeys: ['cidr'] }),
        fc.record({ cidr: fc.constant('192.168.1.0/24'), except: fc.subarray(['192.168.1.128/25']) }, { requiredKeys: ['cidr'] }),
      ),
    }),
    fc.constant<OraclePeer>({}),
  );

const rule = (): fc.Arbitrary<OracleRule> =>
  fc.record({ peers: fc.array(peer(), { maxLength: 3 }), ports: fc.array(policyPort(), { maxLength: 3 }) }, { requiredKeys: [] });

/** ingress/egress: absent, `[]` or `[{}]` (one time in three), or 1–3 rules. */
const rules = (): fc.Arbitrary<OracleRule[] | undefined> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom<OracleRule[] | undefined>(undefined, [], [{}]) },
    { weight: 2, arbitrary: fc.array(rule(), { minLength: 1, maxLength: 3 }) },
  );

const policyTypes = (): fc.Arbitrary<OraclePolicy['policyTypes']> =>
  fc.constantFrom(undefined, [], ['Ingress' as const], ['Egress' as const], ['Ingress' as const, 'Egress' as const], ['Egress' as const, 'Ingress' as const]);

/** true `yes` times in `yes + no`. */
const weighted = (yes: number, no: number): fc.Arbitrary<boolean> =>
  fc.oneof({ weight: yes, arbitrary: fc.constant(true) }, { weight: no, arbitrary: fc.constant(false) });

export const worldArbitrary = (): fc.Arbitrary<OracleWorld> =>
  fc.integer({ min: 2, max: 3 }).chain((nsCount) => {
    const names = NAMESPACE_NAMES.slice(0, nsCount);
    const ns = fc.constantFrom(...names);
    const workload = fc.record({ kind: fc.constantFrom(...WORKLOAD_KINDS), namespace: ns, labels: labels(), containers: containers() });
    // `nextTo`: most policies go to the namespace of some workload, where they have pods to select.
    const policy = fc.record({
      namespace: ns,
      nextTo: fc.option(fc.nat(3), { freq: 5, nil: undefined }),
      podSelector: podSelector(),
      policyTypes: policyTypes(),
      ingress: rules(),
      egress: rules(),
    });
    return fc
      .record({
        // Mostly declared; sometimes with a kubernetes.io/metadata.name of its own, which the API server overwrites.
        namespaces: fc.tuple(
          ...names.map((name) =>
            fc
              .record({ declared: weighted(4, 1), labels: labels(), wrongName: weighted(1, 4) })
              .map(({ declared, labels, wrongName }) => ({
                name,
                declared,
                labels: wrongName ? { ...labels, [NAMESPACE_NAME_LABEL]: 'ns-x' } : labels,
              })),
          ),
        ),
        workloads: fc.array(workload, { minLength: 2, maxLength: 4 }).map((ws) => ws.map((w, i): OracleWorkload => ({ ...w, name: `w${i}` }))),
        policies: fc.array(policy, { maxLength: 4 }),
      })
      .map(({ namespaces, workloads, policies }) => ({
        namespaces,
        workloads,
        policies: policies.map(({ nextTo, ...p }, i): OraclePolicy => ({
          ...p,
          name: `p${i}`,
          namespace: nextTo === undefined ? p.namespace : workloads[nextTo % workloads.length].namespace,
        })),
      }));
  });

// ---- rendering as YAML ----

/** `undefined`: the key is left out; `null`: written as `null` (to Kubernetes the same as absent). */
type Yaml = string | number | boolean | null | undefined | Yaml[] | { [key: string]: Yaml };

/** Block YAML with every string quoted (YAML 1.1 reads a bare `y` or `on` as a boolean); `flowSelectors` writes selectors as JSON. */
function render(value: Yaml, indent: number, flowSelectors: boolean): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isInline(item, false)) {
        lines.push(`${pad}- ${inline(item)}`);
      } else {
        const inner = render(item, indent + 2, flowSelectors);
        inner[0] = `${pad}- ${inner[0].slice(indent + 2)}`;
        lines.push(...inner);
      }
    }
    return lines;
  }
  for (const [k, v] of Object.entries(value as Record<string, Yaml>)) {
    if (v === undefined) continue;
    const keyText = /^[a-zA-Z]+$/.test(k) ? k : JSON.stringify(k);
    const flow = flowSelectors && (k === 'podSelector' || k === 'namespaceSelector');
    if (isInline(v, flow)) lines.push(`${pad}${keyText}: ${inline(v)}`);
    else lines.push(`${pad}${keyText}:`, ...render(v, indent + 2, flowSelectors));
  }
  return lines;
}

/** Scalars, empty collections and (when `flow`) whole collections go on one line. */
function isInline(value: Yaml, flow: boolean): boolean {
  if (value === null || typeof value !== 'object' || flow) return true;
  if (Array.isArray(value)) return value.length === 0;
  return Object.values(value).every((v) => v === undefined);
}

function inline(value: Yaml): string {
  return JSON.stringify(value ?? null);
}

function podTemplateSpec(w: OracleWorkload): Yaml {
  const container = (c: OracleContainer): Yaml => ({
    name: c.name,
    image: `example/${w.name}:1`,
    restartPolicy: c.role === 'sidecar' ? 'Always' : undefined,
    ports: c.ports.length ? c.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })) : undefined,
  });
  const init = w.containers.filter((c) => c.role !== 'main');
  return {
    initContainers: init.length ? init.map(container) : undefined,
    containers: w.containers.filter((c) => c.role === 'main').map(container),
  };
}

/** metadata.namespace; left out for `default` when `omitDefault` (the object then lands in the default namespace). */
function namespaceField(namespace: string, omitDefault: boolean): string | undefined {
  return omitDefault && namespace === 'default' ? undefined : namespace;
}

function workloadObject(w: OracleWorkload, omitDefault: boolean): Yaml {
  const metadata = { name: w.name, namespace: namespaceField(w.namespace, omitDefault) };
  const template = { metadata: { labels: w.labels }, spec: podTemplateSpec(w) };
  switch (w.kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, labels: w.labels }, spec: podTemplateSpec(w) };
    case 'ReplicationController':
      return { apiVersion: 'v1', kind: w.kind, metadata, spec: { selector: w.labels, template } };
    case 'Job':
      return { apiVersion: 'batch/v1', kind: w.kind, metadata, spec: { template } };
    case 'CronJob':
      return { apiVersion: 'batch/v1', kind: w.kind, metadata, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } } };
    default:
      return { apiVersion: 'apps/v1', kind: w.kind, metadata, spec: { selector: { matchLabels: w.labels }, template } };
  }
}

function selectorObject(s: OracleSelector): Yaml {
  return {
    matchLabels: s.matchLabels,
    matchExpressions: s.matchExpressions?.map((r) => ({ key: r.key, operator: r.operator, values: r.values })),
  };
}

/**
 * With `nulls`, an absent list is written `key: null` and an empty item (`{}`) as a null item (`- null`): Kubernetes
 * decodes both the same way (an absent list; an item with every field unset).
 */
function absent(nulls: boolean): Yaml {
  return nulls ? null : undefined;
}

function item(value: { [key: string]: Yaml }, nulls: boolean): Yaml {
  return nulls && Object.values(value).every((v) => v === undefined) ? null : value;
}

function ruleObject(r: OracleRule, peersKey: 'from' | 'to', nulls: boolean): Yaml {
  const rule = {
    [peersKey]:
      r.peers?.map((p) =>
        item(
          {
            podSelector: p.podSelector && selectorObject(p.podSelector),
            namespaceSelector: p.namespaceSelector && selectorObject(p.namespaceSelector),
            ipBlock: p.ipBlock && { cidr: p.ipBlock.cidr, except: p.ipBlock.except },
          },
          nulls,
        ),
      ) ?? absent(nulls),
    ports: r.ports?.map((e) => item({ protocol: e.protocol, port: e.port, endPort: e.endPort }, nulls)) ?? absent(nulls),
  };
  return nulls && r.peers === undefined && r.ports === undefined ? null : rule;
}

function policyObject(p: OraclePolicy, nulls: boolean, omitDefault: boolean): Yaml {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: p.name, namespace: namespaceField(p.namespace, omitDefault) },
    spec: {
      podSelector: selectorObject(p.podSelector),
      policyTypes: p.policyTypes,
      ingress: p.ingress?.map((r) => ruleObject(r, 'from', nulls)) ?? absent(nulls),
      egress: p.egress?.map((r) => ruleObject(r, 'to', nulls)) ?? absent(nulls),
    },
  };
}

export interface YamlStyle {
  /** Everything in one multi-document file. */
  oneFile: boolean;
  /** Selectors as JSON, on one line. */
  flowSelectors: boolean;
  /** Absent lists written as `null`, empty items as null items. */
  nulls: boolean;
  /** Objects in `default` written without metadata.namespace. */
  omitDefaultNamespace: boolean;
}

/** The world as YAML files: namespaces, workloads and policies in separate files, or all in one. */
export function worldYaml(world: OracleWorld, options: YamlStyle): Record<string, string> {
  const doc = (o: Yaml) => render(o, 0, options.flowSelectors).join('\n') + '\n';
  const namespaces = world.namespaces
    .filter((ns) => ns.declared)
    .map((ns) => doc({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: ns.labels } }));
  const workloads = world.workloads.map((w) => doc(workloadObject(w, options.omitDefaultNamespace)));
  const policies = world.policies.map((p) => doc(policyObject(p, options.nulls, options.omitDefaultNamespace)));
  const files = { 'namespaces.yaml': namespaces, 'workloads.yaml': workloads, 'policies.yaml': policies };
  if (options.oneFile) return { 'all.yaml': [...namespaces, ...workloads, ...policies].join('---\n') };
  return Object.fromEntries(Object.entries(files).map(([name, docs]) => [name, docs.join('---\n')]));
}
