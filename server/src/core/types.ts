// The analysis model: plain data extracted from manifests, with source spans so that every finding and hover can
// point at the exact key or value. Nothing here holds a YAML AST: the model stays small for 25,000-workload
// workspaces, and presentation layers re-read the document text when they need to edit it.
import type { PolicyTestFile } from './policy-tests/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** A half-open range of character offsets [start, end) into one file's text. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

export interface RelatedInfo {
  span: Span;
  message: string;
}

/** One diagnostic produced by the core (parse problems, invalid values, rule findings). */
export interface Finding {
  /** Stable rule or problem id, e.g. `forgotten-dns`, `yaml-syntax`. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedInfo[];
  /** Rule-specific data a quick fix can use (serialisable). */
  data?: Record<string, unknown>;
}

export type Labels = Readonly<Record<string, string>>;

/** Where one label sits in the source: `key: value`. */
export interface LabelSpan {
  key: string;
  keySpan: Span;
  valueSpan: Span;
}

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
  span: Span;
}

/** A metav1.LabelSelector. `valid: false` means the API server would reject it; it then selects nothing. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: SelectorRequirement[];
  span: Span;
  labelSpans: LabelSpan[];
  valid: boolean;
}

export interface ObjectBase {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  /** True when metadata.namespace is written in the manifest; false when defaulted. */
  namespaceExplicit: boolean;
  /** The whole object (document or List item). */
  span: Span;
  /** metadata.name's value, or the object's first line when absent. */
  nameSpan: Span;
  /** Spans of `kind` value, for hovers on `kind: NetworkPolicy`. */
  kindSpan: Span;
}

export interface NamespaceDecl extends ObjectBase {
  kind: 'Namespace';
  labels: Labels;
  labelSpans: LabelSpan[];
}

export interface ContainerPort {
  container: string;
  name?: string;
  port: number;
  protocol: Protocol;
  span: Span;
}

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface Workload extends ObjectBase {
  kind: WorkloadKind;
  /** `<namespace>/<Kind>/<name>` */
  id: string;
  /** Labels of the pods it creates (pod template labels; a Pod's own labels). */
  labels: Labels;
  labelSpans: LabelSpan[];
  /** The pod labels mapping, when present. */
  labelsSpan?: Span;
  ports: ContainerPort[];
  /** Pods on the host network are not subject to NetworkPolicy. */
  hostNetwork: boolean;
  /** `kubernetes.io/os` of the pod's nodeSelector, when set (Azure NPM has Windows-only limitations). */
  os?: string;
}

export interface ServicePort {
  name?: string;
  port: number;
  /** Defaults to `port` when absent, as in Kubernetes. */
  targetPort: number | string;
  protocol: Protocol;
  span: Span;
}

export interface Service extends ObjectBase {
  kind: 'Service';
  id: string;
  /** Absent selector: a Service without selector (endpoints managed elsewhere). */
  selector?: Labels;
  type: string;
  ports: ServicePort[];
}

export interface IpBlock {
  cidr: string;
  except: string[];
  span: Span;
  cidrSpan: Span;
  exceptSpans: Span[];
}

export interface PolicyPeer {
  span: Span;
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IpBlock;
}

export interface PolicyPort {
  span: Span;
  protocol: Protocol;
  /** False when `protocol` is written but not TCP/UDP/SCTP: the API server rejects it; the entry allows nothing. */
  protocolValid: boolean;
  /** Absent: every port of the protocol. A string is a named port. */
  port?: number | string;
  endPort?: number;
  portSpan?: Span;
  endPortSpan?: Span;
}

export type Direction = 'ingress' | 'egress';

export interface PolicyRule {
  direction: Direction;
  index: number;
  span: Span;
  /** `from`/`to`; undefined when absent. Absent or empty means every source/destination. */
  peers?: PolicyPeer[];
  peersSpan?: Span;
  /** undefined when absent. Absent or empty means every port of every protocol. */
  ports?: PolicyPort[];
  portsSpan?: Span;
}

export interface NetworkPolicy extends ObjectBase {
  kind: 'NetworkPolicy';
  /** `<namespace>/<name>` */
  id: string;
  podSelector: LabelSelector;
  /** policyTypes as written (undefined when absent). */
  declaredPolicyTypes?: string[];
  policyTypesSpan?: Span;
  /** Effective types: declared, or Ingress plus Egress iff spec.egress has a rule. */
  affectsIngress: boolean;
  affectsEgress: boolean;
  /** undefined when the field is absent. */
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
  ingressSpan?: Span;
  egressSpan?: Span;
  /** The `spec` key's value span; the whole object when absent. */
  specSpan: Span;
}

/** Everything extracted from one file. */
export interface FileObjects {
  file: string;
  namespaces: NamespaceDecl[];
  workloads: Workload[];
  services: Service[];
  policies: NetworkPolicy[];
  /** Parse and extraction problems (YAML syntax, templates, invalid values). */
  findings: Finding[];
  /** For a policy test file (`*.netpol-test.yaml`): its cases. Such a file holds no manifests. */
  policyTests?: PolicyTestFile;
}

export interface DnsTarget {
  namespace: string;
  podLabels: Record<string, string>;
  /**
   * The port the DNS pods listen on, UDP and TCP: what NetworkPolicy matches, not the Service's port (OpenShift's
   * DNS pods listen on 5353 behind a Service on 53). 53 when absent (`dnsPort`).
   */
  port?: number;
}

export interface AnalysisOptions {
  /** Namespace of objects without metadata.namespace. */
  defaultNamespace: string;
  /** Where cluster DNS runs. */
  dns: DnsTarget;
  /** Files larger than this (characters) are not parsed. */
  maxFileSize: number;
}

export const DEFAULT_OPTIONS: AnalysisOptions = {
  defaultNamespace: 'default',
  dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 },
  maxFileSize: 10 * 1024 * 1024,
};
