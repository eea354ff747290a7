// Go to definition: from a selector (a policy's podSelector, a peer) to the workloads it selects; from a port to the
// containers that expose it; from a workload's labels to the policies that select it; from a namespace to the
// namespaceSelectors that select it.
import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import type { ServerContext } from './context';
import { targetAt } from './locate';
import { referrersOfNamespace, referrersOfWorkload, selectedBy } from './targets';

export function definition(ctx: ServerContext, params: DefinitionParams): Location[] | null {
  const target = targetAt(ctx, params.textDocument.uri, params.position);
  if (!target) return null;
  const reach = ctx.reach();
  const selected = selectedBy(target, reach);
  if (selected) return selected.map((s) => ctx.positions.location(s));
  if (target.kind === 'workload') {
    const workload = reach.model.workload(target.workload.id) ?? target.workload;
    return referrersOfWorkload(workload, reach, false).map((r) => ctx.positions.location(r.policy.nameSpan));
  }
  if (target.kind === 'namespace') return referrersOfNamespace(target.namespace.name, reach).map((r) => ctx.positions.location(r.span));
  return null;
}
