// Findings that name the text to write instead (data.replacement, or data.replacements to choose from): an invalid
// CIDR, a CIDR with host bits set. The finding's span is the scalar to replace; its quoting is kept.
import type { FixProvider, QuickFix } from './types';
import { scalar } from './yaml-source';

export const replaceText: FixProvider = {
  key: 'replace-text',
  fixes({ text, finding }) {
    const data = finding.data ?? {};
    const choices = [
      ...(typeof data.replacement === 'string' ? [data.replacement] : []),
      ...(Array.isArray(data.replacements) ? data.replacements.filter((r): r is string => typeof r === 'string') : []),
    ];
    const { start, end } = finding.span;
    const current = text.slice(start, end);
    if (end <= start || current.includes('\n')) return [];
    return choices.map(
      (r, i): QuickFix => ({ title: `Replace with ${r}`, edits: [{ start, end, newText: scalar(r, current) }], preferred: i === 0 && choices.length === 1 }),
    );
  },
};
