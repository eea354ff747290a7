// Suppression comments, as the CLI and the server both honour them:
//
//   # netpol-lens-disable-next-line forgotten-dns, selector-matches-nothing -- why
//   # netpol-lens-disable selector-matches-nothing            (the whole file)
//
// A directive names one or more codes (commas or spaces between them); without a code it applies to every code.
// `-- …` after the codes is a free-text reason. A next-line directive targets the next line that is neither blank nor
// a comment, and the block that line opens (the lines indented under it), because findings point at a selector's
// value or a whole section: a comment above `podSelector:` must silence the finding on its `matchLabels` below.
// Only whole-line comments are directives; `#` after a value is left alone.
import { LineIndex } from './positions';
import type { Finding } from './types';

export const ALL_CODES = '*';

export interface LineSuppression {
  /** 0-based line of the comment. */
  directiveLine: number;
  /** 0-based, inclusive line range the directive covers. */
  fromLine: number;
  toLine: number;
  codes: ReadonlySet<string>;
}

export interface Suppressions {
  /** Codes disabled for the whole file (ALL_CODES for every code). */
  file: ReadonlySet<string>;
  lines: LineSuppression[];
}

export const NO_SUPPRESSIONS: Suppressions = { file: new Set(), lines: [] };

const DIRECTIVE = /^\s*#\s*netpol-lens-(disable-next-line|disable)(?=\s|$)(.*)$/;

function parseCodes(rest: string): Set<string> {
  const reason = rest.indexOf('--');
  const list = (reason >= 0 ? rest.slice(0, reason) : rest).split(/[\s,]+/).filter(Boolean);
  return new Set(list.length ? list : [ALL_CODES]);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isCode(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#');
}

/** True when the line is a `key:` (or `- key:`) whose value is a block below it. */
function opensBlock(line: string): boolean {
  const content = line.replace(/\s+#.*$/, '').trimEnd();
  return /:$/.test(content) || /^\s*-\s*$/.test(content);
}

/** Last line of the block a line opens: lines indented deeper, and `- ` items at the same indent under a `key:`. */
function blockEnd(lines: readonly string[], start: number): number {
  const indent = indentOf(lines[start]);
  const key = opensBlock(lines[start]);
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!isCode(line)) continue;
    if (line.startsWith('---') || line.startsWith('...')) break;
    const d = indentOf(line);
    if (d > indent || (key && d === indent && /^\s*-(\s|$)/.test(line) && !/^\s*-(\s|$)/.test(lines[start]))) end = i;
    else break;
  }
  return end;
}

/** The suppression directives of a file's text. */
export function parseSuppressions(text: string): Suppressions {
  if (!text.includes('netpol-lens-disable')) return NO_SUPPRESSIONS;
  const lines = text.split(/\r\n|\r|\n/);
  const file = new Set<string>();
  const result: LineSuppression[] = [];
  // The next code line after each line, in one backward pass, and each target's block end once: scanning forward
  // from every directive was quadratic in a run of comment lines (100,000 directive lines took minutes; found by
  // fuzzing, test/fuzz/regressions.test.ts).
  let nextCode: Int32Array | undefined;
  const blockEnds = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]);
    if (!m) continue;
    const codes = parseCodes(m[2]);
    if (m[1] === 'disable') {
      for (const c of codes) file.add(c);
      continue;
    }
    if (!nextCode) {
      nextCode = new Int32Array(lines.length + 1).fill(lines.length);
      for (let j = lines.length - 1; j >= 0; j--) nextCode[j] = isCode(lines[j]) ? j : nextCode[j + 1];
    }
    const target = nextCode[i + 1];
    if (target >= lines.length) continue;
    let end = blockEnds.get(target);
    if (end === undefined) blockEnds.set(target, (end = blockEnd(lines, target)));
    result.push({ directiveLine: i, fromLine: target, toLine: end, codes });
  }
  return { file, lines: result };
}

function covers(codes: ReadonlySet<string>, code: string): boolean {
  return codes.has(code) || codes.has(ALL_CODES);
}

/** True when a directive of the finding's file silences it; `lines` maps the file's offsets to lines. */
export function isSuppressed(finding: Finding, suppressions: Suppressions, lines: LineIndex): boolean {
  if (covers(suppressions.file, finding.code)) return true;
  if (suppressions.lines.length === 0) return false;
  const line = lines.position(finding.span.start).line;
  return suppressions.lines.some((s) => line >= s.fromLine && line <= s.toLine && covers(s.codes, finding.code));
}

/** The findings no directive silences; `textOf` gives each file's text (files it does not know are kept whole). */
export function applySuppressions(findings: readonly Finding[], textOf: (file: string) => string | undefined): Finding[] {
  const cache = new Map<string, { suppressions: Suppressions; lines?: LineIndex }>();
  return findings.filter((f) => {
    let entry = cache.get(f.span.file);
    if (!entry) {
      const text = textOf(f.span.file);
      entry = { suppressions: text === undefined ? NO_SUPPRESSIONS : parseSuppressions(text) };
      if (text !== undefined && entry.suppressions !== NO_SUPPRESSIONS) entry.lines = new LineIndex(text);
      cache.set(f.span.file, entry);
    }
    return !entry.lines || !isSuppressed(f, entry.suppressions, entry.lines);
  });
}
