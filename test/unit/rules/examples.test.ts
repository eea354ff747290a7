// The bundled examples are a demo: every finding there must be a deliberate mistake, announced by a comment
// `# MISTAKE (<rule-id>[, …]): why` above it in the same document, and every such comment must still be true.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadPaths } from '../../../server/src/cli/load';
import { analyze, DEFAULT_OPTIONS, Engine, ENGINES, Finding, LineIndex } from '../../../server/src/core';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const loaded = loadPaths([EXAMPLES], DEFAULT_OPTIONS);

interface Mistake {
  file: string;
  line: number;
  codes: string[];
  engine?: Engine;
}

function mistakes(): Mistake[] {
  const out: Mistake[] = [];
  for (const [file, text] of loaded.texts) {
    text.split(/\r?\n/).forEach((line, i) => {
      const m = /#\s*MISTAKE \(([^)]*)\)/.exec(line);
      if (!m) return;
      const parts = m[1].split(',').map((s) => s.trim());
      const engine = parts.find((p) => p.startsWith('--engine '))?.slice('--engine '.length) as Engine | undefined;
      out.push({ file, line: i, codes: parts.filter((p) => !p.startsWith('--')), engine });
    });
  }
  return out;
}

/** The MISTAKE comment that announces a finding: above it, in the same YAML document, naming its code. */
function announcing(f: Finding, all: Mistake[], engine: Engine): Mistake | undefined {
  const text = loaded.texts.get(f.span.file)!;
  const line = new LineIndex(text).position(f.span.start).line;
  const lines = text.split(/\r?\n/);
  let docStart = 0;
  for (let i = line; i >= 0; i--) {
    if (/^---/.test(lines[i])) {
      docStart = i;
      break;
    }
  }
  return all.find(
    (m) => m.file === f.span.file && m.line <= line && m.line >= docStart && m.codes.includes(f.code) && (m.engine === undefined || m.engine === engine),
  );
}

describe('examples: every finding is a deliberate, announced mistake', () => {
  const all = mistakes();
  const used = new Set<Mistake>();
  for (const engine of ENGINES) {
    it(`with --engine ${engine}`, () => {
      const findings = analyze(loaded.workspace.model(), { engine }).filter(
        // Policy tests in examples/tests announce their own deliberate failure; with no engine, every policy is unenforced.
        (f) => f.code !== 'policy-test-failed' && !(engine === 'none' && f.code === 'engine-no-enforcement'),
      );
      const unexplained = findings.filter((f) => {
        const m = announcing(f, all, engine);
        if (m) used.add(m);
        return !m;
      });
      assert.deepEqual(
        unexplained.map((f) => `${path.relative(EXAMPLES, f.span.file)}: ${f.code}: ${f.message}`),
        [],
      );
    });
  }
  it('every MISTAKE comment is still reported', () => {
    assert.ok(all.length >= 20, `only ${all.length} MISTAKE comments`);
    assert.deepEqual(
      all.filter((m) => !used.has(m)).map((m) => `${path.relative(EXAMPLES, m.file)}:${m.line + 1} ${m.codes.join(', ')}`),
      [],
    );
  });
  it('with no engine, every policy is reported as unenforced', () => {
    const model = loaded.workspace.model();
    const f = analyze(model, { engine: 'none' }).filter((x) => x.code === 'engine-no-enforcement');
    assert.equal(f.length, model.policies.length);
  });
});
