// Two policies with different names and the same meaning (namespace, podSelector, effective policy types and rules,
// however they are ordered or spelled): one is redundant, and the two will drift apart when only one is edited.
// The same name twice is the same object in several places (kustomize bases and overlays) and is left alone.
import type { NetworkPolicy } from '../types';
import type { Rule, RuleFinding } from './rule';
import { policyKey } from './canonical';

export const duplicatePolicy: Rule = {
  id: 'duplicate-policy',
  title: 'Policy identical to another policy',
  defaultSeverity: 'warning',
  checkWorkspace(ctx) {
    const findings: RuleFinding[] = [];
    const first = new Map<string, NetworkPolicy>();
    const ordered = [...ctx.model.policies].sort((a, b) =>
      a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : a.span.start - b.span.start,
    );
    for (const policy of ordered) {
      const key = policyKey(policy);
      if (key === undefined) continue;
      const original = first.get(key);
      if (!original) {
        first.set(key, policy);
        continue;
      }
      if (original.name === policy.name) continue;
      findings.push({
        message:
          `${policy.id} means exactly what ${original.id} means (same pods, same policy types, same rules): one of them is redundant. ` +
          `Delete one, so that a later change cannot reach only one copy.`,
        span: policy.nameSpan,
        related: [{ span: original.nameSpan, message: `${original.id}, the same policy` }],
        data: { policy: policy.id, duplicateOf: original.id },
      });
    }
    return findings;
  },
};
