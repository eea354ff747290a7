// implicit-ingress-isolation, empty-rules-list: write policyTypes out (data.policyTypes) where it is absent, so that
// the policy says which directions it isolates instead of relying on the defaults. The rule chooses the list:
// [Egress] keeps ingress open, as the author of an egress-only policy meant.
import type { FixProvider } from './types';
import { addPolicyTypes } from './policy-types';
import { Source } from './yaml-source';

export const addPolicyTypesFix: FixProvider = {
  key: 'add-policy-types',
  fixes({ text, finding, policy }) {
    const raw = Array.isArray(finding.data?.policyTypes) ? (finding.data!.policyTypes as unknown[]) : [];
    const types = raw.filter((t): t is string => t === 'Ingress' || t === 'Egress');
    if (types.length === 0) return [];
    const edits = addPolicyTypes(new Source(text), finding.span.start, policy, types, false);
    return edits ? [{ title: `Add policyTypes: [${types.join(', ')}]`, edits, preferred: true }] : [];
  },
};
