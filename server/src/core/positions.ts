// Offsets ↔ line/column. Lines are split on \n, \r\n and \r as editors and LSP do; columns count UTF-16 units.

export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) starts.push(i + 1);
    }
    this.starts = starts;
  }

  /** 0-based line and character of an offset. */
  position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /** Offset of a 0-based line and character, clamped to the text. */
  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    // A character past the end of the line clamps to the line's end, before its \n, \r\n or \r (as LSP specifies);
    // clamping to the next line's start put such positions on the following line.
    let lineEnd = this.text.length;
    if (line + 1 < this.starts.length) {
      lineEnd = this.starts[line + 1] - 1;
      if (this.text.charCodeAt(lineEnd) === 10 && lineEnd > this.starts[line] && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    }
    return Math.min(this.starts[line] + Math.max(0, character), lineEnd);
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
