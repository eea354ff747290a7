// A code lens on each policy: "selects 2 workloads · ingress from web · egress to postgres". In VS Code it opens the
// flow preview on what the policy changes; other editors show the summary.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { summarizePolicy } from '../core/explain';
import type { ServerContext } from './context';
import { fileOfUri } from './convert';
import { policyTestCodeLenses } from './policy-test-code-lens';

export const SHOW_FLOW_COMMAND = 'netpolLens.showFlowPreview';

export function codeLenses(ctx: ServerContext, params: CodeLensParams): CodeLens[] {
  const file = fileOfUri(params.textDocument.uri);
  const objects = ctx.index.objects(file);
  if (objects?.policyTests) return policyTestCodeLenses(ctx, file);
  if (!objects || objects.policies.length === 0) return [];
  const reach = ctx.reach();
  return objects.policies.map((policy) => {
    const line = ctx.positions.range(policy.span).start.line;
    return {
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      command: { title: summarizePolicy(policy, reach), command: SHOW_FLOW_COMMAND, arguments: [{ namespaces: [], policy: policy.id }] },
    };
  });
}
