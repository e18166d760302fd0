// How wide a line is on a terminal, and how to lay parts of a line out within a width. A terminal
// counts columns, not bytes or UTF-16 units: colour codes take none, combining marks none,
// CJK and fullwidth characters two, everything else one.

import { stripVTControlCharacters } from 'node:util';

/** Code points that take two columns: East Asian Wide and Fullwidth, the blocks met in practice. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // kana, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x1f300, 0x1f64f], // pictographs, emoticons
  [0x1f900, 0x1f9ff], // supplemental pictographs
  [0x20000, 0x3fffd], // CJK extensions B and beyond
];

function codePointWidth(code: number): number {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
  if ((code >= 0x200b && code <= 0x200f) || code === 0xfeff) return 0;
  if (/\p{M}/u.test(String.fromCodePoint(code))) return 0;
  return WIDE_RANGES.some(([low, high]) => code >= low && code <= high) ? 2 : 1;
}

/** Columns a line takes on a terminal; colour and other escape sequences take none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripVTControlCharacters(text)) {
    width += codePointWidth(char.codePointAt(0) ?? 0);
  }
  return width;
}

/** `text` padded with spaces on the left to `width` columns (colour codes not counted). */
export function padStartVisible(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Plain `text` cut to at most `width` columns, with '…' where it was cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  for (const char of text) {
    if (displayWidth(kept + char) > width - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

export interface PackOptions {
  /** Put between two parts on the same line. */
  separator: string;
  /** Starts every line after the first. */
  indent?: string;
}

/**
 * Parts joined by `separator`, as many to a line as fit in `width` columns; a part never splits,
 * so one wider than the width has a line of its own. Without a width, one line holds them all.
 */
export function packParts(
  parts: readonly string[],
  width: number | undefined,
  { separator, indent = '' }: PackOptions,
): string[] {
  if (width === undefined) return [parts.join(separator)];
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line === '') line = (lines.length === 0 ? '' : indent) + part;
    else if (displayWidth(line + separator + part) <= width) line += separator + part;
    else {
      lines.push(line);
      line = indent + part;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
