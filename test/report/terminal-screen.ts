// Reading what a command wrote to a terminal, escape sequences and all: every stretch of text the
// terminal draws from the left edge (each line, and each redraw of a progress bar), and the
// screen a person is left looking at.

import { displayWidth } from '../../src/report/text-width.js';

// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b(?:\[([?\d;]*)([A-Za-z])|([78]))/y;

/**
 * Each stretch of text drawn from the first column: split at line feeds, carriage returns and
 * "cursor to column 1", with every other escape sequence taking no room. A progress bar's
 * redraws come out one stretch each.
 */
export function drawnStretches(output: string): string[] {
  const stretches: string[] = [];
  let current = '';
  let at = 0;
  while (at < output.length) {
    ESCAPE.lastIndex = at;
    const escape = ESCAPE.exec(output);
    if (escape) {
      const [whole, parameters, command] = escape;
      if (command === 'G' && (parameters === '' || parameters === '1')) {
        stretches.push(current);
        current = '';
      }
      at += whole.length;
      continue;
    }
    const char = output[at];
    if (char === '\n' || char === '\r') {
      stretches.push(current);
      current = '';
    } else current += char;
    at += 1;
  }
  stretches.push(current);
  return stretches.filter((stretch) => stretch !== '');
}

/** The widest stretch, in terminal columns. */
export function widestStretch(output: string): { width: number; text: string } {
  let widest = { width: 0, text: '' };
  for (const text of drawnStretches(output)) {
    const width = displayWidth(text);
    if (width > widest.width) widest = { width, text };
  }
  return widest;
}

/**
 * The screen after the output, as a terminal of unlimited height draws it: text overwrites
 * cells, line feeds and carriage returns move the cursor, "cursor to column", "clear line" and
 * "clear to the right" act, the cursor is saved and restored; other sequences change nothing.
 */
export function finalScreen(output: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let column = 0;
  let saved = { row: 0, column: 0 };
  let at = 0;
  while (at < output.length) {
    ESCAPE.lastIndex = at;
    const escape = ESCAPE.exec(output);
    if (escape) {
      const [whole, parameters, command, saveOrRestore] = escape;
      if (saveOrRestore === '7') saved = { row, column };
      else if (saveOrRestore === '8') ({ row, column } = saved);
      else if (command === 'G') column = Math.max(0, Number(parameters || '1') - 1);
      else if (command === 'K' && parameters === '2') lines[row] = [];
      else if (command === 'K') lines[row] = lines[row].slice(0, column);
      at += whole.length;
      continue;
    }
    const char = String.fromCodePoint(output.codePointAt(at) ?? 0);
    if (char === '\n') {
      row += 1;
      column = 0;
      while (lines.length <= row) lines.push([]);
    } else if (char === '\r') column = 0;
    else {
      const line = lines[row];
      while (line.length < column) line.push(' ');
      line[column] = char;
      column += 1;
    }
    at += char.length;
  }
  return lines.map((line) => line.join('').trimEnd());
}
