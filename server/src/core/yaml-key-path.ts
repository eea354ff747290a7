// Where a mapping key sits in a YAML document, read from indentation and the cursor's line alone: the YAML is
// usually half-typed when an editor asks (a key without its colon, an empty value, trailing spaces), which a parser
// reads as something else or rejects. Block style is followed up the lines above; flow mappings (`{a: 1, b|`) are
// followed on the key's own line only. Anything this cannot read for sure (a flow collection opened on an earlier
// line, a block scalar, inconsistent indentation, nested `- - ` items) gives undefined, never a guess or a throw.
// Lines are a document's text split on line breaks (`\r\n`, `\r` or `\n`), so CRLF files read as LF ones.
import type { PathSegment } from './schema-paths';

export interface KeyPlace {
  /** Keys (and list items, as 0) from the document root to the mapping that holds the key. */
  path: PathSegment[];
  /** Other keys of that mapping (the key's own line left out). */
  present: string[];
  /** The key is inside a flow mapping (`{…}`) on its line. */
  flow: boolean;
}

interface LineShape {
  /** Column of the `- ` item marker, when the line starts a list item. */
  dash?: number;
  /** Column of the content after indentation and any item marker. */
  content: number;
  /** The key when the content is `key:`, and what follows its colon (comments and anchors/tags left out). */
  key?: string;
  value: string;
  /** The content starts with a second item marker (`- - x`), which this reader does not follow. */
  nested: boolean;
}

const KEY = /^([^\s#:'"{}[\],&*!|>%@`-][^#{}[\],]*?|-[^\s#{}[\],][^#{}[\],]*?|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/;

function unquote(key: string): string {
  return /^(".*"|'.*')$/.test(key) ? key.slice(1, -1) : key;
}

function isSeparator(line: string): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(line);
}

/** A line's shape, or undefined for a blank or comment-only line. */
function shapeOf(line: string): LineShape | undefined {
  // `s`: a line may hold U+2028/U+2029, which `.` would not match (editors do not break lines there; YAML does not).
  const m = /^( *)(-(?: +|$))?(.*)$/s.exec(line)!;
  const content = m[3].trimEnd();
  if (!content && !m[2]) return undefined;
  if (content.startsWith('#') && !m[2]) return undefined;
  const shape: LineShape = { content: m[1].length + (m[2]?.length ?? 0), value: '', nested: /^-( |$)/.test(content) };
  if (m[2]) shape.dash = m[1].length;
  const key = KEY.exec(content);
  if (key) {
    shape.key = unquote(key[1].trim());
    // A trailing comment, then anchors and tags, say nothing about whether a value follows.
    shape.value = (key[2] ?? '')
      .replace(/(^|\s)#.*$/, '')
      .replace(/^((?:[&!][^\s]*\s*)*)/, '')
      .trim();
  } else {
    shape.value = content;
  }
  return shape;
}

/** A key line that opens a block value below it (`key:` with nothing, or only a comment, after the colon). */
function opensBlock(shape: LineShape): boolean {
  return shape.key !== undefined && shape.value === '' && !shape.nested;
}

/**
 * The path to the block node at `column` of line `lineNo`: a mapping entry (`item` false), or a list item whose
 * `- ` is at `column` (`item` true; the item itself included in the path). Undefined when the lines above do not
 * read as block YAML holding such a node.
 */
function blockPath(lines: readonly string[], lineNo: number, column: number, item: boolean): PathSegment[] | undefined {
  const path: PathSegment[] = [];
  let wantItem = item;
  let col = column;
  if (wantItem) path.unshift(0);
  for (let i = lineNo - 1; i >= 0; i--) {
    if (!wantItem && col === 0) return path;
    if (isSeparator(lines[i])) break;
    const s = shapeOf(lines[i]);
    if (!s) continue;
    if (s.nested) return undefined;
    if (!wantItem) {
      // Looking for the parent of a mapping entry at `col`.
      if (s.dash !== undefined) {
        if (s.dash >= col) continue;
        if (s.content > col && !(s.key === undefined && s.value === '')) return undefined;
        if (s.content === col || (s.key === undefined && s.value === '')) {
          // The first entry of a list item's mapping (or a bare `-` with its mapping below): the entry is in that item.
          path.unshift(0);
          wantItem = true;
          col = s.dash;
          continue;
        }
        if (!opensBlock(s)) return undefined;
        path.unshift(0, s.key!);
        wantItem = true;
        col = s.dash;
        continue;
      }
      if (s.content >= col) continue;
      if (!opensBlock(s)) return undefined;
      path.unshift(s.key!);
      col = s.content;
      continue;
    }
    // Looking for the parent of a list item whose `- ` is at `col`.
    if (s.dash !== undefined) {
      if (s.dash >= col) continue;
      if (s.content > col || !opensBlock(s)) return undefined;
      path.unshift(0, s.key!);
      col = s.dash;
      continue;
    }
    if (s.content > col) continue;
    if (!opensBlock(s)) return undefined;
    path.unshift(s.key!);
    wantItem = false;
    col = s.content;
  }
  return !wantItem && col === 0 ? path : undefined;
}

/** Keys of the block mapping whose entries start at `column`, around line `lineNo` (left out). */
function blockSiblings(lines: readonly string[], lineNo: number, column: number, startsItem: boolean): string[] {
  const above: string[] = [];
  if (!startsItem) {
    for (let i = lineNo - 1; i >= 0 && !isSeparator(lines[i]); i--) {
      const s = shapeOf(lines[i]);
      if (!s) continue;
      const first = s.dash ?? s.content;
      if (first >= column && !(s.dash === undefined && s.content === column)) continue;
      if (s.content === column && s.key !== undefined) above.unshift(s.key);
      if (first < column) break;
    }
  }
  const keys = above;
  for (let i = lineNo + 1; i < lines.length && !isSeparator(lines[i]); i++) {
    const s = shapeOf(lines[i]);
    if (!s) continue;
    const first = s.dash ?? s.content;
    if (first < column) break;
    if (s.dash === undefined && s.content === column && s.key !== undefined) keys.push(s.key);
  }
  return keys;
}

interface FlowFrame {
  bracket: '{' | '[';
  path: PathSegment[];
  keys: string[];
}

/** Skips a quoted scalar starting at `i`; the index of its closing quote, or -1 when it is not closed. */
function skipQuoted(text: string, i: number): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (quote === "'" && text[j] === "'" && text[j + 1] === "'") j++;
    else if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) return j;
  }
  return -1;
}

/** The key of a flow segment ending in a colon: `podSelector` in ` podSelector`. */
function flowKey(segment: string): string | undefined {
  const key = segment.trim();
  return key && !/[{}[\],#]/.test(key) ? unquote(key) : undefined;
}

/** Keys of the flow mapping continuing after `from` on `line` at depth 0 (up to its closing brace). */
function flowKeysAfter(line: string, from: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  let segStart = from;
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' || ch === "'") {
      const close = skipQuoted(line, i);
      if (close < 0) break;
      i = close;
    } else if (ch === '#' && /\s/.test(line[i - 1] ?? ' ')) break;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) segStart = i + 1;
    else if (ch === ':' && depth === 0 && /[\s,{}[\]]/.test(line[i + 1] ?? ' ')) {
      const key = flowKey(line.slice(segStart, i));
      if (key !== undefined) keys.push(key);
      segStart = i + 1;
    }
  }
  return keys;
}

/**
 * Where a key starting at `column` of line `lineNo` sits: the path of the mapping that holds it and the keys that
 * mapping already has. Undefined when the text before the key is not a place for a mapping key that this can read.
 */
export function keyPlace(lines: readonly string[], lineNo: number, column: number): KeyPlace | undefined {
  const line = lines[lineNo];
  if (line === undefined || column < 0 || column > line.length) return undefined;
  const before = line.slice(0, column);
  if (/^ *$/.test(before)) {
    const path = blockPath(lines, lineNo, column, false);
    return path && { path, present: blockSiblings(lines, lineNo, column, false), flow: false };
  }
  const item = /^( *)- +$/.exec(before);
  if (item) {
    const path = blockPath(lines, lineNo, item[1].length, true);
    return path && { path, present: blockSiblings(lines, lineNo, column, true), flow: false };
  }
  return flowPlace(lines, lineNo, column);
}

/** A key inside a flow mapping opened on its own line: `podSelector: {matchLabels: {}, m|`, `- {ipBlock: {c|`. */
function flowPlace(lines: readonly string[], lineNo: number, column: number): KeyPlace | undefined {
  const line = lines[lineNo];
  const before = line.slice(0, column);
  const lead = /^( *)(- +)?(?:([^\s#:'"{}[\],&*!|>%@`-][^#:{}[\],]*?|"[^"]*"|'[^']*') *: +)?(?=[{[])/.exec(before);
  if (!lead) return undefined;
  let base: PathSegment[] | undefined;
  if (lead[2] !== undefined) {
    base = blockPath(lines, lineNo, lead[1].length, true);
    if (base && lead[3] !== undefined) base = [...base, unquote(lead[3].trim())];
  } else if (lead[3] !== undefined) {
    base = blockPath(lines, lineNo, lead[1].length, false);
    if (base) base = [...base, unquote(lead[3].trim())];
  }
  if (!base) return undefined;
  const stack: FlowFrame[] = [];
  let segStart = lead[0].length;
  let pendingKey: string | undefined;
  // A key may start here: just after `{` or `,` (not after a colon, nor after a closed collection).
  let entryStart = false;
  for (let i = lead[0].length; i < before.length; i++) {
    const ch = before[i];
    if (ch === '"' || ch === "'") {
      const close = skipQuoted(before, i);
      if (close < 0) return undefined;
      i = close;
    } else if (ch === '#' && /\s/.test(before[i - 1] ?? ' ')) {
      return undefined;
    } else if (ch === '{' || ch === '[') {
      const top = stack[stack.length - 1];
      let path: PathSegment[];
      if (!top) path = base;
      else if (top.bracket === '[') path = [...top.path, 0];
      else if (pendingKey !== undefined) path = [...top.path, pendingKey];
      else return undefined;
      stack.push({ bracket: ch, path, keys: [] });
      pendingKey = undefined;
      entryStart = true;
      segStart = i + 1;
    } else if (ch === '}' || ch === ']') {
      const top = stack.pop();
      if (!top || top.bracket !== (ch === '}' ? '{' : '[') || stack.length === 0) return undefined;
      pendingKey = undefined;
      entryStart = false;
      segStart = i + 1;
    } else if (ch === ',') {
      pendingKey = undefined;
      entryStart = true;
      segStart = i + 1;
    } else if (ch === ':' && /[\s,{}[\]]/.test(before[i + 1] ?? ' ')) {
      const top = stack[stack.length - 1];
      pendingKey = top?.bracket === '{' ? flowKey(before.slice(segStart, i)) : undefined;
      if (pendingKey !== undefined) top.keys.push(pendingKey);
      entryStart = false;
      segStart = i + 1;
    }
  }
  const top = stack[stack.length - 1];
  // Only at the start of an entry of a flow mapping: after `{` or `,` and nothing else.
  if (!top || top.bracket !== '{' || !entryStart || before.slice(segStart).trim() !== '') return undefined;
  return { path: top.path, present: [...top.keys, ...flowKeysAfter(line, column)], flow: true };
}

/** The mapping key written at `character` of line `lineNo` (a hover's target): its text, columns and place. */
export function keyAt(lines: readonly string[], lineNo: number, character: number): { key: string; start: number; end: number; place: KeyPlace } | undefined {
  const line = lines[lineNo];
  if (line === undefined) return undefined;
  const word = /[A-Za-z0-9_.\/-]/;
  let start = Math.min(character, line.length);
  let end = start;
  while (start > 0 && word.test(line[start - 1])) start--;
  while (end < line.length && word.test(line[end])) end++;
  if (start === end || !/^:(\s|[,{}[\]]|$)/.test(line.slice(end))) return undefined;
  const place = keyPlace(lines, lineNo, start);
  return place && { key: line.slice(start, end), start, end, place };
}

/** The line range of the YAML document holding line `lineNo`: from after its `---` to before the next. */
export function documentLines(lines: readonly string[], lineNo: number): [number, number] {
  let start = lineNo;
  while (start > 0 && !isSeparator(lines[start - 1])) start--;
  let end = lineNo + 1;
  while (end < lines.length && !isSeparator(lines[end])) end++;
  return [start, end];
}

/** Whether the document holding line `lineNo` is a top-level networking.k8s.io/v1 NetworkPolicy. */
export function isNetworkPolicyV1(lines: readonly string[], lineNo: number): boolean {
  const [start, end] = documentLines(lines, lineNo);
  let apiVersion = false;
  let kind = false;
  for (let i = start; i < end; i++) {
    const s = shapeOf(lines[i]);
    if (!s || s.dash !== undefined || s.content !== 0) continue;
    const value = unquote(s.value);
    if (s.key === 'apiVersion') apiVersion = value === 'networking.k8s.io/v1';
    else if (s.key === 'kind') kind = value === 'NetworkPolicy';
  }
  return apiVersion && kind;
}
