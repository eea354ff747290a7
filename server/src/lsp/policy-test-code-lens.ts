// Code lenses on a policy test file: "N passed · M failed" on its first line, and ✓/✗ on each case. The core runs
// the file's cases (runPolicyTestsIn); the hover on a case says why.
import type { CodeLens } from 'vscode-languageserver/node';
import { PolicyTestResult, runPolicyTestsIn } from '../core';
import type { ServerContext } from './context';

/** A lens that is only a label: no command to run (editors show it as text). */
const LABEL_ONLY = '';

export function policyTestCodeLenses(ctx: ServerContext, file: string): CodeLens[] {
  const reach = ctx.reach();
  const run = runPolicyTestsIn(reach.model, file, reach);
  if (!run) return [];
  const passed = run.results.filter((r) => r.status === 'pass').length;
  const failed = run.results.length - passed;
  const lens = (line: number, title: string): CodeLens => ({
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    command: { title, command: LABEL_ONLY },
  });
  const summary = run.results.length === 0 ? 'no policy test cases' : `${passed} passed · ${failed} failed`;
  return [lens(0, summary), ...run.results.map((r) => lens(ctx.positions.range(r.spans.case).start.line, caseTitle(r)))];
}

function caseTitle(r: PolicyTestResult): string {
  if (r.status === 'invalid') return '✗ invalid: not run';
  const { checked, failed } = r.pairs;
  if (r.status === 'pass') return checked > 1 ? `✓ passes (${checked} pairs)` : '✓ passes';
  return checked > 1 ? `✗ fails (${failed} of ${checked} pairs)` : '✗ fails';
}
