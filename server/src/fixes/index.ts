// Every quick fix, registered once. To add one: write a file exporting a FixProvider (key = the `data.fix` the rule
// sets, or a finding code) and list it here.
import { addDefaultDeny } from './add-default-deny';
import { addDnsEgress } from './add-dns-egress';
import { addPolicyType } from './add-policy-type';
import { addPolicyTypesFix } from './add-policy-types';
import { deleteRule } from './delete-rule';
import { joinPeers } from './join-peers';
import { operatorCase } from './operator-case';
import { policyTypeCase } from './policy-type-case';
import { protocolCase } from './protocol-case';
import { quoteLabelValue } from './quote-label-value';
import { registerFix } from './registry';
import { replaceLabel } from './replace-label';
import { replacePort } from './replace-port';
import { replaceText } from './replace-text';
import { splitPeer } from './split-peer';
import { swapPorts } from './swap-ports';
import type { FixProvider } from './types';
import { unquotePort } from './unquote-port';

export const FIXES: readonly FixProvider[] = [
  addDnsEgress,
  addPolicyType,
  addPolicyTypesFix,
  addDefaultDeny,
  deleteRule,
  joinPeers,
  splitPeer,
  replaceLabel,
  replacePort,
  replaceText,
  swapPorts,
  protocolCase,
  policyTypeCase,
  operatorCase,
  unquotePort,
  quoteLabelValue,
];

for (const fix of FIXES) registerFix(fix);

export { brokenDocuments, fixesFor, fixKey, hasFix } from './registry';
export type { FixContext, FixProvider, QuickFix, TextEdit } from './types';
export { addPolicyTypes } from './policy-types';
export { scalar, Source } from './yaml-source';
