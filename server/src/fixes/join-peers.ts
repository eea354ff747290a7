// peer-selectors-split: a namespaceSelector peer next to a podSelector peer, meant as one peer ("these pods in those
// namespaces"): remove the "- " of the second so that both selectors belong to one peer.
import { isMap, isScalar, Node } from 'yaml';
import type { FixProvider } from './types';
import { dashOf, peerListAt, Source } from './yaml-source';

export const joinPeers: FixProvider = {
  key: 'join-peers',
  fixes({ text, finding }) {
    const { direction, rule, peers: which } = finding.data ?? {};
    if ((direction !== 'ingress' && direction !== 'egress') || typeof rule !== 'number' || !Array.isArray(which) || which.length !== 2) return [];
    const [a, b] = [Math.min(which[0], which[1]), Math.max(which[0], which[1])];
    if (typeof a !== 'number' || b !== a + 1) return [];
    const src = new Source(text);
    const list = peerListAt(src, finding.span.start, direction, rule);
    const first = list?.items?.[a];
    const second = list?.items?.[b];
    if (!isMap(first) || !isMap(second) || !first.range || !second.range) return [];
    const firstKeys = new Set(first.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    if (second.items.some((p) => isScalar(p.key) && firstKeys.has(String(p.key.value)))) return [];
    const title = 'Join into one peer (these pods in those namespaces)';
    if (list!.flow || first.flow || second.flow) {
      if (!first.flow || !second.flow) return [];
      const lastOfFirst = first.items[first.items.length - 1];
      const end = (lastOfFirst.value as Node).range![1];
      const firstOfSecond = second.items[0].key as Node;
      return [{ title, edits: [{ start: end, end: firstOfSecond.range![0], newText: ', ' }] }];
    }
    const dashA = dashOf(src, first);
    const dashB = dashOf(src, second);
    if (dashA === undefined || dashB === undefined || src.column(dashA) !== src.column(dashB)) return [];
    // The second item's keys must line up with the first's once its dash is gone.
    if (src.column(second.range[0]) !== src.column(first.range[0])) return [];
    if (src.text.slice(src.lineStart(dashB), dashB).trim() !== '') return [];
    const contentStart = second.range[0];
    return [{ title, edits: [{ start: dashB, end: contentStart, newText: ' '.repeat(contentStart - dashB) }] }];
  },
};
