// Hovers: what a selector selects, what a peer admits, what a policy does (plain words), what reaches a workload,
// which containers expose a port. Every answer comes from the core (Reachability, explain); this file only words
// lists and links them.
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { formatSelector, NetworkPolicy, PolicyPeer, PolicyPort, PolicyRule, Reachability, Span, Workload } from '../core';
import { explainPolicy, explainWorkload, peerMatches, selectedWorkloads } from '../core/explain';
import { serviceSelects } from '../core/rules/scope';
import type { ServerContext } from './context';
import { fileOfUri, markdownLink } from './convert';
import { locate, Target } from './locate';
import { policyTestHover } from './policy-test-hover';
import { schemaKeyHover } from './schema-hover';

const MAX_LISTED = 20;

/**
 * Names, labels and selectors shown as code: they are user input, and as Markdown a name like `![x](https://…)` was
 * an image the hover loaded, `<img …>` HTML, a backtick or a blank line the end of the code span (found by fuzzing,
 * test/fuzz/server.test.ts).
 */
function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\s*[\r\n]+\s*/g, ' ') + '`';
}

/** A name as plain text: the characters Markdown acts on escaped (a valid Kubernetes name has none of them). */
function plain(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/([[\]\\`*_<>!])/g, '\\$1');
}

export function hover(ctx: ServerContext, params: HoverParams): Hover | null {
  const file = fileOfUri(params.textDocument.uri);
  const objects = ctx.index.objects(file);
  const text = ctx.index.text(file);
  if (!objects || text === undefined) return null;
  const offset = ctx.positions.offsetIn(file, params.position);
  if (objects.policyTests) return offset === undefined ? null : policyTestHover(ctx, objects, offset);
  const target = offset === undefined ? undefined : locate(objects, text, offset);
  // On a NetworkPolicy key, the schema's description comes after what the object there does.
  const parts = [target && hoverText(ctx, target), offset === undefined ? undefined : schemaKeyHover(text, params.position)].filter((p): p is string => !!p);
  return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}

export function linker(ctx: ServerContext): (label: string, span: Span) => string {
  return (label, span) => (span.file ? markdownLink(label, ctx.positions.location(span)) : label);
}

function hoverText(ctx: ServerContext, target: Target): string | undefined {
  const reach = ctx.reach();
  const link = linker(ctx);
  switch (target.kind) {
    case 'policy':
      return explainPolicy(current(reach, target.policy), reach, { link });
    case 'policy-selector':
      return selectorHover(ctx, current(reach, target.policy));
    case 'peer':
      return peerHover(ctx, current(reach, target.policy), target.peer);
    case 'port':
      return portHover(ctx, current(reach, target.policy), target.rule, target.port);
    case 'workload': {
      const w = reach.model.workload(target.workload.id);
      // A second definition of the same workload (another file in path order stands): say which one counts.
      if (w && w !== target.workload) return `This ${target.workload.kind} is also defined in ${link(w.id, w.nameSpan)}, which is the definition analysed.`;
      return explainWorkload(w ?? target.workload, reach, { link });
    }
    case 'namespace':
      return namespaceHover(ctx, target.namespace.name);
    default:
      return undefined;
  }
}

/** The model's instance of a policy (the same object, unless the model was rebuilt since the file was read). */
function current(reach: Reachability, policy: NetworkPolicy): NetworkPolicy {
  return reach.model.policiesIn(policy.namespace).find((p) => p.span.file === policy.span.file && p.span.start === policy.span.start) ?? policy;
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? pairs.map(code).join(' ') : '(no labels)';
}

export function workloadList(ctx: ServerContext, workloads: readonly Workload[]): string[] {
  const link = linker(ctx);
  const lines = workloads.slice(0, MAX_LISTED).map((w) => `- ${link(`${w.namespace}/${w.kind}/${w.name}`, w.nameSpan)} · ${labelsText(w.labels)}`);
  if (workloads.length > MAX_LISTED) lines.push(`- and ${workloads.length - MAX_LISTED} more`);
  return lines;
}

function selectorHover(ctx: ServerContext, policy: NetworkPolicy): string {
  const reach = ctx.reach();
  const sel = policy.podSelector;
  if (!sel.valid) return `**podSelector** is invalid: the API server rejects ${plain(policy.id)}, so it selects nothing.`;
  const selected = selectedWorkloads(policy, reach);
  const what = formatSelector(sel) === '(all)' ? 'every pod' : `pods with ${code(formatSelector(sel))}`;
  const head = `**podSelector** of ${plain(policy.id)}: ${what} in namespace ${code(policy.namespace)}.`;
  if (selected.length === 0) return `${head}\n\nNo workload in view matches: this policy applies to nobody in the workspace.`;
  return [`${head} Selects ${selected.length === 1 ? '1 workload' : `${selected.length} workloads`}:`, '', ...workloadList(ctx, selected)].join('\n');
}

function peerHover(ctx: ServerContext, policy: NetworkPolicy, peer: PolicyPeer): string {
  const reach = ctx.reach();
  const match = peerMatches(policy, peer, reach);
  if (match.addresses !== undefined) {
    return `**ipBlock** ${code(match.addresses)}: addresses outside the cluster. Whether an engine also applies ipBlock to pod IPs varies; NetworkPolicy Lens matches it to no workload.`;
  }
  if (!peer.podSelector && !peer.namespaceSelector) return 'An empty peer: the API server rejects it, and it admits nothing.';
  const lines: string[] = [];
  if (peer.namespaceSelector) {
    const link = linker(ctx);
    const names = match.namespaces.map((ns) => {
      const decl = reach.model.namespaces.get(ns)?.decl;
      return decl ? link(ns, decl.nameSpan) : code(ns);
    });
    lines.push(
      `**namespaceSelector** ${code(formatSelector(peer.namespaceSelector))} matches ${names.length ? `${names.length === 1 ? 'namespace' : `${names.length} namespaces`}: ${names.slice(0, MAX_LISTED).join(', ')}${names.length > MAX_LISTED ? ', …' : ''}` : 'no namespace in the workspace'}.`,
    );
  } else {
    lines.push(`Looks in the policy's own namespace, ${code(policy.namespace)}.`);
  }
  if (peer.podSelector) lines.push(`**podSelector** ${code(formatSelector(peer.podSelector))}.`);
  lines.push('');
  if (match.workloads.length === 0 && !match.assumedDns) lines.push('No workload in view matches this peer: it admits nobody in the workspace.');
  else {
    const count = match.workloads.length;
    lines.push(`Admits ${count === 1 ? '1 workload' : `${count} workloads`}${match.assumedDns ? ' and the cluster DNS pods (assumed: the workspace does not define them)' : ''}:`);
    lines.push(...workloadList(ctx, match.workloads));
  }
  return lines.join('\n');
}

/** Pods a rule's ports refer to: the selected pods for ingress, the admitted ones for egress. */
function destinations(policy: NetworkPolicy, rule: PolicyRule, reach: Reachability): Workload[] {
  if (rule.direction === 'ingress') return selectedWorkloads(policy, reach);
  if (!rule.peers || rule.peers.length === 0) return [...reach.model.workloads];
  const out = new Set<Workload>();
  for (const peer of rule.peers) for (const w of peerMatches(policy, peer, reach).workloads) out.add(w);
  return [...out];
}

function portHover(ctx: ServerContext, policy: NetworkPolicy, rule: PolicyRule, port: PolicyPort): string {
  const reach = ctx.reach();
  const link = linker(ctx);
  if (port.port === undefined) return `Every ${port.protocol} port.`;
  const dests = destinations(policy, rule, reach);
  const whose = rule.direction === 'ingress' ? 'the pods this policy selects' : 'the pods this rule admits';
  const exposing: string[] = [];
  for (const w of dests) {
    for (const cp of w.ports) {
      const same = typeof port.port === 'number' ? cp.port >= port.port && cp.port <= (port.endPort ?? port.port) : cp.name === port.port;
      if (same && cp.protocol === port.protocol) {
        exposing.push(`- ${link(`${w.namespace}/${w.kind}/${w.name}`, cp.span.file ? cp.span : w.nameSpan)}: container ${code(cp.container)} ${cp.protocol} ${cp.port}${cp.name ? ` (${code(cp.name)})` : ''}`);
      }
    }
  }
  const label = typeof port.port === 'number' ? `${port.protocol} ${port.port}${port.endPort ? `-${port.endPort}` : ''}` : `${port.protocol} port ${code(port.port)}`;
  const lines = [`**${label}** on ${whose}.`, ''];
  if (exposing.length) lines.push('Exposed by:', ...exposing.slice(0, MAX_LISTED), ...(exposing.length > MAX_LISTED ? [`- and ${exposing.length - MAX_LISTED} more`] : []));
  else lines.push(dests.length ? `No container of ${whose} declares it.` : `No workload in view is among ${whose}.`);
  if (typeof port.port === 'number') {
    const services = reach.model.services.filter((s) => dests.some((w) => serviceSelects(s, w)));
    for (const s of services) {
      for (const sp of s.ports) {
        if (sp.port !== port.port || sp.protocol !== port.protocol) continue;
        const target = typeof sp.targetPort === 'number' ? sp.targetPort : resolveNamed(dests, sp.targetPort, sp.protocol);
        if (target === undefined || target === sp.port) continue;
        lines.push(
          '',
          `⚠ ${port.port} is the port of Service ${link(s.id, s.nameSpan)}, which forwards to targetPort ${typeof sp.targetPort === 'number' ? sp.targetPort : code(sp.targetPort)}${typeof sp.targetPort === 'string' ? ` (${target})` : ''}. ` +
            `NetworkPolicy matches the pod's port, so this entry should allow ${port.protocol} ${target}.`,
        );
      }
    }
  }
  return lines.join('\n');
}

function resolveNamed(workloads: readonly Workload[], name: string, protocol: string): number | undefined {
  for (const w of workloads) for (const cp of w.ports) if (cp.name === name && cp.protocol === protocol) return cp.port;
  return undefined;
}

function namespaceHover(ctx: ServerContext, name: string): string {
  const reach = ctx.reach();
  const link = linker(ctx);
  const info = reach.model.namespaces.get(name);
  const labels = info ? labelsText(info.labels) : '';
  const peers: string[] = [];
  for (const policy of reach.model.policies) {
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      for (const peer of rule.peers ?? []) {
        if (peer.namespaceSelector && reach.namespacesMatching(peer.namespaceSelector).includes(name)) {
          peers.push(`- ${link(policy.id, peer.span)} (${rule.direction === 'ingress' ? 'ingress from' : 'egress to'} ${code(formatSelector(peer.namespaceSelector))})`);
        }
      }
    }
  }
  const workloads = reach.model.workloadsIn(name).length;
  const policies = reach.model.policiesIn(name).length;
  return [
    `**Namespace ${code(name)}** · ${labels}`,
    '',
    `${workloads === 1 ? '1 workload' : `${workloads} workloads`} and ${policies === 1 ? '1 policy' : `${policies} policies`} in view.`,
    '',
    peers.length ? `Selected by the namespaceSelectors of:\n${peers.slice(0, MAX_LISTED).join('\n')}${peers.length > MAX_LISTED ? `\n- and ${peers.length - MAX_LISTED} more` : ''}` : 'No namespaceSelector in the workspace selects it.',
  ].join('\n');
}
