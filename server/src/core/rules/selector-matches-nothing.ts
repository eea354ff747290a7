// A policy's podSelector, or a peer's podSelector/namespaceSelector, that matches nothing in the workspace: the
// policy protects (or admits) no one, usually because labels drifted. Namespaces with no workloads in view are
// reported once by namespace-without-workloads instead, so that repos of policies alone are not flooded.
import { formatSelector } from '../selector';
import { suggestLabels } from '../suggest';
import { dnsEndpoints } from '../dns';
import type { Endpoint } from '../reach';
import type { NetworkPolicy } from '../types';
import type { Rule, RuleContext, RuleFinding } from './rule';

export const selectorMatchesNothing: Rule = {
  id: 'selector-matches-nothing',
  title: 'Selector matches nothing',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    const { model, reach } = ctx;
    const local = model.workloadsIn(policy.namespace);
    if (local.length > 0 && policy.podSelector.valid && !local.some((w) => reach.selects(policy, w))) {
      findings.push({
        message:
          `podSelector ${formatSelector(policy.podSelector)} matches no workload in namespace ${policy.namespace}: ` +
          `this policy applies to nobody.${suggestLabels(policy.podSelector, local.map((w) => w.labels))}`,
        span: policy.podSelector.span,
        data: { selector: 'podSelector' },
      });
    }
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      for (const peer of rule.peers ?? []) {
        if (peer.ipBlock) continue;
        const nsSel = peer.namespaceSelector;
        const podSel = peer.podSelector;
        if ((nsSel && !nsSel.valid) || (podSel && !podSel.valid) || (!nsSel && !podSel)) continue;
        let namespaces: string[];
        if (nsSel) {
          namespaces = reach.namespacesMatching(nsSel);
          if (namespaces.length === 0) {
            // Without Namespace objects in view, namespace labels are unknown: say nothing.
            if (!model.hasNamespaceDecls()) continue;
            const candidates = [...model.namespaces.values()].map((ns) => ns.labels);
            findings.push({
              message:
                `namespaceSelector ${formatSelector(nsSel)} matches no namespace in the workspace, so this peer admits nobody.` +
                suggestLabels(nsSel, candidates, ['kubernetes.io/metadata.name']),
              span: nsSel.span,
              data: { selector: 'namespaceSelector' },
            });
            continue;
          }
        } else {
          namespaces = [policy.namespace];
        }
        if (!podSel) continue;
        const candidates: Endpoint[] = namespaces.flatMap((ns) => model.workloadsIn(ns));
        if (candidates.length === 0) continue; // nothing in view there: cannot tell
        // Cluster DNS runs whether or not the workspace defines it.
        const dns = dnsEndpoints(model, ctx.options.dns);
        if (dns.assumed && namespaces.includes(ctx.options.dns.namespace)) candidates.push(...dns.endpoints);
        if (candidates.some((w) => reach.peerMatches(policy, peer, w))) continue;
        const where = nsSel ? `namespaces ${formatList(namespaces)}` : `namespace ${policy.namespace}`;
        findings.push({
          message:
            `podSelector ${formatSelector(podSel)} matches no workload in ${where}, so this peer admits nobody.` +
            suggestLabels(podSel, candidates.map((w) => w.labels)),
          span: podSel.span,
          data: { selector: 'peer.podSelector' },
        });
      }
    }
    return findings;
  },
};

export const namespaceWithoutWorkloads: Rule = {
  id: 'namespace-without-workloads',
  title: 'Policies in a namespace with no workloads in view',
  defaultSeverity: 'info',
  checkWorkspace(ctx: RuleContext) {
    const findings: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const policy of firstByNamespace(ctx.model.policies)) {
      if (seen.has(policy.namespace) || ctx.model.workloadsIn(policy.namespace).length > 0) continue;
      seen.add(policy.namespace);
      const count = ctx.model.policiesIn(policy.namespace).length;
      findings.push({
        message:
          `Namespace ${policy.namespace} has no workloads in view, so NetworkPolicy Lens cannot check which pods its ` +
          `${count} ${count === 1 ? 'policy selects' : 'policies select'}. Add the workloads' manifests to the workspace to check them.`,
        span: policy.nameSpan,
      });
    }
    return findings;
  },
};

function firstByNamespace(policies: readonly NetworkPolicy[]): NetworkPolicy[] {
  return [...policies].sort((a, b) => (a.nameSpan.file < b.nameSpan.file ? -1 : a.nameSpan.file > b.nameSpan.file ? 1 : a.span.start - b.span.start));
}

function formatList(items: string[]): string {
  return items.length > 4 ? `${items.slice(0, 4).join(', ')} and ${items.length - 4} more` : items.join(', ');
}
