// Random mutations of real policies, as fast-check arbitraries: byte flips, line deletions and duplications,
// indentation changes, key renames, value replacements, document separators, and spliced-in YAML oddities. Each
// mutation is plain data (so fast-check can print and shrink it) applied by `applyMutations`.
import fc from 'fast-check';

export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'deleteLine'; line: number }
  | { op: 'duplicateLine'; line: number }
  | { op: 'swapLines'; line: number }
  | { op: 'indent'; line: number; by: number }
  | { op: 'renameKey'; line: number; key: string }
  | { op: 'replaceValue'; line: number; value: string }
  | { op: 'insertLine'; line: number; text: string }
  | { op: 'deleteRange'; at: number; length: number };

/** Keys of manifests and policies, their common misspellings, and keys with YAML meaning. */
export const KEYS = [
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'spec', 'template', 'selector', 'containers', 'ports',
  'containerPort', 'protocol', 'podSelector', 'namespaceSelector', 'matchLabels', 'matchExpressions', 'key', 'operator',
  'values', 'ingress', 'egress', 'from', 'to', 'port', 'endPort', 'ipBlock', 'cidr', 'except', 'policyTypes', 'hostNetwork',
  'targetPort', 'tests', 'expect', 'podselector', 'matchlabel', 'Ingress', 'policytypes', 'namespaceSelectors', '<<', '? x',
  '"quoted key"', 'app', 'app.kubernetes.io/name', 'kubernetes.io/metadata.name', '-', '&anchor key', '*alias', 'ｐｏｒｔ',
];

/** Values with a YAML 1.1 or Kubernetes twist: booleans, octal, nulls, aliases, flow collections, hostile text. */
export const VALUES = [
  '', '~', 'null', 'yes', 'no', 'on', 'off', 'y', '0755', '0x50', '1e3', '.inf', '-.nan', '80', '"80"', '0', '-1', '65535', '65536',
  '99999999999999999999', 'http', 'TCP', 'UDP', 'SCTP', 'tcp', 'ICMP', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Bogus',
  '[]', '{}', '[a, b]', '{a: b}', '[', '{', '"', "'", '|', '>-', '*anchor', '&anchor', '&anchor x', '*undefined', '!!binary aGk=',
  '!!str 1', '!custom x', '10.0.0.0/8', '10.0.0.1/33', '::/0', '2001:db8::/129', '0.0.0.0/0', 'a'.repeat(300),
  '{{ .Values.port }}', '"<img src=x onerror=alert(1)>"', '"\\u0000"', '\t', 'NetworkPolicy', 'networking.k8s.io/v1',
  'extensions/v1beta1', 'List', 'Deployment', 'Namespace', 'Service', 'constructor', '__proto__', 'toString', 'hasOwnProperty',
];

export const LINES = [
  '---', '...', '--- !!map', '%YAML 1.1', '%TAG ! tag:x:', '# netpol-lens-disable-next-line', '# netpol-lens-disable',
  '- {}', '- []', '-', '? ', ': x', '<<: *anchor', 'a: &anchor {x: 1}', 'b: *anchor', 'x: [[[[[[[[[[', '{{- if .Values.x }}',
  '{{- end }}', '  - from: []', '  - to: [{}]', '  - ports: [{port: http}]', '    - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}',
  'kind: List', 'items:', '  - kind: NetworkPolicy', '\ufeffkind: Pod', '\u0085', '\u2028', 'key: "unterminated',
];

const line = fc.nat({ max: 400 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat({ max: 4000 }), bit: fc.nat({ max: 7 }) }),
  fc.record({ op: fc.constant('deleteLine' as const), line }),
  fc.record({ op: fc.constant('duplicateLine' as const), line }),
  fc.record({ op: fc.constant('swapLines' as const), line }),
  fc.record({ op: fc.constant('indent' as const), line, by: fc.integer({ min: -6, max: 6 }).filter((n) => n !== 0) }),
  fc.record({ op: fc.constant('renameKey' as const), line, key: fc.constantFrom(...KEYS) }),
  fc.record({ op: fc.constant('replaceValue' as const), line, value: fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 12 })) }),
  fc.record({ op: fc.constant('insertLine' as const), line, text: fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 20 })) }),
  fc.record({ op: fc.constant('deleteRange' as const), at: fc.nat({ max: 4000 }), length: fc.integer({ min: 1, max: 40 }) }),
);

export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 6 });

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

function applyMutation(text: string, m: Mutation): string {
  if (m.op === 'flip') {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length === 0) return text;
    bytes[m.at % bytes.length] ^= 1 << m.bit;
    // Decoded as an editor decodes a file it believes is UTF-8: invalid sequences become U+FFFD.
    return bytes.toString('utf8');
  }
  if (m.op === 'deleteRange') {
    if (text.length === 0) return text;
    const at = m.at % text.length;
    return text.slice(0, at) + text.slice(at + m.length);
  }
  // Lines keep their own terminators, so that CRLF files stay CRLF where the mutation did not touch them.
  const lines = text.split(/(?<=\n)/);
  if (lines.length === 0) lines.push('');
  const i = m.line % lines.length;
  const eol = (s: string): string => /\r?\n$/.exec(s)?.[0] ?? '';
  const body = (s: string): string => s.slice(0, s.length - eol(s).length);
  switch (m.op) {
    case 'deleteLine':
      lines.splice(i, 1);
      break;
    case 'duplicateLine':
      lines.splice(i, 0, body(lines[i]) + (eol(lines[i]) || '\n'));
      break;
    case 'swapLines': {
      const j = (i + 1) % lines.length;
      const [a, b] = [lines[i], lines[j]];
      lines[i] = body(b) + eol(a);
      lines[j] = body(a) + eol(b);
      break;
    }
    case 'indent':
      lines[i] = m.by > 0 ? ' '.repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), '');
      break;
    case 'renameKey':
      lines[i] = lines[i].replace(/^(\s*(?:-\s+)?)[^:#\s][^:#]*:/, (_all, lead: string) => `${lead}${m.key}:`);
      break;
    case 'replaceValue':
      lines[i] = lines[i].replace(/^(\s*(?:-\s+)?[^:#\s][^:#]*:)[^\r\n#]*/, (_all, head: string) => `${head} ${m.value}`);
      break;
    case 'insertLine': {
      const indent = /^[ \t]*/.exec(lines[i])![0];
      lines.splice(i, 0, `${indent}${m.text}\n`);
      break;
    }
  }
  return lines.join('');
}
