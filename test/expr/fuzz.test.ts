import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/expr/errors.js';
import { evaluate, exactGradient } from '../../src/expr/evaluate.js';
import { parseExpression } from '../../src/expr/parser.js';

/** Parses and, when that succeeds, evaluates and differentiates at a point. */
function outcome(source: string): 'value' | 'error' {
  try {
    const { tree, arity } = parseExpression(source);
    const x = Array.from({ length: arity }, (_, i) => 0.5 + i);
    expect(typeof evaluate(tree, x)).toBe('number');
    expect(exactGradient(tree, x)).toHaveLength(arity);
    return 'value';
  } catch (error) {
    // anything but the typed error (a TypeError, a RangeError from the stack) fails the test
    if (error instanceof ExpressionError) return 'error';
    throw error;
  }
}

const pieces = [
  'x',
  'x0',
  'x1',
  'x12',
  '1',
  '2.5',
  '.5',
  '1e3',
  '+',
  '-',
  '*',
  '/',
  '^',
  '**',
  '(',
  ')',
  'exp',
  'log',
  'sqrt',
  'sin',
  'cos',
  'tanh',
  'sigmoid',
  ' ',
  'y',
  '$',
  ',',
  'e',
  'x99',
  'x100',
];

describe('the expression parser under fuzzing', () => {
  it('ends every arbitrary string in a value or an ExpressionError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => void outcome(s)),
      {
        numRuns: 3000,
      },
    );
  });
  it('ends every string of grammar pieces in a value or an ExpressionError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        outcome(parts.join(''));
      }),
      { numRuns: 5000 },
    );
  });
  it('handles long and deeply nested piece strings without overflowing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('(', '-', 'sin(', 'x^', '+'),
        fc.integer({ min: 50, max: 3000 }),
        (piece, count) => {
          outcome(piece.repeat(count) + 'x' + ')'.repeat(piece.includes('(') ? count : 0));
        },
      ),
      { numRuns: 100 },
    );
  });
  it('round-trips well-formed generated expressions to a value', () => {
    const { expression } = fc.letrec((tie) => ({
      expression: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('x0', 'x1', '2', '0.5'),
        fc
          .tuple(tie('expression'), fc.constantFrom('+', '-', '*', '/', '^'), tie('expression'))
          .map(([a, op, b]) => `(${a}) ${op} (${b})`),
        fc
          .tuple(fc.constantFrom('exp', 'sin', 'tanh', 'sigmoid', '-'), tie('expression'))
          .map(([f, a]) => `${f}(${a})`),
      ),
    }));
    fc.assert(
      fc.property(expression, (source) => {
        expect(outcome(source)).toBe('value');
      }),
      { numRuns: 1000 },
    );
  });
});
