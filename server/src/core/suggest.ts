// "Did you mean …?" for selectors whose labels drifted: the nearest label pair among the candidates.
import type { LabelSelector, Labels } from './types';

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  // Two rows, swapped (a row per character was most of what a complete analysis allocated on a large workspace).
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
    }
    const done = prev;
    prev = cur;
    cur = done;
  }
  return prev[b.length];
}

/** Distinct `key=value` pairs carried by the candidates, most common first. */
export function labelPairs(candidates: readonly Labels[]): string[] {
  const counts = new Map<string, number>();
  for (const labels of candidates) {
    for (const [k, v] of Object.entries(labels)) counts.set(`${k}=${v}`, (counts.get(`${k}=${v}`) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([pair]) => pair);
}

/**
 * A sentence suggesting the label the selector probably meant, e.g. ` Did you mean app=payments-api?`, or
 * listing labels nearby when nothing is close. Empty when there is nothing to say.
 */
export function suggestLabels(selector: LabelSelector, candidates: readonly Labels[], preferredKeys = ['app', 'app.kubernetes.io/name']): string {
  const pairs = labelPairs(candidates);
  if (pairs.length === 0) return '';
  const best = nearestLabel(selector, candidates, pairs);
  if (best) return ` Did you mean ${best.pair}?`;
  const wanted = wantedPairs(selector);
  const keys = new Set(wanted.map((w) => w.slice(0, w.indexOf('='))));
  const nearby = pairs.filter((p) => keys.has(p.slice(0, p.indexOf('=')))).slice(0, 5);
  const shown = nearby.length ? nearby : pairs.filter((p) => preferredKeys.includes(p.slice(0, p.indexOf('=')))).slice(0, 5);
  return shown.length ? ` Labels in view: ${shown.join(', ')}${pairs.length > shown.length ? ', …' : ''}.` : '';
}

function wantedPairs(selector: LabelSelector): string[] {
  return [
    ...Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`),
    ...selector.matchExpressions.filter((r) => r.operator === 'In').flatMap((r) => r.values.map((v) => `${r.key}=${v}`)),
  ];
}

/** The `key=value` among the candidates nearest to one the selector wants and nobody carries (`wanted` → `pair`). */
export function nearestLabel(
  selector: LabelSelector,
  candidates: readonly Labels[],
  pairs = labelPairs(candidates),
): { wanted: string; pair: string; distance: number } | undefined {
  const unmatched = wantedPairs(selector).filter((w) => !pairs.includes(w));
  let best: { wanted: string; pair: string; distance: number } | undefined;
  for (const w of unmatched) {
    // A third of the longer part, key or value, not of the pair: values that share only a key and a suffix
    // (app=mastercard-processor, app=visa-processor) are different workloads, not a typo.
    const eq = w.indexOf('=');
    const limit = Math.max(2, Math.floor(Math.max(eq, w.length - eq - 1) / 3));
    for (const p of pairs) {
      // The distance is at least the difference in length: most pairs are ruled out without computing it.
      if (Math.abs(p.length - w.length) > limit) continue;
      const d = editDistance(w, p);
      if (d <= limit && (!best || d < best.distance)) best = { wanted: w, pair: p, distance: d };
    }
  }
  return best;
}
