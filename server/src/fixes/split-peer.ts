// peer-selectors-combined: one peer with namespaceSelector and podSelector, meant as two peers: put "- " before the
// second selector so that it starts a peer of its own.
import { isMap, isScalar, Node } from 'yaml';
import type { FixProvider } from './types';
import { dashOf, peerListAt, Source } from './yaml-source';

export const splitPeer: FixProvider = {
  key: 'split-peer',
  fixes({ text, finding }) {
    const { direction, rule, peer } = finding.data ?? {};
    if ((direction !== 'ingress' && direction !== 'egress') || typeof rule !== 'number' || typeof peer !== 'number') return [];
    const src = new Source(text);
    const peers = peerListAt(src, finding.span.start, direction, rule);
    const peerMap = peers?.items?.[peer];
    if (!isMap(peerMap) || peerMap.items.length !== 2) return [];
    const keys = peerMap.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
    if (!keys.includes('namespaceSelector') || !keys.includes('podSelector')) return [];
    const first = peerMap.items[0];
    const second = peerMap.items[1];
    const secondKey = second.key as Node;
    const title = `Make ${keys[1]} a peer of its own (two peers: ${keys[0]} or ${keys[1]})`;
    if (peerMap.flow) {
      const firstEnd = (first.value as Node).range![1];
      return [{ title, edits: [{ start: firstEnd, end: secondKey.range![0], newText: '}, {' }] }];
    }
    const dash = dashOf(src, peerMap);
    if (dash === undefined) return [];
    const dashCol = src.column(dash);
    const keyStart = secondKey.range![0];
    const lineStart = src.lineStart(keyStart);
    // The second key must sit on its own line, two columns right of the dash, for the "- " to take its place.
    if (keyStart - lineStart !== src.column(peerMap.range![0]) || src.text.slice(lineStart, keyStart).trim() !== '') return [];
    if (keyStart - lineStart < dashCol + 2) return [];
    return [{ title, edits: [{ start: lineStart + dashCol, end: lineStart + dashCol + 2, newText: '- ' }] }];
  },
};
