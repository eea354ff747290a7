// Find references: for a workload, every policy that selects it and every peer that admits it; for a selector, what
// it selects; for a namespace, the namespaceSelectors that select it.
import type { Location, ReferenceParams } from 'vscode-languageserver/node';
import type { ServerContext } from './context';
import { targetAt } from './locate';
import { referrersOfNamespace, referrersOfWorkload, selectedBy } from './targets';

export function references(ctx: ServerContext, params: ReferenceParams): Location[] | null {
  const target = targetAt(ctx, params.textDocument.uri, params.position);
  if (!target) return null;
  const reach = ctx.reach();
  if (target.kind === 'workload') {
    const workload = reach.model.workload(target.workload.id) ?? target.workload;
    const spans = referrersOfWorkload(workload, reach, true).map((r) => r.span);
    if (params.context.includeDeclaration) spans.unshift(workload.labelsSpan ?? workload.nameSpan);
    return spans.map((s) => ctx.positions.location(s));
  }
  if (target.kind === 'namespace') {
    const spans = referrersOfNamespace(target.namespace.name, reach).map((r) => r.span);
    if (params.context.includeDeclaration) spans.unshift(target.namespace.nameSpan);
    return spans.map((s) => ctx.positions.location(s));
  }
  const selected = selectedBy(target, reach);
  return selected ? selected.map((s) => ctx.positions.location(s)) : null;
}
