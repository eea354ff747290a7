// Reachability verdicts in words: which policy rule allowed a connection, or which isolation denied it and on which
// side. Policy test results and hovers use the same sentences, so the editor and CI say the same thing.
import type { DirectionVerdict, RuleRef, Verdict } from '../reach';
import type { Protocol, RelatedInfo } from '../types';

const MAX_LISTED = 3;

/** `app/orders ingress[0]`: the policy and the rule, as the manifest's list index. */
export function ruleLabel(ref: RuleRef): string {
  return `${ref.policy.id} ${ref.rule.direction}[${ref.rule.index}]`;
}

function list(items: readonly string[]): string {
  if (items.length <= MAX_LISTED) return items.join(', ');
  return `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more`;
}

/** `TCP 8080` */
export function portText(protocol: Protocol, port: number): string {
  return `${protocol} ${port}`;
}

/**
 * One side of a connection in words. `owner` is the endpoint whose policies decide this side (the source for
 * egress, the destination for ingress); `peer` is the other end.
 */
export function describeDirection(verdict: DirectionVerdict, owner: string, peer: string, protocol: Protocol, port: number): string {
  const direction = verdict.direction;
  if (verdict.isolatedBy.length === 0) return `no policy isolates ${owner}'s ${direction}`;
  if (verdict.allowed) return `${direction} allowed by ${list(verdict.allowedBy.map(ruleLabel))}`;
  const policies = verdict.isolatedBy.map((p) => p.id);
  return (
    `${owner} is ${direction}-isolated by ${policies.length === 1 ? 'policy' : 'policies'} ${list(policies)} and ` +
    `no ${direction} rule ${direction === 'egress' ? 'allows it to reach' : 'admits'} ${peer} on ${portText(protocol, port)}`
  );
}

/** A pod-to-pod verdict: `allowed: egress allowed by …; ingress allowed by …` or `denied: … is ingress-isolated by …`. */
export function describeVerdict(verdict: Verdict, from: string, to: string): string {
  const egress = describeDirection(verdict.egress, from, to, verdict.protocol, verdict.port);
  const ingress = describeDirection(verdict.ingress, to, from, verdict.protocol, verdict.port);
  if (verdict.allowed) return `allowed: ${egress}; ${ingress}`;
  const denying = [verdict.egress.allowed ? undefined : egress, verdict.ingress.allowed ? undefined : ingress].filter(Boolean);
  return `denied: ${denying.join('; and ')}`;
}

/** Traffic between a pod and an address outside the cluster: only the pod's side has policies. */
export function describeAddressVerdict(verdict: DirectionVerdict, endpoint: string, address: string, protocol: Protocol, port: number): string {
  return `${verdict.allowed ? 'allowed' : 'denied'}: ${describeDirection(verdict, endpoint, address, protocol, port)}`;
}

/** The rules that allowed, or the policies whose isolation denied, as related locations. */
export function verdictRelated(sides: readonly DirectionVerdict[]): RelatedInfo[] {
  const related: RelatedInfo[] = [];
  for (const side of sides) {
    if (side.allowed) {
      for (const ref of side.allowedBy) related.push({ span: ref.rule.span, message: `${ruleLabel(ref)} allows this ${side.direction}` });
    } else {
      for (const policy of side.isolatedBy) related.push({ span: policy.nameSpan, message: `${policy.id} isolates ${side.direction} and no rule of it allows this` });
    }
  }
  return related;
}
