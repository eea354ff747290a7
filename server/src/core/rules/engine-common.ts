// Where the engine rules get their facts. Each fact is documented by the engine's maintainers; the rule docs
// (docs/rules/engine-*.md) cite the pages. Nothing here is assumed about an engine that its documentation does not say.
import type { NetworkPolicy, Workload } from '../types';
import type { RuleContext } from './rule';
import { selectedWorkloads } from './scope';

export const SOURCES = {
  aksNpm: 'https://learn.microsoft.com/azure/aks/use-network-policies#limitations-of-azure-network-policy-manager',
  cilium: 'https://docs.cilium.io/en/stable/network/kubernetes/policy/',
  calico: 'https://docs.tigera.io/calico/latest/network-policy/get-started/kubernetes-policy/kubernetes-network-policy',
};

/** Pods the policy selects that run on Windows nodes (nodeSelector kubernetes.io/os: windows). */
export function windowsPods(policy: NetworkPolicy, ctx: RuleContext): Workload[] {
  return selectedWorkloads(policy, ctx).filter((w) => w.os === 'windows');
}
