// Splits an expression such as "x0^2 + sin(x1)" into tokens, each with its 1-based column.

import { ExpressionError } from './errors.js';

/** Longer expressions are refused before any work is done on them. */
export const MAX_EXPRESSION_LENGTH = 2000;

export type OperatorText = '+' | '-' | '*' | '/' | '^' | '(' | ')';

export type Token =
  | { kind: 'number'; value: number; text: string; column: number }
  | { kind: 'name'; text: string; column: number }
  | { kind: 'operator'; text: OperatorText; column: number }
  | { kind: 'end'; text: ''; column: number };

const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATORS = '+-*/^()';

/** How a character is shown in a message: itself when printable, else its JSON escape. */
export function showCharacter(character: string): string {
  return /^[\x21-\x7e]$/.test(character) ? character : JSON.stringify(character).slice(1, -1);
}

export function tokenize(source: string): Token[] {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `expression too long (${source.length} characters; at most ${MAX_EXPRESSION_LENGTH})`,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const character = source[i];
    const column = i + 1;
    if (character === ' ' || character === '\t') {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      const value = Number(number[0]);
      if (!Number.isFinite(value)) {
        throw new ExpressionError(`number ${number[0]} is too large`, column);
      }
      tokens.push({ kind: 'number', value, text: number[0], column });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], column });
      i += name[0].length;
      continue;
    }
    if (source.startsWith('**', i)) {
      // Python's power operator, for readers who copy the book's code
      tokens.push({ kind: 'operator', text: '^', column });
      i += 2;
      continue;
    }
    if (OPERATORS.includes(character)) {
      tokens.push({ kind: 'operator', text: character as OperatorText, column });
      i++;
      continue;
    }
    const codePoint = String.fromCodePoint(source.codePointAt(i) ?? 0);
    throw new ExpressionError(`unexpected character '${showCharacter(codePoint)}'`, column);
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}
