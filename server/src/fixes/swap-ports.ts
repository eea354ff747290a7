// invalid-end-port: endPort below port, most likely written the wrong way round; swap the two values.
import { isScalar, Node } from 'yaml';
import type { FixProvider } from './types';
import { pairOf, Source } from './yaml-source';
import { isMap, isSeq } from 'yaml';

export const swapPorts: FixProvider = {
  key: 'swap-ports',
  fixes({ text, finding }) {
    const src = new Source(text);
    const entry = innermostMapWith(src, finding.span.start, 'endPort');
    const port = pairOf(entry, 'port')?.value as Node | undefined;
    const endPort = pairOf(entry, 'endPort')?.value as Node | undefined;
    if (!isScalar(port) || !isScalar(endPort) || !port.range || !endPort.range) return [];
    const a = text.slice(port.range[0], port.range[1]);
    const b = text.slice(endPort.range[0], endPort.range[1]);
    return [
      {
        title: `Swap port and endPort (port: ${b}, endPort: ${a})`,
        edits: [
          { start: port.range[0], end: port.range[1], newText: b },
          { start: endPort.range[0], end: endPort.range[1], newText: a },
        ],
        preferred: true,
      },
    ];
  },
};

/** The deepest mapping holding `offset` that has the key. */
function innermostMapWith(src: Source, offset: number, key: string): ReturnType<Source['objectAt']> {
  let found: ReturnType<Source['objectAt']>;
  const visit = (node: unknown): void => {
    const range = (node as Node | null)?.range;
    if (!range || offset < range[0] || offset > range[2]) return;
    if (isMap(node)) {
      if (pairOf(node, key)) found = node;
      for (const p of node.items) visit(p.value);
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  const doc = src.documents().find((d) => d.range[0] <= offset && offset <= d.range[2]);
  visit(doc?.contents);
  return found;
}
