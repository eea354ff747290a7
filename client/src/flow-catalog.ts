// The choices the flow preview's filters offer, read off an unfiltered FlowGraph. Pure; shared by the extension host
// (which keeps the catalog while a filter narrows the graph) and tests.
import type { FlowGraph } from '../../server/src/protocol';
import type { FlowCatalog } from './flow-preview-messages';

export function catalogOf(graph: FlowGraph): FlowCatalog {
  const namespaces = new Set<string>();
  for (const ns of graph.namespaces) namespaces.add(ns.name);
  const policies = new Set<string>(Object.keys(graph.policyLocations ?? {}));
  const workloads: FlowCatalog['workloads'] = [];
  for (const node of graph.nodes) {
    for (const p of node.policies) policies.add(p);
    if (node.type !== 'workload' || node.namespace === undefined) continue;
    namespaces.add(node.namespace);
    workloads.push({ id: node.id, name: node.name, namespace: node.namespace, kind: node.kind ?? 'Workload' });
  }
  for (const edge of graph.edges) for (const p of edge.policies) policies.add(p);
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    namespaces: [...namespaces].sort(byText),
    policies: [...policies].sort(byText),
    workloads: workloads.sort((a, b) => byText(a.id, b.id)),
  };
}

/** Keeps a workload or policy filter choosable after a narrowing graph no longer lists it. */
export function mergeCatalogs(base: FlowCatalog, extra: FlowCatalog): FlowCatalog {
  const union = (a: string[], b: string[]): string[] => [...new Set([...a, ...b])].sort();
  const workloads = new Map(base.workloads.map((w) => [w.id, w]));
  for (const w of extra.workloads) if (!workloads.has(w.id)) workloads.set(w.id, w);
  return {
    namespaces: union(base.namespaces, extra.namespaces),
    policies: union(base.policies, extra.policies),
    workloads: [...workloads.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
