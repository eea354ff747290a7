// `netpol-lens diff <before> <after>`: what a change to the manifests does to who may connect to whom, as diff-like
// text, stable JSON or a Markdown table for a pull request comment.
import { AnalysisOptions, diffReachability, isEmptyDiff, PortSet, PortSetJSON, PROTOCOLS, Reachability, ReachDiff } from '../core';
import { loadPaths } from './load';

export type DiffFormat = 'text' | 'json' | 'markdown';

/** `diff --format json`: every port set as in `reach --json` (inclusive ranges per protocol, empty protocols left out). */
export interface DiffJson {
  identical: boolean;
  summary: { added: number; removed: number; changed: number; workloadsAdded: number; workloadsRemoved: number };
  workloads: { added: string[]; removed: string[] };
  added: { from: string; to: string; ports: PortSetJSON; allowedBy: string[] }[];
  removed: { from: string; to: string; ports: PortSetJSON; deniedBy: string[] }[];
  changed: {
    from: string;
    to: string;
    before: PortSetJSON;
    after: PortSetJSON;
    gained: PortSetJSON;
    lost: PortSetJSON;
    allowedBy: string[];
    deniedBy: string[];
  }[];
}

export function runDiff(before: string, after: string, options: AnalysisOptions, format: DiffFormat): { output: string; differs: boolean } {
  const sides = [before, after].map((p) => new Reachability(loadPaths([p], options).workspace.model()));
  const diff = diffReachability(sides[0], sides[1]);
  const output = format === 'json' ? JSON.stringify(diffJson(diff), null, 2) + '\n' : format === 'markdown' ? diffMarkdown(diff) : diffText(diff);
  return { output, differs: !isEmptyDiff(diff) };
}

export function diffJson(diff: ReachDiff): DiffJson {
  return {
    identical: isEmptyDiff(diff),
    summary: summaryCounts(diff),
    workloads: { added: diff.workloadsAdded, removed: diff.workloadsRemoved },
    added: diff.added.map((c) => ({ from: c.from, to: c.to, ports: c.ports.toJSON(), allowedBy: c.allowedBy })),
    removed: diff.removed.map((c) => ({ from: c.from, to: c.to, ports: c.ports.toJSON(), deniedBy: c.deniedBy })),
    changed: diff.changed.map((c) => ({
      from: c.from,
      to: c.to,
      before: c.before.toJSON(),
      after: c.after.toJSON(),
      gained: c.gained.toJSON(),
      lost: c.lost.toJSON(),
      allowedBy: c.allowedBy,
      deniedBy: c.deniedBy,
    })),
  };
}

function summaryCounts(diff: ReachDiff): DiffJson['summary'] {
  return {
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    workloadsAdded: diff.workloadsAdded.length,
    workloadsRemoved: diff.workloadsRemoved.length,
  };
}

function summaryLine(diff: ReachDiff): string {
  const s = summaryCounts(diff);
  const workloads = s.workloadsAdded || s.workloadsRemoved ? `; workloads: ${s.workloadsAdded} added, ${s.workloadsRemoved} removed` : '';
  return `${s.added} added, ${s.removed} removed, ${s.changed} changed${workloads}`;
}

/** `TCP 80, 8000-8080; UDP 53`, `TCP all`, or `all ports`, with `sign` before each protocol. */
function portsText(ports: PortSet, sign = ''): string {
  if (sign === '' && ports.isAll()) return 'all ports';
  const parts: string[] = [];
  for (const p of PROTOCOLS) {
    const ranges = ports.get(p);
    if (!ranges.length) continue;
    const list = ports.isAllOf(p) ? 'all' : ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ');
    parts.push(`${sign}${p} ${list}`);
  }
  return parts.join('; ');
}

function changeText(c: ReachDiff['changed'][number]): string {
  return [portsText(c.gained, '+'), portsText(c.lost, '-')].filter(Boolean).join('; ');
}

function policiesText(verb: string, ids: readonly string[]): string {
  return ids.length ? `${verb} by ${ids.join(', ')}` : '';
}

function addedWhy(c: ReachDiff['added'][number]): string {
  return policiesText('allowed', c.allowedBy) || 'no policy isolates either side';
}

function removedWhy(c: ReachDiff['removed'][number], diff: ReachDiff): string {
  if (diff.workloadsRemoved.includes(c.from) || diff.workloadsRemoved.includes(c.to)) return 'workload removed';
  return policiesText('denied', c.deniedBy);
}

function changedWhy(c: ReachDiff['changed'][number]): string {
  return [policiesText('allowed', c.allowedBy), policiesText('denied', c.deniedBy)].filter(Boolean).join('; ');
}

export function diffText(diff: ReachDiff): string {
  const lines: string[] = [];
  const why = (text: string): string => (text ? `  (${text})` : '');
  for (const w of diff.workloadsAdded) lines.push(`+ workload ${w}`);
  for (const w of diff.workloadsRemoved) lines.push(`- workload ${w}`);
  for (const c of diff.added) lines.push(`+ ${c.from} → ${c.to} ${portsText(c.ports)}${why(addedWhy(c))}`);
  for (const c of diff.removed) lines.push(`- ${c.from} → ${c.to} ${portsText(c.ports)}${why(removedWhy(c, diff))}`);
  for (const c of diff.changed) lines.push(`~ ${c.from} → ${c.to}: ${changeText(c)}${why(changedWhy(c))}`);
  if (isEmptyDiff(diff)) lines.push('No connectivity changes.');
  lines.push(summaryLine(diff));
  return lines.join('\n') + '\n';
}

/** Table cells: code spans for ids; a `|` would end the cell, a line break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(id: string): string {
  return cell(`\`${id}\``);
}

export function diffMarkdown(diff: ReachDiff): string {
  const lines = ['### NetworkPolicy connectivity changes', ''];
  if (isEmptyDiff(diff)) {
    lines.push('No connectivity changes.', '');
    return lines.join('\n');
  }
  lines.push(`**${summaryLine(diff)}**`, '');
  if (diff.workloadsAdded.length || diff.workloadsRemoved.length) {
    for (const w of diff.workloadsAdded) lines.push(`- ➕ workload ${code(w)}`);
    for (const w of diff.workloadsRemoved) lines.push(`- ➖ workload ${code(w)}`);
    lines.push('');
  }
  if (diff.added.length || diff.removed.length || diff.changed.length) {
    lines.push('| | From | To | Ports | Why |', '| --- | --- | --- | --- | --- |');
    for (const c of diff.added) lines.push(`| ➕ added | ${code(c.from)} | ${code(c.to)} | ${cell(portsText(c.ports))} | ${cell(addedWhy(c))} |`);
    for (const c of diff.removed) lines.push(`| ➖ removed | ${code(c.from)} | ${code(c.to)} | ${cell(portsText(c.ports))} | ${cell(removedWhy(c, diff))} |`);
    for (const c of diff.changed) lines.push(`| 🔁 changed | ${code(c.from)} | ${code(c.to)} | ${cell(changeText(c))} | ${cell(changedWhy(c))} |`);
    lines.push('');
  }
  return lines.join('\n');
}
