// invalid-label on a value YAML 1.1 reads as a boolean or a number (`pci: true`, `version: 1.10`): quote it, so that
// it stays the string the author wrote.
import type { FixProvider } from './types';

export const quoteLabelValue: FixProvider = {
  key: 'invalid-label',
  fixes({ text, finding }) {
    const current = text.slice(finding.span.start, finding.span.end);
    if (!/ is read as a (boolean|number)/.test(finding.message)) return [];
    if (!current || /^["'{[|>&*!]/.test(current) || /[\n#:]/.test(current)) return [];
    return [{ title: `Quote the value: "${current}"`, edits: [{ start: finding.span.start, end: finding.span.end, newText: JSON.stringify(current) }], preferred: true }];
  },
};
