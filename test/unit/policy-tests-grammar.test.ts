import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The injection grammar is tokenised by VS Code's Oniguruma; its patterns keep to the syntax JavaScript shares
// (fixed-length lookbehind, no \G, no possessive quantifiers), so they can be checked here line by line.
const ROOT = path.join(__dirname, '..', '..');
const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, 'syntaxes', 'netpol-test.injection.tmLanguage.json'), 'utf8')) as {
  scopeName: string;
  injectionSelector: string;
  patterns: { include: string }[];
  repository: Record<string, { match: string; captures: Record<string, { name: string }> }>;
};

const rules = Object.entries(grammar.repository).map(([name, rule]) => ({ name, regex: new RegExp(rule.match, 'g'), captures: rule.captures }));

/** Scope names given to each token of a line: `expect`→keyword…, `allow`→markup.inserted…. */
function tokens(line: string): { text: string; scope: string }[] {
  const found: { text: string; scope: string }[] = [];
  for (const rule of rules) {
    rule.regex.lastIndex = 0;
    for (let m = rule.regex.exec(line); m; m = rule.regex.exec(line)) {
      for (const [group, capture] of Object.entries(rule.captures)) {
        const text = m[Number(group)];
        if (text !== undefined) found.push({ text, scope: capture.name });
      }
    }
  }
  return found;
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

describe('policy test injection grammar', () => {
  it('is a YAML injection grammar whose patterns all resolve', () => {
    assert.equal(grammar.scopeName, 'netpol-lens.policy-test.injection');
    assert.match(grammar.injectionSelector, /^L:source\.yaml\b/);
    for (const p of grammar.patterns) assert.ok(grammar.repository[p.include.slice(1)], p.include);
  });

  it('highlights tests, expect with allow or deny, and from/to endpoints', () => {
    assert.deepEqual(tokens('tests:'), [{ text: 'tests', scope: 'keyword.other.tests.netpol-test' }, { text: ':', scope: 'punctuation.separator.key-value.mapping.yaml' }]);
    assert.deepEqual(
      tokens('    expect: allow').map((t) => t.scope),
      ['keyword.control.expect.netpol-test', 'punctuation.separator.key-value.mapping.yaml', 'markup.inserted.allow.netpol-test'],
    );
    assert.deepEqual(tokens('    expect: deny   # must not').map((t) => t.text), ['expect', ':', 'deny']);
    assert.deepEqual(tokens('  - {from: shop/web, to: shop/api, expect: allow}').map((t) => t.text), ['expect', ':', 'allow', 'from', ':', 'shop', '/', 'web', 'to', ':', 'shop', '/', 'api']);
    assert.deepEqual(
      tokens('    to: payments/StatefulSet/postgres  # a comment').map((t) => `${t.text}=${t.scope}`),
      [
        'to=keyword.control.endpoint.netpol-test',
        ':=punctuation.separator.key-value.mapping.yaml',
        'payments=entity.name.namespace.netpol-test',
        '/=punctuation.separator.netpol-test',
        'StatefulSet=entity.name.type.kind.netpol-test',
        '/=punctuation.separator.netpol-test',
        'postgres=variable.other.workload.netpol-test',
      ],
    );
    assert.deepEqual(tokens('    from: {namespace: dmz, podSelector: {matchLabels: {app: web}}}').map((t) => t.text), ['from', ':']);
    assert.deepEqual(tokens('    to: {cidr: 0.0.0.0/0}').map((t) => t.text), ['to', ':']);
  });

  it('leaves lookalikes alone: expect with another value, nested tests keys', () => {
    assert.deepEqual(tokens('    expect: maybe'), []);
    assert.deepEqual(tokens('  tests:'), []);
    assert.deepEqual(tokens('    expected: allow'), []);
  });

  it('marks every case of the example test file and nothing in the example manifests', () => {
    const testFile = fs.readFileSync(path.join(ROOT, 'examples', 'tests', 'segmentation.netpol-test.yaml'), 'utf8').split('\n');
    const all = testFile.flatMap(tokens);
    const cases = testFile.filter((l) => /^\s+- name:/.test(l)).length;
    assert.equal(all.filter((t) => t.text === 'expect').length, cases);
    assert.equal(all.filter((t) => t.scope.startsWith('keyword.control.endpoint')).length, 2 * cases);
    assert.equal(all.filter((t) => t.scope.startsWith('keyword.other.tests')).length, 1);
    for (const file of yamlFiles(path.join(ROOT, 'examples')).filter((f) => !f.endsWith('.netpol-test.yaml'))) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      assert.deepEqual(lines.flatMap(tokens), [], file);
    }
  });
});
