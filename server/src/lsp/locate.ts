// What the cursor is on, in terms of the model: a policy's header, its podSelector, a peer, a port, a workload's
// labels, a namespace. Hover, definition, references and the explain request all start here.
import type {
  FileObjects,
  LabelSpan,
  NamespaceDecl,
  NetworkPolicy,
  PolicyPeer,
  PolicyPort,
  PolicyRule,
  Span,
  Workload,
} from '../core';
import type { Position } from 'vscode-languageserver/node';
import type { ServerContext } from './context';
import { fileOfUri, spanContains } from './convert';

export type Target =
  | { kind: 'policy'; policy: NetworkPolicy }
  | { kind: 'policy-selector'; policy: NetworkPolicy; label?: LabelSpan }
  | { kind: 'peer'; policy: NetworkPolicy; rule: PolicyRule; peer: PolicyPeer; part: 'podSelector' | 'namespaceSelector' | 'ipBlock' | 'peer' }
  | { kind: 'port'; policy: NetworkPolicy; rule: PolicyRule; port: PolicyPort }
  | { kind: 'policy-body'; policy: NetworkPolicy }
  | { kind: 'workload'; workload: Workload; label?: LabelSpan }
  | { kind: 'namespace'; namespace: NamespaceDecl };

/**
 * A selector's span starts at its value (`{}` or the `matchLabels:` line below the key); the cursor on the key
 * itself (`podSelector:`) counts as on the selector too.
 */
export function withKey(text: string, span: Span, key: string): Span {
  let i = span.start;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  if (text[i - 1] !== ':') return span;
  const keyStart = i - 1 - key.length;
  if (keyStart >= 0 && text.slice(keyStart, i - 1) === key) return { ...span, start: keyStart };
  return span;
}

function inLabels(labelSpans: readonly LabelSpan[], offset: number): LabelSpan | undefined {
  return labelSpans.find((l) => l.keySpan.start <= offset && offset <= l.valueSpan.end);
}

export function policyAt(objects: FileObjects, offset: number): NetworkPolicy | undefined {
  return objects.policies.find((p) => spanContains(p.span, offset));
}

/** What the cursor at `position` in the document `uri` is on; undefined when the file is not indexed or it is on nothing. */
export function targetAt(ctx: ServerContext, uri: string, position: Position): Target | undefined {
  const file = fileOfUri(uri);
  const objects = ctx.index.objects(file);
  const text = ctx.index.text(file);
  if (!objects || text === undefined) return undefined;
  const offset = ctx.positions.offsetIn(file, position);
  return offset === undefined ? undefined : locate(objects, text, offset);
}

export function locate(objects: FileObjects, text: string, offset: number): Target | undefined {
  const policy = policyAt(objects, offset);
  if (policy) return locateInPolicy(policy, text, offset);
  for (const workload of objects.workloads) {
    if (!spanContains(workload.span, offset)) continue;
    const label = inLabels(workload.labelSpans, offset);
    if (label) return { kind: 'workload', workload, label };
    if (workload.labelsSpan && spanContains(withKey(text, workload.labelsSpan, 'labels'), offset)) return { kind: 'workload', workload };
    if (spanContains(workload.nameSpan, offset) || spanContains(workload.kindSpan, offset)) return { kind: 'workload', workload };
    return undefined;
  }
  for (const namespace of objects.namespaces) {
    if (!spanContains(namespace.span, offset)) continue;
    if (spanContains(namespace.nameSpan, offset) || spanContains(namespace.kindSpan, offset) || inLabels(namespace.labelSpans, offset)) {
      return { kind: 'namespace', namespace };
    }
    return undefined;
  }
  return undefined;
}

function locateInPolicy(policy: NetworkPolicy, text: string, offset: number): Target {
  if (spanContains(policy.kindSpan, offset) || spanContains(policy.nameSpan, offset)) return { kind: 'policy', policy };
  if (spanContains(withKey(text, policy.podSelector.span, 'podSelector'), offset)) {
    return { kind: 'policy-selector', policy, label: inLabels(policy.podSelector.labelSpans, offset) };
  }
  for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
    if (!spanContains(rule.span, offset)) continue;
    for (const peer of rule.peers ?? []) {
      if (!spanContains(peer.span, offset)) continue;
      if (peer.podSelector && spanContains(withKey(text, peer.podSelector.span, 'podSelector'), offset)) {
        return { kind: 'peer', policy, rule, peer, part: 'podSelector' };
      }
      if (peer.namespaceSelector && spanContains(withKey(text, peer.namespaceSelector.span, 'namespaceSelector'), offset)) {
        return { kind: 'peer', policy, rule, peer, part: 'namespaceSelector' };
      }
      if (peer.ipBlock && spanContains(withKey(text, peer.ipBlock.span, 'ipBlock'), offset)) return { kind: 'peer', policy, rule, peer, part: 'ipBlock' };
      return { kind: 'peer', policy, rule, peer, part: 'peer' };
    }
    for (const port of rule.ports ?? []) {
      if (spanContains(port.span, offset)) return { kind: 'port', policy, rule, port };
    }
  }
  return { kind: 'policy-body', policy };
}
