// Port entries that name the wrong port: a Service port instead of the pod's (data.replacement), a named port that
// no pod declares when a close name exists (data.suggestions). The finding's span is the port's value.
import type { FixProvider } from './types';
import { scalar } from './yaml-source';

export const replacePort: FixProvider = {
  key: 'replace-port',
  fixes({ text, finding }) {
    const data = finding.data ?? {};
    const choices = [
      ...(data.replacement !== undefined ? [data.replacement] : []),
      ...(Array.isArray(data.suggestions) ? data.suggestions : []),
    ].filter((c): c is string | number => (typeof c === 'number' && Number.isInteger(c)) || (typeof c === 'string' && c !== ''));
    const { start, end } = finding.span;
    const current = text.slice(start, end);
    if (end <= start || current.includes('\n') || /[:{}[\]]/.test(current)) return [];
    return [...new Set(choices)].map((c, i) => ({
      title: `Use port ${c}`,
      edits: [{ start, end, newText: typeof c === 'number' ? String(c) : scalar(c, current.startsWith('"') || current.startsWith("'") ? current : '') }],
      preferred: i === 0,
    }));
  },
};
