// `netpol-lens test`: runs every policy test file (`*.netpol-test.yaml`) under the paths against the manifests under
// the same paths. One line per case, a closing `N passed, N failed`, JUnit XML for CI systems on request; or, with
// --generate, a test file pinning today's reachability.
import { FileObjects, Finding, generatePolicyTests, LineIndex, PolicyTestFileResult, PolicyTestResult, runPolicyTests } from '../core';
import { displayPath, Loaded, UsageError } from './load';

/** A test file problem that is not about one case (YAML syntax, a malformed `tests:`): it fails the file. */
interface FileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface TestRun {
  output: string;
  exitCode: number;
  /** JUnit XML of the run. */
  junit: string;
}

export function runTests(loaded: Loaded, paths: readonly string[]): TestRun {
  const model = loaded.workspace.model();
  const testFiles = model.files.filter((f) => f.policyTests);
  if (testFiles.length === 0) {
    throw new UsageError(`no policy tests under ${paths.join(', ')}: test files are named *.netpol-test.yaml (or .yml)`);
  }
  const results = runPolicyTests(model);
  const problems = new Map(testFiles.map((f) => [f.file, fileProblems(f, loaded.texts.get(f.file) ?? '')]));
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const file of results) {
    const text = loaded.texts.get(file.file) ?? '';
    const index = new LineIndex(text);
    lines.push(displayPath(file.file));
    for (const p of problems.get(file.file) ?? []) {
      lines.push(`  ✗ ${p.file}:${p.line}:${p.column}: ${p.message}`);
      failed++;
    }
    for (const r of file.results) {
      if (r.status === 'pass') {
        lines.push(`  ✓ ${r.name}`);
        passed++;
      } else {
        lines.push(`  ✗ ${r.name} (line ${index.position(r.spans.head.start).line + 1}): ${r.reason}`);
        failed++;
      }
    }
  }
  lines.push(`${passed} passed, ${failed} failed`);
  return { output: lines.join('\n') + '\n', exitCode: failed > 0 ? 1 : 0, junit: toJUnit(results, problems, loaded.texts) };
}

export function runGenerate(loaded: Loaded): string {
  return generatePolicyTests(loaded.workspace.model());
}

/** Error findings of a test file outside its cases (a case's own problems make it an invalid case instead). */
function fileProblems(f: FileObjects, text: string): FileProblem[] {
  const caseSpans = [...(f.policyTests?.cases ?? []), ...(f.policyTests?.invalid ?? [])].map((c) => c.span);
  const index = new LineIndex(text);
  return f.findings
    .filter((finding: Finding) => finding.severity === 'error' && !caseSpans.some((s) => finding.span.start >= s.start && finding.span.end <= s.end))
    .map((finding) => {
      const at = index.position(finding.span.start);
      return { file: displayPath(f.file), line: at.line + 1, column: at.character + 1, message: finding.message };
    });
}

// JUnit XML ---------------------------------------------------------------------------------------------------------

/** Text safe in XML content and attribute values: escaped, without the control characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function toJUnit(results: readonly PolicyTestFileResult[], problems: Map<string, FileProblem[]>, texts: Map<string, string>): string {
  const attr = (name: string, value: string | number): string => ` ${name}="${xmlEscape(String(value))}"`;
  const suites: string[] = [];
  let allTests = 0;
  let allFailures = 0;
  let allErrors = 0;
  for (const file of results) {
    const name = displayPath(file.file);
    const index = new LineIndex(texts.get(file.file) ?? '');
    const fileErrors = problems.get(file.file) ?? [];
    const cases: string[] = [];
    for (const p of fileErrors) {
      cases.push(
        `    <testcase${attr('classname', name)}${attr('name', `${name} is readable`)}${attr('file', name)}${attr('line', p.line)}>` +
          `<error${attr('message', p.message)}${attr('type', 'test-file')}>${xmlEscape(`${p.file}:${p.line}:${p.column}: ${p.message}`)}</error></testcase>`,
      );
    }
    for (const r of file.results) cases.push(testcase(r, name, index.position(r.spans.head.start).line + 1, attr));
    const failures = file.results.filter((r) => r.status !== 'pass').length;
    const tests = file.results.length + fileErrors.length;
    allTests += tests;
    allFailures += failures;
    allErrors += fileErrors.length;
    suites.push(
      `  <testsuite${attr('name', name)}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', fileErrors.length)}${attr('skipped', 0)}>\n` +
        cases.map((c) => `${c}\n`).join('') +
        '  </testsuite>',
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attr('name', 'netpol-lens policy tests')}${attr('tests', allTests)}${attr('failures', allFailures)}${attr('errors', allErrors)}>\n` +
    suites.map((s) => `${s}\n`).join('') +
    '</testsuites>\n'
  );
}

function testcase(r: PolicyTestResult, file: string, line: number, attr: (name: string, value: string | number) => string): string {
  const head = `    <testcase${attr('classname', file)}${attr('name', r.name)}${attr('file', file)}${attr('line', line)}`;
  if (r.status === 'pass') return `${head}/>`;
  const type = r.status === 'invalid' ? 'invalid-test' : 'policy-test-failed';
  const body = `${file}:${line}: ${r.reason ?? ''}`;
  return `${head}><failure${attr('message', r.reason ?? '')}${attr('type', type)}>${xmlEscape(body)}</failure></testcase>`;
}
