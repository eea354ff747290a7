// Policy tests as a workspace rule: each failing case of every `*.netpol-test.yaml` is a finding on the case, with
// the reason (which rule allowed the connection, or which isolation denied it). Being a rule, it runs wherever the
// catalogue runs: analyze(), the incremental analyzer, the CLI and the language server.
import type { Rule, RuleFinding } from '../rules/rule';
import { runPolicyTests } from './evaluate';

export const policyTestFailed: Rule = {
  id: 'policy-test-failed',
  title: 'Policy test failed',
  defaultSeverity: 'error',
  checkWorkspace(ctx) {
    if (!ctx.model.files.some((f) => f.policyTests)) return [];
    const findings: RuleFinding[] = [];
    for (const file of runPolicyTests(ctx.model, ctx.reach)) {
      for (const result of file.results) {
        // Invalid cases already carry the schema's findings, on the exact node.
        if (result.status !== 'fail') continue;
        findings.push({
          message: `Policy test "${result.name}" failed: ${result.reason}`,
          span: result.spans.head,
          related: result.related.length ? result.related : undefined,
          data: { test: result.name, index: result.index, expect: result.expect },
        });
      }
    }
    return findings;
  },
};
