import assert from 'node:assert/strict';
import { analyze, LineIndex } from '../../server/src/core';
import { applySuppressions, isSuppressed, parseSuppressions } from '../../server/src/core/suppressions';
import { workspaceOf, yaml } from '../helpers/workspace';

const workload = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec:
    template:
      metadata:
        labels: {app: api}
`;

function policy(prefix = '', beforeEgress = '', beforeSelector = ''): string {
  return [
    prefix + 'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: p',
    '  namespace: shop',
    'spec:',
    beforeSelector + '  podSelector:',
    '    matchLabels:',
    '      app: apii',
    '  policyTypes: [Egress]',
    beforeEgress + '  egress:',
    '    - to:',
    '        - podSelector: {}',
    '',
  ].join('\n');
}

// The fixture is about these two codes; coverage rules (missing-default-deny, workload-not-isolated) also see it.
const CODES = ['forgotten-dns', 'selector-matches-nothing'];

function codesAfterSuppression(policyText: string): string[] {
  const texts: Record<string, string> = { 'w.yaml': workload, 'p.yaml': policyText };
  const findings = analyze(workspaceOf(texts).model()).filter((f) => CODES.includes(f.code));
  return applySuppressions(findings, (f) => texts[f]).map((f) => f.code).sort();
}

describe('suppression comments', () => {
  it('without directives, both findings are reported (the baseline the other cases silence)', () => {
    assert.deepEqual(codesAfterSuppression(policy()), ['forgotten-dns', 'selector-matches-nothing']);
  });

  it('disable-next-line above a key silences findings in the block the key opens', () => {
    const text = policy('', '', '  # netpol-lens-disable-next-line selector-matches-nothing -- pods come later\n');
    assert.deepEqual(codesAfterSuppression(text), ['forgotten-dns']);
  });

  it('disable-next-line silences only the codes it names', () => {
    const text = policy('', '  # netpol-lens-disable-next-line selector-matches-nothing\n');
    assert.deepEqual(codesAfterSuppression(text), ['forgotten-dns', 'selector-matches-nothing']);
  });

  it('accepts several codes separated by commas', () => {
    const text = policy('', '  # netpol-lens-disable-next-line selector-matches-nothing, forgotten-dns\n');
    assert.deepEqual(codesAfterSuppression(text), ['selector-matches-nothing']);
  });

  it('disable for the file silences the code everywhere in the file', () => {
    assert.deepEqual(codesAfterSuppression(policy('# netpol-lens-disable forgotten-dns\n')), ['selector-matches-nothing']);
  });

  it('a directive without codes silences every code', () => {
    assert.deepEqual(codesAfterSuppression(policy('# netpol-lens-disable\n')), []);
  });

  it('a directive in another file does not apply', () => {
    const texts: Record<string, string> = { 'w.yaml': '# netpol-lens-disable\n' + workload, 'p.yaml': policy() };
    const findings = applySuppressions(analyze(workspaceOf(texts).model()), (f) => texts[f]).filter((f) => CODES.includes(f.code));
    assert.equal(findings.length, 2);
  });

  it('skips blank and comment lines to find the target, and stops at the end of the block', () => {
    const text = ['a:', '  # netpol-lens-disable-next-line x', '', '  # why', '  b:', '    c: 1', '  d: 2'].join('\n');
    const s = parseSuppressions(text);
    assert.equal(s.lines.length, 1);
    assert.deepEqual([s.lines[0].fromLine, s.lines[0].toLine], [4, 5]);
  });

  it('a key followed by a zero-indented sequence covers the sequence items', () => {
    const text = ['# netpol-lens-disable-next-line x', 'egress:', '- to: []', '  ports: []', 'other: 1'].join('\n');
    assert.deepEqual([parseSuppressions(text).lines[0].fromLine, parseSuppressions(text).lines[0].toLine], [1, 3]);
  });

  it('a sequence item covers its own lines, not the next item', () => {
    const text = ['egress:', '  # netpol-lens-disable-next-line x', '  - to: []', '    ports: []', '  - to: []'].join('\n');
    const s = parseSuppressions(text);
    assert.deepEqual([s.lines[0].fromLine, s.lines[0].toLine], [2, 3]);
  });

  it('ignores comments that merely mention the word, and trailing comments', () => {
    const text = 'a: 1 # netpol-lens-disable x\n# netpol-lens-disabled x\n# see netpol-lens-disable\n';
    const s = parseSuppressions(text);
    assert.equal(s.file.size, 0);
    assert.equal(s.lines.length, 0);
  });

  it('isSuppressed compares the finding start line with the covered range', () => {
    const text = '# netpol-lens-disable-next-line r\na: 1\nb: 2\n';
    const lines = new LineIndex(text);
    const s = parseSuppressions(text);
    const at = (start: number): boolean =>
      isSuppressed({ code: 'r', severity: 'error', message: '', span: { file: 'f', start, end: start } }, s, lines);
    assert.equal(at(text.indexOf('a: 1')), true);
    assert.equal(at(text.indexOf('b: 2')), false);
  });

  it('handles CRLF line endings', () => {
    const text = 'x: 1\r\n# netpol-lens-disable-next-line r\r\na: 1\r\nb: 2\r\n';
    const s = parseSuppressions(text);
    assert.deepEqual([s.lines[0].fromLine, s.lines[0].toLine], [2, 2]);
  });
});
