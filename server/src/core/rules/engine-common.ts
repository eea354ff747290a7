// Where the engine rules get their facts. Each fact is documented by the engine's maintainers; the rule docs
// (docs/rules/engine-*.md) cite the pages. Nothing here is assumed about an engine that its documentation does not say.
import type { NetworkPolicy, Workload } from '../types';
import type { RuleContext } from './rule';
import { listNames, selectedWorkloads } from './scope';

export const SOURCES = {
  aksNpm: 'https://learn.microsoft.com/azure/aks/use-network-policies#limitations-of-azure-network-policy-manager',
  cilium: 'https://docs.cilium.io/en/stable/network/kubernetes/policy/',
  calico: 'https://docs.tigera.io/calico/latest/network-policy/get-started/kubernetes-policy/kubernetes-network-policy',
};

/**
 * On Azure NPM, the pods the policy selects on Windows nodes (nodeSelector kubernetes.io/os: windows), where the
 * engine lacks features (named ports, ipBlock except, negative label matches, SCTP); none on other engines.
 */
export function azureNpmWindowsPods(policy: NetworkPolicy, ctx: RuleContext): Workload[] {
  return ctx.engine === 'azure-npm' ? selectedWorkloads(policy, ctx).filter((w) => w.os === 'windows') : [];
}

/** How the Azure NPM findings open: "Azure NPM does not support <feature> on Windows nodes, where <pods> run". */
export function unsupportedOnWindows(feature: string, windows: readonly Workload[]): string {
  return `Azure NPM does not support ${feature} on Windows nodes, where ${listNames(windows.map((w) => w.id))} run`;
}
