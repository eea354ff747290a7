// The drawn graph as a Mermaid flowchart (namespaces as subgraphs), for docs and pull requests. Labels are user input:
// every character outside a small safe set becomes a Mermaid entity code (#<decimal>;), so a label can neither end
// its quotes nor smuggle HTML into a renderer. Ids are generated, never taken from the data.
import type { ViewGraph, ViewNode } from './view-model';

export function toMermaid(view: ViewGraph): string {
  const lines = ['%% NetworkPolicy Lens: allowed flows', 'flowchart LR'];
  const ids = new Map<string, string>();
  view.groups.forEach((group, i) => ids.set(group.key, `ns${i}`));
  view.nodes.forEach((node, i) => ids.set(node.key, `w${i}`));
  const nodeLine = (node: ViewNode, indent: string): string => `${indent}${ids.get(node.key)}["${escapeLabel(`${node.name} (${node.detail})`)}"]`;

  const nodesByKey = new Map(view.nodes.map((n) => [n.key, n]));
  let hidden = 0;
  for (const group of view.groups) {
    const internal = group.internalFlows.length ? ` (${group.internalFlows.length} internal flows)` : '';
    lines.push(`  subgraph ${ids.get(group.key)}["${escapeLabel(`namespace ${group.namespace}${internal}`)}"]`);
    for (const key of group.nodeKeys) lines.push(nodeLine(nodesByKey.get(key)!, '    '));
    // A collapsed namespace's flows go to the namespace; its workloads are still listed, for the record.
    if (group.collapsed) {
      for (const w of group.workloads) lines.push(`    w${view.nodes.length + hidden++}["${escapeLabel(`${w.name} (${w.kind ?? 'Workload'})`)}"]`);
    }
    lines.push('  end');
  }
  for (const node of view.nodes) if (!node.group) lines.push(nodeLine(node, '  '));

  for (const edge of view.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    const prefix = edge.change === 'added' ? 'added: ' : edge.change === 'removed' ? 'removed: ' : '';
    const arrow = edge.change === 'removed' ? '-.->' : edge.change === 'added' ? '==>' : '-->';
    lines.push(`  ${from} ${arrow}|"${escapeLabel(prefix + edge.label)}"| ${to}`);
  }
  for (const node of view.nodes) {
    if (node.selfFlow) lines.push(`  ${ids.get(node.key)} -->|"${escapeLabel(node.selfFlow.label)}"| ${ids.get(node.key)}`);
  }

  const byIsolation = new Map<string, string[]>();
  for (const node of view.nodes) {
    const list = byIsolation.get(node.isolation) ?? [];
    list.push(ids.get(node.key)!);
    byIsolation.set(node.isolation, list);
  }
  const classDefs: Record<string, string> = {
    isolated: 'stroke:#2e7d32,stroke-width:2px',
    'ingress-only': 'stroke:#b58900,stroke-width:2px',
    'egress-only': 'stroke:#b58900,stroke-width:2px',
    unprotected: 'stroke:#c62828,stroke-width:2px,stroke-dasharray:5 3',
    external: 'stroke:#1565c0,stroke-width:2px',
  };
  for (const [isolation, members] of byIsolation) {
    const cls = isolation.replace(/-/g, '_');
    lines.push(`  classDef ${cls} ${classDefs[isolation]}`);
    lines.push(`  class ${members.join(',')} ${cls}`);
  }
  return `${lines.join('\n')}\n`;
}

export function escapeLabel(text: string): string {
  let out = '';
  for (const ch of text) out += /[A-Za-z0-9 ._,:/()=+\-·↻]/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}
