// Reading files that are not clean YAML: every way a file can be unreadable becomes a finding, never an exception
// or a hang, and the rest of the file is still analysed where it can be.
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, extractFile, FileObjects, parseYamlFile } from '../../server/src/core';
import { MAX_NESTING } from '../../server/src/core/parse';
import { AstReader, BudgetExceeded } from '../../server/src/core/yaml-ast';
import { billionLaughs, mergeBomb } from '../helpers/alias-bombs';
import { yaml } from '../helpers/workspace';

const extract = (text: string, options = DEFAULT_OPTIONS): FileObjects => extractFile('f.yaml', text, options);
const codes = (objects: FileObjects): string[] => objects.findings.map((f) => f.code);

const POD = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: ok
    labels: {app: web}
`;

describe('parse: malformed YAML', () => {
  it('a syntax error is a yaml-syntax error at the problem, not an exception', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n';
    const out = extract(text);
    assert.ok(out.findings.length > 0);
    for (const f of out.findings) {
      assert.equal(f.code, 'yaml-syntax');
      assert.equal(f.severity, 'error');
      assert.ok(f.span.start >= 0 && f.span.end <= text.length);
    }
  });

  it('other documents of the file are still analysed', () => {
    const out = extract(POD + '---\nkind: Pod\nmetadata: {name: a: b}\n');
    assert.ok(codes(out).includes('yaml-syntax'));
    assert.ok(out.workloads.some((w) => w.name === 'ok'));
  });

  it('the same problem reported at every nesting level is reported once, inside the text', () => {
    const text = '['.repeat(150);
    const out = extract(text);
    assert.ok(out.findings.length > 0);
    assert.ok(out.findings.length <= 3, `${out.findings.length} findings`);
    for (const f of out.findings) {
      assert.equal(f.code, 'yaml-syntax');
      assert.ok(f.span.start <= f.span.end && f.span.end <= text.length, 'span inside the text');
    }
  });

  it('nesting beyond MAX_NESTING is refused before composing (the composer would overflow the stack)', () => {
    const block = (n: number) => Array.from({ length: n }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' x\n';
    const cases = [
      '['.repeat(100_000),
      '['.repeat(100_000) + ']'.repeat(100_000),
      'a: ' + '{a: '.repeat(100_000),
      '- '.repeat(100_000) + 'x\n',
      '['.repeat(MAX_NESTING + 5) + ']'.repeat(MAX_NESTING + 5),
      block(MAX_NESTING + 5),
    ];
    for (const text of cases) {
      const out = extract(text);
      assert.deepEqual(codes(out), ['yaml-too-complex'], text.slice(0, 20));
      assert.match(out.findings[0].message, new RegExp(`more than ${MAX_NESTING} levels`));
      assert.ok(out.findings[0].span.end <= text.length);
    }
  });

  it('nesting below the limit is read as usual', () => {
    const depth = MAX_NESTING - 10;
    assert.deepEqual(codes(extract('['.repeat(depth) + ']'.repeat(depth))), []);
    const block = Array.from({ length: depth }, (_, i) => ' '.repeat(i) + 'a:').join('\n') + ' x\n';
    assert.deepEqual(codes(extract(block)), []);
  });

  it('a document nested too deeply is dropped alone: the documents around it are analysed', () => {
    const deep = '- '.repeat(1000) + 'x\n';
    const out = extract(POD.replace('name: ok', 'name: before') + '---\n' + deep + '...\n---\n' + POD);
    assert.deepEqual(codes(out), ['yaml-too-complex']);
    assert.deepEqual(out.workloads.map((w) => w.name), ['before', 'ok']);
  });

  it('a file with many distinct problems shows at most 50 and says how many more there are', () => {
    const text = Array.from({ length: 100 }, (_, i) => `a${i}: b: c`).join('\n---\n');
    const out = extract(text);
    assert.equal(out.findings.length, 51);
    assert.equal(out.findings[50].message, '50 more YAML problems in this file are not shown.');
  });

  it('duplicate keys are reported; the last value wins, as the API server decodes them', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
        labels:
          app: first
          app: second
    `;
    const out = extract(text);
    const dup = out.findings.find((f) => f.code === 'yaml-syntax')!;
    assert.match(dup.message, /unique/);
    assert.equal(text.slice(dup.span.start, dup.span.start + 3), 'app');
    assert.deepEqual(out.workloads[0].labels, { app: 'second' });
  });

  it('an empty file, a comment-only file and empty documents give nothing and no findings', () => {
    for (const text of ['', '\n\n', '# just a comment\n', '---\n---\n# c\n---\n']) {
      const out = extract(text);
      assert.deepEqual(out.findings, [], JSON.stringify(text));
      assert.equal(out.workloads.length, 0);
    }
  });

  it('a document that is a scalar or a list is not an object and is ignored', () => {
    const out = extract('just a string\n---\n- a\n- b\n---\n' + POD);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.workloads.map((w) => w.name), ['ok']);
  });
});

describe('parse: Helm templates', () => {
  it('a templated document is skipped with a helm-template info at the first action; the others are analysed', () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: {{ .Values.name }}
      ---
    ` + POD;
    const out = extract(text);
    assert.deepEqual(codes(out), ['helm-template']);
    const f = out.findings[0];
    assert.equal(f.severity, 'info');
    assert.equal(text.slice(f.span.start, f.span.start + 2), '{{');
    assert.deepEqual(out.workloads.map((w) => w.name), ['ok']);
  });

  it('control actions, trimmed actions and template comments are recognised', () => {
    for (const action of ['{{- if .Values.enabled }}', '{{ include "chart.labels" . }}', '{{/* a comment */}}', '{{ $x := 1 }}', '{{- end }}']) {
      const out = extract(`${action}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n---\n${POD}`);
      assert.deepEqual(codes(out), ['helm-template'], action);
      assert.deepEqual(out.workloads.map((w) => w.name), ['ok'], action);
    }
  });

  it('a document of nothing but template actions after a templated one (the `{{- end }}` of a range) adds no second note', () => {
    // Seen in real charts: `{{- range .Values.networkPolicies }}` … `---` `{{- end }}` gave two helm-template notes.
    const ranged = '{{- range .Values.policies }}\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {{ .name }}\n---\n{{- end }}\n';
    assert.deepEqual(codes(extract(ranged)), ['helm-template']);
    // A document that holds content still gets its own note, and so does one of actions alone in a file without others.
    assert.deepEqual(codes(extract(`${ranged}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .x }}\n`)), ['helm-template', 'helm-template']);
    assert.deepEqual(codes(extract('{{ include "chart.policy" . }}\n')), ['helm-template']);
  });

  it('braces that are not template actions are not mistaken for templates', () => {
    const out = extract(yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: braces
        annotations:
          json: '{"a": {"b": 1}}'
          empty: '{{}}'
    `);
    assert.deepEqual(codes(out), []);
    assert.equal(out.workloads.length, 1);
  });
});

describe('parse: alias bombs', () => {
  it('a billion-laughs of merge keys reaching the extractor ends in yaml-too-complex, with nothing extracted', () => {
    const out = extract(mergeBomb(20) + 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: *l20\n');
    assert.deepEqual(codes(out), ['yaml-too-complex']);
    assert.equal(out.workloads.length, 0);
  });

  it('objects extracted before the budget ran out are dropped with the document; other documents stay', () => {
    const list = mergeBomb(20) + yaml`
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: v1, kind: Pod, metadata: {name: before}}
      - {apiVersion: v1, kind: Pod, metadata: {name: bomb, labels: *l20}}
    `;
    const out = extract(list + '---\n' + POD);
    assert.deepEqual(codes(out), ['yaml-too-complex']);
    assert.deepEqual(out.workloads.map((w) => w.name), ['ok']);
  });

  it('a bomb that the extractor never walks costs nothing and is not reported', () => {
    const out = extract(mergeBomb(20) + 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n');
    assert.deepEqual(out.findings, []);
    assert.equal(out.workloads.length, 1);
  });

  it('classic billion laughs of sequences used as a rule list gives a bounded result', () => {
    const out = extract(billionLaughs(9) + 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: *a9\n');
    // Either the nine items are read (each not a mapping) or the document is given up on: never 9^9 of anything.
    assert.ok(out.policies.length <= 1);
    assert.ok((out.policies[0]?.ingress?.length ?? 0) <= 9);
    assert.ok(out.findings.length <= 20);
  });

  it('the reader stops at its budget', () => {
    const doc = parseYamlFile('f', mergeBomb(20), DEFAULT_OPTIONS).documents[0].doc;
    const reader = new AstReader('f', doc, 1000);
    const root = reader.map(doc.contents)!;
    const l20 = reader.getMap(root, 'l20')!;
    assert.throws(() => reader.pairs(l20), BudgetExceeded);
  });

  it('a large kind: List whose items share an anchor is read whole (big is not a bomb)', () => {
    const items = Array.from(
      { length: 3000 },
      (_, i) =>
        `- apiVersion: v1\n  kind: Pod\n  metadata: {name: p${i}, labels: {<<: *common, tier: fe}}\n` +
        `  spec: {containers: [{name: c, ports: [{containerPort: 80, name: http}]}]}`,
    );
    const out = extract('apiVersion: v1\nkind: List\nx: &common {app: web}\nitems:\n' + items.join('\n') + '\n');
    assert.deepEqual(out.findings, []);
    assert.equal(out.workloads.length, 3000);
    assert.deepEqual(out.workloads[2999].labels, { app: 'web', tier: 'fe' });
  });

  it('an alias refers to the last anchor of that name before it', () => {
    const out = extract(yaml`
      a: &l {app: first}
      b: &l {app: second}
      apiVersion: v1
      kind: Pod
      metadata: {name: p, labels: *l}
      c: &l {app: third}
    `);
    assert.deepEqual(out.workloads[0].labels, { app: 'second' });
  });

  it('an undefined alias is a YAML error and reads as absent', () => {
    const out = extract('apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: *nowhere}\n');
    assert.ok(codes(out).includes('yaml-syntax'));
    assert.deepEqual(out.workloads[0]?.labels ?? {}, {});
  });
});

describe('parse: files that are not analysed', () => {
  it('binary (a NUL in the first 8 KiB): file-skipped, nothing parsed', () => {
    const out = extract(POD + '\u0000\u0001\u0002');
    assert.deepEqual(codes(out), ['file-skipped']);
    assert.equal(out.findings[0].severity, 'info');
    assert.equal(out.workloads.length, 0);
  });

  it('over maxFileSize: file-skipped; at the limit: read', () => {
    const options = { ...DEFAULT_OPTIONS, maxFileSize: POD.length };
    assert.deepEqual(codes(extract(POD, options)), []);
    const over = extract(POD + '#', options);
    assert.deepEqual(codes(over), ['file-skipped']);
    assert.match(over.findings[0].message, /limit/);
    assert.equal(over.workloads.length, 0);
  });
});

describe('parse: CRLF, CR and BOM keep spans on the right text', () => {
  const policy = yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: web-policy
      namespace: shop
    spec:
      podSelector:
        matchLabels:
          app: web
      ingress:
      - from:
        - podSelector: {matchLabels: {role: client}}
        ports:
        - port: 8080
  `;

  const check = (text: string): void => {
    const out = extract(text);
    assert.deepEqual(out.findings, []);
    const p = out.policies[0];
    const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    assert.equal(at(p.nameSpan), 'web-policy');
    assert.equal(at(p.kindSpan), 'NetworkPolicy');
    assert.equal(at(p.podSelector.labelSpans[0].keySpan), 'app');
    assert.equal(at(p.podSelector.labelSpans[0].valueSpan), 'web');
    assert.equal(at(p.ingress![0].ports![0].portSpan!), '8080');
    assert.equal(at(p.ingress![0].peers![0].podSelector!.labelSpans[0].valueSpan), 'client');
    assert.equal(p.namespace, 'shop');
  };

  it('LF', () => check(policy));
  it('CRLF', () => check(policy.replace(/\n/g, '\r\n')));
  it('a BOM', () => check('\uFEFF' + policy));
  it('a BOM and CRLF', () => check('\uFEFF' + policy.replace(/\n/g, '\r\n')));
  it('multi-document files with CRLF', () => check(POD.replace(/\n/g, '\r\n') + '---\r\n' + policy.replace(/\n/g, '\r\n')));
});
