// `netpolLens/generatePolicyTests`: the current model's reachability as a policy test file, by the core's
// generatePolicyTests (the same text as `netpol-lens test --generate`), with the editor's unsaved changes included.
import { generatePolicyTests } from '../core';
import type { GeneratePolicyTestsResult } from '../protocol';
import type { ServerContext } from './context';

export function generatePolicyTestFile(ctx: ServerContext): GeneratePolicyTestsResult {
  const reach = ctx.reach();
  return { text: generatePolicyTests(reach.model, { reach }) };
}
