// In a namespace that a default-deny policy closed for a direction, a peer that admits the whole cluster
// (`namespaceSelector: {}` with no podSelector) or every address (`0.0.0.0/0`, `::/0` without except), or a rule with
// no `from`/`to` at all, reopens most of what the default-deny closed. Two patterns are accepted: rules for DNS alone
// (port 53, or the cluster DNS pods' configured port: 5353 on OpenShift; cluster DNS often runs on the host network or
// a node-local address, out of selectors' reach), and ingress from anywhere to the ports of a LoadBalancer/NodePort
// Service fronting the selected pods (a public entry point).
import { parseCidr } from '../cidr';
import { dnsPort } from '../dns';
import { selectorIsEmpty } from '../selector';
import type { Direction, PolicyRule } from '../types';
import type { Rule, RuleFinding } from './rule';
import { portEntryRejected } from '../reach';
import { publicEntry } from './port-checks';
import { affects, defaultDenyPolicies, listNames, rulesOf, selectedWorkloads } from './scope';

/** The ports a rule opens, in words; entries the API server rejects open nothing and are left out. */
function portsText(rule: PolicyRule): string {
  if (!rule.ports || rule.ports.length === 0) return 'on every port';
  const parts = rule.ports.filter((e) => !portEntryRejected(e)).map((e) =>
    e.port === undefined ? `${e.protocol} (all ports)` : `${e.protocol} ${e.port}${e.endPort !== undefined ? `-${e.endPort}` : ''}`,
  );
  return `on ${parts.join(', ')}`;
}

function dnsOnly(rule: PolicyRule, port: number): boolean {
  return !!rule.ports && rule.ports.length > 0 && rule.ports.every((e) => (e.port === 53 || e.port === port) && e.endPort === undefined);
}

export const overlyBroadPeer: Rule = {
  id: 'overly-broad-peer',
  title: 'Peer admitting the whole cluster or every address after a default-deny',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    for (const direction of ['ingress', 'egress'] as Direction[]) {
      if (!affects(policy, direction)) continue;
      const deny = defaultDenyPolicies(policy.namespace, ctx)[direction];
      if (deny.length === 0) continue;
      const reopening = (): string => {
        // The namespace-wide policy's own rule does not reopen anything: it is what that policy allows.
        const others = deny.filter((p) => p !== policy);
        if (others.length === 0) return `although ${policy.id} itself isolates every pod of namespace ${policy.namespace} for ${direction}`;
        const selected = selectedWorkloads(policy, ctx);
        const target = selected.length ? listNames(selected.map((w) => w.id)) : `the pods ${policy.id} selects`;
        return `reopening the ${direction} that ${listNames(others.map((p) => p.id))} closed for ${target}`;
      };
      for (const rule of rulesOf(policy, direction)) {
        // A rule whose every ports entry is rejected opens nothing (invalid-end-port and the schema say why).
        if (dnsOnly(rule, dnsPort(ctx.options.dns)) || (rule.ports?.length && rule.ports.every(portEntryRejected))) continue;
        const ports = portsText(rule);
        const publicOk = (): boolean => direction === 'ingress' && publicEntry(policy, rule, ctx);
        if (!rule.peersSpan) {
          // `- {}` is allow-all-rule's; `from: []` is empty-list-means-all's.
          if (!rule.portsSpan || publicOk()) continue;
          findings.push({
            message:
              `This rule has no \`${direction === 'ingress' ? 'from' : 'to'}\`, so it admits every pod in the cluster and every address ${ports}, ` +
              `${reopening()}. List the ${direction === 'ingress' ? 'sources' : 'destinations'} that need it.`,
            span: rule.span,
          });
          continue;
        }
        for (const peer of rule.peers ?? []) {
          const ns = peer.namespaceSelector;
          if (ns && ns.valid && selectorIsEmpty(ns) && (!peer.podSelector || selectorIsEmpty(peer.podSelector))) {
            findings.push({
              message:
                `namespaceSelector: {} without a podSelector admits every pod in every namespace ${ports}, ${reopening()}. ` +
                `Select the namespaces that need access, and add a podSelector for the pods.`,
              span: peer.span,
            });
          }
          const block = peer.ipBlock;
          const cidr = block ? parseCidr(block.cidr) : undefined;
          if (block && cidr && cidr.prefix === 0 && block.except.length === 0 && !publicOk()) {
            findings.push({
              message:
                `ipBlock ${block.cidr} admits every address ${ports} (on engines that apply ipBlock to pod IPs, every pod too), ${reopening()}. ` +
                `Narrow it to the address ranges that need access.`,
              span: peer.span,
            });
          }
        }
      }
    }
    return findings;
  },
};
