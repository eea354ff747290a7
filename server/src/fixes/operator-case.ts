// invalid-selector on an operator written in the wrong case (`in`, `exists`): operators are case-sensitive.
import type { FixProvider } from './types';
import { scalar } from './yaml-source';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export const operatorCase: FixProvider = {
  key: 'invalid-selector',
  fixes({ text, finding }) {
    const current = text.slice(finding.span.start, finding.span.end);
    const bare = current.replace(/^(["'])(.*)\1$/, '$2');
    const fixed = OPERATORS.find((o) => o.toLowerCase() === bare.toLowerCase());
    if (!fixed || fixed === bare) return [];
    return [{ title: `Write ${fixed}`, edits: [{ start: finding.span.start, end: finding.span.end, newText: scalar(fixed, current) }], preferred: true }];
  },
};
