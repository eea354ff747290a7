import assert from 'node:assert/strict';
import fc from 'fast-check';
import { documentLines, isNetworkPolicyV1, keyAt, keyPlace } from '../../server/src/core/yaml-key-path';

/** Lines of `text` with its one `|` removed, and where it was: the start of the key being written. */
function cursor(text: string): { lines: string[]; line: number; character: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const line = lines.findIndex((l) => l.includes('|'));
  const character = lines[line].indexOf('|');
  lines[line] = lines[line].replace('|', '');
  return { lines, line, character };
}

function place(text: string) {
  const c = cursor(text);
  return keyPlace(c.lines, c.line, c.character);
}

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector: {}
          namespaceSelector:
            matchLabels:
              team: a
        - ipBlock:
            cidr: 10.0.0.0/8
      ports:
        - port: 80
          protocol: TCP
`;

describe('yaml key path (where a key sits, from indentation)', () => {
  it('finds the mapping of a key on an empty line, with the keys it has', () => {
    assert.deepEqual(place(POLICY.replace('  ingress:\n', '  |\n  ingress:\n')), { path: ['spec'], present: ['podSelector', 'ingress'], flow: false });
    assert.deepEqual(place(POLICY.replace('metadata:\n', 'metadata:\n  |\n')), { path: ['metadata'], present: ['name'], flow: false });
    assert.deepEqual(place(`${POLICY}|`), { path: [], present: ['apiVersion', 'kind', 'metadata', 'spec'], flow: false });
    // A rule: the first entry sits after its `- `.
    assert.deepEqual(place(POLICY.replace('      ports:\n', '      |\n      ports:\n')), { path: ['spec', 'ingress', 0], present: ['from', 'ports'], flow: false });
    // A peer, after an entry whose value is on its own line.
    assert.deepEqual(place(POLICY.replace('              team: a\n', '              team: a\n          |\n')), {
      path: ['spec', 'ingress', 0, 'from', 0],
      present: ['podSelector', 'namespaceSelector'],
      flow: false,
    });
    assert.deepEqual(place(POLICY.replace('            cidr: 10.0.0.0/8\n', '            cidr: 10.0.0.0/8\n            |\n')), { path: ['spec', 'ingress', 0, 'from', 0, 'ipBlock'], present: ['cidr'], flow: false });
    assert.deepEqual(place(POLICY.replace('          protocol: TCP\n', '          protocol: TCP\n          |\n')), { path: ['spec', 'ingress', 0, 'ports', 0], present: ['port', 'protocol'], flow: false });
    assert.deepEqual(place(POLICY.replace('    matchLabels:\n      app: web\n', '    |\n    matchLabels:\n      app: web\n')), { path: ['spec', 'podSelector'], present: ['matchLabels'], flow: false });
  });

  it('finds a new list item and a half-typed key', () => {
    assert.deepEqual(place(POLICY.replace('      ports:\n', '        - |\n      ports:\n')), { path: ['spec', 'ingress', 0, 'from', 0], present: [], flow: false });
    // The rule's `ports:` below now continues the new item's mapping.
    assert.deepEqual(place(POLICY.replace('      ports:\n', '    - |fr\n      ports:\n')), { path: ['spec', 'ingress', 0], present: ['ports'], flow: false });
    assert.deepEqual(place(POLICY.replace('      ports:\n', '    - |fr\n')), { path: ['spec', 'ingress', 0], present: [], flow: false });
    // A new item whose following lines are already written: those are its keys.
    assert.deepEqual(place('spec:\n  egress:\n    - |\n      ports: []\n'), { path: ['spec', 'egress', 0], present: ['ports'], flow: false });
    assert.deepEqual(place('spec:\n  |podSel\n'), { path: ['spec'], present: [], flow: false });
  });

  it('reads indentless lists and bare `-` items', () => {
    const indentless = 'spec:\n  ingress:\n  - from:\n    - podSelector: {}\n      |\n  egress: []\n';
    assert.deepEqual(place(indentless), { path: ['spec', 'ingress', 0, 'from', 0], present: ['podSelector'], flow: false });
    assert.deepEqual(place('spec:\n  ingress:\n  - from: []\n  |\n'), { path: ['spec'], present: ['ingress'], flow: false });
    assert.deepEqual(place('spec:\n  ingress:\n    -\n      |\n'), { path: ['spec', 'ingress', 0], present: [], flow: false });
  });

  it('reads CRLF, trailing spaces, comments, anchors and quoted keys', () => {
    const crlf = POLICY.replace('  ingress:\n', '  |   \n  ingress:  # rules\n').replace(/\n/g, '\r\n');
    assert.deepEqual(place(crlf), { path: ['spec'], present: ['podSelector', 'ingress'], flow: false });
    assert.deepEqual(place('spec:   # the spec\n  # a comment\n\n  "podSelector": &sel\n    |\n'), { path: ['spec', 'podSelector'], present: [], flow: false });
  });

  it('finds keys in a flow mapping on the key line', () => {
    assert.deepEqual(place('spec:\n  podSelector: {|}\n'), { path: ['spec', 'podSelector'], present: [], flow: true });
    assert.deepEqual(place('spec:\n  podSelector: {matchLabels: {app: "a,b"}, |m}\n'), { path: ['spec', 'podSelector'], present: ['matchLabels'], flow: true });
    assert.deepEqual(place('spec:\n  ingress:\n    - from: [{podSelector: {}}, {|ip, namespaceSelector: {}}]\n'), {
      path: ['spec', 'ingress', 0, 'from', 0],
      present: ['namespaceSelector'],
      flow: true,
    });
    assert.deepEqual(place('spec:\n  egress:\n    - {to: [{ipBlock: {cidr: 10.0.0.0/8, |}}]}\n'), { path: ['spec', 'egress', 0, 'to', 0, 'ipBlock'], present: ['cidr'], flow: true });
  });

  it('gives nothing where no key can start, or where it cannot tell', () => {
    assert.equal(place('spec:\n  podSelector: |\n'), undefined, 'a value');
    assert.equal(place('spec:\n  podSelector: {matchLabels: |}\n'), undefined, 'a value in a flow mapping');
    assert.equal(place('spec:\n  policyTypes: [|]\n'), undefined, 'a flow list');
    assert.equal(place('spec:\n  podSelector: {matchLabels: {} |}\n'), undefined, 'after a value, before a comma');
    assert.equal(place('spec:\n  podSelector: {}\n    |\n'), undefined, 'below a key with a value');
    assert.equal(place('spec:\n  podSelector: {\n    |\n'), undefined, 'a flow mapping opened on an earlier line');
    assert.equal(place('metadata:\n  annotations:\n    note: |\n      |\n'), undefined, 'a block scalar');
    assert.equal(place('spec:\n  ingress:\n    - - |\n'), undefined);
    assert.equal(place('spec:\n  ingress:\n    - - a\n      |\n'), undefined, 'nested items');
    assert.equal(place('  |\n'), undefined, 'indented with no parent');
    assert.equal(place('spec:\n  podSelector: {} # {|\n'), undefined, 'a comment');
    assert.equal(keyPlace(['a'], 3, 0), undefined);
    assert.equal(keyPlace(['a'], 0, 5), undefined);
  });

  it('stops at document separators', () => {
    const text = 'spec:\n  ingress: []\n---\nmetadata:\n  name: x\n|\n';
    assert.deepEqual(place(text), { path: [], present: ['metadata'], flow: false });
    assert.equal(place('spec:\n---\n  |\n'), undefined);
    assert.deepEqual(documentLines(['a', '---', 'b', 'c', '---', 'd'], 3), [2, 4]);
  });

  it('finds the key under a hover', () => {
    const lines = POLICY.split('\n');
    const line = lines.findIndex((l) => l.includes('ipBlock'));
    const at = keyAt(lines, line, lines[line].indexOf('ipBlock') + 3)!;
    assert.deepEqual([at.key, at.start, at.end, at.place.path], ['ipBlock', 10, 17, ['spec', 'ingress', 0, 'from', 0]]);
    const from = lines.findIndex((l) => l.includes('- from:'));
    assert.deepEqual(keyAt(lines, from, 6)?.place.path, ['spec', 'ingress', 0]);
    assert.equal(keyAt(lines, lines.findIndex((l) => l.includes('cidr')), 20), undefined, 'a value');
    const flow = ['spec:', '  podSelector: {matchLabels: {}}'];
    assert.deepEqual(keyAt(flow, 1, 18)?.key, 'matchLabels');
    assert.deepEqual(keyAt(flow, 1, 18)?.place.path, ['spec', 'podSelector']);
  });

  it('tells networking.k8s.io/v1 NetworkPolicy documents from others', () => {
    const lines = `${POLICY}---\napiVersion: apps/v1\nkind: Deployment\n---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n---\napiVersion: "networking.k8s.io/v1"   # quoted\nkind: 'NetworkPolicy'\n---\nkind: List\nitems:\n  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n`.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    assert.equal(isNetworkPolicyV1(lines, at('name: web')), true);
    assert.equal(isNetworkPolicyV1(lines, at('kind: Deployment')), false);
    assert.equal(isNetworkPolicyV1(lines, at('projectcalico')), false, 'Calico has its own NetworkPolicy');
    assert.equal(isNetworkPolicyV1(lines, at('# quoted')), true);
    assert.equal(isNetworkPolicyV1(lines, at('items:')), false, 'a List is not one');
  });

  it('never throws, on any text and position', () => {
    const chars = fc.constantFrom(' ', ' ', '  ', '-', '- ', ':', ': ', 'a', 'spec', '\n', '\r\n', '{', '}', '[', ']', ',', '#', '"', "'", '|', '&x', '*x', '---', '\t', '\u2028', '\u2029', '\u0085');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }).map((a) => a.join('')), fc.nat(), fc.nat(), (text, l, c) => {
        const lines = text.split(/\r\n|\r|\n/);
        const line = l % (lines.length + 1);
        keyPlace(lines, line, c % ((lines[line]?.length ?? 0) + 2));
        keyAt(lines, line, c % 70);
        isNetworkPolicyV1(lines, Math.min(line, lines.length - 1));
      }),
      { numRuns: 2000 },
    );
    // Unicode line separators inside a line (found by the server fuzzer).
    assert.doesNotThrow(() => keyAt(['a:\u2028b', 'spec:\u2029'], 0, 0));
    assert.deepEqual(keyPlace(['spec:', '  \u2028x'], 1, 2)?.path, ['spec']);
    // Every prefix of a policy, as it is typed, at its end.
    for (let i = 0; i <= POLICY.length; i++) {
      const lines = POLICY.slice(0, i).split('\n');
      keyPlace(lines, lines.length - 1, lines[lines.length - 1].length);
    }
  });
});
