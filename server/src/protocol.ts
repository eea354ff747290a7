// What the language server and its clients (the VS Code extension, tests, other editors) agree on beyond LSP:
// settings, custom requests and notifications. Plain types only: both sides import this file.

/** `netpolLens.*` settings (workspace/configuration section `netpolLens`). */
export interface Settings {
  /** Globs of manifests to index, relative to each workspace folder. */
  include: string[];
  /** Globs to leave out (node_modules, .git and build output are always left out). */
  exclude: string[];
  /** Per-rule severity: error, warning, info, hint or off. */
  severities: Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'>;
  /** The policy engine the cluster runs: generic, azure-npm, calico, cilium or none. */
  engine: 'generic' | 'azure-npm' | 'calico' | 'cilium' | 'none';
  /** Where cluster DNS runs, and the port its pods listen on (UDP and TCP; 5353 on OpenShift). */
  dns: { namespace: string; podLabels: Record<string, string>; port: number };
  /** Namespace of objects without metadata.namespace. */
  defaultNamespace: string;
  /** Files larger than this are not analysed. */
  maxFileSizeMB: number;
}

export const DEFAULT_SETTINGS: Settings = {
  include: ['**/*.yaml', '**/*.yml'],
  exclude: [],
  severities: {},
  engine: 'generic',
  dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, port: 53 },
  defaultNamespace: 'default',
  maxFileSizeMB: 10,
};

/**
 * `initializationOptions` the server understands. Editors that cannot answer workspace/configuration pass settings
 * here (`settings`, or `netpolLens`); `debounceMs` is the quiet time after an edit before diagnostics (default 200).
 */
export interface InitializationOptions {
  settings?: Partial<Settings>;
  debounceMs?: number;
  /** VS Code: whether the workspace is trusted (untrusted workspaces keep only user values of some settings). */
  trusted?: boolean;
}

/** Server → client notification: what is indexed, for the status bar. */
export const StatusNotification = 'netpolLens/status';
export interface StatusParams {
  state: 'indexing' | 'ready';
  files: number;
  namespaces: number;
  workloads: number;
  policies: number;
  errors: number;
  warnings: number;
  /** Milliseconds the last full index took. */
  indexMs?: number;
}

/** Client → server request: the graph the flow preview draws. */
export const FlowGraphRequest = 'netpolLens/flowGraph';
export interface FlowGraphParams {
  /** Only these namespaces (and edges touching them). */
  namespaces?: string[];
  /** "What does this policy change?": `<namespace>/<name>`; edges it adds or removes are marked. */
  policy?: string;
  /** Only edges to and from this workload id (`<ns>/<Kind>/<name>`). */
  workload?: string;
  /** Upper bound on nodes; beyond it the graph is cut and `truncated` set. */
  maxNodes?: number;
}

export interface SourceLocation {
  uri: string;
  /** 0-based LSP range. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface FlowNamespace {
  name: string;
  labels: Record<string, string>;
  /** False for a namespace used by objects but not declared by a Namespace manifest. */
  declared: boolean;
  location?: SourceLocation;
}

export interface FlowNode {
  /** A workload id, or `external` for addresses outside the cluster (ipBlock / any). */
  id: string;
  type: 'workload' | 'external';
  namespace?: string;
  kind?: string;
  name: string;
  labels: Record<string, string>;
  /** Some policy isolates its ingress / egress. Unprotected workloads have both false. */
  ingressIsolated: boolean;
  egressIsolated: boolean;
  /** Ids (`<ns>/<name>`) of the policies that select it. */
  policies: string[];
  location?: SourceLocation;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** Allowed ports, per protocol, as inclusive ranges; all ports is [[1, 65535]]. */
  ports: { TCP?: [number, number][]; UDP?: [number, number][]; SCTP?: [number, number][] };
  /** Human label, e.g. `TCP 5432` or `all ports`. */
  label: string;
  /** Policies whose rules allow this edge (egress side and ingress side). Empty: allowed because nothing isolates. */
  policies: string[];
  /** With `policy` in the params: whether that policy adds this edge or removes it (the edge exists only without it). */
  change?: 'added' | 'removed';
  /** For edges to/from `external`: the CIDRs involved (all of them, whatever the ports: see `external`). */
  cidrs?: string[];
  /**
   * For edges to/from `external`: exactly what is allowed, one piece per distinct address set with the ports allowed
   * to (or from) exactly those addresses; `ports` and `cidrs` above are their unions.
   */
  external?: FlowExternalPiece[];
}

/** Some addresses outside the cluster and the ports allowed with them. */
export interface FlowExternalPiece {
  /** In words: `any address`, or CIDRs with their excepts (`10.0.0.0/8 except 10.1.0.0/16, 192.168.0.0/16`). */
  addresses: string;
  ports: FlowEdge['ports'];
  /** The ports in words, e.g. `TCP 443` or `all ports`. */
  label: string;
}

export interface FlowGraph {
  namespaces: FlowNamespace[];
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** The graph was cut at maxNodes. */
  truncated: boolean;
  /** Total workloads in the workspace, for "showing N of M". */
  totalWorkloads: number;
  /**
   * Where each NetworkPolicy of the workspace is declared (`<namespace>/<name>` → its metadata.name), so the preview
   * can list every policy in its "what does this policy change?" filter and reveal the YAML behind an edge.
   */
  policyLocations?: Record<string, SourceLocation>;
}

/** Client → server request: a plain-words explanation of the policy at a position (command "Explain Policy at Cursor"). */
export const ExplainPolicyRequest = 'netpolLens/explainPolicy';
export interface ExplainPolicyParams {
  uri: string;
  position: { line: number; character: number };
}
export interface ExplainPolicyResult {
  /** Markdown; null when there is no NetworkPolicy at that position. */
  markdown: string | null;
  policy?: string;
}

/**
 * Client → server request: today's reachability as a policy test file (`*.netpol-test.yaml` text), for the command
 * "Generate Policy Tests from Current Reachability". Every generated case passes on the current manifests.
 */
export const GeneratePolicyTestsRequest = 'netpolLens/generatePolicyTests';
export type GeneratePolicyTestsParams = Record<string, never>;
export interface GeneratePolicyTestsResult {
  /** The test file's YAML. */
  text: string;
}
