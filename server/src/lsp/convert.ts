// Between the core's world (file ids, character offsets) and LSP's (URIs, 0-based line/character ranges). File ids
// are file-system paths for file: URIs and the URI itself for anything else (unsaved documents).
import { URI } from 'vscode-uri';
import type { Location, Position, Range } from 'vscode-languageserver/node';
import { LineIndex, Span } from '../core';

export function fileOfUri(uri: string): string {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : uri;
  } catch {
    return uri;
  }
}

/** Texts of files and their line indexes, for offsets ↔ positions. */
export class Positions {
  private readonly indexes = new Map<string, { text: string; index: LineIndex }>();
  /** URIs as the client spelled them (they must come back byte-identical), by file id. */
  private readonly uris = new Map<string, string>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  rememberUri(file: string, uri: string): void {
    this.uris.set(file, uri);
  }

  forgetUri(file: string): void {
    this.uris.delete(file);
  }

  uriOf(file: string): string {
    const known = this.uris.get(file);
    if (known) return known;
    return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) ? URI.file(file).toString() : file;
  }

  lines(file: string): LineIndex {
    const text = this.textOf(file) ?? '';
    const cached = this.indexes.get(file);
    if (cached && cached.text === text) return cached.index;
    const index = new LineIndex(text);
    this.indexes.set(file, { text, index });
    return index;
  }

  /** Drops cached line indexes of files that are gone. */
  drop(file: string): void {
    this.indexes.delete(file);
  }

  range(span: Span): Range {
    const lines = this.lines(span.file);
    return { start: lines.position(span.start), end: lines.position(span.end) };
  }

  location(span: Span): Location {
    return { uri: this.uriOf(span.file), range: this.range(span) };
  }

  offset(file: string, position: Position): number {
    return this.lines(file).offset(position.line, position.character);
  }

  /** The offset of a position inside the text, or undefined for a position past its last line. */
  offsetIn(file: string, position: Position): number | undefined {
    const lines = this.lines(file);
    if (position.line < 0 || position.line >= lines.lineCount) return undefined;
    return lines.offset(position.line, position.character);
  }
}

/** A Markdown link to where a span starts (VS Code opens `file:///…#L12` at that line). */
export function markdownLink(label: string, location: Location): string {
  const uri = location.uri.startsWith('file:') ? `${location.uri}#L${location.range.start.line + 1}` : location.uri;
  // The label is user input: `<`, `!` and line breaks are escaped too, or a name became HTML, an image or a new paragraph.
  return `[${label.replace(/\s*[\r\n]+\s*/g, ' ').replace(/([[\]\\`*_<>!])/g, '\\$1')}](${uri.replace(/\)/g, '%29').replace(/ /g, '%20')})`;
}

export function spanContains(span: Span | undefined, offset: number): boolean {
  return !!span && span.start <= offset && offset <= span.end;
}
