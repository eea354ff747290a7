// Where cluster DNS runs: the workspace's own DNS pods when it defines them, else the conventional CoreDNS pods
// (kube-system, k8s-app=kube-dns, ports dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP) assumed to exist, listening on
// the configured DNS port. The port is never read off the workspace's DNS pods: an explicit 53 and the default cannot
// be told apart, and a check that silently changed port would disagree with the quick fix and with the setting.
import type { Model } from './model';
import type { Endpoint } from './reach';
import { selectorMatches } from './selector';
import type { DnsTarget, LabelSelector } from './types';

/** The port the cluster DNS pods listen on (UDP and TCP). */
export function dnsPort(dns: DnsTarget): number {
  return dns.port ?? 53;
}

export function dnsSelector(dns: DnsTarget): LabelSelector {
  return {
    matchLabels: { ...dns.podLabels },
    matchExpressions: [],
    span: { file: '', start: 0, end: 0 },
    labelSpans: [],
    valid: true,
  };
}

export function dnsEndpoints(model: Model, dns: DnsTarget): { endpoints: Endpoint[]; assumed: boolean } {
  const selector = dnsSelector(dns);
  const found = model.workloadsIn(dns.namespace).filter((w) => selectorMatches(selector, w.labels));
  if (found.length > 0) return { endpoints: found, assumed: false };
  const span = { file: '', start: 0, end: 0 };
  return {
    assumed: true,
    endpoints: [
      {
        id: `${dns.namespace}/Deployment/coredns (assumed)`,
        name: 'coredns',
        kind: 'Deployment',
        namespace: dns.namespace,
        labels: { ...dns.podLabels },
        ports: [
          { container: 'coredns', name: 'dns', port: dnsPort(dns), protocol: 'UDP', span },
          { container: 'coredns', name: 'dns-tcp', port: dnsPort(dns), protocol: 'TCP', span },
          { container: 'coredns', name: 'metrics', port: 9153, protocol: 'TCP', span },
        ],
      },
    ],
  };
}

export function describeDnsTarget(dns: DnsTarget): string {
  const labels = Object.entries(dns.podLabels).map(([k, v]) => `${k}=${v}`).join(',');
  return `${dns.namespace} pods ${labels || '(all)'}`;
}

/**
 * A pod that a selector would select, for reasoning about policies whose pods are not in view: labels from
 * matchLabels, the first value of each In, a placeholder for Exists.
 */
export function hypotheticalLabels(selector: LabelSelector): Record<string, string> {
  const labels: Record<string, string> = { ...selector.matchLabels };
  for (const r of selector.matchExpressions) {
    if (r.key in labels) continue;
    if (r.operator === 'In' && r.values.length) labels[r.key] = r.values[0];
    else if (r.operator === 'Exists') {
      // The placeholder must not be a value a NotIn on the same key excludes, or the pod would not be selected.
      const excluded = selector.matchExpressions.filter((e) => e.key === r.key && e.operator === 'NotIn').flatMap((e) => e.values);
      let placeholder = 'x';
      while (excluded.includes(placeholder)) placeholder += 'x';
      labels[r.key] = placeholder;
    }
  }
  return labels;
}
