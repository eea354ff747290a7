// "Did you mean …?": the edit distance and the nearest label, checked against plain reference implementations on
// random input (the fast versions skip work, never answers).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { editDistance, labelPairs, nearestLabel } from '../../server/src/core/suggest';
import type { LabelSelector, Labels } from '../../server/src/core/types';

/** Levenshtein distance, the textbook way. */
function referenceDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** nearestLabel without shortcuts: every wanted pair against every candidate pair. */
function referenceNearest(selector: LabelSelector, candidates: readonly Labels[]): { wanted: string; pair: string; distance: number } | undefined {
  const pairs = labelPairs(candidates);
  const wanted = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`).filter((w) => !pairs.includes(w));
  let best: { wanted: string; pair: string; distance: number } | undefined;
  for (const w of wanted) {
    for (const p of pairs) {
      const distance = referenceDistance(w, p);
      const [key, value] = [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)];
      if (distance <= Math.max(2, Math.floor(Math.max(key.length, value.length) / 3)) && (!best || distance < best.distance)) best = { wanted: w, pair: p, distance };
    }
  }
  return best;
}

const word = fc.stringMatching(/^[a-c-]{0,12}$/);

function selectorOf(labels: Labels): LabelSelector {
  return { matchLabels: labels, matchExpressions: [] } as unknown as LabelSelector;
}

describe('suggest', () => {
  it('editDistance is the Levenshtein distance', () => {
    fc.assert(fc.property(word, word, (a, b) => editDistance(a, b) === referenceDistance(a, b)), { numRuns: 500 });
    assert.equal(editDistance('payments-api', 'payments-aip'), 2);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('nearestLabel finds what comparing every pair finds', () => {
    const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'team'), word, { maxKeys: 3 });
    fc.assert(
      fc.property(labels, fc.array(labels, { maxLength: 8 }), (wanted, candidates) => {
        assert.deepEqual(nearestLabel(selectorOf(wanted), candidates), referenceNearest(selectorOf(wanted), candidates));
      }),
      { numRuns: 500 },
    );
    assert.equal(nearestLabel(selectorOf({ app: 'payments-aip' }), [{ app: 'payments-api' }, { app: 'ledger' }])?.pair, 'app=payments-api');
    assert.equal(nearestLabel(selectorOf({ app: 'payments-api-v2-canary' }), [{ app: 'payments-api' }]), undefined);
    assert.equal(nearestLabel(selectorOf({ app: 'mastercard-processor' }), [{ app: 'visa-processor' }]), undefined);
    assert.equal(nearestLabel(selectorOf({ 'app.kubernetes.io/nme': 'web' }), [{ 'app.kubernetes.io/name': 'web' }])?.pair, 'app.kubernetes.io/name=web');
  });
});
