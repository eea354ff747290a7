// A deliberately naive reachability oracle, written straight from the Kubernetes NetworkPolicy documentation
// (https://kubernetes.io/docs/concepts/services-networking/network-policies/ and the networking.k8s.io/v1 API
// reference), to check the core against. It reads the workspace as the test generated it (plain objects, before any
// YAML), imports nothing from the core, and answers one question at a time by enumerating every policy, rule, peer
// and ports entry: may `src` open a connection to `dst` on `protocol`/`port`?
//
// Where the API leaves room, the oracle follows the project's documented modelling choices (each marked MODEL below).

export type OracleProtocol = 'TCP' | 'UDP' | 'SCTP';
export const ORACLE_PROTOCOLS: readonly OracleProtocol[] = ['TCP', 'UDP', 'SCTP'];
export type OracleDirection = 'ingress' | 'egress';

export interface OracleRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A metav1.LabelSelector as written; an absent field is undefined. */
export interface OracleSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: OracleRequirement[];
}

export interface OracleNamespace {
  name: string;
  /** False: no Namespace object in the workspace (the namespace is only used), so its labels are unknown. */
  declared: boolean;
  /** Declared labels, as written. */
  labels: Record<string, string>;
}

export interface OracleContainerPort {
  name?: string;
  containerPort: number;
  /** Absent: TCP. */
  protocol?: OracleProtocol;
}

export interface OracleContainer {
  name: string;
  ports: OracleContainerPort[];
  /**
   * `main`: in `containers`. `sidecar`: an init container with `restartPolicy: Always`, which keeps running and serves
   * its ports. `init`: an init container that runs to completion before the others start.
   */
  role: 'main' | 'sidecar' | 'init';
}

export type OracleWorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'ReplicationController' | 'Job' | 'CronJob';

export interface OracleWorkload {
  kind: OracleWorkloadKind;
  name: string;
  namespace: string;
  /** The pods' labels. */
  labels: Record<string, string>;
  containers: OracleContainer[];
}

export interface OraclePeer {
  podSelector?: OracleSelector;
  namespaceSelector?: OracleSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface OraclePortEntry {
  /** As written: also a protocol the API server rejects (`tcp`, `ICMP`). */
  protocol?: OracleProtocol | 'tcp' | 'ICMP';
  port?: number | string;
  endPort?: number;
}

export interface OracleRule {
  /** `from` (ingress) or `to` (egress); undefined: the key is absent. */
  peers?: OraclePeer[];
  ports?: OraclePortEntry[];
}

export interface OraclePolicy {
  name: string;
  namespace: string;
  podSelector: OracleSelector;
  /** undefined: the key is absent. */
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: OracleRule[];
  egress?: OracleRule[];
}

export interface OracleWorld {
  namespaces: OracleNamespace[];
  workloads: OracleWorkload[];
  policies: OraclePolicy[];
}

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function workloadId(w: OracleWorkload): string {
  return `${w.namespace}/${w.kind}/${w.name}`;
}

/** matchLabels AND every matchExpression; `{}` matches everything. */
export function oracleSelectorMatches(selector: OracleSelector, labels: Record<string, string>): boolean {
  // In/NotIn need values, Exists/DoesNotExist take none; the API server rejects anything else.
  // MODEL: the core keeps the policy and lets such a selector match nothing.
  const invalid = (selector.matchExpressions ?? []).some((r) =>
    r.operator === 'In' || r.operator === 'NotIn' ? !r.values?.length : r.values !== undefined && r.values.length > 0,
  );
  if (invalid) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!hasLabel(labels, key) || labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = hasLabel(labels, req.key);
    const values = req.values ?? [];
    let ok: boolean;
    if (req.operator === 'In') ok = has && values.includes(labels[req.key]);
    else if (req.operator === 'NotIn') ok = !has || !values.includes(labels[req.key]); // a missing key is "not in"
    else if (req.operator === 'Exists') ok = has;
    else ok = !has;
    if (!ok) return false;
  }
  return true;
}

function hasLabel(labels: Record<string, string>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, k);
}

export class ReachOracle {
  /** Only to keep a few hundred cases within seconds: the answers are the same without it. */
  private readonly isolatingMemo = new Map<OracleWorkload, Partial<Record<OracleDirection, OraclePolicy[]>>>();

  constructor(readonly world: OracleWorld) {}

  /**
   * The API server sets kubernetes.io/metadata.name to the namespace's name (overwriting a value written in the
   * manifest). MODEL: a namespace the workspace uses without declaring it has that label only.
   */
  namespaceLabels(name: string): Record<string, string> {
    const ns = this.world.namespaces.find((n) => n.name === name && n.declared);
    return { ...(ns?.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
  }

  /**
   * policyTypes as the API server stores them. When the list is absent or empty the API server's defaulting
   * (SetDefaults_NetworkPolicy) sets [Ingress], plus Egress when `len(spec.egress) != 0`. The reference words it as
   * "policies that contain an egress section are assumed to affect egress"; what is stored decides, and `egress: []`
   * decodes to a list of length 0, so it does not add Egress.
   */
  effectiveTypes(policy: OraclePolicy): { ingress: boolean; egress: boolean } {
    if (policy.policyTypes && policy.policyTypes.length > 0) {
      return { ingress: policy.policyTypes.includes('Ingress'), egress: policy.policyTypes.includes('Egress') };
    }
    return { ingress: true, egress: (policy.egress ?? []).length > 0 };
  }

  /** Policies in the pod's namespace whose podSelector matches it and whose types include `direction`. */
  isolating(w: OracleWorkload, direction: OracleDirection): OraclePolicy[] {
    const memo = this.isolatingMemo.get(w)?.[direction];
    if (memo) return memo;
    const policies = this.world.policies.filter(
      (p) => p.namespace === w.namespace && oracleSelectorMatches(p.podSelector, w.labels) && this.effectiveTypes(p)[direction],
    );
    this.isolatingMemo.set(w, { ...this.isolatingMemo.get(w), [direction]: policies });
    return policies;
  }

  /** Does one `from`/`to` entry of `policy` select the pods of `w`? */
  peerMatches(policy: OraclePolicy, peer: OraclePeer, w: OracleWorkload): boolean {
    // MODEL: ipBlock is for addresses outside the cluster; the core never lets it match a workload (whether an
    // engine applies it to pod IPs is implementation-defined).
    if (peer.ipBlock) return false;
    // MODEL: a peer with no field is rejected by the API server ("must specify a peer"); the core keeps the policy
    // and lets that peer match nothing.
    if (!peer.podSelector && !peer.namespaceSelector) return false;
    const nsOk = peer.namespaceSelector
      ? oracleSelectorMatches(peer.namespaceSelector, this.namespaceLabels(w.namespace))
      : w.namespace === policy.namespace; // podSelector alone: the policy's own namespace
    const podOk = peer.podSelector ? oracleSelectorMatches(peer.podSelector, w.labels) : true; // namespaceSelector alone: all pods
    return nsOk && podOk;
  }

  /**
   * Every container port of `w`'s pods that named ports resolve against. MODEL: the containers and the sidecars
   * (which keep running); not the ports of init containers that have exited before the pod serves.
   */
  containerPorts(w: OracleWorkload): Required<OracleContainerPort>[] {
    const out: Required<OracleContainerPort>[] = [];
    for (const c of w.containers) {
      if (c.role === 'init') continue;
      for (const p of c.ports) out.push({ name: p.name ?? '', containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' });
    }
    return out;
  }

  /** Does a `ports` entry allow `protocol`/`port` towards `dst` (whose container ports name the named ports)? */
  portEntryMatches(entry: OraclePortEntry, dst: OracleWorkload, protocol: OracleProtocol, port: number): boolean {
    // Absent: TCP. Anything but TCP/UDP/SCTP is rejected by the API server (MODEL: the entry allows nothing).
    const entryProtocol = entry.protocol ?? 'TCP';
    if (!(ORACLE_PROTOCOLS as readonly string[]).includes(entryProtocol) || entryProtocol !== protocol) return false;
    if (entry.port === undefined) {
      // endPort without port is rejected by the API server ("must be specified when endPort is specified").
      // MODEL: like every entry the API server rejects, it allows nothing.
      return entry.endPort === undefined; // only the protocol: every port of it
    }
    if (typeof entry.port === 'number') {
      if (entry.endPort === undefined) return port === entry.port && port >= 1 && port <= 65535;
      // endPort below port is rejected by the API server (MODEL: the entry then allows nothing); so are ports
      // outside 1–65535.
      return entry.port <= port && port <= entry.endPort && entry.port >= 1 && entry.endPort <= 65535;
    }
    // A named port: the destination pod's container port with that name AND the entry's protocol, in ingress rules
    // (the destination is the selected pod) and in egress rules (the destination is the peer) alike.
    if (entry.endPort !== undefined) return false; // rejected with a named port; MODEL: nothing
    return this.containerPorts(dst).some((cp) => cp.name === entry.port && cp.protocol === protocol && cp.containerPort === port);
  }

  ruleAllows(policy: OraclePolicy, rule: OracleRule, peer: OracleWorkload, dst: OracleWorkload, protocol: OracleProtocol, port: number): boolean {
    // from/to absent or empty: every peer. ports absent or empty: every port of every protocol.
    const peerOk = !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => this.peerMatches(policy, p, peer));
    if (!peerOk) return false;
    return !rule.ports || rule.ports.length === 0 || rule.ports.some((e) => this.portEntryMatches(e, dst, protocol, port));
  }

  /** One direction: not isolated, or some rule of some isolating policy allows it. */
  directionAllows(direction: OracleDirection, src: OracleWorkload, dst: OracleWorkload, protocol: OracleProtocol, port: number): boolean {
    const owner = direction === 'egress' ? src : dst;
    const peer = direction === 'egress' ? dst : src;
    const policies = this.isolating(owner, direction);
    if (policies.length === 0) return true;
    return policies.some((policy) => (policy[direction] ?? []).some((rule) => this.ruleAllows(policy, rule, peer, dst, protocol, port)));
  }

  /**
   * Traffic between `w` and an IPv4 address outside the cluster, `w`'s side only (the address has no policies): a
   * rule allows it when it has no peers or an ipBlock peer contains the address outside every `except`. A named port
   * resolves on the destination pod: `w` for ingress; for egress the address is no pod (MODEL: nothing).
   */
  addressAllows(direction: OracleDirection, w: OracleWorkload, address: string, protocol: OracleProtocol, port: number): boolean {
    const policies = this.isolating(w, direction);
    if (policies.length === 0) return true;
    const podless: OracleWorkload = { ...w, containers: [] };
    return policies.some((policy) =>
      (policy[direction] ?? []).some((rule) => {
        const peerOk = !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => p.ipBlock !== undefined && ipBlockContains(p.ipBlock, address));
        if (!peerOk) return false;
        const dst = direction === 'ingress' ? w : podless;
        return !rule.ports || rule.ports.length === 0 || rule.ports.some((e) => this.portEntryMatches(e, dst, protocol, port));
      }),
    );
  }

  /** The source's egress AND the destination's ingress. */
  allowed(src: OracleWorkload, dst: OracleWorkload, protocol: OracleProtocol, port: number): boolean {
    return this.directionAllows('egress', src, dst, protocol, port) && this.directionAllows('ingress', src, dst, protocol, port);
  }
}

function ipv4(text: string): number {
  return text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** Is `address` in `cidr` (IPv4, a.b.c.d/len)? Counted bit by bit, without masks. */
function cidrContains(cidr: string, address: string): boolean {
  const [base, len] = cidr.split('/');
  const a = ipv4(address);
  const b = ipv4(base);
  for (let bit = 31; bit >= 32 - Number(len); bit--) {
    if (Math.floor(a / 2 ** bit) % 2 !== Math.floor(b / 2 ** bit) % 2) return false;
  }
  return true;
}

function ipBlockContains(block: { cidr: string; except?: string[] }, address: string): boolean {
  return cidrContains(block.cidr, address) && !(block.except ?? []).some((e) => cidrContains(e, address));
}
