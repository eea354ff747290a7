// `netpol-lens diff <before> <after>`: what a change to the manifests does to who may connect to whom, as diff-like
// text, stable JSON or a Markdown table for a pull request comment; traffic with addresses outside the cluster too.
import {
  AddressBlock,
  addressBlocks,
  addressesText,
  AnalysisOptions,
  Direction,
  diffReachability,
  ExternalChange,
  isEmptyDiff,
  PortSet,
  PortSetJSON,
  PROTOCOLS,
  Reachability,
  ReachDiff,
} from '../core';
import { loadPaths } from './load';

export type DiffFormat = 'text' | 'json' | 'markdown';

/**
 * `diff --format json`: every port set as in `reach --json` (inclusive ranges per protocol, empty protocols left out).
 * `external` lists what each workload gained and lost with addresses outside the cluster: in `direction` (egress:
 * to the addresses; ingress: from them), the addresses (the union of each `cidr` minus its `except` CIDRs) on `ports`.
 */
export interface DiffJson {
  identical: boolean;
  summary: {
    added: number;
    removed: number;
    changed: number;
    workloadsAdded: number;
    workloadsRemoved: number;
    externalGained: number;
    externalLost: number;
  };
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
  external: {
    gained: { workload: string; direction: Direction; addresses: AddressBlock[]; ports: PortSetJSON; allowedBy: string[] }[];
    lost: { workload: string; direction: Direction; addresses: AddressBlock[]; ports: PortSetJSON; deniedBy: string[] }[];
  };
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
    external: {
      gained: diff.external.gained.map((c) => ({ workload: c.workload, direction: c.direction, addresses: addressBlocks(c.addresses), ports: c.ports.toJSON(), allowedBy: c.allowedBy })),
      lost: diff.external.lost.map((c) => ({ workload: c.workload, direction: c.direction, addresses: addressBlocks(c.addresses), ports: c.ports.toJSON(), deniedBy: c.deniedBy })),
    },
  };
}

function summaryCounts(diff: ReachDiff): DiffJson['summary'] {
  return {
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    workloadsAdded: diff.workloadsAdded.length,
    workloadsRemoved: diff.workloadsRemoved.length,
    externalGained: diff.external.gained.length,
    externalLost: diff.external.lost.length,
  };
}

function summaryLine(diff: ReachDiff): string {
  const s = summaryCounts(diff);
  const workloads = s.workloadsAdded || s.workloadsRemoved ? `; workloads: ${s.workloadsAdded} added, ${s.workloadsRemoved} removed` : '';
  const external = s.externalGained || s.externalLost ? `; outside the cluster: ${s.externalGained} gained, ${s.externalLost} lost` : '';
  return `${s.added} added, ${s.removed} removed, ${s.changed} changed${workloads}${external}`;
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

/** `→ 0.0.0.0/0 except 10.0.0.0/8 TCP 443` (egress), `← 203.0.113.0/24 TCP 8080` (ingress). */
function externalText(c: ExternalChange): string {
  return `${c.direction === 'egress' ? '→' : '←'} ${addressesText(c.addresses)} ${portsText(c.ports)}`;
}

function gainedWhy(c: ExternalChange): string {
  return policiesText('allowed', c.allowedBy) || `no policy isolates its ${c.direction}`;
}

function lostWhy(c: ExternalChange, diff: ReachDiff): string {
  if (diff.workloadsRemoved.includes(c.workload)) return 'workload removed';
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
  for (const c of diff.external.gained) lines.push(`+ ${c.workload} ${externalText(c)}${why(gainedWhy(c))}`);
  for (const c of diff.external.lost) lines.push(`- ${c.workload} ${externalText(c)}${why(lostWhy(c, diff))}`);
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
  if (diff.external.gained.length || diff.external.lost.length) {
    const direction = (c: ExternalChange): string => (c.direction === 'egress' ? '→ egress to' : '← ingress from');
    lines.push('Outside the cluster:', '', '| | Workload | Direction | Addresses | Ports | Why |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of diff.external.gained) {
      lines.push(`| ➕ gained | ${code(c.workload)} | ${direction(c)} | ${cell(addressesText(c.addresses))} | ${cell(portsText(c.ports))} | ${cell(gainedWhy(c))} |`);
    }
    for (const c of diff.external.lost) {
      lines.push(`| ➖ lost | ${code(c.workload)} | ${direction(c)} | ${cell(addressesText(c.addresses))} | ${cell(portsText(c.ports))} | ${cell(lostWhy(c, diff))} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
