// A policy's podSelector, or a peer's podSelector/namespaceSelector, that matches nothing in the workspace: the
// policy protects (or admits) no one, usually because labels drifted; it suggests the label probably meant.
// Namespaces with no workloads in view are reported once by namespace-without-workloads instead, so that repos of
// policies alone are not flooded; peers that look like a misplaced "- " are peer-selectors-combined's and
// peer-selectors-split's to explain.
import { formatSelector } from '../selector';
import { nearestLabel, suggestLabels } from '../suggest';
import type { LabelSelector, Labels } from '../types';
import type { Rule, RuleFinding } from './rule';
import { combinedPeerHint } from './peer-selectors-combined';
import { splitPeerHint } from './peer-selectors-split';
import { peerEndpoints, peerScope, selectedWorkloads } from './scope';
import { allRules } from './walk';

export const selectorMatchesNothing: Rule = {
  id: 'selector-matches-nothing',
  title: 'Selector matches nothing',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    const { model } = ctx;
    const local = model.workloadsIn(policy.namespace);
    if (local.length > 0 && policy.podSelector.valid && selectedWorkloads(policy, ctx).length === 0) {
      findings.push({
        message:
          `podSelector ${formatSelector(policy.podSelector)} matches no workload in namespace ${policy.namespace}: ` +
          `this policy applies to nobody.${suggestLabels(policy.podSelector, local.map((w) => w.labels))}`,
        span: policy.podSelector.span,
        data: { selector: 'podSelector', ...replaceLabel(policy.podSelector, local.map((w) => w.labels)) },
      });
    }
    for (const rule of allRules(policy)) {
      for (const peer of rule.peers ?? []) {
        const nsSel = peer.namespaceSelector;
        const podSel = peer.podSelector;
        const scope = peerScope(policy, peer, ctx);
        if (scope.notPods || scope.workloads.length > 0) continue;
        if (combinedPeerHint(policy, peer, ctx) || splitPeerHint(policy, rule, peer, ctx)) continue;
        if (nsSel && scope.namespaces.length === 0) {
          // Without Namespace objects in view, namespace labels are unknown: say nothing.
          if (!model.hasNamespaceDecls()) continue;
          const candidates = [...model.namespaces.values()].map((ns) => ns.labels);
          findings.push({
            message:
              `namespaceSelector ${formatSelector(nsSel)} matches no namespace in the workspace, so this peer admits nobody.` +
              suggestLabels(nsSel, candidates, ['kubernetes.io/metadata.name']),
            span: nsSel.span,
            data: { selector: 'namespaceSelector', ...replaceLabel(nsSel, candidates) },
          });
          continue;
        }
        if (!podSel) continue;
        if (!scope.namespaces.some((ns) => model.workloadsIn(ns).length > 0)) continue; // nothing in view there: cannot tell
        // Cluster DNS runs whether or not the workspace defines it.
        if (peerEndpoints(policy, peer, ctx).length > 0) continue;
        const candidates = scope.namespaces.flatMap((ns) => model.workloadsIn(ns));
        const where = nsSel ? `namespaces ${formatList(scope.namespaces)}` : `namespace ${policy.namespace}`;
        findings.push({
          message:
            `podSelector ${formatSelector(podSel)} matches no workload in ${where}, so this peer admits nobody.` +
            suggestLabels(podSel, candidates.map((w) => w.labels)),
          span: podSel.span,
          data: { selector: 'peer.podSelector', ...replaceLabel(podSel, candidates.map((w) => w.labels)) },
        });
      }
    }
    return findings;
  },
};

function formatList(items: string[]): string {
  return items.length > 4 ? `${items.slice(0, 4).join(', ')} and ${items.length - 4} more` : items.join(', ');
}

/** Fix data for a clear "did you mean" on a matchLabels pair: the label to write instead. */
function replaceLabel(selector: LabelSelector, candidates: readonly Labels[]): Record<string, unknown> {
  const best = nearestLabel(selector, candidates);
  if (!best) return {};
  const [key, value] = split(best.wanted);
  if (selector.matchLabels[key] !== value) return {}; // an In expression: no one-label edit
  const [toKey, toValue] = split(best.pair);
  return { fix: 'replace-label', key, value, suggestion: { key: toKey, value: toValue } };
}

function split(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}
