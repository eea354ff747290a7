// Every quick fix of every finding of a workspace, applied one at a time to its file, with what a user expects of a
// fix checked: the edits are in bounds and do not overlap, replace text only inside the finding's YAML document,
// keep the comments they replace, write the file's own line endings and no tabs into a tab-free file, leave a file
// that parses no worse than before, and make the finding they target go away. Anchors and aliases they replace are kept.
import {
  analyze,
  AnalysisOptions,
  DEFAULT_OPTIONS,
  Engine,
  Finding,
  Model,
  PROBLEM_CODES,
  Workspace,
} from '../../../server/src/core';
import { parseYamlFile } from '../../../server/src/core/parse';
import { fixesFor, hasFix, QuickFix, TextEdit } from '../../../server/src/fixes';

export interface FixCase {
  label: string;
  files: Record<string, string>;
  engine?: Engine;
  /** Only findings in these files (default: all). */
  only?: string[];
}

export interface FixReport {
  violations: string[];
  /** Findings that have a registered fix, and fixes applied and checked. */
  fixable: number;
  applied: number;
  /** Fix titles applied, with counts (for the coverage report in docs/reliability.md). */
  titles: Record<string, number>;
}

const PROBLEMS = new Set(PROBLEM_CODES.map((c) => c.id));

export function exerciseFixes(c: FixCase): FixReport {
  const report: FixReport = { violations: [], fixable: 0, applied: 0, titles: {} };
  const options: AnalysisOptions = DEFAULT_OPTIONS;
  const settings = { engine: c.engine ?? 'generic' };
  let model: Model;
  let findings: Finding[];
  try {
    model = workspaceOf(c.files, options).model();
    findings = analyze(model, settings);
  } catch (error) {
    report.violations.push(`analysis threw: ${stack(error)}`);
    return report;
  }
  for (const finding of findings) {
    if (!hasFix(finding) || (c.only && !c.only.includes(finding.span.file))) continue;
    report.fixable++;
    const file = finding.span.file;
    const text = c.files[file];
    const where = `${finding.code} at ${file}@${finding.span.start} (${JSON.stringify(finding.message.slice(0, 100))})`;
    const policy = model.policies.find((p) => p.span.file === file && p.span.start <= finding.span.start && finding.span.start <= p.span.end);
    let fixes: QuickFix[];
    try {
      fixes = fixesFor(
        { text, finding, dns: options.dns, policy, policyNames: (ns) => model.policiesIn(ns).map((p) => p.name) },
        (key, err) => report.violations.push(`${where}: fix ${key} threw: ${stack(err)}`),
      );
    } catch (error) {
      report.violations.push(`${where}: fixesFor threw: ${stack(error)}`);
      continue;
    }
    for (const fix of fixes) {
      report.applied++;
      const kind = titleKind(fix.title);
      report.titles[kind] = (report.titles[kind] ?? 0) + 1;
      const problems = checkFix(c.files, file, text, finding, fix, settings, options);
      for (const p of problems) report.violations.push(`${where}: fix "${fix.title}": ${p}`);
    }
  }
  return report;
}

/** A fix title without its particulars (numbers, names), to count fixes by kind. */
function titleKind(title: string): string {
  return title.replace(/\d+(\.\d+)*(\/\d+)?/g, 'N').replace(/ (for|in) namespace \S+/, ' for namespace X').replace(/ (with|to|port) [a-z][-a-z0-9]*$/, ' $1 X');
}

function workspaceOf(files: Record<string, string>, options: AnalysisOptions): Workspace {
  const ws = new Workspace(options);
  for (const [f, t] of Object.entries(files)) ws.setFile(f, t);
  return ws;
}

function stack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The text with the edits applied (they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Where an offset of the old text lands in the new text. */
function mapOffset(offset: number, edits: readonly TextEdit[], side: 'start' | 'end'): number {
  let shift = 0;
  for (const e of edits) {
    if (e.end <= offset && !(e.start === e.end && e.start === offset && side === 'start')) shift += e.newText.length - (e.end - e.start);
    else if (e.start < offset && offset < e.end) return side === 'start' ? e.start + shift : e.start + shift + e.newText.length;
  }
  return offset + shift;
}

/** `# …` comments of a text: whole-line ones, and trailing ones after a space. */
function comments(text: string): string[] {
  return [...text.matchAll(/(?:^|[ \t])(#[^\r\n]*)/gm)].map((m) => m[1].trimEnd());
}

function checkFix(
  files: Record<string, string>,
  file: string,
  text: string,
  finding: Finding,
  fix: QuickFix,
  settings: { engine: Engine },
  options: AnalysisOptions,
): string[] {
  const problems: string[] = [];
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const e of edits) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= text.length) || typeof e.newText !== 'string') {
      problems.push(`edit ${JSON.stringify(e)} is out of bounds (length ${text.length})`);
    }
  }
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].start < edits[i - 1].end) problems.push(`edits overlap: ${JSON.stringify(edits[i - 1])} and ${JSON.stringify(edits[i])}`);
  }
  if (problems.length) return problems;

  // Replacements stay inside the YAML document of the finding (insertions may also add a document at the end).
  const documents = parseYamlFile(file, text, options).documents;
  const home = documents.find((d) => d.start <= finding.span.start && finding.span.start <= d.end);
  for (const e of edits) {
    if (e.end > e.start && home && (e.start < home.start || e.end > home.end)) {
      problems.push(`edit [${e.start}, ${e.end}) replaces text outside the finding's document [${home.start}, ${home.end})`);
    }
    const replaced = text.slice(e.start, e.end);
    if (!/^Delete\b/.test(fix.title)) {
      for (const comment of comments(replaced)) if (!e.newText.includes(comment)) problems.push(`edit drops the comment ${JSON.stringify(comment)}`);
      // Anchors and aliases in a replaced range survive too: dropping `&x` breaks every `*x` elsewhere.
      for (const [mark] of replaced.matchAll(/[&*][^\s,[\]{}]+/g)) {
        if (!comments(replaced).some((c) => c.includes(mark)) && !e.newText.includes(mark)) problems.push(`edit drops the anchor or alias ${mark}`);
      }
    }
    const crlf = text.includes('\r\n');
    const bareLf = /(^|[^\r])\n/.test(text);
    if (crlf && !bareLf && /(^|[^\r])\n/.test(e.newText)) problems.push(`edit writes LF line breaks into a CRLF file: ${JSON.stringify(e.newText.slice(0, 120))}`);
    if (!crlf && e.newText.includes('\r')) problems.push(`edit writes CR into an LF file: ${JSON.stringify(e.newText.slice(0, 120))}`);
    if (!text.includes('\t') && e.newText.includes('\t')) problems.push(`edit writes a tab into a file without tabs: ${JSON.stringify(e.newText.slice(0, 120))}`);
  }
  const fixed = applyEdits(text, edits);
  if (fixed === text) problems.push('the edits change nothing');

  // The file parses no worse than before, and the targeted finding is gone.
  let after: Finding[];
  try {
    after = analyze(workspaceOf({ ...files, [file]: fixed }, options).model(), settings);
  } catch (error) {
    return [...problems, `analysis of the fixed text threw: ${stack(error)}`];
  }
  const before = analyze(workspaceOf(files, options).model(), settings);
  const problemCount = (fs: readonly Finding[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of fs) if (f.span.file === file && PROBLEMS.has(f.code) && f.severity === 'error') m.set(f.code, (m.get(f.code) ?? 0) + 1);
    return m;
  };
  const was = problemCount(before);
  for (const [code, n] of problemCount(after)) {
    if (n > (was.get(code) ?? 0)) {
      const first = after.find((f) => f.span.file === file && f.code === code);
      problems.push(`the fixed file has ${n} ${code} error(s), before ${was.get(code) ?? 0}: ${first?.message} at ${first?.span.start}\n--- fixed text ---\n${excerpt(fixed, first?.span.start ?? 0)}`);
    }
  }
  const start = mapOffset(finding.span.start, edits, 'start');
  const end = Math.max(start, mapOffset(finding.span.end, edits, 'end'));
  const still = after.find(
    (f) => f.span.file === file && f.code === finding.code && f.message === finding.message && f.span.start <= end && f.span.end >= start,
  );
  if (still) problems.push(`the finding is still there after the fix (at ${still.span.start})\n--- fixed text ---\n${excerpt(fixed, still.span.start)}`);
  return problems;
}

function excerpt(text: string, at: number): string {
  const from = Math.max(0, text.lastIndexOf('\n', Math.max(0, at - 400)));
  return text.slice(from, Math.min(text.length, at + 600));
}
