// A selector that matches only because the same misspelled label key sits on both sides: the selector says `teir`,
// one namespace (or workload) carries `teir` too, and everything else in the workspace uses `tier`. It works today,
// and breaks silently the day someone fixes the label on the object. A key counts as misspelled when a key one or two
// edits away is carried by at least three times as many objects (and by two or more).
import { formatSelector } from '../selector';
import type { LabelSelector, Labels, Span } from '../types';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { listNames, PeerScope, peerScope, selectedWorkloads } from './scope';
import { allPeers } from './walk';

interface KeyCounts {
  workloads: Map<string, number>;
  namespaces: Map<string, number>;
  near: Map<string, string | null>;
}

const memo = new WeakMap<object, KeyCounts>();

function counts(ctx: RuleContext): KeyCounts {
  let c = memo.get(ctx.reach);
  if (!c) {
    const tally = (all: Iterable<Labels>): Map<string, number> => {
      const m = new Map<string, number>();
      for (const labels of all) for (const k of Object.keys(labels)) m.set(k, (m.get(k) ?? 0) + 1);
      return m;
    };
    c = {
      workloads: tally(ctx.model.workloads.map((w) => w.labels)),
      namespaces: tally([...ctx.model.namespaces.values()].filter((n) => n.decl).map((n) => n.labels)),
      near: new Map(),
    };
    memo.set(ctx.reach, c);
  }
  return c;
}

/** Edit distance counting a swap of two neighbouring characters as one edit (`teir` → `tier`). */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The key `key` is probably a misspelling of, among keys carried by `population`, or undefined. */
export function likelyMeantKey(key: string, population: Map<string, number>): string | undefined {
  const mine = population.get(key) ?? 0;
  let best: { key: string; distance: number; count: number } | undefined;
  for (const [other, count] of population) {
    if (other === key || count < 2 || count < 3 * Math.max(mine, 1)) continue;
    const distance = typoDistance(key, other);
    const limit = Math.min(key.length, other.length) <= 4 ? 1 : 2;
    if (distance > limit) continue;
    if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { key: other, distance, count };
  }
  return best?.key;
}

function keysWithSpans(selector: LabelSelector): { key: string; span: Span }[] {
  return [
    ...selector.labelSpans.map((l) => ({ key: l.key, span: l.keySpan })),
    ...selector.matchExpressions.map((r) => ({ key: r.key, span: r.span })),
  ];
}

export const typoLabelMatch: Rule = {
  id: 'typo-label-match',
  title: 'Selector matches only through a misspelled label key',
  defaultSeverity: 'warning',
  // Workspace-wide: whether a key is a misspelling depends on every workload's and namespace's labels.
  checkWorkspace(ctx) {
    const findings: RuleFinding[] = [];
    const c = counts(ctx);
    const check = (selector: LabelSelector, kind: 'pods' | 'namespaces', objects: () => { name: string; labels: Labels }[]): void => {
      if (!selector.valid) return;
      let matched: { name: string; labels: Labels }[] | undefined;
      const population = kind === 'pods' ? c.workloads : c.namespaces;
      for (const { key, span } of keysWithSpans(selector)) {
        const cacheKey = `${kind}\u0000${key}`;
        let meant = c.near.get(cacheKey);
        if (meant === undefined) {
          meant = likelyMeantKey(key, population) ?? null;
          c.near.set(cacheKey, meant);
        }
        if (!meant) continue;
        matched ??= objects();
        const carriers = matched.filter((m) => Object.prototype.hasOwnProperty.call(m.labels, key)).map((m) => m.name);
        if (carriers.length === 0) continue;
        const what = kind === 'pods' ? 'workloads' : 'namespaces';
        findings.push({
          message:
            `Label key "${key}" (in ${formatSelector(selector)}) looks like a misspelling of "${meant}", which ${population.get(meant)} ${what} carry; ` +
            `this selector matches ${listNames(carriers)} only because ${carriers.length === 1 ? 'it carries' : 'they carry'} the same misspelling. ` +
            `Rename the key to "${meant}" in the selector and on ${carriers.length === 1 ? 'that object' : 'those objects'} together.`,
          span,
          data: { fix: 'rename-label-key', from: key, to: meant },
        });
      }
    };
    for (const policy of ctx.model.policies) {
      check(policy.podSelector, 'pods', () => selectedWorkloads(policy, ctx).map((w) => ({ name: w.id, labels: w.labels })));
      for (const peer of allPeers(policy)) {
        if (peer.ipBlock) continue;
        const scope = (): PeerScope => peerScope(policy, peer, ctx);
        if (peer.podSelector) check(peer.podSelector, 'pods', () => scope().workloads.map((w) => ({ name: w.id, labels: w.labels })));
        if (peer.namespaceSelector) {
          check(peer.namespaceSelector, 'namespaces', () => scope().namespaces.map((n) => ({ name: n, labels: ctx.model.namespaceLabels(n) })));
        }
      }
    }
    return findings;
  },
};
