import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { renderDigit, sideBySide } from '../../src/report/digit.js';

// A 4 × 4 image: column 0 ink on every row, column 1 ink in the upper row of each pair,
// column 2 ink in the lower row of each pair, column 3 paper.
const PIXELS = [
  [255, 255, 0, 0],
  [255, 0, 255, 0],
  [200, 130, 0, 10],
  [128, 127, 128, 0],
].flat();

describe('renderDigit', () => {
  it('draws two pixel rows per line: █ both ink, ▀ upper, ▄ lower, space neither', () => {
    expect(renderDigit(PIXELS, { rows: 4, cols: 4 })).toEqual(['█▀▄ ', '█▀▄ ']);
  });

  it('treats 128 as ink and 127 as paper by default, and honours another threshold', () => {
    expect(renderDigit([127, 128], { rows: 2, cols: 1 })).toEqual(['▄']);
    expect(renderDigit([127, 128], { rows: 2, cols: 1, threshold: 100 })).toEqual(['█']);
  });

  it('draws an odd last row over paper', () => {
    expect(renderDigit([255, 0, 0, 255, 255, 0], { rows: 3, cols: 2 })).toEqual(['▀▄', '▀ ']);
  });

  it('a 28 × 28 image takes 14 lines of 28 cells', () => {
    const lines = renderDigit(new Uint8Array(784).fill(255));
    expect(lines).toEqual(Array(14).fill('█'.repeat(28)));
  });

  it('with colour keeps each grey level: 256-colour greys 232 (black) to 255 (white)', () => {
    const chalk = new Chalk({ level: 2 });
    const [line] = renderDigit([255, 0, 0, 128], { rows: 2, cols: 2, chalk });
    // Cell 1: upper 255 -> grey 255, lower 0 -> grey 232. Cell 2: upper 0 -> 232, lower
    // 128 -> 232 + round(128 / 255 * 23) = 232 + 12 = 244.
    expect(line).toBe(
      '\u001b[38;5;255m\u001b[48;5;232m▀\u001b[49m\u001b[39m' +
        '\u001b[38;5;232m\u001b[48;5;244m▀\u001b[49m\u001b[39m',
    );
  });

  it('draws plain glyphs with a chalk at colour level 0', () => {
    expect(renderDigit([255, 0], { rows: 2, cols: 1, chalk: new Chalk({ level: 0 }) })).toEqual([
      '▀',
    ]);
  });

  it('refuses pixels that do not fill the image', () => {
    expect(() => renderDigit(new Uint8Array(783))).toThrow(
      new RangeError('783 pixels do not make a 28 × 28 image'),
    );
  });
});

describe('sideBySide', () => {
  it('pads each block to its widest line, ignoring colour codes, and joins with the gap', () => {
    const coloured = new Chalk({ level: 2 }).red('ab');
    expect(sideBySide([['x', 'xyz'], [coloured], ['1', '2']], 1)).toEqual([
      `x   ${coloured} 1`,
      'xyz    2',
    ]);
  });

  it('places two digits with captions for a row of misread digits', () => {
    const seven = ['7 as 1', ...renderDigit([255, 255, 0, 255], { rows: 2, cols: 2 })];
    const four = ['4', ...renderDigit([0, 0, 255, 255], { rows: 2, cols: 2 })];
    expect(sideBySide([seven, four])).toEqual(['7 as 1  4', '▀█      ▄▄']);
  });
});
