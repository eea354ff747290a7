// One fuzz case against the analysis core: every file set with Workspace.setFile, then everything a user can ask of
// the result (findings, reachability, explanations, policy tests, generated tests, suppressions), with the
// invariants the server and CLI rely on checked on the way. Returns what went wrong as plain strings (an exception
// anywhere is itself a violation); an empty list means the case held.
import {
  allCodes,
  analyze,
  AnalysisOptions,
  DEFAULT_OPTIONS,
  Engine,
  externalAccess,
  Finding,
  LineIndex,
  Model,
  PROTOCOLS,
  Reachability,
  runPolicyTests,
  generatePolicyTests,
  Workspace,
} from '../../../server/src/core';
import { explainPolicy, explainWorkload, summarizePolicy } from '../../../server/src/core/explain';
import { IncrementalAnalyzer } from '../../../server/src/core/incremental';
import { applySuppressions } from '../../../server/src/core/suppressions';

export interface CoreCase {
  /** What the case is, for failure messages. */
  label: string;
  files: Record<string, string>;
  options?: Partial<AnalysisOptions>;
  engine?: Engine;
  /** Also generate policy tests from the model and check that every generated case passes (costs a second model). */
  roundTripGeneratedTests?: boolean;
  /** Most (source, destination) pairs whose `allowed` is cross-checked against `explain`. */
  explainPairs?: number;
}

export interface CoreReport {
  violations: string[];
  findings: number;
  /** The distinct diagnostic codes found, sorted. */
  codes: string[];
  policies: number;
  workloads: number;
}

const KNOWN_CODES = new Set(allCodes().map((c) => c.id));
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

export function exerciseCore(c: CoreCase): CoreReport {
  const violations: string[] = [];
  const guard = <T>(what: string, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      violations.push(`${what} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return undefined;
    }
  };
  const options: AnalysisOptions = { ...DEFAULT_OPTIONS, ...c.options };
  const workspace = new Workspace(options);
  for (const [file, text] of Object.entries(c.files)) guard(`setFile(${file})`, () => workspace.setFile(file, text));
  const model = guard('model()', () => workspace.model());
  if (!model) return { violations, findings: 0, codes: [], policies: 0, workloads: 0 };
  const engine = c.engine ?? 'generic';
  const findings = guard('analyze', () => analyze(model, { engine })) ?? [];
  checkFindings(findings, c.files, violations, 'analyze');
  guard('JSON of findings', () => JSON.stringify(findings));
  guard('applySuppressions', () => applySuppressions(findings, (file) => c.files[file]));

  const reach = new Reachability(model);
  guard('reachability', () => checkReachability(model, reach, c.explainPairs ?? 40, violations));
  guard('explanations', () => {
    // Each explanation costs O(workspace): explaining every one of thousands of policies would be quadratic.
    for (const policy of model.policies.slice(0, 300)) {
      nonEmpty(explainPolicy(policy, reach), `explainPolicy(${policy.id})`, violations);
      nonEmpty(summarizePolicy(policy, reach), `summarizePolicy(${policy.id})`, violations);
    }
    for (const workload of model.workloads.slice(0, 50)) nonEmpty(explainWorkload(workload, reach), `explainWorkload(${workload.id})`, violations);
  });
  guard('runPolicyTests', () => {
    for (const file of runPolicyTests(model, reach)) {
      for (const r of file.results) {
        if (!['pass', 'fail', 'invalid'].includes(r.status)) violations.push(`policy test ${file.file}#${r.index}: status ${String(r.status)}`);
      }
    }
  });
  if (c.roundTripGeneratedTests) guard('generated policy tests', () => roundTrip(c.files, model, options, violations));
  return { violations, findings: findings.length, codes: distinctCodes(findings), policies: model.policies.length, workloads: model.workloads.length };
}

/** Findings the server can turn into LSP diagnostics: known code, valid severity, a message, spans inside the text. */
export function checkFindings(findings: readonly Finding[], files: Record<string, string>, violations: string[], where: string): void {
  const lineIndexes = new Map<string, LineIndex>();
  const inside = (span: Finding['span'], what: string): void => {
    const text = files[span.file];
    if (text === undefined) {
      violations.push(`${where}: ${what} names an unknown file ${JSON.stringify(span.file)}`);
      return;
    }
    if (!(Number.isInteger(span.start) && Number.isInteger(span.end) && 0 <= span.start && span.start <= span.end && span.end <= text.length)) {
      violations.push(`${where}: ${what} span [${span.start}, ${span.end}) is outside ${span.file} (length ${text.length})`);
      return;
    }
    let lines = lineIndexes.get(span.file);
    if (!lines) lineIndexes.set(span.file, (lines = new LineIndex(text)));
    const start = lines.position(span.start);
    if (lines.offset(start.line, start.character) !== span.start && !insideLineBreak(text, span.start)) {
      violations.push(`${where}: ${what} offset ${span.start} does not survive offset → position → offset in ${span.file}`);
    }
  };
  for (const f of findings) {
    const what = `finding ${f.code} ${JSON.stringify(f.message?.slice(0, 80))}`;
    if (!KNOWN_CODES.has(f.code)) violations.push(`${where}: unknown code ${JSON.stringify(f.code)}`);
    if (!SEVERITIES.has(f.severity)) violations.push(`${where}: ${what} has severity ${String(f.severity)}`);
    if (typeof f.message !== 'string' || f.message.trim() === '') violations.push(`${where}: ${f.code} has an empty message`);
    else if (/\[object Object\]|\bundefined\b|\bNaN\b/.test(f.message) && !inputMentions(files, f.message)) {
      violations.push(`${where}: ${what} leaks a JavaScript value into its message`);
    }
    inside(f.span, what);
    for (const r of f.related ?? []) inside(r.span, `${what} related ${JSON.stringify(r.message)}`);
  }
}

/** An offset between \r and \n maps to the line end: positions cannot express it, and the editor never sees it. */
function insideLineBreak(text: string, offset: number): boolean {
  return text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
}

function inputMentions(files: Record<string, string>, message: string): boolean {
  const words = message.match(/\[object Object\]|\bundefined\b|\bNaN\b/g) ?? [];
  return words.every((w) => Object.values(files).some((t) => t.includes(w)));
}

function nonEmpty(text: unknown, what: string, violations: string[]): void {
  if (typeof text !== 'string' || text.trim() === '') violations.push(`${what} returned ${JSON.stringify(text)}`);
  else if (/\[object Object\]/.test(text)) violations.push(`${what} contains [object Object]`);
}

/** `allowed` and `explain` agree: a port in the allowed set is explained as allowed, one outside it as denied. */
function checkReachability(model: Model, reach: Reachability, maxPairs: number, violations: string[]): void {
  const workloads = model.workloads.slice(0, 40);
  let pairs = 0;
  for (const from of workloads) {
    externalAccess(reach, from, 'ingress');
    externalAccess(reach, from, 'egress');
    for (const to of workloads) {
      if (pairs++ >= maxPairs) return;
      const allowed = reach.allowed(from, to);
      for (const protocol of PROTOCOLS) {
        for (const port of [1, 53, 80, 443, 5432, 8080, 65535]) {
          const verdict = reach.explain(from, to, protocol, port);
          if (verdict.allowed !== allowed.has(protocol, port)) {
            violations.push(`reachability: ${from.id} → ${to.id} ${protocol} ${port}: allowed() says ${allowed.has(protocol, port)}, explain() says ${verdict.allowed}`);
          }
        }
      }
    }
  }
}

/** "Every generated case passes on the model it was generated from": the files again, plus the generated test file. */
function roundTrip(files: Record<string, string>, model: Model, options: AnalysisOptions, violations: string[]): void {
  const text = generatePolicyTests(model, { maxAllowCases: 60, maxDenyCases: 20 });
  const generatedFile = '/fuzz/generated.netpol-test.yaml';
  const withTests = new Workspace(options);
  for (const [file, content] of Object.entries(files)) withTests.setFile(file, content);
  withTests.setFile(generatedFile, text);
  const results = runPolicyTests(withTests.model()).find((r) => r.file === generatedFile);
  if (!results) violations.push('generated policy tests: the generated file was not read as a test file');
  for (const r of results?.results ?? []) {
    if (r.status !== 'pass') violations.push(`generated policy test #${r.index} ${r.status}: ${JSON.stringify(r).slice(0, 400)}\n${text.slice(0, 2000)}`);
  }
}
export interface EditSequenceCase {
  label: string;
  /** The workspace before the edits. */
  files: Record<string, string>;
  /** Each edit replaces one file's text (null deletes it), as keystrokes and saves do. */
  edits: { file: string; text: string | null }[];
  /** Compare with a full analyze() after every edit (otherwise only after the last). */
  compareEveryEdit?: boolean;
  engine?: Engine;
}

/**
 * The server's keystroke path: one Workspace and one IncrementalAnalyzer kept across edits. After each edit the
 * incremental findings must be exactly the findings of a full analyze() of the same model, and valid.
 */
export function exerciseEdits(c: EditSequenceCase): CoreReport {
  const violations: string[] = [];
  const texts: Record<string, string> = { ...c.files };
  const workspace = new Workspace(DEFAULT_OPTIONS);
  const settings = { engine: c.engine ?? 'generic' };
  const incremental = new IncrementalAnalyzer(settings);
  let last: Finding[] = [];
  let model: Model | undefined;
  try {
    for (const [file, text] of Object.entries(texts)) workspace.setFile(file, text);
    incremental.analyze(workspace.model());
    c.edits.forEach((edit, i) => {
      if (edit.text === null) {
        workspace.deleteFile(edit.file);
        delete texts[edit.file];
      } else {
        workspace.setFile(edit.file, edit.text);
        texts[edit.file] = edit.text;
      }
      model = workspace.model();
      last = incremental.analyze(model).findings;
      if (c.compareEveryEdit || i === c.edits.length - 1) {
        const full = analyze(model, settings);
        const a = JSON.stringify(last);
        const b = JSON.stringify(full);
        if (a !== b) violations.push(`edit ${i} (${edit.file}): incremental findings differ from analyze():\n${firstDifference(last, full)}`);
        checkFindings(last, texts, violations, `edit ${i}`);
      }
    });
  } catch (error) {
    violations.push(`edit sequence threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  return { violations, findings: last.length, codes: distinctCodes(last), policies: model?.policies.length ?? 0, workloads: model?.workloads.length ?? 0 };
}

function firstDifference(a: readonly Finding[], b: readonly Finding[]): string {
  const show = (f: Finding | undefined): string => (f ? `${f.code} ${f.span.file}@${f.span.start}-${f.span.end} ${f.message}` : '(none)');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return `  #${i} incremental: ${show(a[i])}\n  #${i} full:        ${show(b[i])}`;
  }
  return '  (same findings, different order or data)';
}

/** Offsets to cut at: every character (0…length), or the end of every line. */
export function prefixCuts(text: string, unit: 'char' | 'line'): number[] {
  if (unit === 'char') return Array.from({ length: text.length + 1 }, (_, i) => i);
  const cuts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') cuts.push(i + 1);
  if (cuts[cuts.length - 1] !== text.length) cuts.push(text.length);
  return cuts;
}

function distinctCodes(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}
