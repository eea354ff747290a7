// redundant-rule: delete the rule another rule already covers (its lines, or its entry in a flow list).
import type { Node } from 'yaml';
import type { FixProvider } from './types';
import { dashOf, ruleAt, Source } from './yaml-source';

export const deleteRule: FixProvider = {
  key: 'delete-rule',
  fixes({ text, finding }) {
    const { direction, rule } = finding.data ?? {};
    if ((direction !== 'ingress' && direction !== 'egress') || typeof rule !== 'number') return [];
    const src = new Source(text);
    const policy = src.objectAt(finding.span.start, 'NetworkPolicy');
    const at = policy && ruleAt(policy, direction, rule);
    if (!at || at.list.items.length < 2) return [];
    const { list, item } = at;
    const title = `Delete this ${direction} rule`;
    if (list.flow) {
      const i = list.items.indexOf(item);
      const next = list.items[i + 1] as Node | undefined;
      const prev = list.items[i - 1] as Node | undefined;
      // Take the comma after it, or (for the last item) the one before it.
      const start = next ? item.range![0] : prev!.range![1];
      const end = next ? next.range![0] : item.range![1];
      return [{ title, edits: [{ start, end, newText: '' }] }];
    }
    const dash = dashOf(src, item);
    if (dash === undefined || src.text.slice(src.lineStart(dash), dash).trim() !== '') return [];
    const start = src.lineStart(dash);
    const lineEnd = src.endOfNodeLine(item);
    const end = lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : lineEnd < text.length ? 1 : 0);
    return [{ title, edits: [{ start, end, newText: '' }] }];
  },
};
