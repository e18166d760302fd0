// An MNIST digit drawn in the terminal with Unicode half blocks: each character cell shows two
// pixel rows, the upper one in '▀' and the lower one beneath it, so a 28 × 28 image takes
// 28 columns and 14 lines and keeps its square shape. With colour, every pixel keeps its grey
// level (foreground = upper pixel, background = lower); without, a pixel is ink or paper.

import { stripVTControlCharacters } from 'node:util';
import type { ChalkInstance } from 'chalk';

export interface DigitRenderOptions {
  rows?: number;
  cols?: number;
  /** Draw grey levels with this chalk; plain glyphs when absent or at colour level 0. */
  chalk?: ChalkInstance;
  /** Without colour, a pixel at or above this value (0..255) is ink. */
  threshold?: number;
}

// Indexed by (upper is ink) * 2 + (lower is ink).
const GLYPHS = [' ', '▄', '▀', '█'];

/** The 256-colour palette's grey ramp runs from 232 (near black) to 255 (near white). */
function grey(value: number): number {
  return 232 + Math.round((value / 255) * 23);
}

// pixels: (rows, cols) bytes 0..255 -> ceil(rows / 2) lines of cols cells
export function renderDigit(pixels: ArrayLike<number>, options: DigitRenderOptions = {}): string[] {
  const { rows = 28, cols = 28, chalk, threshold = 128 } = options;
  if (pixels.length !== rows * cols) {
    throw new RangeError(`${pixels.length} pixels do not make a ${rows} × ${cols} image`);
  }
  const isColour = chalk !== undefined && chalk.level > 0;
  const lines: string[] = [];
  for (let r = 0; r < rows; r += 2) {
    let line = '';
    for (let c = 0; c < cols; c++) {
      const upper = pixels[r * cols + c];
      // An odd last row has nothing below it: paper.
      const lower = r + 1 < rows ? pixels[(r + 1) * cols + c] : 0;
      line += isColour
        ? chalk.ansi256(grey(upper)).bgAnsi256(grey(lower))('▀')
        : GLYPHS[(upper >= threshold ? 2 : 0) + (lower >= threshold ? 1 : 0)];
    }
    lines.push(line);
  }
  return lines;
}

/** Places blocks of lines (digits, captions) next to each other, `gap` spaces apart. */
export function sideBySide(blocks: readonly (readonly string[])[], gap = 2): string[] {
  const widths = blocks.map((block) =>
    Math.max(0, ...block.map((line) => stripVTControlCharacters(line).length)),
  );
  const height = Math.max(0, ...blocks.map((block) => block.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++) {
    const cells = blocks.map((block, b) => {
      const line = block[i] ?? '';
      return line + ' '.repeat(widths[b] - stripVTControlCharacters(line).length);
    });
    lines.push(cells.join(' '.repeat(gap)).trimEnd());
  }
  return lines;
}
