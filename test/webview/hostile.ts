// Strings an attacker controls in a flow graph (namespace, workload, label and policy names come from the manifests of
// a repository, which anyone opening a pull request can write), as payloads that would show themselves if they ran:
// a dialog, a global marker, a network request or a navigation. Every string field of a FlowGraph gets one.
import type { FlowEdge, FlowGraph, FlowNode, SourceLocation } from '../../server/src/protocol';

/** Where a payload that ran would phone home; the test fails on any request to it (or anywhere else). */
export const EVIL = 'http://evil.invalid';

export const PAYLOADS: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert(2)</script>',
  "'><script>window.__pwned=3</script>",
  '</text><script>alert(4)</script><text>',
  '</title><script>alert(5)</script>',
  ']]><script>alert(6)</script><![CDATA[',
  '<svg onload=alert(7)>',
  '<svg><script>alert(8)</script></svg>',
  '<a href="javascript:alert(9)">click</a>',
  'javascript:alert(10)',
  'JaVaScRiPt:window.__pwned=11',
  'data:text/html,<script>alert(12)</script>',
  `<iframe src="${EVIL}/frame"></iframe>`,
  `<meta http-equiv="refresh" content="0;url=${EVIL}/meta">`,
  `<base href="${EVIL}/">`,
  `<link rel=stylesheet href="${EVIL}/x.css">`,
  `<style>@import url(${EVIL}/import.css); body{background:url(${EVIL}/bg.png)}</style>`,
  `<object data="${EVIL}/object"></object>`,
  `<form action="${EVIL}/form"><button>go</button></form>`,
  '<details open ontoggle=alert(13)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(14)>',
  '<foreignObject><body onload=alert(15)></body></foreignObject>',
  '{{constructor.constructor("alert(16)")()}}',
  '${alert(17)}',
  "'-alert(18)-'",
  '\\u003cimg src=x onerror=alert(19)\\u003e',
  '&lt;img src=x onerror=alert(20)&gt;',
  '%3Cscript%3Ealert(21)%3C/script%3E',
  // Mermaid: directives, click callbacks, breaking out of a quoted label into new statements.
  '%%{init: {"securityLevel": "loose"}}%%',
  '"] --> evil["pwned',
  '"]\nclick w0 call alert(22)\nx["',
  'A|"x"| B; click A href "javascript:alert(23)"',
  '#quot;);alert(24);//',
  // Text that must merely show literally.
  '\u202eevil\u202c right-to-left override',
  'nul\u0000char',
  'line\nbreak\r\nand\u2028separators\u2029',
  'emoji 😀 and combining é',
  'x'.repeat(5000),
];

const locationOf = (uri: string): SourceLocation => ({ uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } } });

/** A graph whose every string field is a payload, around a few ordinary workloads so that edges and groups exist. */
export function hostileFlowGraph(): FlowGraph {
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  const namespaces: FlowGraph['namespaces'] = [];
  const policyLocations: Record<string, SourceLocation> = {};
  PAYLOADS.forEach((payload, i) => {
    const namespace = `${payload}`;
    const id = `${namespace}/${payload}/${payload}#${i}`;
    const policy = `${namespace}/${payload}`;
    namespaces.push({ name: namespace, labels: { [payload]: payload }, declared: i % 2 === 0, location: locationOf(i % 3 === 0 ? 'javascript:alert(99)' : `file:///w/${i}.yaml`) });
    nodes.push({
      id,
      type: 'workload',
      namespace,
      kind: payload,
      name: payload,
      labels: { [payload]: payload, app: payload },
      ingressIsolated: i % 2 === 0,
      egressIsolated: i % 3 === 0,
      policies: [policy],
      location: locationOf(`file:///w/${i}.yaml`),
    });
    policyLocations[policy] = locationOf(i % 2 ? `${EVIL}/policy` : 'javascript:alert(98)');
  });
  nodes.push({ id: 'external', type: 'external', name: PAYLOADS[0], labels: {}, ingressIsolated: false, egressIsolated: false, policies: [] });
  nodes.forEach((node, i) => {
    const next = nodes[(i + 1) % nodes.length];
    const payload = PAYLOADS[i % PAYLOADS.length];
    edges.push({
      from: node.id,
      to: next.id,
      ports: { TCP: [[80, 80]] },
      label: payload,
      policies: [`${payload}/${payload}`, ...node.policies],
      ...(i % 2 ? { change: 'added' as const } : {}),
      ...(next.type === 'external' || node.type === 'external'
        ? { cidrs: [payload, '0.0.0.0/0'], external: [{ addresses: payload, ports: { TCP: [[80, 80]] }, label: payload }, { addresses: `${payload} except ${payload}`, ports: {}, label: 'TCP 81' }] }
        : {}),
    });
    // A flow of a workload to itself (drawn as a badge), with a payload label.
    if (i % 5 === 0) edges.push({ from: node.id, to: node.id, ports: { UDP: [[53, 53]] }, label: payload, policies: [] });
  });
  return { namespaces, nodes, edges, truncated: true, totalWorkloads: 10_000, policyLocations };
}
