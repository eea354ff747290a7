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
  private readonly servicesByNamespace = new Map<string, Service[]>();
  private readonly workloadsById = new Map<string, Workload>();
  /** Some workload id is defined more than once (only the first, in path order, is in the model). */
  private duplicateWorkloads = false;
  /** `key=value` → the workloads carrying that pod label, in `workloads` order; built on first use. */
  private labelIndex?: Map<string, Workload[]>;

  constructor(
    readonly files: readonly FileObjects[],
    readonly options: AnalysisOptions = DEFAULT_OPTIONS,
    /** The model before one file's objects were replaced, which lets a keystroke patch it instead of rebuilding. */
    edit?: FileEdit,
  ) {
    if (edit && this.patch(edit)) return;
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
        if (this.workloadsById.has(w.id)) {
          this.duplicateWorkloads = true;
          continue;
        }
        this.workloadsById.set(w.id, w);
        this.workloads.push(w);
        push(this.workloadsByNamespace, w.namespace, w);
        use(w.namespace);
      }
      for (const s of f.services) {
        this.services.push(s);
        push(this.servicesByNamespace, s.namespace, s);
        use(s.namespace);
      }
      for (const p of f.policies) {
        this.policies.push(p);
        push(this.policiesByNamespace, p.namespace, p);
        use(p.namespace);
      }
    }
    this.workloads.sort(byId);
  }

  /**
   * This model as `edit.previous` with one file's objects swapped for their re-extracted versions, when the edit
   * leaves everything order-dependent alone: no Namespace objects in the file, the same number of workloads,
   * services and policies in the same namespaces, and no workload id defined twice. The result is then exactly
   * what a full build gives, without re-walking every file (on 25,000 workloads a full build costs more than the
   * analysis a keystroke triggers). Returns false, having changed nothing, when a full build is needed.
   */
  private patch({ previous, before, after }: FileEdit): boolean {
    if (previous.options !== this.options || previous.duplicateWorkloads) return false;
    if (before.namespaces.length > 0 || after.namespaces.length > 0) return false;
    if (!sameNamespaces(before.workloads, after.workloads) || !sameNamespaces(before.services, after.services)) return false;
    if (!sameNamespaces(before.policies, after.policies)) return false;
    const oldIds = new Set<string>();
    for (const w of before.workloads) {
      if (previous.workloadsById.get(w.id) !== w) return false;
      oldIds.add(w.id);
    }
    const newIds = new Set<string>();
    for (const w of after.workloads) {
      if (newIds.has(w.id) || (previous.workloadsById.has(w.id) && !oldIds.has(w.id))) return false;
      newIds.add(w.id);
    }

    for (const [name, info] of previous.namespaces) this.namespaces.set(name, info);
    for (const [id, w] of previous.workloadsById) this.workloadsById.set(id, w);
    for (const id of oldIds) this.workloadsById.delete(id);
    for (const w of after.workloads) this.workloadsById.set(w.id, w);
    const sameIds = before.workloads.every((w, i) => w.id === after.workloads[i].id);
    if (sameIds) {
      append(this.workloads, replaced(previous.workloads, before.workloads, after.workloads));
    } else {
      const gone = new Set(before.workloads);
      for (const w of previous.workloads) if (!gone.has(w)) this.workloads.push(w);
      for (const w of after.workloads) this.workloads.splice(sortedIndex(this.workloads, w), 0, w);
    }
    append(this.services, replaced(previous.services, before.services, after.services));
    append(this.policies, replaced(previous.policies, before.policies, after.policies));
    patchByNamespace(this.workloadsByNamespace, previous.workloadsByNamespace, before.workloads, after.workloads);
    patchByNamespace(this.policiesByNamespace, previous.policiesByNamespace, before.policies, after.policies);
    patchByNamespace(this.servicesByNamespace, previous.servicesByNamespace, before.services, after.services);
    if (previous.labelIndex) {
      const untouched = before.workloads.length === 0 && after.workloads.length === 0;
      this.labelIndex = untouched ? previous.labelIndex : patchLabelIndex(previous.labelIndex, before.workloads, after.workloads);
    }
    return true;
  }

  workloadsIn(namespace: string): readonly Workload[] {
    return this.workloadsByNamespace.get(namespace) ?? [];
  }

  policiesIn(namespace: string): readonly NetworkPolicy[] {
    return this.policiesByNamespace.get(namespace) ?? [];
  }

  /**
   * The workloads whose pod labels include `key: value`, in `workloads` order: where selectors look first. The index
   * is built on first use and carried over by keystroke patches (rebuilding it per analysis pass cost a keystroke on
   * 25,000 workloads some 60 ms).
   */
  workloadsWithLabel(key: string, value: string): readonly Workload[] {
    if (!this.labelIndex) {
      this.labelIndex = new Map();
      for (const w of this.workloads) for (const [k, v] of Object.entries(w.labels)) push(this.labelIndex, labelKey(k, v), w);
    }
    return this.labelIndex.get(labelKey(key, value)) ?? [];
  }

  /** The Services of a namespace, in path order. */
  servicesIn(namespace: string): readonly Service[] {
    return this.servicesByNamespace.get(namespace) ?? [];
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

/** One file's objects re-extracted: the model before, and the file's objects before and after. */
export interface FileEdit {
  previous: Model;
  before: FileObjects;
  after: FileObjects;
}

function byId(a: Workload, b: Workload): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Where `w` goes in `sorted` (by id). */
function sortedIndex(sorted: readonly Workload[], w: Workload): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byId(sorted[mid], w) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameNamespaces(a: readonly { namespace: string }[], b: readonly { namespace: string }[]): boolean {
  return a.length === b.length && a.every((x, i) => x.namespace === b[i].namespace);
}

/** A copy of `list` with each of `before` (by identity) replaced by the `after` at the same index. */
function replaced<T>(list: readonly T[], before: readonly T[], after: readonly T[]): T[] {
  const copy = list.slice();
  before.forEach((old, i) => {
    const at = copy.indexOf(old);
    if (at >= 0) copy[at] = after[i];
  });
  return copy;
}

function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** `target` as `source` (namespace → objects in path order), with `before[i]` replaced by `after[i]`. */
function patchByNamespace<T extends { namespace: string }>(target: Map<string, T[]>, source: ReadonlyMap<string, T[]>, before: readonly T[], after: readonly T[]): void {
  for (const [ns, list] of source) target.set(ns, list);
  const touched = new Set(before.map((o) => o.namespace));
  for (const ns of touched) target.set(ns, replaced(source.get(ns) ?? [], before, after));
}

function labelKey(key: string, value: string): string {
  return `${key}=${value}`;
}

/** `source` with the `before` workloads' labels removed and the `after` workloads' added (lists kept in id order). */
function patchLabelIndex(source: ReadonlyMap<string, Workload[]>, before: readonly Workload[], after: readonly Workload[]): Map<string, Workload[]> {
  const index = new Map(source);
  const copied = new Set<string>();
  const list = (key: string): Workload[] => {
    if (!copied.has(key)) {
      copied.add(key);
      index.set(key, (index.get(key) ?? []).slice());
    }
    return index.get(key)!;
  };
  for (const w of before) {
    for (const [k, v] of Object.entries(w.labels)) {
      const l = list(labelKey(k, v));
      const at = l.indexOf(w);
      if (at >= 0) l.splice(at, 1);
    }
  }
  for (const w of after) for (const [k, v] of Object.entries(w.labels)) {
    const l = list(labelKey(k, v));
    l.splice(sortedIndex(l, w), 0, w);
  }
  for (const key of copied) if (index.get(key)!.length === 0) index.delete(key);
  return index;
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
  /** Since the last model(): one file re-extracted (model() may patch the previous model), or more changes. */
  private pending?: { previous: Model; file: string; before: FileObjects } | 'rebuild';

  constructor(readonly options: AnalysisOptions = DEFAULT_OPTIONS) {}

  setFile(file: string, text: string): FileObjects {
    // Policy test files are recognised by name: their cases are checked against the manifests, never read as manifests.
    const objects = isPolicyTestFile(file) ? readPolicyTestFile(file, text, this.options) : extractFile(file, text, this.options);
    const before = this.fileObjects.get(file);
    this.fileObjects.set(file, objects);
    if (this.cached) this.pending = before ? { previous: this.cached, file, before } : 'rebuild';
    else if (this.pending !== undefined && (this.pending === 'rebuild' || this.pending.file !== file)) this.pending = 'rebuild';
    this.cached = undefined;
    return objects;
  }

  deleteFile(file: string): boolean {
    const had = this.fileObjects.delete(file);
    if (had) {
      this.cached = undefined;
      this.pending = 'rebuild';
    }
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
    if (!this.cached) {
      const p = this.pending;
      const edit = p && p !== 'rebuild' ? { previous: p.previous, before: p.before, after: this.fileObjects.get(p.file)! } : undefined;
      this.cached = new Model([...this.fileObjects.values()], this.options, edit);
      this.pending = undefined;
    }
    return this.cached;
  }
}
