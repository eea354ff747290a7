// Completion in policy test files (`*.netpol-test.yaml`): workloads (and Services) for `from:`/`to:`, namespaces for
// `namespace:`, label keys and values inside a side's podSelector/namespaceSelector (the NetworkPolicy completion's
// label logic), `expect:` and `protocol:` values, the destination's named ports for `port:`/`ports:`, and the keys
// of a case, a side and a port entry. A case being typed is rarely valid yet (`port:` with no value fails the schema),
// so the side a completion depends on is read from the lines of the case, and resolved by the core (resolveSide).
import { CompletionItem, CompletionItemKind, CompletionList } from 'vscode-languageserver/node';
import { parse } from 'yaml';
import type { Endpoint, EndpointRef, LabelSelector, Model, SelectorOperator } from '../core';
import { resolveSide } from '../core/policy-tests/evaluate';
import { CursorContext, expressionKey, fixedItems, keyItems, LabelSource, namespaceLabels, podLabelsIn, valueItems } from './completion';
import type { ServerContext } from './context';

/** Beyond this many workloads, names are filtered by what is typed and the list is marked incomplete. */
const MAX_NAMES = 500;

const CASE_KEYS = ['name', 'from', 'to', 'port', 'ports', 'protocol', 'expect'];
const SIDE_KEYS = ['namespace', 'podSelector', 'namespaceSelector', 'cidr', 'ip'];
const PORT_ENTRY_KEYS = ['port', 'endPort', 'protocol'];
const SELECTOR_KEYS = ['matchLabels', 'matchExpressions'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function policyTestCompletion(ctx: ServerContext, lines: readonly string[], line: number, c: CursorContext): CompletionItem[] | CompletionList {
  const path = c.path;
  if (path[0] !== 'tests') return [];
  const at = path.slice(1);
  const theCase = caseAt(lines, line);
  // A case's own keys and values.
  if (at.length === 0) {
    if (c.key === 'from' || c.key === 'to') return workloadNames(ctx.model(), c, line);
    if (c.key === 'expect') return fixedItems(['allow', 'deny'], 'expectation', c, line);
    if (c.key === 'protocol') return fixedItems(PROTOCOLS, 'protocol', c, line);
    if (c.key === 'port') return theCase ? namedPorts(ctx, lines, theCase, c, line) : [];
    if (c.key === undefined) {
      // A new item (`- `) starts a case; else the keys the case does not have yet.
      const present = c.item || !theCase ? new Set<string>() : caseKeys(lines, theCase, line);
      const keys = CASE_KEYS.filter((k) => !present.has(k) && !(present.has('ports') && k === 'port') && !(present.has('port') && k === 'ports'));
      if (present.has('port') && !present.has('endPort')) keys.push('endPort');
      return keyNames(keys, 'policy test case', c, line);
    }
    return [];
  }
  const [first] = at;
  if (first === 'ports' && at.length === 1) {
    if (c.key === 'protocol') return fixedItems(PROTOCOLS, 'protocol', c, line);
    if (c.key === 'port' || c.item) return theCase ? namedPorts(ctx, lines, theCase, c, line) : [];
    if (c.key === undefined) return keyNames(PORT_ENTRY_KEYS, 'port entry', c, line);
    return [];
  }
  if (first !== 'from' && first !== 'to') return [];
  if (at.length === 1) {
    if (c.key === 'namespace') return namespaceNames(ctx.model(), c, line);
    if (c.key === undefined && !c.item) return keyNames(SIDE_KEYS, first === 'from' ? 'source' : 'destination', c, line);
    return [];
  }
  return selectorCompletion(ctx, lines, theCase, first, at.slice(1), c, line);
}

// Sides ------------------------------------------------------------------------------------------------------------

/** `ns/name` for every workload, `ns/Kind/name` where two kinds share a name in a namespace; Services as `ns/Service/name`. */
function workloadNames(model: Model, c: CursorContext, line: number): CompletionItem[] | CompletionList {
  const names: { label: string; detail: string; kind: CompletionItemKind }[] = [];
  const byName = new Map<string, number>();
  for (const w of model.workloads) byName.set(`${w.namespace}/${w.name}`, (byName.get(`${w.namespace}/${w.name}`) ?? 0) + 1);
  for (const w of model.workloads) {
    const short = `${w.namespace}/${w.name}`;
    const labels = Object.entries(w.labels).map(([k, v]) => `${k}=${v}`).join(', ');
    names.push({ label: byName.get(short)! > 1 ? w.id : short, detail: `${w.kind}${labels ? ` · ${labels}` : ''}`, kind: CompletionItemKind.Class });
  }
  for (const s of model.services) {
    if (!s.selector || Object.keys(s.selector).length === 0) continue;
    names.push({ label: `${s.namespace}/Service/${s.name}`, detail: `Service · the pods it selects, its ports translated`, kind: CompletionItemKind.Interface });
  }
  names.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const typed = c.prefix.toLowerCase();
  const wanted = names.length > MAX_NAMES && typed ? names.filter((n) => n.label.toLowerCase().includes(typed)) : names;
  const items = wanted.slice(0, MAX_NAMES).map((n, i) => ({
    label: n.label,
    kind: n.kind,
    detail: n.detail,
    sortText: String(i).padStart(6, '0'),
    textEdit: { range: { start: { line, character: c.start }, end: { line, character: c.start + c.prefix.length } }, newText: n.label },
  }));
  return wanted.length > MAX_NAMES ? { isIncomplete: true, items } : items;
}

function namespaceNames(model: Model, c: CursorContext, line: number): CompletionItem[] {
  const names = [...model.namespaces.keys()].filter((ns) => model.workloadsIn(ns).length > 0 || model.namespaces.get(ns)?.decl).sort();
  return names.map((ns, i) => {
    const n = model.workloadsIn(ns).length;
    return {
      label: ns,
      kind: CompletionItemKind.Module,
      detail: `namespace · ${n === 1 ? '1 workload' : `${n} workloads`}`,
      sortText: String(i).padStart(6, '0'),
      textEdit: { range: { start: { line, character: c.start }, end: { line, character: c.start + c.prefix.length } }, newText: ns },
    };
  });
}

function keyNames(keys: readonly string[], detail: string, c: CursorContext, line: number): CompletionItem[] {
  // In a flow mapping (`{namespace: data, |}`) the key is followed by `: ` all the same.
  return keys.map((key, i) => ({
    label: key,
    kind: CompletionItemKind.Property,
    detail,
    sortText: String(i),
    textEdit: { range: { start: { line, character: c.start }, end: { line, character: c.start + c.prefix.length } }, newText: `${key}: ` },
  }));
}

/** Label keys and values in a side's podSelector or namespaceSelector; operators and the selector's own keys. */
function selectorCompletion(
  ctx: ServerContext,
  lines: readonly string[],
  theCase: CaseLines | undefined,
  side: 'from' | 'to',
  at: string[],
  c: CursorContext,
  line: number,
): CompletionItem[] {
  const [selectorKey, part, inner] = at;
  if (selectorKey !== 'podSelector' && selectorKey !== 'namespaceSelector') return [];
  if (part === undefined) return c.key === undefined && !c.item ? keyNames(SELECTOR_KEYS, selectorKey, c, line) : [];
  if (part === 'matchExpressions' && inner === undefined && c.key === 'operator') return fixedItems(OPERATORS, 'operator', c, line);
  const model = ctx.model();
  const source: LabelSource = selectorKey === 'namespaceSelector' ? namespaceLabels(model) : podLabelsIn(model, sideNamespaces(ctx, lines, theCase, side));
  if (part === 'matchLabels' && inner === undefined) {
    if (c.key) return valueItems(source, c.key, c, line);
    if (c.item) return [];
    const flowMap = /\{[^{}]*$/.test((lines[line] ?? '').slice(0, c.start));
    return keyItems(source, c, line, !flowMap);
  }
  if (part === 'matchExpressions' && inner === undefined && c.key === 'key') return keyItems(source, c, line, false);
  if ((part === 'matchExpressions' && inner === 'values') || (part === 'matchExpressions' && inner === undefined && c.key === 'values')) {
    const key = expressionKey(lines, line);
    return key ? valueItems(source, key, c, line) : [];
  }
  return [];
}

/**
 * The namespaces whose pods a side's podSelector picks from: its `namespace`, the namespaces its namespaceSelector
 * selects, or (unknown yet) every namespace.
 */
function sideNamespaces(ctx: ServerContext, lines: readonly string[], theCase: CaseLines | undefined, side: 'from' | 'to'): string[] {
  const fragment = theCase ? sideText(lines, theCase, side) : undefined;
  if (!fragment) return [];
  // Usually half-typed while its selector is completed: the namespace is read off the text.
  const namespace = /(?:^|[\s{,])namespace:\s*["']?([a-z0-9]([-a-z0-9]*[a-z0-9])?)["']?\s*(?:[,}#\n]|$)/m.exec(fragment);
  if (namespace) return [namespace[1]];
  const value = sideValue(fragment, side);
  const selector = value && typeof value === 'object' ? selectorOf((value as { namespaceSelector?: unknown }).namespaceSelector) : undefined;
  return selector ? ctx.reach().namespacesMatching(selector) : [];
}

// Ports ------------------------------------------------------------------------------------------------------------

/** The container port names of the case's destination pods; a Service destination's port names. */
function namedPorts(ctx: ServerContext, lines: readonly string[], theCase: CaseLines, c: CursorContext, line: number): CompletionItem[] {
  const fragment = sideText(lines, theCase, 'to');
  const ref = fragment ? endpointRefOf(sideValue(fragment, 'to')) : undefined;
  if (!ref) return [];
  const reach = ctx.reach();
  const side = resolveSide(ref, reach.model, reach);
  if (!side.ok || side.value.kind !== 'pods') return [];
  const found = new Map<string, { detail: string; endpoints: Endpoint[] }>();
  if (side.value.service) {
    for (const sp of side.value.service.ports) {
      if (sp.name) found.set(sp.name, { detail: `Service port ${sp.port}/${sp.protocol} → targetPort ${sp.targetPort}`, endpoints: [] });
    }
  } else {
    for (const e of side.value.endpoints) {
      for (const p of e.ports) {
        if (!p.name) continue;
        const known = found.get(p.name);
        if (known) known.endpoints.push(e);
        else found.set(p.name, { detail: `${p.protocol} ${p.port}`, endpoints: [e] });
      }
    }
  }
  return [...found].map(([name, { detail, endpoints }], i) => {
    const owners = [...new Set(endpoints.map((e) => e.id ?? e.name ?? ''))];
    return {
      label: name,
      kind: CompletionItemKind.Value,
      detail: owners.length ? `${detail} · ${owners.slice(0, 2).join(', ')}${owners.length > 2 ? ` and ${owners.length - 2} more` : ''}` : detail,
      sortText: String(i).padStart(5, '0'),
      textEdit: { range: { start: { line, character: c.start }, end: { line, character: c.start + c.prefix.length } }, newText: name },
    };
  });
}

// Reading the case around the cursor --------------------------------------------------------------------------------

interface CaseLines {
  /** The `- ` line of the case and the first line after it. */
  start: number;
  end: number;
  /** The column of the case's keys. */
  keyColumn: number;
}

const INDENT = (s: string): number => s.length - s.trimStart().length;
const BLANK = (s: string): boolean => !s.trim() || s.trimStart().startsWith('#');

/** The lines of the `tests:` item that holds `line`. */
function caseAt(lines: readonly string[], line: number): CaseLines | undefined {
  let tests = -1;
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    if (/^(---|\.\.\.)(\s|$)/.test(lines[i])) break;
    if (/^["']?tests["']?\s*:\s*(#.*)?$/.test(lines[i])) {
      tests = i;
      break;
    }
  }
  if (tests < 0) return undefined;
  let column = -1;
  for (let i = tests + 1; i < lines.length && column < 0; i++) {
    if (BLANK(lines[i])) continue;
    const dash = /^(\s*)-(\s|$)/.exec(lines[i]);
    if (!dash) return undefined;
    column = dash[1].length;
  }
  let start = -1;
  for (let i = line; i > tests; i--) {
    if (BLANK(lines[i])) continue;
    const indent = INDENT(lines[i]);
    if (indent === column && /^\s*-(\s|$)/.test(lines[i])) {
      start = i;
      break;
    }
    if (indent < column) return undefined;
  }
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && (BLANK(lines[end]) || INDENT(lines[end]) > column) && !/^(---|\.\.\.)(\s|$)/.test(lines[end])) end++;
  const keyColumn = column + (/^\s*-(\s+)/.exec(lines[start])?.[1].length ?? 1) + 1;
  return { start, end, keyColumn };
}

function keyAt(text: string, column: number, first: boolean): { key: string; rest: string } | undefined {
  const body = first ? text.slice(column) : INDENT(text) === column ? text.slice(column) : undefined;
  const m = body === undefined ? null : /^["']?([A-Za-z]+)["']?\s*:(?=\s|$)(.*)$/.exec(body);
  return m ? { key: m[1], rest: m[2] } : undefined;
}

/** The keys a case has, other than on the cursor's own line. */
function caseKeys(lines: readonly string[], theCase: CaseLines, cursorLine: number): Set<string> {
  const keys = new Set<string>();
  for (let i = theCase.start; i < theCase.end; i++) {
    if (i === cursorLine) continue;
    const k = keyAt(lines[i], theCase.keyColumn, i === theCase.start);
    if (k) keys.add(k.key);
  }
  return keys;
}

/** `to: …` of the case: the key's line and the lines indented under it. */
function sideText(lines: readonly string[], theCase: CaseLines, side: 'from' | 'to'): string | undefined {
  for (let i = theCase.start; i < theCase.end; i++) {
    const k = keyAt(lines[i], theCase.keyColumn, i === theCase.start);
    if (k?.key !== side) continue;
    const out = [`${side}:${k.rest}`];
    for (let j = i + 1; j < theCase.end && (BLANK(lines[j]) || INDENT(lines[j]) > theCase.keyColumn); j++) out.push(lines[j]);
    return out.join('\n');
  }
  return undefined;
}

function sideValue(fragment: string, side: 'from' | 'to'): unknown {
  try {
    return (parse(fragment, { version: '1.1' }) as Record<string, unknown> | null)?.[side];
  } catch {
    return undefined;
  }
}

/** A side as written, read leniently (the case around it may not validate yet); undefined when it is no side. */
function endpointRefOf(raw: unknown): EndpointRef | undefined {
  if (typeof raw === 'string') {
    const parts = raw.split('/');
    if (parts.length === 2 && parts.every(Boolean)) return { kind: 'workload', namespace: parts[0], name: parts[1] };
    if (parts.length === 3 && parts.every(Boolean)) return { kind: 'workload', namespace: parts[0], workloadKind: parts[1], name: parts[2] };
    return undefined;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const e = raw as { namespace?: unknown; namespaceSelector?: unknown; podSelector?: unknown; cidr?: unknown; ip?: unknown };
  if (typeof e.cidr === 'string') return { kind: 'address', text: e.cidr, single: false };
  if (typeof e.ip === 'string') return { kind: 'address', text: e.ip, single: true };
  const podSelector = e.podSelector === undefined ? undefined : selectorOf(e.podSelector);
  if (typeof e.namespace === 'string') return { kind: 'namespace', namespace: e.namespace, podSelector };
  const namespaceSelector = selectorOf(e.namespaceSelector);
  return namespaceSelector ? { kind: 'namespaces', namespaceSelector, podSelector } : undefined;
}

function selectorOf(raw: unknown): LabelSelector | undefined {
  if (raw === null) raw = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const s = raw as { matchLabels?: unknown; matchExpressions?: unknown };
  const span = { file: '', start: 0, end: 0 };
  const matchLabels: Record<string, string> = {};
  if (s.matchLabels && typeof s.matchLabels === 'object') {
    for (const [k, v] of Object.entries(s.matchLabels)) if (v !== null && typeof v !== 'object') matchLabels[k] = String(v);
  }
  const matchExpressions = (Array.isArray(s.matchExpressions) ? s.matchExpressions : [])
    .filter((r): r is { key: unknown; operator: unknown; values?: unknown } => !!r && typeof r === 'object')
    .filter((r) => typeof r.key === 'string' && OPERATORS.includes(String(r.operator)))
    .map((r) => ({
      key: r.key as string,
      operator: r.operator as SelectorOperator,
      values: Array.isArray(r.values) ? r.values.map(String) : [],
      span,
    }));
  return { matchLabels, matchExpressions, span, labelSpans: [], valid: true };
}
