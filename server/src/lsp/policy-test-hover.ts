// Hovers in policy test files (`*.netpol-test.yaml`): on a case, its verdict (passes or fails, and why: the rules
// that allowed the connection or the isolation that denied it, linked to the policies), and what was evaluated (the
// workloads each side resolved to, the ports as the destination sees them). The core checks the case
// (runPolicyTest) and resolves it (resolvePolicyTestCase); this file only words and links the answers.
import type { Hover } from 'vscode-languageserver/node';
import { endpointLabel, FileObjects, InvalidTestCase, PolicyTestCase, resolvePolicyTestCase, ResolvedPort, ResolvedSide, runPolicyTest } from '../core';
import type { Endpoint, PolicyTestResult, RelatedInfo, Span } from '../core';
import type { ServerContext } from './context';
import { spanContains } from './convert';
import { linker } from './hover';

const MAX_LISTED = 10;

/** The hover of the case at `offset` in a policy test file, or null outside every case. */
export function policyTestHover(ctx: ServerContext, objects: FileObjects, offset: number): Hover | null {
  const tests = objects.policyTests;
  if (!tests) return null;
  const invalid = tests.invalid.find((c) => spanContains(c.span, offset));
  if (invalid) return markdown(invalidText(invalid));
  const testCase = tests.cases.find((c) => spanContains(c.span, offset));
  if (!testCase) return null;
  return markdown(caseText(ctx, testCase));
}

function markdown(value: string): Hover {
  return { contents: { kind: 'markdown', value } };
}

/**
 * Text from the manifests and the core's sentences (case names, workload names, label values) as Markdown text: a
 * name must not become a link, an image, HTML or a heading.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/([\\`*_[\]<>!~|#])/g, '\\$1');
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\s*[\r\n]+\s*/g, ' ') + '`';
}

function sentence(text: string): string {
  const escaped = escapeMarkdown(text);
  return escaped.charAt(0).toUpperCase() + escaped.slice(1) + (/[.?!)]$/.test(text) ? '' : '.');
}

function invalidText(c: InvalidTestCase): string {
  return [`**✗ Invalid policy test** ${code(c.name)}: not run, counted as failed.`, '', ...c.problems.map((p) => `- ${escapeMarkdown(p)}`)].join('\n');
}

function caseText(ctx: ServerContext, c: PolicyTestCase): string {
  const reach = ctx.reach();
  const result = runPolicyTest(c, reach.model, reach);
  const detail = resolvePolicyTestCase(c, reach.model, reach);
  const link = linker(ctx);
  const verdict = result.status === 'pass' ? '**✓ Policy test passes**' : '**✗ Policy test fails**';
  const lines = [`${verdict} ${code(c.name)} · expect ${code(c.expect)}`, '', sentence(result.status === 'pass' ? result.summary : (result.reason ?? result.summary)), ''];
  lines.push(`**From** ${sideText(detail.from, link)}  `, `**To** ${sideText(detail.to, link)}  `);
  lines.push(`**${c.ports.length === 1 ? 'Port' : 'Ports'}** ${detail.ports.map((p) => portText(p, detail.to.kind === 'pods' && !!detail.to.service, link)).join('; ')}`);
  const why = whyLines(result, link);
  if (why.length) lines.push('', `**Why** (${whyHead(result)}):`, ...why);
  return lines.join('\n');
}

type Link = (label: string, span: Span) => string;

/** A workload as a link to its definition; the assumed cluster DNS pods (defined nowhere) as text. */
function endpointLink(e: Endpoint, link: Link): string {
  const label = endpointLabel(e);
  const span = (e as { nameSpan?: Span }).nameSpan;
  return span?.file ? link(label, span) : escapeMarkdown(label);
}

function listed(items: string[]): string {
  return items.length > MAX_LISTED ? `${items.slice(0, MAX_LISTED).join(', ')} and ${items.length - MAX_LISTED} more` : items.join(', ');
}

function sideText(side: ResolvedSide, link: Link): string {
  const written = code(side.written);
  switch (side.kind) {
    case 'address':
      return `${written}: addresses outside the cluster, checked against ipBlock rules.`;
    case 'unresolved':
      return `${written}: ⚠ ${escapeMarkdown(side.reason)}`;
    case 'pods': {
      const n = side.endpoints.length;
      const assumed = side.endpoints.some((e) => !(e as { nameSpan?: Span }).nameSpan?.file);
      const via = side.service ? ` (the pods the ${link('Service', side.service.nameSpan)} selects)` : '';
      const note = assumed ? ' (assumed: the workspace does not define cluster DNS)' : '';
      return `${written} → ${n === 1 ? '1 workload' : `${n} workloads`}${via}: ${listed(side.endpoints.map((e) => endpointLink(e, link)))}${note}`;
    }
  }
}

function portText(port: ResolvedPort, viaService: boolean, link: Link): string {
  const parts = [escapeMarkdown(port.written)];
  if (viaService && port.targetPorts) parts.push(`→ targetPort ${port.targetPorts.map((p) => (typeof p === 'number' ? String(p) : code(p))).join(', ')}`);
  // A name becomes a number on each destination pod: say which.
  if (port.named) for (const r of port.resolved) parts.push(`→ ${escapeMarkdown(r.ports)} on ${listed(r.endpoints.map((e) => endpointLink(e, link)))}`);
  if (port.problem) parts.push(`⚠ ${escapeMarkdown(port.problem)}`);
  return parts.join(' ');
}

function whyHead(result: PolicyTestResult): string {
  if (result.status === 'pass') return 'the connection shown above';
  return 'the connection that breaks the expectation';
}

/** The rules that allowed, or the policies whose isolation denied, each linked to its place in the manifests. */
function whyLines(result: PolicyTestResult, link: Link): string[] {
  return result.related.map((r: RelatedInfo) => {
    // The core's related messages start with the policy (`app/orders ingress[0] allows this ingress`).
    const space = r.message.indexOf(' ');
    const head = space > 0 ? r.message.slice(0, space) : r.message;
    const rest = space > 0 ? r.message.slice(space) : '';
    return `- ${r.span.file ? link(head, r.span) : escapeMarkdown(head)}${escapeMarkdown(rest)}`;
  });
}
