// invalid-protocol: `udp` or `Tcp` where Kubernetes accepts only TCP, UDP and SCTP, which are case-sensitive.
import type { FixProvider } from './types';
import { scalar } from './yaml-source';

export const protocolCase: FixProvider = {
  key: 'invalid-protocol',
  fixes({ text, finding }) {
    const current = text.slice(finding.span.start, finding.span.end);
    const bare = current.replace(/^(["'])(.*)\1$/, '$2');
    const upper = bare.toUpperCase();
    if (!['TCP', 'UDP', 'SCTP'].includes(upper) || upper === bare) return [];
    return [{ title: `Write ${upper}`, edits: [{ start: finding.span.start, end: finding.span.end, newText: scalar(upper, current) }], preferred: true }];
  },
};
