// The drawn SVG as a standalone file: the theme's CSS variables do not exist outside VS Code, so the computed colours
// and fonts of every element are written onto the copy as presentation attributes.
import { SVG_NS } from './dom';

const PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
] as const;

export function exportSvg(svg: SVGSVGElement, width: number, height: number): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  // The copy shows the whole drawing, whatever the current pan and zoom.
  copy.querySelector('g.viewport')?.removeAttribute('transform');
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const target = copies[i];
    const style = getComputedStyle(original);
    for (const property of PROPERTIES) {
      const value = style.getPropertyValue(property);
      if (value) target.setAttribute(property, value);
    }
    if (style.display === 'none' || style.visibility === 'hidden') target.setAttribute('visibility', 'hidden');
    for (const attribute of ['class', 'tabindex', 'role']) target.removeAttribute(attribute);
  });
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height)));
  copy.setAttribute('viewBox', `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#ffffff');
  copy.insertBefore(background, copy.firstChild);
  // XML 1.0 forbids most control characters and lone surrogates: one name carrying a YAML "\0" escape made the whole
  // file unreadable ("Invalid character U+0000"; found by fuzzing, test/webview/security.test.ts).
  const xml = new XMLSerializer().serializeToString(copy).replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}
