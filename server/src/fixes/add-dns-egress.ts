// forgotten-dns: add an egress rule to the cluster DNS pods (the configured target: kube-system k8s-app=kube-dns by
// default) on UDP and TCP on the DNS pods' port (53, or `dns.port`: 5353 on OpenShift), or on the protocol that is
// missing. A new rule, rather than an edit of an existing one, so that nothing the author wrote changes meaning.
import { dnsPort, NAMESPACE_NAME_LABEL } from '../core';
import type { FixProvider } from './types';
import { appendToList, mapAt, Source } from './yaml-source';

export const addDnsEgress: FixProvider = {
  key: 'add-dns-egress',
  fixes({ text, finding, dns }) {
    const src = new Source(text);
    const policy = src.objectAt(finding.span.start, 'NetworkPolicy');
    const spec = mapAt(policy, 'spec');
    if (!spec) return [];
    const wanted = Array.isArray(finding.data?.missing) ? (finding.data!.missing as string[]) : ['UDP', 'TCP'];
    const protocols = ['UDP', 'TCP'].filter((p) => wanted.includes(p));
    if (protocols.length === 0) return [];
    const peer: Record<string, unknown> = { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dns.namespace } } };
    if (Object.keys(dns.podLabels).length) peer.podSelector = { matchLabels: { ...dns.podLabels } };
    const port = dnsPort(dns);
    const rule = { to: [peer], ports: protocols.map((protocol) => ({ protocol, port })) };
    const edits = appendToList(src, spec, 'egress', rule, ['podSelector', 'policyTypes', 'ingress']);
    if (!edits) return [];
    const labels = Object.entries(dns.podLabels).map(([k, v]) => `${k}=${v}`).join(',');
    const target = `${dns.namespace}${labels ? ` ${labels}` : ''}`;
    const title = protocols.length === 2 ? `Allow DNS egress (UDP and TCP ${port} to ${target})` : `Allow DNS egress over ${protocols[0]} (port ${port} to ${target})`;
    return [{ title, edits, preferred: true }];
  },
};
