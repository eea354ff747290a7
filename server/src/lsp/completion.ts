// Completion inside NetworkPolicies: the schema's keys (schema-completion.ts), label keys and values in matchLabels and
// matchExpressions (pod labels under a podSelector, namespace labels under a namespaceSelector, values for the key on
// the line), and the fixed values of policyTypes, protocol and operator. The YAML around the cursor is usually
// half-typed, so where the cursor is comes from indentation, line by line, not from a parser.
import { CompletionItem, CompletionItemKind, CompletionList, CompletionParams, InsertTextFormat } from 'vscode-languageserver/node';
import { isPolicyTestFile } from '../core';
import type { Labels, Model } from '../core';
import { peerMatches } from '../core/explain';
import { scalar } from '../fixes';
import type { ServerContext } from './context';
import { fileOfUri } from './convert';
import { locate, policyAt } from './locate';
import { policyTestCompletion } from './policy-test-completion';
import { schemaKeyCompletion } from './schema-completion';

export interface CursorContext {
  /** Keys from the document root to the mapping (or list) that holds the cursor. */
  path: string[];
  /** The key whose value is being typed; undefined when typing a key or a list item. */
  key?: string;
  /** Typing an item of a list (`- x`, or inside `[…]`). */
  item: boolean;
  /** The text typed so far, and where it starts on the line (after any opening quote). */
  prefix: string;
  start: number;
  quoted: boolean;
}

const KEY = /^([^\s#:'"{}[\],][^:#{}[\],]*?|"[^"]*"|'[^']*'):(?:\s|$)/;

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}

/** Keys enclosing a line's content at `column` (`dash`: the line is a `- ` item whose dash is at that column). */
export function ancestors(lines: readonly string[], lineNo: number, column: number, dash: boolean): string[] {
  const path: string[] = [];
  let indent = column;
  let levelAllowed = dash;
  for (let i = lineNo - 1; i >= 0 && (indent > 0 || levelAllowed); i--) {
    const line = lines[i];
    if (/^(---|\.\.\.)(\s|$)/.test(line)) break;
    const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(line)!;
    const content = m[3];
    if (!content || content.startsWith('#')) continue;
    const lineIndent = m[1].length;
    const contentCol = lineIndent + m[2].length;
    const key = KEY.exec(content);
    const parent = contentCol < indent || (levelAllowed && !m[2] && contentCol === indent);
    if (!parent) continue;
    if (!key) {
      if (m[2] && lineIndent < indent) {
        indent = lineIndent;
        levelAllowed = false;
      }
      continue;
    }
    path.unshift(unquote(key[1].trim()));
    if (m[2]) {
      indent = lineIndent;
      levelAllowed = true;
    } else {
      indent = contentCol;
      levelAllowed = false;
    }
  }
  return path;
}

/** The unclosed flow collections before the cursor on its line: the key that opened each, innermost last. */
function openFlow(before: string): { keys: string[]; bracket: string; segment: string; value?: string } | undefined {
  const stack: { bracket: string; key?: string }[] = [];
  let segStart = 0;
  let pendingKey: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const ch = before[i];
    if (ch === '"' || ch === "'") {
      const close = before.indexOf(ch, i + 1);
      if (close < 0) break;
      i = close;
    } else if (ch === '#' && (i === 0 || /\s/.test(before[i - 1]))) {
      return undefined;
    } else if (ch === '{' || ch === '[') {
      stack.push({ bracket: ch, key: pendingKey });
      pendingKey = undefined;
      segStart = i + 1;
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      pendingKey = undefined;
      segStart = i + 1;
    } else if (ch === ',') {
      pendingKey = undefined;
      segStart = i + 1;
    } else if (ch === ':' && (i + 1 >= before.length || /[\s[{]/.test(before[i + 1]))) {
      pendingKey = unquote(before.slice(segStart, i).replace(/^\s*(-\s+)*/, '').trim());
      segStart = i + 1;
    }
  }
  if (stack.length === 0) return undefined;
  const top = stack[stack.length - 1];
  // `{app: we`: the segment is the value of the key before it.
  const value = top.bracket === '{' ? pendingKey : undefined;
  return { keys: stack.map((s) => s.key).filter((k): k is string => !!k), bracket: top.bracket, segment: before.slice(segStart), value };
}

/** Where the cursor is, from the text of its line up to it and the lines above. */
export function cursorContext(lines: readonly string[], line: number, character: number): CursorContext | undefined {
  const before = (lines[line] ?? '').slice(0, character);
  const lead = /^(\s*)((?:-\s+)*)/.exec(before)!;
  const dash = !!lead[2];
  // The enclosing block keys: for a `- ` line, from the dash (a list's key may sit at the dash's column).
  const above = (): string[] => ancestors(lines, line, dash ? lead[1].length : lead[1].length + lead[2].length, dash);
  // Inside flow collections on this line: `matchLabels: {app: we`, `policyTypes: [Ingress, E`.
  const flow = openFlow(before);
  if (flow) {
    const path = [...above(), ...flow.keys];
    if (flow.bracket === '[') return word(path, undefined, true, flow.segment, before.length);
    if (flow.value !== undefined) return word(path, flow.value, false, flow.segment, before.length);
    const pair = /^\s*([^:]+):\s*(.*)$/.exec(flow.segment);
    if (pair) return word(path, unquote(pair[1].trim()), false, pair[2], before.length);
    return word(path, undefined, false, flow.segment, before.length);
  }
  const value = /^(\s*)((?:-\s+)*)([^\s#:'"][^:#]*?|"[^"]*"|'[^']*'):\s+(.*)$/.exec(before);
  if (value) {
    if (/(^|\s)#/.test(value[4])) return undefined;
    return word(above(), unquote(value[3].trim()), false, value[4], before.length);
  }
  const key = /^(\s*)((?:-\s+)*)(\S*)$/.exec(before);
  if (key && !/[:#]/.test(key[3])) return word(above(), undefined, dash, key[3], before.length);
  return undefined;
}

function word(path: string[], key: string | undefined, item: boolean, typed: string, end: number): CursorContext {
  const trimmed = typed.replace(/^\s+/, '');
  const quoted = /^["']/.test(trimmed);
  const prefix = quoted ? trimmed.slice(1) : trimmed;
  return { path, key, item, prefix, start: end - prefix.length, quoted };
}

function last(path: string[], n = 1): string | undefined {
  return path[path.length - n];
}

/** The `key:` of the matchExpressions entry the cursor is in (for its values). */
export function expressionKey(lines: readonly string[], line: number): string | undefined {
  // The entry's lines: up to its `- ` (at a smaller indentation) and down to the next entry.
  let dashCol = -1;
  let i = line;
  for (; i >= 0; i--) {
    const m = /^(\s*)-\s+(.*)$/.exec(lines[i]);
    const k = /^\s*key:\s*(.+?)\s*$/.exec(lines[i].replace(/^(\s*)-\s+/, '$1  '));
    if (k) return unquote(k[1]);
    if (m && /^(key|operator|values):/.test(m[2])) {
      dashCol = m[1].length;
      break;
    }
  }
  for (let j = line + 1; j < lines.length && dashCol >= 0; j++) {
    const indent = lines[j].length - lines[j].trimStart().length;
    if (lines[j].trim() && indent <= dashCol) break;
    const k = /^\s*key:\s*(.+?)\s*$/.exec(lines[j]);
    if (k) return unquote(k[1]);
  }
  return undefined;
}

export interface LabelSource {
  kind: 'pod' | 'namespace';
  labels: Labels[];
}

/** Pod labels of the workloads in `namespaces`; of every workload when those have none in view. */
export function podLabelsIn(model: Model, namespaces: readonly string[]): LabelSource {
  const near = namespaces.flatMap((ns) => model.workloadsIn(ns)).map((w) => w.labels);
  return { kind: 'pod', labels: near.length ? near : model.workloads.map((w) => w.labels) };
}

export function namespaceLabels(model: Model): LabelSource {
  const labels = [...model.namespaces.values()].map((ns) => ns.labels);
  return { kind: 'namespace', labels };
}

export function keyItems(source: LabelSource, c: CursorContext, line: number, block: boolean): CompletionItem[] {
  const counts = new Map<string, number>();
  for (const labels of source.labels) for (const k of Object.keys(labels)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const what = source.kind === 'pod' ? 'pod label' : 'namespace label';
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([key, count], i) => ({
      label: key,
      kind: CompletionItemKind.Property,
      detail: `${what} · ${count} ${source.kind === 'pod' ? (count === 1 ? 'workload' : 'workloads') : count === 1 ? 'namespace' : 'namespaces'}`,
      sortText: String(i).padStart(5, '0'),
      textEdit: { range: { start: { line, character: c.start }, end: { line, character: c.start + c.prefix.length } }, newText: block ? `${key}: ` : key },
    }));
}

export function valueItems(source: LabelSource, key: string, c: CursorContext, line: number): CompletionItem[] {
  const counts = new Map<string, number>();
  for (const labels of source.labels) if (key in labels) counts.set(labels[key], (counts.get(labels[key]) ?? 0) + 1);
  const what = source.kind === 'pod' ? 'workload' : 'namespace';
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([value, count], i) => ({
      label: value,
      kind: CompletionItemKind.Value,
      detail: `${key}=${value} · ${count} ${count === 1 ? what : `${what}s`}`,
      sortText: String(i).padStart(5, '0'),
      textEdit: { range: { start: { line, character: c.start }, end: { line, character: c.start + c.prefix.length } }, newText: c.quoted ? value : scalar(value) },
    }));
}

export function fixedItems(values: string[], detail: string, c: CursorContext, line: number): CompletionItem[] {
  return values.map((value, i) => ({
    label: value,
    kind: CompletionItemKind.EnumMember,
    detail,
    sortText: String(i),
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: { start: { line, character: c.start }, end: { line, character: c.start + c.prefix.length } }, newText: value },
  }));
}

export function completion(ctx: ServerContext, params: CompletionParams): CompletionItem[] | CompletionList {
  const file = fileOfUri(params.textDocument.uri);
  const text = ctx.index.text(file);
  if (text === undefined) return [];
  const lines = text.split(/\r\n|\r|\n/);
  const { line, character } = params.position;
  if (line < 0 || line >= lines.length) return [];
  const c = cursorContext(lines, line, character);
  if (c && isPolicyTestFile(file)) return policyTestCompletion(ctx, lines, line, c);
  // Keys of the schema and the values below never apply at the same place: where one has items, the other has none.
  const schemaKeys = schemaKeyCompletion(lines, line, character, text.includes('\r\n') ? '\r\n' : '\n');
  if (schemaKeys.length) return schemaKeys;
  if (!c || !isNetworkPolicyDocument(lines, line)) return [];
  const path = c.path;
  if (c.key === 'protocol' && last(path) === 'ports') return fixedItems(['TCP', 'UDP', 'SCTP'], 'protocol', c, line);
  if (c.key === 'operator' && last(path) === 'matchExpressions') return fixedItems(['In', 'NotIn', 'Exists', 'DoesNotExist'], 'operator', c, line);
  if (c.item && !c.key && last(path) === 'policyTypes') return fixedItems(['Ingress', 'Egress'], 'policy type', c, line);

  const selectorKey = last(path) === 'matchLabels' || last(path) === 'matchExpressions' ? last(path, 2) : last(path) === 'values' && last(path, 2) === 'matchExpressions' ? last(path, 3) : undefined;
  if (selectorKey !== 'podSelector' && selectorKey !== 'namespaceSelector') return [];
  const model = ctx.model();
  const reach = ctx.reach();
  const objects = ctx.index.objects(file);
  const offset = ctx.positions.offset(file, params.position);
  const policy = objects ? policyAt(objects, offset) : undefined;
  let source: LabelSource;
  if (selectorKey === 'namespaceSelector') source = namespaceLabels(model);
  else {
    // In a peer with a namespaceSelector, the pods of the namespaces it selects; else the policy's namespace.
    const target = objects && text !== undefined ? locate(objects, text, offset) : undefined;
    const namespaces = target?.kind === 'peer' && target.peer.namespaceSelector ? peerMatches(target.policy, { span: target.peer.span, namespaceSelector: target.peer.namespaceSelector }, reach).namespaces : undefined;
    source = podLabelsIn(model, namespaces ?? [policy?.namespace ?? namespaceOfDocument(lines, line) ?? ctx.settings().defaultNamespace]);
  }
  if (last(path) === 'matchLabels') {
    if (c.key) return valueItems(source, c.key, c, line);
    if (c.item) return [];
    const flowMap = /\{[^{}]*$/.test((lines[line] ?? '').slice(0, character));
    return keyItems(source, c, line, !flowMap);
  }
  if (last(path) === 'matchExpressions' && c.key === 'key') return keyItems(source, c, line, false);
  if (last(path) === 'values' || (last(path) === 'matchExpressions' && c.key === 'values')) {
    const key = expressionKey(lines, line);
    return key ? valueItems(source, key, c, line) : [];
  }
  return [];
}

function documentBounds(lines: readonly string[], line: number): [number, number] {
  let start = line;
  while (start > 0 && !/^---(\s|$)/.test(lines[start])) start--;
  let end = line + 1;
  while (end < lines.length && !/^---(\s|$)/.test(lines[end])) end++;
  return [start, end];
}

function isNetworkPolicyDocument(lines: readonly string[], line: number): boolean {
  const [start, end] = documentBounds(lines, line);
  for (let i = start; i < end; i++) if (/^(\s*-\s+)?kind:\s*["']?NetworkPolicy["']?\s*(#.*)?$/.test(lines[i].trimEnd())) return true;
  return false;
}

function namespaceOfDocument(lines: readonly string[], line: number): string | undefined {
  const [start, end] = documentBounds(lines, line);
  for (let i = start; i < end; i++) {
    const m = /^\s+namespace:\s*["']?([a-z0-9-]+)["']?\s*(#.*)?$/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}
