// YAML documents → model objects (Namespaces, pod-bearing workloads, Services, networking.k8s.io/v1
// NetworkPolicies), with a span for every part a finding or hover may point at. Values the API server would reject
// become findings here; the model keeps the obvious reading so that analysis can go on.
import { Document, isScalar, Node, YAMLMap } from 'yaml';
import { parseYamlFile } from './parse';
import { policySchemaFindings } from './schema-validation';
import { checkLabelKey, checkLabelValue } from './label-syntax';
import {
  AnalysisOptions,
  ContainerPort,
  FileObjects,
  Finding,
  IpBlock,
  LabelSelector,
  LabelSpan,
  NamespaceDecl,
  NetworkPolicy,
  ObjectBase,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Protocol,
  PROTOCOLS,
  SelectorOperator,
  SelectorRequirement,
  Service,
  ServicePort,
  Span,
  Workload,
  WorkloadKind,
  WORKLOAD_KINDS,
} from './types';
import { AstReader, BudgetExceeded, keyText, pairSpan, scalarText } from './yaml-ast';

type Map = YAMLMap<unknown, unknown>;

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** API groups each kind must come from; other groups' kinds of the same name (Knative Service, Calico NetworkPolicy) are ignored. */
function kindRecognised(kind: string, apiVersion: string): boolean {
  if (apiVersion === '') return kind !== 'NetworkPolicy';
  switch (kind) {
    case 'Namespace':
    case 'Pod':
    case 'Service':
    case 'ReplicationController':
      return apiVersion === 'v1';
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
      return /^(apps|extensions)\/v1(beta\d)?$/.test(apiVersion);
    case 'Job':
    case 'CronJob':
      return /^batch\/v\d+(beta\d|alpha\d)?$/.test(apiVersion);
    case 'NetworkPolicy':
      return apiVersion === 'networking.k8s.io/v1';
    default:
      return false;
  }
}

/** Kubernetes' own API groups (core, `apps`, `*.k8s.io`, …): the only NetworkPolicy they serve is networking.k8s.io/v1's. */
function builtinGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return !group.includes('.') || group.endsWith('.k8s.io');
}

export function extractFile(file: string, text: string, options: AnalysisOptions): FileObjects {
  const parsed = parseYamlFile(file, text, options);
  const out: FileObjects = {
    file,
    namespaces: [],
    workloads: [],
    services: [],
    policies: [],
    findings: parsed.findings,
  };
  for (const { doc, start } of parsed.documents) {
    const reader = new AstReader(file, doc);
    const extractor = new Extractor(reader, options, out);
    // A document given up on is not analysed at all: objects extracted before the budget ran out are dropped too.
    const before = { n: out.namespaces.length, w: out.workloads.length, s: out.services.length, p: out.policies.length, f: out.findings.length };
    try {
      extractor.document(doc);
    } catch (err) {
      // RangeError: a stack overflow on pathologically nested input; the file must still not crash the server.
      if (!(err instanceof BudgetExceeded) && !(err instanceof RangeError)) throw err;
      out.namespaces.length = before.n;
      out.workloads.length = before.w;
      out.services.length = before.s;
      out.policies.length = before.p;
      out.findings.length = before.f;
      out.findings.push({
        code: 'yaml-too-complex',
        severity: 'error',
        message:
          err instanceof BudgetExceeded
            ? 'This document expands to too many nodes through aliases (a YAML alias bomb?); it is not analysed.'
            : 'This document is nested too deeply to analyse; it is not analysed.',
        span: { file, start, end: start },
      });
    }
  }
  return out;
}

class Extractor {
  private readonly file: string;

  constructor(
    private readonly r: AstReader,
    private readonly options: AnalysisOptions,
    private readonly out: FileObjects,
  ) {
    this.file = r.file;
  }

  private report(code: string, severity: Finding['severity'], message: string, span: Span): void {
    this.out.findings.push({ code, severity, message, span });
  }

  document(doc: Document.Parsed): void {
    const root = this.r.map(doc.contents);
    if (root) this.object(root, 0);
  }

  private object(obj: Map, depth: number): void {
    const kind = this.r.getString(obj, 'kind') ?? '';
    const apiVersion = this.r.getString(obj, 'apiVersion') ?? '';
    if (kind.endsWith('List') && depth < 4) {
      const items = this.r.getSeq(obj, 'items');
      if (items) for (const item of this.r.items(items)) {
        const m = this.r.map(item);
        if (m) this.object(m, depth + 1);
      }
      return;
    }
    if (kind === 'NetworkPolicy' && apiVersion === 'extensions/v1beta1') {
      this.report(
        'deprecated-api',
        'warning',
        'extensions/v1beta1 NetworkPolicy was removed in Kubernetes 1.16; use apiVersion: networking.k8s.io/v1. This object is not analysed.',
        this.r.span(this.r.get(obj, 'apiVersion')),
      );
      return;
    }
    // Seen in real repositories (`apiVersion: apps/v1` on a NetworkPolicy): kubectl rejects it, so it must not pass
    // silently as if it were another project's NetworkPolicy kind (Calico's, Antrea's), which lives in a dotted group.
    if (kind === 'NetworkPolicy' && apiVersion !== 'networking.k8s.io/v1' && builtinGroup(apiVersion)) {
      this.report(
        'invalid-field',
        'error',
        apiVersion === ''
          ? 'This NetworkPolicy has no apiVersion, so kubectl rejects it; add apiVersion: networking.k8s.io/v1. This object is not analysed.'
          : `There is no NetworkPolicy in ${apiVersion}, so kubectl rejects it (no matches for kind "NetworkPolicy" in version "${apiVersion}"); ` +
              'use apiVersion: networking.k8s.io/v1. This object is not analysed.',
        this.r.span(this.r.get(obj, 'apiVersion') ?? this.r.get(obj, 'kind')),
      );
      return;
    }
    if (!kindRecognised(kind, apiVersion)) return;
    const base = this.base(obj, kind, apiVersion);
    if (kind === 'Namespace') this.namespace(obj, base);
    else if (kind === 'Service') this.service(obj, base);
    else if (kind === 'NetworkPolicy') this.policy(obj, base);
    else if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) this.workload(obj, base, kind as WorkloadKind);
  }

  private base(obj: Map, kind: string, apiVersion: string): ObjectBase {
    const metadata = this.r.getMap(obj, 'metadata');
    const span = this.r.span(obj);
    const nameNode = this.r.get(metadata, 'name');
    const namespaceNode = this.r.get(metadata, 'namespace');
    const namespaceText = isScalar(namespaceNode) ? scalarText(namespaceNode) : '';
    const headSpan: Span = { file: this.file, start: span.start, end: span.start };
    return {
      kind,
      apiVersion,
      name: isScalar(nameNode) ? scalarText(nameNode) : '',
      namespace: kind === 'Namespace' ? '' : namespaceText || this.options.defaultNamespace,
      namespaceExplicit: namespaceText !== '',
      span,
      nameSpan: nameNode ? this.r.span(nameNode) : headSpan,
      kindSpan: this.r.span(this.r.get(obj, 'kind'), headSpan),
    };
  }

  private namespace(obj: Map, base: ObjectBase): void {
    const metadata = this.r.getMap(obj, 'metadata');
    const { labels, labelSpans } = this.labels(this.r.get(metadata, 'labels'));
    const decl: NamespaceDecl = { ...base, kind: 'Namespace', namespace: base.name, labels, labelSpans };
    this.out.namespaces.push(decl);
  }

  /** A labels mapping; non-string values are reported (the API server rejects them) and read as written. */
  private labels(node: Node | null): { labels: Record<string, string>; labelSpans: LabelSpan[]; span?: Span; valid: boolean } {
    const labels: Record<string, string> = {};
    const labelSpans: LabelSpan[] = [];
    const map = this.r.map(node);
    if (!map) {
      if (node && !(isScalar(node) && node.value === null)) {
        this.report('invalid-field', 'error', 'labels must be a mapping of string keys to string values.', this.r.span(node));
        return { labels, labelSpans, valid: false };
      }
      return { labels, labelSpans, valid: true };
    }
    const reported = this.out.findings.length;
    for (const p of this.r.pairs(map)) {
      if (!isScalar(p.key)) continue;
      const key = keyText(p.key);
      const valueNode = this.r.resolve(p.value);
      const keySpan = this.r.span(p.key);
      const valueSpan = this.r.span(valueNode, { file: this.file, start: keySpan.end, end: keySpan.end });
      let value = '';
      if (isScalar(valueNode)) {
        value = scalarText(valueNode);
        if (valueNode.value !== null && typeof valueNode.value !== 'string') {
          this.report(
            'invalid-label',
            'error',
            `Label value ${value} is read as a ${typeof valueNode.value}; Kubernetes rejects non-string label values. Quote it: "${value}".`,
            valueSpan,
          );
        }
      } else if (valueNode) {
        this.report('invalid-label', 'error', `Label "${key}" must have a string value.`, valueSpan);
      }
      const keyProblem = checkLabelKey(key);
      if (keyProblem) this.report('invalid-label', 'error', keyProblem, keySpan);
      const valueProblem = checkLabelValue(value);
      if (valueProblem && isScalar(valueNode)) this.report('invalid-label', 'error', valueProblem, valueSpan);
      labels[key] = value;
      labelSpans.push({ key, keySpan, valueSpan });
    }
    return { labels, labelSpans, span: this.r.span(map), valid: this.out.findings.length === reported };
  }

  private workload(obj: Map, base: ObjectBase, kind: WorkloadKind): void {
    let podMeta: Map | null;
    let podSpec: Map | null;
    if (kind === 'Pod') {
      podMeta = this.r.getMap(obj, 'metadata');
      podSpec = this.r.getMap(obj, 'spec');
    } else {
      let spec = this.r.getMap(obj, 'spec');
      if (kind === 'CronJob') spec = this.r.getMap(this.r.getMap(spec, 'jobTemplate'), 'spec');
      const template = this.r.getMap(spec, 'template');
      podMeta = this.r.getMap(template, 'metadata');
      podSpec = this.r.getMap(template, 'spec');
    }
    const labelsNode = this.r.get(podMeta, 'labels');
    const { labels, labelSpans, span: labelsSpan } = this.labels(labelsNode);
    const ports: ContainerPort[] = [];
    const containers = [
      ...this.containerList(this.r.getSeq(podSpec, 'containers'), false),
      // Sidecars (init containers with restartPolicy: Always) keep running and can serve.
      ...this.containerList(this.r.getSeq(podSpec, 'initContainers'), true),
    ];
    for (const container of containers) ports.push(...this.containerPorts(container));
    const hostNetworkNode = this.r.get(podSpec, 'hostNetwork');
    const os = this.r.getString(this.r.getMap(podSpec, 'nodeSelector'), 'kubernetes.io/os');
    const workload: Workload = {
      ...base,
      kind,
      id: `${base.namespace}/${kind}/${base.name}`,
      labels,
      labelSpans,
      labelsSpan,
      ports,
      hostNetwork: isScalar(hostNetworkNode) && hostNetworkNode.value === true,
      ...(os ? { os } : {}),
    };
    this.out.workloads.push(workload);
  }

  private containerList(seq: ReturnType<AstReader['seq']>, sidecarsOnly: boolean): Map[] {
    if (!seq) return [];
    const result: Map[] = [];
    for (const item of this.r.items(seq)) {
      const c = this.r.map(item);
      if (!c) continue;
      if (sidecarsOnly && this.r.getString(c, 'restartPolicy') !== 'Always') continue;
      result.push(c);
    }
    return result;
  }

  private containerPorts(container: Map): ContainerPort[] {
    const name = this.r.getString(container, 'name') ?? '';
    const seq = this.r.getSeq(container, 'ports');
    if (!seq) return [];
    const ports: ContainerPort[] = [];
    for (const item of this.r.items(seq)) {
      const p = this.r.map(item);
      if (!p) continue;
      const portNode = this.r.get(p, 'containerPort');
      const port = isScalar(portNode) ? portNumber(portNode.value) : undefined;
      if (port === undefined) continue;
      ports.push({
        container: name,
        name: this.r.getString(p, 'name'),
        port,
        protocol: this.protocol(p).protocol,
        span: this.r.span(p),
      });
    }
    return ports;
  }

  /** `protocol` of a port entry: default TCP; anything but TCP/UDP/SCTP is reported. */
  private protocol(entry: Map): { protocol: Protocol; valid: boolean } {
    const node = this.r.get(entry, 'protocol');
    if (!node) return { protocol: 'TCP', valid: true };
    const text = isScalar(node) ? scalarText(node) : '';
    if ((PROTOCOLS as readonly string[]).includes(text)) return { protocol: text as Protocol, valid: true };
    const upper = text.toUpperCase();
    const hint = (PROTOCOLS as readonly string[]).includes(upper) ? ` Protocols are case-sensitive: write ${upper}.` : '';
    this.report(
      'invalid-protocol',
      'error',
      `Unknown protocol "${text}": Kubernetes accepts TCP, UDP and SCTP.${hint}`,
      this.r.span(node),
    );
    return { protocol: (PROTOCOLS as readonly string[]).includes(upper) ? (upper as Protocol) : 'TCP', valid: false };
  }

  private service(obj: Map, base: ObjectBase): void {
    const spec = this.r.getMap(obj, 'spec');
    const selectorNode = this.r.get(spec, 'selector');
    const selector = selectorNode ? this.labels(selectorNode).labels : undefined;
    const ports: ServicePort[] = [];
    const seq = this.r.getSeq(spec, 'ports');
    if (seq) {
      for (const item of this.r.items(seq)) {
        const p = this.r.map(item);
        if (!p) continue;
        const portNode = this.r.get(p, 'port');
        const port = isScalar(portNode) ? portNumber(portNode.value) : undefined;
        if (port === undefined) continue;
        const targetNode = this.r.get(p, 'targetPort');
        let targetPort: number | string = port;
        if (isScalar(targetNode)) {
          const n = typeof targetNode.value === 'number' ? portNumber(targetNode.value) : undefined;
          targetPort = n ?? scalarText(targetNode);
        }
        ports.push({
          name: this.r.getString(p, 'name'),
          port,
          targetPort,
          protocol: this.protocol(p).protocol,
          span: this.r.span(p),
        });
      }
    }
    const service: Service = {
      ...base,
      kind: 'Service',
      id: `${base.namespace}/Service/${base.name}`,
      selector,
      type: this.r.getString(spec, 'type') ?? 'ClusterIP',
      ports,
    };
    this.out.services.push(service);
  }

  private policy(obj: Map, base: ObjectBase): void {
    const specPair = this.r.pair(obj, 'spec');
    const spec = this.r.getMap(obj, 'spec');
    const specSpan = specPair ? this.r.span(this.r.resolve(specPair.value), base.span) : base.span;
    const podSelectorPair = this.r.pair(spec, 'podSelector');
    const podSelector = this.selector(
      podSelectorPair ? this.r.resolve(podSelectorPair.value) : null,
      podSelectorPair ? pairSpan(this.file, podSelectorPair) : specSpan,
    );

    const ingress = this.rules(spec, 'ingress');
    const egress = this.rules(spec, 'egress');

    let declaredPolicyTypes: string[] | undefined;
    let policyTypesSpan: Span | undefined;
    const typesNode = this.r.get(spec, 'policyTypes');
    if (typesNode) {
      policyTypesSpan = this.r.span(typesNode);
      declaredPolicyTypes = [];
      const seq = this.r.seq(typesNode);
      if (!seq) {
        this.report('invalid-field', 'error', 'policyTypes must be a list: [Ingress], [Egress] or [Ingress, Egress].', policyTypesSpan);
      } else {
        for (const item of this.r.items(seq)) {
          const node = this.r.resolve(item);
          const text = isScalar(node) ? scalarText(node) : '';
          if (text !== 'Ingress' && text !== 'Egress') {
            const fixed = text.toLowerCase() === 'ingress' ? 'Ingress' : text.toLowerCase() === 'egress' ? 'Egress' : undefined;
            this.report(
              'invalid-field',
              'error',
              `policyTypes accepts only Ingress and Egress${fixed ? ` (case-sensitive: write ${fixed})` : ''}; "${text}" is rejected by the API server.`,
              this.r.span(node),
            );
            continue;
          }
          declaredPolicyTypes.push(text);
        }
      }
    }
    const explicitTypes = declaredPolicyTypes !== undefined && declaredPolicyTypes.length > 0;
    const policy: NetworkPolicy = {
      ...base,
      kind: 'NetworkPolicy',
      id: `${base.namespace}/${base.name}`,
      podSelector,
      declaredPolicyTypes,
      policyTypesSpan,
      affectsIngress: explicitTypes ? declaredPolicyTypes!.includes('Ingress') : true,
      affectsEgress: explicitTypes ? declaredPolicyTypes!.includes('Egress') : (egress.rules?.length ?? 0) > 0,
      ingress: ingress.rules,
      egress: egress.rules,
      ingressSpan: ingress.span,
      egressSpan: egress.span,
      specSpan,
    };
    this.out.policies.push(policy);
    this.out.findings.push(...policySchemaFindings(this.r, obj, this.out.findings));
  }

  private rules(spec: Map | null, key: 'ingress' | 'egress'): { rules?: PolicyRule[]; span?: Span } {
    const pair = this.r.pair(spec, key);
    if (!pair) return {};
    const span = pairSpan(this.file, pair);
    const value = this.r.resolve(pair.value);
    if (value === null || (isScalar(value) && value.value === null)) return { rules: undefined, span };
    const seq = this.r.seq(value);
    if (!seq) {
      this.report('invalid-field', 'error', `${key} must be a list of rules.`, this.r.span(value));
      return { rules: [], span };
    }
    const peersKey = key === 'ingress' ? 'from' : 'to';
    const rules: PolicyRule[] = [];
    this.r.items(seq).forEach((item, index) => {
      const node = this.r.resolve(item);
      // A null item (`- ` with nothing after it) decodes to an empty rule, which allows everything.
      const ruleMap = this.r.map(node);
      const ruleSpan = this.r.span(node ?? item, span);
      const peersPair = this.r.pair(ruleMap, peersKey);
      const portsPair = this.r.pair(ruleMap, 'ports');
      rules.push({
        direction: key,
        index,
        span: ruleSpan,
        peers: peersPair ? this.peers(this.r.resolve(peersPair.value), peersKey) : undefined,
        peersSpan: peersPair ? pairSpan(this.file, peersPair) : undefined,
        ports: portsPair ? this.ports(this.r.resolve(portsPair.value)) : undefined,
        portsSpan: portsPair ? pairSpan(this.file, portsPair) : undefined,
      });
    });
    return { rules, span };
  }

  private peers(node: Node | null, key: string): PolicyPeer[] | undefined {
    if (node === null || (isScalar(node) && node.value === null)) return undefined;
    const seq = this.r.seq(node);
    if (!seq) {
      this.report('invalid-field', 'error', `${key} must be a list of peers.`, this.r.span(node));
      return [];
    }
    const peers: PolicyPeer[] = [];
    for (const item of this.r.items(seq)) {
      const peerNode = this.r.resolve(item);
      const m = this.r.map(peerNode);
      const span = this.r.span(peerNode ?? item);
      const peer: PolicyPeer = { span };
      const podPair = this.r.pair(m, 'podSelector');
      const nsPair = this.r.pair(m, 'namespaceSelector');
      const ipNode = this.r.get(m, 'ipBlock');
      if (podPair && !isNull(this.r.resolve(podPair.value))) {
        peer.podSelector = this.selector(this.r.resolve(podPair.value), pairSpan(this.file, podPair));
      }
      if (nsPair && !isNull(this.r.resolve(nsPair.value))) {
        peer.namespaceSelector = this.selector(this.r.resolve(nsPair.value), pairSpan(this.file, nsPair));
      }
      if (ipNode) peer.ipBlock = this.ipBlock(ipNode);
      if (peer.ipBlock && (peer.podSelector || peer.namespaceSelector)) {
        this.report(
          'invalid-peer',
          'error',
          'A peer with ipBlock may not also have podSelector or namespaceSelector: the API server rejects it. Split it into two peers.',
          span,
        );
      }
      peers.push(peer);
    }
    return peers;
  }

  private ipBlock(node: Node): IpBlock {
    const m = this.r.map(node);
    const span = this.r.span(node);
    const cidrNode = this.r.get(m, 'cidr');
    const except: string[] = [];
    const exceptSpans: Span[] = [];
    const exceptSeq = this.r.getSeq(m, 'except');
    if (exceptSeq) {
      for (const item of this.r.items(exceptSeq)) {
        const n = this.r.resolve(item);
        if (!isScalar(n)) continue;
        except.push(scalarText(n));
        exceptSpans.push(this.r.span(n));
      }
    }
    return {
      cidr: isScalar(cidrNode) ? scalarText(cidrNode) : '',
      except,
      span,
      cidrSpan: this.r.span(cidrNode, span),
      exceptSpans,
    };
  }

  private ports(node: Node | null): PolicyPort[] | undefined {
    if (node === null || (isScalar(node) && node.value === null)) return undefined;
    const seq = this.r.seq(node);
    if (!seq) {
      this.report('invalid-field', 'error', 'ports must be a list of {protocol, port, endPort} entries.', this.r.span(node));
      return [];
    }
    const ports: PolicyPort[] = [];
    for (const item of this.r.items(seq)) {
      const entryNode = this.r.resolve(item);
      const m = this.r.map(entryNode);
      const span = this.r.span(entryNode ?? item);
      const { protocol, valid } = m ? this.protocol(m) : { protocol: 'TCP' as Protocol, valid: true };
      const entry: PolicyPort = { span, protocol, protocolValid: valid };
      const portNode = this.r.get(m, 'port');
      if (isScalar(portNode)) {
        entry.portSpan = this.r.span(portNode);
        if (typeof portNode.value === 'number') {
          const n = portNumber(portNode.value);
          if (n === undefined) {
            this.report('invalid-port', 'error', `Port ${scalarText(portNode)} is not a port number (1-65535).`, entry.portSpan);
            entry.port = Number.NaN;
          } else entry.port = n;
        } else {
          const name = scalarText(portNode);
          entry.port = name;
          const problem = checkPortName(name);
          if (problem) this.report('invalid-port', 'error', problem, entry.portSpan);
        }
      }
      const endNode = this.r.get(m, 'endPort');
      if (isScalar(endNode)) {
        entry.endPortSpan = this.r.span(endNode);
        const n = typeof endNode.value === 'number' ? portNumber(endNode.value) : undefined;
        if (n === undefined) {
          this.report('invalid-port', 'error', `endPort ${scalarText(endNode)} is not a port number (1-65535).`, entry.endPortSpan);
        } else entry.endPort = n;
      }
      ports.push(entry);
    }
    return ports;
  }

  /** A metav1.LabelSelector; problems the API server would reject make it invalid (it then selects nothing). */
  private selector(node: Node | null, fallbackSpan: Span): LabelSelector {
    const span = node && !isNull(node) ? this.r.span(node, fallbackSpan) : fallbackSpan;
    const selector: LabelSelector = { matchLabels: {}, matchExpressions: [], span, labelSpans: [], valid: true };
    if (node === null || isNull(node)) return selector;
    const m = this.r.map(node);
    if (!m) {
      this.invalid(selector, 'A label selector must be a mapping with matchLabels and/or matchExpressions.', span);
      return selector;
    }
    for (const p of this.r.pairs(m)) {
      const key = isScalar(p.key) ? keyText(p.key) : '';
      if (key !== 'matchLabels' && key !== 'matchExpressions') {
        this.report(
          'invalid-selector',
          'error',
          `Unknown selector field "${key}". A selector has matchLabels and matchExpressions; did you mean matchLabels: {${key}: …}?`,
          this.r.span(p.key),
        );
        selector.valid = false;
      }
    }
    const labels = this.labels(this.r.get(m, 'matchLabels'));
    selector.matchLabels = labels.labels;
    selector.labelSpans = labels.labelSpans;
    // The API server validates matchLabels like labels: a bad key or value rejects the selector, so it selects nothing.
    if (!labels.valid) selector.valid = false;
    const exprs = this.r.getSeq(m, 'matchExpressions');
    if (exprs) {
      for (const item of this.r.items(exprs)) {
        const req = this.requirement(this.r.resolve(item), selector);
        if (req) selector.matchExpressions.push(req);
      }
    } else if (this.r.get(m, 'matchExpressions')) {
      this.invalid(selector, 'matchExpressions must be a list of {key, operator, values}.', this.r.span(this.r.get(m, 'matchExpressions')));
    }
    return selector;
  }

  private requirement(node: Node | null, selector: LabelSelector): SelectorRequirement | undefined {
    const m = this.r.map(node);
    const span = this.r.span(node, selector.span);
    if (!m) {
      this.invalid(selector, 'A matchExpressions entry must be a mapping {key, operator, values}.', span);
      return undefined;
    }
    const key = this.r.getString(m, 'key') ?? '';
    const operatorText = this.r.getString(m, 'operator') ?? '';
    const operatorNode = this.r.get(m, 'operator');
    const values: string[] = [];
    const valuesNode = this.r.get(m, 'values');
    const valuesSeq = this.r.seq(valuesNode);
    if (valuesSeq) {
      for (const v of this.r.items(valuesSeq)) {
        const n = this.r.resolve(v);
        if (isScalar(n)) values.push(scalarText(n));
      }
    }
    if (!key) this.invalid(selector, 'A matchExpressions entry needs a key.', span);
    else {
      const keyProblem = checkLabelKey(key);
      if (keyProblem) this.invalid(selector, keyProblem, this.r.span(this.r.get(m, 'key'), span));
    }
    const operator = OPERATORS.find((o) => o === operatorText);
    if (!operator) {
      const near = OPERATORS.find((o) => o.toLowerCase() === operatorText.toLowerCase());
      this.invalid(
        selector,
        operatorText
          ? `Unknown operator "${operatorText}"${near ? ` (operators are case-sensitive: ${near})` : ''}; use In, NotIn, Exists or DoesNotExist.`
          : 'A matchExpressions entry needs an operator: In, NotIn, Exists or DoesNotExist.',
        this.r.span(operatorNode, span),
      );
      return undefined;
    }
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      this.invalid(selector, `Operator ${operator} needs a non-empty values list.`, this.r.span(valuesNode ?? operatorNode, span));
    }
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      this.invalid(selector, `Operator ${operator} must not have values.`, this.r.span(valuesNode, span));
    }
    // New objects get their In/NotIn values validated as label values (apimachinery ValidateLabelSelectorRequirement).
    if (valuesSeq && (operator === 'In' || operator === 'NotIn')) {
      for (const v of this.r.items(valuesSeq)) {
        const n = this.r.resolve(v);
        const problem = !isScalar(n)
          ? 'A value must be a string.'
          : n.value !== null && typeof n.value !== 'string'
            ? `Value ${scalarText(n)} is read as a ${typeof n.value}; the API server wants a string. Quote it: "${scalarText(n)}".`
            : checkLabelValue(scalarText(n));
        if (problem) this.invalid(selector, problem, this.r.span(n ?? v, span));
      }
    }
    return { key, operator, values, span };
  }

  private invalid(selector: LabelSelector, message: string, span: Span): void {
    selector.valid = false;
    this.report('invalid-selector', 'error', message, span);
  }
}

function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function portNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535 ? value : undefined;
}

/** IANA_SVC_NAME, as Kubernetes validates named ports. */
function checkPortName(name: string): string | undefined {
  if (/^\d+$/.test(name)) return `Port "${name}" is a quoted number, which Kubernetes reads as a port name and rejects; write it unquoted: ${name}.`;
  if (name.length === 0 || name.length > 15) return `Port name "${name}" must be 1-15 characters.`;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `Port name "${name}" is not a valid IANA service name (lowercase letters, digits and single hyphens, at least one letter).`;
  }
  return undefined;
}

