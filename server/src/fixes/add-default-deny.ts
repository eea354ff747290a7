// missing-default-deny: add a default-deny policy for the namespace (podSelector: {}, the missing policyTypes) as a
// new document at the end of the file the finding is in.
import type { FixProvider } from './types';
import { Source } from './yaml-source';

export const addDefaultDeny: FixProvider = {
  key: 'add-default-deny',
  fixes({ text, finding, policyNames }) {
    const { namespace } = finding.data ?? {};
    const raw = Array.isArray(finding.data?.policyTypes) ? (finding.data!.policyTypes as unknown[]) : [];
    const types = ['Ingress', 'Egress'].filter((t) => raw.includes(t));
    if (typeof namespace !== 'string' || !namespace || types.length === 0) return [];
    // A namespace name the API server rejects (e.g. `payme.ts`, a typo) cannot hold the new policy: writing one just
    // traded this warning for a schema error (found by fuzzing, test/fuzz/regressions.test.ts).
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) return [];
    const taken = new Set(policyNames?.(namespace) ?? []);
    const base = types.length === 2 ? 'default-deny' : `default-deny-${types[0].toLowerCase()}`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    const src = new Source(text);
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace },
      spec: { podSelector: {}, policyTypes: types },
    };
    const end = text.length;
    const needsBreak = end > 0 && !text.endsWith('\n') && !text.endsWith('\r');
    const newText = `${needsBreak ? src.eol : ''}---${src.eol}${src.block(policy, 0)}${src.eol}`;
    return [{ title: `Add a default-deny policy for namespace ${namespace} (${types.join(', ')})`, edits: [{ start: end, end, newText }] }];
  },
};
