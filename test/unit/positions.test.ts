import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core';

describe('LineIndex', () => {
  it('splits lines on \\n, \\r\\n and a lone \\r, as editors do', () => {
    const index = new LineIndex('a\nbb\r\nccc\rd');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(index.position(0), { line: 0, character: 0 });
    assert.deepEqual(index.position(1), { line: 0, character: 1 }, 'the \\n itself ends line 0');
    assert.deepEqual(index.position(2), { line: 1, character: 0 });
    assert.deepEqual(index.position(4), { line: 1, character: 2 }, 'the \\r of \\r\\n');
    assert.deepEqual(index.position(6), { line: 2, character: 0 });
    assert.deepEqual(index.position(10), { line: 3, character: 0 }, 'after a lone \\r');
    assert.deepEqual(index.position(11), { line: 3, character: 1 }, 'the end of the text');
  });

  it('the last line: with and without a trailing newline', () => {
    assert.equal(new LineIndex('a\n').lineCount, 2);
    assert.deepEqual(new LineIndex('a\n').position(2), { line: 1, character: 0 });
    assert.equal(new LineIndex('a').lineCount, 1);
    assert.equal(new LineIndex('').lineCount, 1);
    assert.deepEqual(new LineIndex('').position(0), { line: 0, character: 0 });
  });

  it('clamps offsets outside the text', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.position(-5), { line: 0, character: 0 });
    assert.deepEqual(index.position(99), { line: 1, character: 2 });
  });

  it('offset() inverts position()', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\n\nmetadata:\r  name: x\r\n';
    const index = new LineIndex(text);
    assert.equal(index.offset(1, 0), text.indexOf('kind'));
    assert.equal(index.offset(3, 0), text.indexOf('metadata'));
    assert.equal(index.offset(4, 2), text.indexOf('name'));
  });

  it('offset() clamps a character past the line end to the end of that line, before its line break', () => {
    const text = 'ab\ncd\r\nef\rgh';
    const index = new LineIndex(text);
    assert.equal(index.offset(0, 99), 2, 'before \\n');
    assert.equal(index.offset(1, 99), 5, 'before \\r\\n');
    assert.equal(index.offset(2, 99), 9, 'before a lone \\r');
    assert.equal(index.offset(3, 99), 12, 'the last line ends at the end of the text');
    assert.equal(index.offset(1, -3), 3, 'a negative character is the line start');
    assert.equal(index.offset(-1, 0), 0);
    assert.equal(index.offset(9, 0), text.length);
    assert.equal(new LineIndex('\n\n').offset(1, 5), 1, 'an empty line');
    assert.equal(new LineIndex('\r\n\r\n').offset(1, 5), 2, 'an empty CRLF line');
  });

  it('position(offset(l, c)) round-trips for every in-range position (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '\n', '\r', '\r\n', 'é', '😀')), (parts) => {
        const text = parts.join('');
        const index = new LineIndex(text);
        for (let offset = 0; offset <= text.length; offset++) {
          // Offsets inside a \r\n pair have no position of their own.
          if (text[offset - 1] === '\r' && text[offset] === '\n') continue;
          const { line, character } = index.position(offset);
          assert.equal(index.offset(line, character), offset);
        }
      }),
    );
  });
});
