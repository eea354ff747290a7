// The catalogue as a whole: stable, unique ids; a docs page for every code SARIF links to; tests for every rule;
// severities that the settings can override and switch off.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allCodes, analyze, PROBLEM_CODES, RULES } from '../../../server/src/core';
import { workspaceOf } from '../../helpers/workspace';

const ROOT = path.join(__dirname, '..', '..', '..');
const DOCS = path.join(ROOT, 'docs', 'rules');

describe('rule catalogue', () => {
  it('has unique, kebab-case ids across rules and problems', () => {
    const ids = allCodes().map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, id);
  });
  it('has at least 25 rules, each with a title and a default severity', () => {
    assert.ok(RULES.length >= 25, `${RULES.length} rules`);
    for (const r of RULES) {
      assert.ok(r.title.length > 5, r.id);
      assert.ok(['error', 'warning', 'info', 'hint'].includes(r.defaultSeverity), r.id);
      assert.ok(r.checkPolicy || r.checkWorkspace, r.id);
    }
  });
  it('documents every code in docs/rules/<id>.md, and lists every rule in the index and the README', () => {
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const code of allCodes()) {
      const page = path.join(DOCS, `${code.id}.md`);
      assert.ok(fs.existsSync(page), `missing ${page}`);
      assert.ok(fs.readFileSync(page, 'utf8').includes(code.id), `${code.id}.md does not name its code`);
      assert.ok(index.includes(`${code.id}.md`), `docs/rules/README.md does not list ${code.id}`);
    }
    for (const rule of RULES) assert.ok(readme.includes(`docs/rules/${rule.id}.md`), `README does not list ${rule.id}`);
  });
  it('cites the engines\u2019 documentation on every engine rule page', () => {
    for (const rule of RULES.filter((r) => r.id.startsWith('engine-'))) {
      const text = fs.readFileSync(path.join(DOCS, `${rule.id}.md`), 'utf8');
      assert.match(text, /## What the engines document/, rule.id);
      assert.match(text, /https:\/\//, rule.id);
    }
  });
  it('tests every rule of this catalogue in test/unit/rules (positive and negative cases live there)', () => {
    const tests = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts')
      .map((f) => fs.readFileSync(path.join(__dirname, f), 'utf8'))
      .join('\n');
    for (const rule of RULES.filter((r) => r.id !== 'policy-test-failed')) assert.ok(tests.includes(`'${rule.id}'`), `no test names ${rule.id}`);
  });
  it('applies configured severities and switches rules off', () => {
    const ws = workspaceOf({
      'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {}\n  ingress:\n    - {}\n',
    });
    const codes = (severities: Record<string, 'error' | 'off'>): string[] =>
      analyze(ws.model(), { severities })
        .filter((f) => f.code === 'allow-all-rule')
        .map((f) => f.severity);
    assert.deepEqual(codes({}), ['info']);
    assert.deepEqual(codes({ 'allow-all-rule': 'error' }), ['error']);
    assert.deepEqual(codes({ 'allow-all-rule': 'off' }), []);
  });
  it('keeps problems (reading files) apart from rules', () => {
    for (const p of PROBLEM_CODES) assert.ok(!RULES.some((r) => r.id === p.id), p.id);
  });
});
