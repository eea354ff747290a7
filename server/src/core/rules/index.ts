// The rule catalogue: every rule the CLI and the server run. One rule, one file; docs in docs/rules/<id>.md.
import { allowAllRule } from './allow-all-rule';
import { cidrHostBits } from './cidr-host-bits';
import { duplicatePolicy } from './duplicate-policy';
import { egressServicePort } from './egress-service-port';
import { emptyListMeansAll } from './empty-list-means-all';
import { emptyPeer } from './empty-peer';
import { emptyRulesList } from './empty-rules-list';
import { engineEndPort } from './engine-end-port';
import { engineIpblockCount } from './engine-ipblock-count';
import { engineIpblockExcept } from './engine-ipblock-except';
import { engineIpblockPods } from './engine-ipblock-pods';
import { engineIpv6 } from './engine-ipv6';
import { engineNamedPort } from './engine-named-port';
import { engineNegativeSelector } from './engine-negative-selector';
import { engineNoEnforcement } from './engine-no-enforcement';
import { engineSctp } from './engine-sctp';
import { forgottenDns } from './forgotten-dns';
import { hostNetworkPod } from './host-network-pod';
import { implicitIngressIsolation } from './implicit-ingress-isolation';
import { ingressServicePort } from './ingress-service-port';
import { invalidCidr } from './invalid-cidr';
import { invalidEndPort } from './invalid-end-port';
import { ipblockExceptOutsideCidr } from './ipblock-except-outside-cidr';
import { missingDefaultDeny } from './missing-default-deny';
import { namedPortUndefined } from './named-port-undefined';
import { namespaceWithoutWorkloads } from './namespace-without-workloads';
import { oneSidedAllow } from './one-sided-allow';
import { overlyBroadPeer } from './overly-broad-peer';
import { peerSelectorsCombined } from './peer-selectors-combined';
import { peerSelectorsSplit } from './peer-selectors-split';
import { policyTypesIgnoresRules } from './policy-types-ignores-rules';
import { portNotListening } from './port-not-listening';
import { redundantRule } from './redundant-rule';
import { policyTestFailed } from '../policy-tests/rule';
import type { Rule } from './rule';
import { selectorMatchesNothing } from './selector-matches-nothing';
import { serviceUnreachable } from './service-unreachable';
import { typoLabelMatch } from './typo-label-match';
import { workloadNotIsolated } from './workload-not-isolated';

export const RULES: readonly Rule[] = [
  // Policy shape
  policyTypesIgnoresRules,
  implicitIngressIsolation,
  emptyRulesList,
  allowAllRule,
  emptyListMeansAll,
  peerSelectorsCombined,
  peerSelectorsSplit,
  emptyPeer,
  invalidCidr,
  cidrHostBits,
  ipblockExceptOutsideCidr,
  invalidEndPort,
  redundantRule,
  duplicatePolicy,
  // Selection
  selectorMatchesNothing,
  typoLabelMatch,
  namespaceWithoutWorkloads,
  // Ports
  namedPortUndefined,
  ingressServicePort,
  portNotListening,
  // Coverage
  missingDefaultDeny,
  workloadNotIsolated,
  overlyBroadPeer,
  hostNetworkPod,
  // Availability
  forgottenDns,
  serviceUnreachable,
  egressServicePort,
  oneSidedAllow,
  // Engine profiles
  engineNoEnforcement,
  engineEndPort,
  engineSctp,
  engineNamedPort,
  engineNegativeSelector,
  engineIpblockExcept,
  engineIpv6,
  engineIpblockPods,
  engineIpblockCount,
  // Policy tests (*.netpol-test.yaml)
  policyTestFailed,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
