// `netpol-lens reach`: the connectivity matrix, as exact JSON or as a readable table.
import { Connection, Reachability } from '../core';
import type { Loaded } from './load';

export interface ReachJson {
  workloads: string[];
  connections: { from: string; to: string; ports: ReturnType<Connection['ports']['toJSON']> }[];
}

export function reachJson(loaded: Loaded): ReachJson {
  const model = loaded.workspace.model();
  const reach = new Reachability(model);
  const connections = reach.connections();
  return {
    workloads: model.workloads.map((w) => w.id).sort(),
    connections: connections.map((c) => ({ from: c.from.id, to: c.to.id, ports: c.ports.toJSON() })),
  };
}

export function runReach(loaded: Loaded, json: boolean): string {
  const result = reachJson(loaded);
  if (json) return JSON.stringify(result, null, 2) + '\n';
  return reachTable(result);
}

/** A matrix of ✓ (all ports), ◐ (some ports) and · (nothing), then the allowed ports of each partial pair. */
function reachTable(result: ReachJson): string {
  const { workloads, connections } = result;
  if (workloads.length === 0) return 'No workloads found.\n';
  const byPair = new Map(connections.map((c) => [`${c.from}\u0000${c.to}`, c]));
  const lines: string[] = [];
  const width = String(workloads.length).length;
  lines.push('Workloads:');
  workloads.forEach((w, i) => lines.push(`  ${String(i + 1).padStart(width)}  ${w}`));
  lines.push('');
  lines.push('Who may connect to whom (row = from, column = to; ✓ all ports, ◐ some ports, · none):');
  const header = ' '.repeat(width + 4) + workloads.map((_, i) => String(i + 1).padStart(width + 1)).join('');
  lines.push(header);
  workloads.forEach((from, i) => {
    const cells = workloads.map((to) => {
      const c = byPair.get(`${from}\u0000${to}`);
      const mark = !c ? '·' : isAll(c.ports) ? '✓' : '◐';
      return mark.padStart(width + 1);
    });
    lines.push(`  ${String(i + 1).padStart(width)}  ${cells.join('')}`);
  });
  const partial = connections.filter((c) => !isAll(c.ports));
  if (partial.length) {
    lines.push('');
    lines.push('Partial connections:');
    for (const c of partial) lines.push(`  ${c.from} → ${c.to}: ${describePorts(c.ports)}`);
  }
  lines.push('');
  lines.push(`${connections.length} of ${workloads.length * workloads.length} pairs may connect.`);
  return lines.join('\n') + '\n';
}

function isAll(ports: ReachJson['connections'][number]['ports']): boolean {
  return (['TCP', 'UDP', 'SCTP'] as const).every((p) => ports[p]?.length === 1 && ports[p]![0][0] === 1 && ports[p]![0][1] === 65535);
}

function describePorts(ports: ReachJson['connections'][number]['ports']): string {
  return Object.entries(ports)
    .map(([proto, ranges]) => `${proto} ${ranges!.map(([lo, hi]) => (lo === hi ? `${lo}` : lo === 1 && hi === 65535 ? 'all' : `${lo}-${hi}`)).join(', ')}`)
    .join('; ');
}
