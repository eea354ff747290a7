// invalid-field on a policyTypes entry written in the wrong case (`ingress`, `EGRESS`): write Ingress / Egress.
import type { FixProvider } from './types';
import { scalar } from './yaml-source';

export const policyTypeCase: FixProvider = {
  key: 'invalid-field',
  fixes({ text, finding }) {
    const current = text.slice(finding.span.start, finding.span.end);
    const bare = current.replace(/^(["'])(.*)\1$/, '$2');
    const fixed = bare.toLowerCase() === 'ingress' ? 'Ingress' : bare.toLowerCase() === 'egress' ? 'Egress' : undefined;
    if (!fixed || fixed === bare || !/policyTypes/.test(finding.message)) return [];
    return [{ title: `Write ${fixed}`, edits: [{ start: finding.span.start, end: finding.span.end, newText: scalar(fixed, current) }], preferred: true }];
  },
};
