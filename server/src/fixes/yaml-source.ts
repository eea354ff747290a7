// Reading a manifest's text the way a careful human editor would before changing it: where a node starts and ends,
// how the author indents, block or flow style, line endings. Edits built here touch as little text as possible.
import { Document, isMap, isPair, isScalar, isSeq, Node, Pair, parseAllDocuments, stringify, YAMLMap, YAMLSeq } from 'yaml';
import type { TextEdit } from './types';

type Map = YAMLMap<unknown, unknown>;
type Seq = YAMLSeq<unknown>;

export class Source {
  readonly eol: string;
  private parsed?: Document.Parsed[];
  private unitCache?: number;
  private seqIndentCache?: boolean;

  constructor(readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  documents(): Document.Parsed[] {
    if (!this.parsed) {
      const docs = parseAllDocuments(this.text, { version: '1.1', prettyErrors: false });
      this.parsed = Array.isArray(docs) ? (docs as Document.Parsed[]) : [];
    }
    return this.parsed;
  }

  /** The mapping of the Kubernetes object (a document, or an item of a List) that contains `offset`. */
  objectAt(offset: number, kind?: string): Map | undefined {
    const doc = this.documents().find((d) => d.range[0] <= offset && offset <= d.range[2]);
    if (!doc) return undefined;
    const visit = (node: unknown, depth: number): Map | undefined => {
      if (!isMap(node) || !contains(node, offset) || depth > 4) return undefined;
      const items = valueOf(node, 'items');
      if (isSeq(items)) {
        for (const item of items.items) {
          const found = visit(item, depth + 1);
          if (found) return found;
        }
      }
      const k = valueOf(node, 'kind');
      if (kind === undefined || (isScalar(k) && k.value === kind)) return node;
      return undefined;
    };
    return visit(doc.contents, 0);
  }

  lineStart(offset: number): number {
    let i = offset;
    while (i > 0 && this.text[i - 1] !== '\n' && this.text[i - 1] !== '\r') i--;
    return i;
  }

  /** The offset of the line break ending the line that holds `offset` (or the end of the text). */
  lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text[i] !== '\n' && this.text[i] !== '\r') i++;
    return i;
  }

  column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** The end of the line on which a node's value ends (trailing comment included). */
  endOfNodeLine(node: Node): number {
    let end = node.range![1];
    while (end > node.range![0] && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.lineEnd(end);
  }

  /** The author's indentation step (the most common positive difference between nested lines), default 2. */
  get indentUnit(): number {
    if (this.unitCache === undefined) {
      const counts = new globalThis.Map<number, number>();
      let previous = 0;
      for (const line of this.text.split(/\r?\n/)) {
        if (!line.trim() || line.trim().startsWith('#')) continue;
        const indent = line.length - line.trimStart().length;
        const step = indent - previous;
        if (step > 0 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
        previous = indent + (/^\s*- /.test(line) ? 2 : 0);
      }
      let best = 2;
      let bestCount = 0;
      for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
      this.unitCache = best;
    }
    return this.unitCache;
  }

  /** Whether block sequences sit deeper than their key (`key:\n  - x`) rather than level with it (`key:\n- x`). */
  get sequencesIndented(): boolean {
    if (this.seqIndentCache === undefined) {
      const lines = this.text.split(/\r?\n/);
      let indented = 0;
      let level = 0;
      for (let i = 0; i + 1 < lines.length; i++) {
        const key = /^(\s*)(?:- )?[^\s#][^:#]*:\s*(#.*)?$/.exec(lines[i]);
        const item = /^(\s*)- /.exec(lines[i + 1]);
        if (!key || !item) continue;
        const keyCol = key[1].length + (lines[i].trimStart().startsWith('- ') ? 2 : 0);
        if (item[1].length > keyCol) indented++;
        else if (item[1].length === keyCol) level++;
      }
      this.seqIndentCache = indented >= level;
    }
    return this.seqIndentCache;
  }

  /** `value` as block YAML whose first line starts at column `indent`, lines joined with the file's line break. */
  block(value: unknown, indent: number): string {
    const text = stringify(value, { indent: this.indentUnit, indentSeq: this.sequencesIndented, version: '1.1', lineWidth: 0 });
    return text
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => ' '.repeat(indent) + line)
      .join(this.eol);
  }
}

/** `value` as one-line flow YAML: `{to: [{podSelector: {}}]}`. */
export function flow(value: unknown): string {
  return stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, version: '1.1', lineWidth: 0 }).trim();
}

/** A scalar as YAML text, keeping the quote style of the text it replaces and quoting what YAML 1.1 would misread. */
export function scalar(value: string | number, replaced = ''): string {
  if (typeof value === 'number') return String(value);
  const quote = replaced.startsWith('"') ? '"' : replaced.startsWith("'") ? "'" : '';
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  if (quote === '"') return JSON.stringify(value);
  return stringify(value, { version: '1.1', lineWidth: 0 }).trim();
}

function contains(node: Node, offset: number): boolean {
  return !!node.range && node.range[0] <= offset && offset <= node.range[2];
}

export function pairOf(map: Map | null | undefined, key: string): Pair<unknown, unknown> | undefined {
  if (!map) return undefined;
  let found: Pair<unknown, unknown> | undefined;
  for (const p of map.items) if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) found = p;
  return found;
}

export function valueOf(map: Map | null | undefined, key: string): unknown {
  return pairOf(map, key)?.value;
}

export function mapAt(map: Map | null | undefined, key: string): Map | undefined {
  const v = valueOf(map, key);
  return isMap(v) ? v : undefined;
}

export function seqAt(map: Map | null | undefined, key: string): Seq | undefined {
  const v = valueOf(map, key);
  return isSeq(v) ? v : undefined;
}

export function isNullValue(value: unknown): boolean {
  return value === null || value === undefined || (isScalar(value) && value.value === null);
}

/** The item at `index` of `spec.<direction>`, and its list. */
export function ruleAt(policy: Map, direction: string, index: number): { list: Seq; item: Node } | undefined {
  const list = seqAt(mapAt(policy, 'spec'), direction);
  const item = list?.items[index];
  return list && item && (item as Node).range ? { list, item: item as Node } : undefined;
}

/** The `from`/`to` list, as written, of rule `index` of `spec.<direction>` in the NetworkPolicy around `offset`. */
export function peerListAt(src: Source, offset: number, direction: 'ingress' | 'egress', index: number): { items?: unknown[]; flow?: boolean } | undefined {
  const policy = src.objectAt(offset, 'NetworkPolicy');
  const at = policy && ruleAt(policy, direction, index);
  const ruleMap = at && isMap(at.item) ? at.item : undefined;
  const peersPair = ruleMap?.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === (direction === 'ingress' ? 'from' : 'to'));
  return peersPair?.value as { items?: unknown[]; flow?: boolean } | undefined;
}

/** The offset of the `-` that introduces a block sequence item. */
export function dashOf(src: Source, item: Node): number | undefined {
  let i = item.range![0] - 1;
  while (i >= 0 && (src.text[i] === ' ' || src.text[i] === '\t')) i--;
  return src.text[i] === '-' ? i : undefined;
}

/** The offset just after the `:` that follows a pair's key. */
export function afterColon(src: Source, pair: Pair<unknown, unknown>): number | undefined {
  const keyEnd = (pair.key as Node).range?.[1];
  if (keyEnd === undefined) return undefined;
  const colon = src.text.indexOf(':', keyEnd);
  return colon < 0 ? undefined : colon + 1;
}

/**
 * Edits that add `item` to the list at `key` of `map`, whatever shape the list has: absent, null, `[]`, block or
 * flow. `after` names keys the new pair should follow when it has to be written (conventional field order).
 */
export function appendToList(src: Source, map: Map, key: string, item: unknown, after: string[] = []): TextEdit[] | undefined {
  const pair = pairOf(map, key);
  const compound = typeof item === 'object' && item !== null;
  if (!pair) return insertPair(src, map, key, [item], after);
  const value = pair.value;
  if (isNullValue(value)) {
    const colon = afterColon(src, pair);
    if (colon === undefined) return undefined;
    const end = isScalar(value) && value.range ? value.range[1] : colon;
    if (map.flow) return [{ start: colon, end, newText: ` ${flow([item])}` }];
    const keyCol = src.column((pair.key as Node).range![0]);
    const itemCol = keyCol + (src.sequencesIndented ? src.indentUnit : 0);
    const lineEnd = src.lineEnd(end);
    const edits: TextEdit[] = [];
    if (end > colon) edits.push({ start: colon, end, newText: '' });
    edits.push({ start: lineEnd, end: lineEnd, newText: src.eol + src.block([item], itemCol) });
    return edits;
  }
  if (!isSeq(value) || !value.range) return undefined;
  if (value.flow) {
    const last = value.items[value.items.length - 1] as Node | undefined;
    if (last?.range) return [{ start: last.range[1], end: last.range[1], newText: `, ${flow(item)}` }];
    // `[]`: scalars stay in the brackets; a rule becomes a block list when its surroundings are block.
    if (!compound || map.flow) return [{ start: value.range[0], end: value.range[1], newText: flow([item]) }];
    const colon = afterColon(src, pair);
    if (colon === undefined) return undefined;
    const keyCol = src.column((pair.key as Node).range![0]);
    const itemCol = keyCol + (src.sequencesIndented ? src.indentUnit : 0);
    const lineEnd = src.lineEnd(value.range[1]);
    return [
      { start: colon, end: value.range[1], newText: '' },
      { start: lineEnd, end: lineEnd, newText: src.eol + src.block([item], itemCol) },
    ];
  }
  const dashCol = src.column(value.range[0]);
  const at = src.endOfNodeLine(value);
  return [{ start: at, end: at, newText: src.eol + src.block([item], dashCol) }];
}

/** Edits that write `key: value` into `map`, after the last of the `after` keys present (else at its end). */
export function insertPair(src: Source, map: Map, key: string, value: unknown, after: string[] = []): TextEdit[] | undefined {
  const pairs = map.items.filter(isPair);
  let anchor: Pair<unknown, unknown> | undefined;
  for (const p of pairs) if (isScalar(p.key) && after.includes(String(p.key.value))) anchor = p;
  anchor ??= pairs[pairs.length - 1];
  if (map.flow) {
    if (!anchor) {
      const open = map.range ? src.text.indexOf('{', map.range[0]) : -1;
      return open < 0 ? undefined : [{ start: open + 1, end: open + 1, newText: `${key}: ${flow(value)}` }];
    }
    const end = anchor.value && (anchor.value as Node).range ? (anchor.value as Node).range![1] : (anchor.key as Node).range![1];
    return [{ start: end, end, newText: `, ${key}: ${flow(value)}` }];
  }
  if (!anchor) return undefined;
  const keyCol = src.column((anchor.key as Node).range![0]);
  const anchorEnd = anchor.value && (anchor.value as Node).range ? src.endOfNodeLine(anchor.value as Node) : src.lineEnd((anchor.key as Node).range![1]);
  const text = src.block({ [key]: value }, keyCol);
  return [{ start: anchorEnd, end: anchorEnd, newText: src.eol + text }];
}
