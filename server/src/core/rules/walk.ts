// A policy's rules, peers and ports entries as the rules walk them: ingress before egress, each in file order (the
// order findings come out in).
import type { Direction, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule } from '../types';
import { affects, rulesOf } from './scope';

const BOTH: readonly Direction[] = ['ingress', 'egress'];

/** Every rule of the policy, enforced or not (the API server checks them all). */
export function allRules(policy: NetworkPolicy): PolicyRule[] {
  return [...(policy.ingress ?? []), ...(policy.egress ?? [])];
}

/** The rules of the directions the policy is in effect for (policyTypes): the ones that admit anything. */
export function enforcedRules(policy: NetworkPolicy, directions: readonly Direction[] = BOTH): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const direction of directions) if (affects(policy, direction)) rules.push(...rulesOf(policy, direction));
  return rules;
}

/** Every peer (`from`/`to` entry) of every rule. */
export function allPeers(policy: NetworkPolicy): PolicyPeer[] {
  return allRules(policy).flatMap((rule) => rule.peers ?? []);
}

/** Every `ports` entry of every rule. */
export function allPorts(policy: NetworkPolicy): PolicyPort[] {
  return allRules(policy).flatMap((rule) => rule.ports ?? []);
}
