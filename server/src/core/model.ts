// Files' objects → one workspace model: namespaces (declared or merely used), workloads, services and policies,
// with the lookups the analysis needs. A Model is immutable; the Workspace builds a new one after each change.
import { extractFile } from './extract';
import { readPolicyTestFile } from './policy-tests/read';
import { isPolicyTestFile } from './policy-tests/types';
import {
  AnalysisOptions,
  DEFAULT_OPTIONS,
  FileObjects,
  Labels,
  NamespaceDecl,
  NetworkPolicy,
  Service,
  Workload,
} from './types';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Namespaces every cluster has, whether or not the workspace mentions them. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

export interface NamespaceInfo {
  name: string;
  /** The declared labels plus the automatic kubernetes.io/metadata.name. */
  labels: Labels;
  /** The Namespace object, when the workspace declares one. */
  decl?: NamespaceDecl;
}

export class Model {
  readonly namespaces = new Map<string, NamespaceInfo>();
  readonly workloads: Workload[] = [];
  readonly services: Service[] = [];
  readonly policies: NetworkPolicy[] = [];
  private readonly workloadsByNamespace = new Map<string, Workload[]>();
  private readonly policiesByNamespace = new Map<string, NetworkPolicy[]>();
  private readonly workloadsById = new Map<string, Workload>();

  constructor(
    readonly files: readonly FileObjects[],
    readonly options: AnalysisOptions = DEFAULT_OPTIONS,
  ) {
    // Files in path order so that "first definition wins" does not depend on the order files were opened.
    const ordered = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const f of ordered) {
      for (const ns of f.namespaces) {
        if (this.namespaces.get(ns.name)?.decl) continue;
        this.namespaces.set(ns.name, { name: ns.name, labels: { ...ns.labels, [NAMESPACE_NAME_LABEL]: ns.name }, decl: ns });
      }
    }
    const use = (name: string): void => {
      if (name && !this.namespaces.has(name)) this.namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name } });
    };
    for (const name of [...SYSTEM_NAMESPACES, options.dns.namespace]) use(name);
    for (const f of ordered) {
      for (const w of f.workloads) {
        // The same object in two files (kustomize bases and overlays): the first, in path order, stands.
        if (this.workloadsById.has(w.id)) continue;
        this.workloadsById.set(w.id, w);
        this.workloads.push(w);
        push(this.workloadsByNamespace, w.namespace, w);
        use(w.namespace);
      }
      for (const s of f.services) {
        this.services.push(s);
        use(s.namespace);
      }
      for (const p of f.policies) {
        this.policies.push(p);
        push(this.policiesByNamespace, p.namespace, p);
        use(p.namespace);
      }
    }
    this.workloads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  policiesIn(namespace: string): readonly NetworkPolicy[] {
    return this.policiesByNamespace.get(namespace) ?? [];
  }

  workload(id: string): Workload | undefined {
    return this.workloadsById.get(id);
  }

  /** Labels of a namespace; a namespace nobody declared still carries kubernetes.io/metadata.name. */
  namespaceLabels(name: string): Labels {
    return this.namespaces.get(name)?.labels ?? { [NAMESPACE_NAME_LABEL]: name };
  }

  /** True when at least one Namespace object is in view (so namespace labels can be checked at all). */
  hasNamespaceDecls(): boolean {
    for (const ns of this.namespaces.values()) if (ns.decl) return true;
    return false;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The set of files under analysis, kept current one file at a time. Only a changed file is re-parsed; the model
 * is rebuilt on demand from the per-file objects.
 */
export class Workspace {
  private readonly fileObjects = new Map<string, FileObjects>();
  private cached?: Model;

  constructor(readonly options: AnalysisOptions = DEFAULT_OPTIONS) {}

  setFile(file: string, text: string): FileObjects {
    // Policy test files are recognised by name: their cases are checked against the manifests, never read as manifests.
    const objects = isPolicyTestFile(file) ? readPolicyTestFile(file, text, this.options) : extractFile(file, text, this.options);
    this.fileObjects.set(file, objects);
    this.cached = undefined;
    return objects;
  }

  deleteFile(file: string): boolean {
    const had = this.fileObjects.delete(file);
    if (had) this.cached = undefined;
    return had;
  }

  has(file: string): boolean {
    return this.fileObjects.has(file);
  }

  file(file: string): FileObjects | undefined {
    return this.fileObjects.get(file);
  }

  files(): string[] {
    return [...this.fileObjects.keys()];
  }

  model(): Model {
    if (!this.cached) this.cached = new Model([...this.fileObjects.values()], this.options);
    return this.cached;
  }
}
