// selector-matches-nothing with a clear "did you mean": replace the selector's label with the one the workspace
// carries. The rule names it in data: { fix: 'replace-label', key, value, suggestion: { key, value } }.
import { isMap, isScalar, Node } from 'yaml';
import type { FixProvider } from './types';
import { pairOf, scalar, Source } from './yaml-source';

export const replaceLabel: FixProvider = {
  key: 'replace-label',
  fixes({ text, finding }) {
    const { key, value, suggestion } = finding.data ?? {};
    const to = suggestion as { key?: unknown; value?: unknown } | undefined;
    if (typeof key !== 'string' || typeof value !== 'string' || typeof to?.key !== 'string' || typeof to.value !== 'string') return [];
    const src = new Source(text);
    const labels = matchLabelsAt(src, finding.span.start, finding.span.end);
    const pair = pairOf(labels, key);
    const keyNode = pair?.key as Node | undefined;
    const valueNode = pair?.value as Node | undefined;
    if (!pair || !keyNode?.range || !isScalar(valueNode) || !valueNode.range || String(valueNode.value) !== value) return [];
    const edits = [];
    if (to.key !== key) {
      edits.push({ start: keyNode.range[0], end: keyNode.range[1], newText: scalar(to.key, text.slice(keyNode.range[0], keyNode.range[1])) });
    }
    if (to.value !== value) {
      edits.push({ start: valueNode.range[0], end: valueNode.range[1], newText: scalar(to.value, text.slice(valueNode.range[0], valueNode.range[1])) });
    }
    return edits.length ? [{ title: `Change the selector to ${to.key}=${to.value}`, edits, preferred: true }] : [];
  },
};

/** The matchLabels mapping of the selector written within [start, end]. */
function matchLabelsAt(src: Source, start: number, end: number): ReturnType<Source['objectAt']> {
  let found: ReturnType<Source['objectAt']>;
  const visit = (node: unknown): void => {
    const range = (node as Node | null)?.range;
    if (!range || range[2] < start || range[0] > end) return;
    if (!isMap(node)) {
      for (const item of (node as { items?: unknown[] }).items ?? []) visit(item);
      return;
    }
    const labels = pairOf(node, 'matchLabels')?.value;
    if (isMap(labels) && labels.range && labels.range[0] >= start && labels.range[0] <= end) found ??= labels;
    for (const p of node.items) visit(p.value);
  };
  const doc = src.documents().find((d) => d.range[0] <= start && start <= d.range[2]);
  visit(doc?.contents);
  return found;
}
