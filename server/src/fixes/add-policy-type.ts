// policy-types-ignores-rules, empty-rules-list: add the direction (data.policyType) to policyTypes.
import type { FixProvider } from './types';
import { addPolicyTypes } from './policy-types';
import { Source } from './yaml-source';

export const addPolicyType: FixProvider = {
  key: 'add-policy-type',
  fixes({ text, finding, policy }) {
    const type = finding.data?.policyType;
    if (type !== 'Ingress' && type !== 'Egress') return [];
    const edits = addPolicyTypes(new Source(text), finding.span.start, policy, [type]);
    return edits ? [{ title: `Add ${type} to policyTypes`, edits, preferred: true }] : [];
  },
};
