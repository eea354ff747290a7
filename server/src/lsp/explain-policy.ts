// `netpolLens/explainPolicy`: the plain-words explanation of the policy at a position (command "Explain Policy at
// Cursor"), from the core's explain module.
import { explainPolicy } from '../core/explain';
import type { ExplainPolicyParams, ExplainPolicyResult } from '../protocol';
import type { ServerContext } from './context';
import { fileOfUri } from './convert';
import { linker } from './hover';
import { policyAt } from './locate';

export function explainPolicyAt(ctx: ServerContext, params: ExplainPolicyParams): ExplainPolicyResult {
  const file = fileOfUri(params.uri);
  const objects = ctx.index.objects(file);
  if (!objects) return { markdown: null };
  const offset = ctx.positions.offsetIn(file, params.position);
  const policy = offset === undefined ? undefined : policyAt(objects, offset);
  if (!policy) return { markdown: null };
  return { markdown: explainPolicy(policy, ctx.reach(), { link: linker(ctx) }), policy: policy.id };
}
