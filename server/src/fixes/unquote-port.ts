// invalid-port on a quoted number (`port: "80"`): Kubernetes reads it as a port name and rejects it.
import type { FixProvider } from './types';

export const unquotePort: FixProvider = {
  key: 'invalid-port',
  fixes({ text, finding }) {
    const current = text.slice(finding.span.start, finding.span.end);
    const m = /^(["'])(\d{1,5})\1$/.exec(current);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return [];
    const port = String(Number(m[2]));
    return [{ title: `Write the port as a number: ${port}`, edits: [{ start: finding.span.start, end: finding.span.end, newText: port }], preferred: true }];
  },
};
