// Pods with hostNetwork: true share the node's network namespace and address. Kubernetes leaves NetworkPolicy
// behaviour for them undefined, and common engines treat their traffic as the node's: a policy selecting them does
// not restrict them, and a peer selecting them usually admits nothing (their connections come from the node's IP).
import { formatSelector } from '../selector';
import type { Rule, RuleFinding } from './rule';
import { listNames, peerScope, selectedWorkloads } from './scope';
import { allPeers } from './walk';

export const hostNetworkPod: Rule = {
  id: 'host-network-pod',
  title: 'Policy selects or admits host-network pods',
  defaultSeverity: 'warning',
  checkPolicy(policy, ctx) {
    const findings: RuleFinding[] = [];
    const hostPods = selectedWorkloads(policy, ctx).filter((w) => w.hostNetwork);
    if (hostPods.length > 0) {
      findings.push({
        message:
          `${listNames(hostPods.map((w) => w.id))} ${hostPods.length === 1 ? 'runs' : 'run'} on the host network (hostNetwork: true), where NetworkPolicy ` +
          `does not reliably apply: ${policy.id} selects ${hostPods.length === 1 ? 'it' : 'them'} but most engines do not restrict ${hostPods.length === 1 ? 'its' : 'their'} traffic. ` +
          `Protect ${hostPods.length === 1 ? 'it' : 'them'} with node firewall rules, or run without hostNetwork.`,
        span: policy.podSelector.span,
      });
    }
    for (const peer of allPeers(policy)) {
      if (!peer.podSelector) continue;
      const scope = peerScope(policy, peer, ctx);
      if (scope.notPods || scope.workloads.length === 0 || !scope.workloads.every((w) => w.hostNetwork)) continue;
      findings.push({
        message:
          `podSelector ${formatSelector(peer.podSelector)} matches only host-network pods (${listNames(scope.workloads.map((w) => w.id))}), whose traffic carries ` +
          `the node's address: most engines do not match it against pod selectors, so this peer probably admits nothing. Use an ipBlock for the nodes' addresses.`,
        span: peer.span,
      });
    }
    return findings;
  },
};
