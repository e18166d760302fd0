import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, exactGradient } from '../../src/expr/evaluate.js';
import { parseExpression } from '../../src/expr/parser.js';

const gradientOf = (source: string, x: number[]) =>
  Array.from(exactGradient(parseExpression(source).tree, x));

describe('exactGradient', () => {
  it('of x0^2 + x1^2 at (3, 4) is exactly (6, 8)', () => {
    expect(gradientOf('x0^2 + x1^2', [3, 4])).toEqual([6, 8]);
  });
  it("of 0.01x^2 + 0.1x at 5 is 0.2 (the book's exact value)", () => {
    expect(gradientOf('0.01*x^2 + 0.1*x', [5])[0]).toBeCloseTo(0.2, 15);
  });
  it('follows each rule: product, quotient, chain, and a variable exponent', () => {
    const [a, b] = [0.7, 1.3];
    expect(gradientOf('x0*x1', [a, b])).toEqual([b, a]);
    expect(gradientOf('x0/x1', [a, b])[1]).toBeCloseTo(-a / (b * b), 15);
    expect(gradientOf('exp(sin(x))', [a])[0]).toBeCloseTo(Math.exp(Math.sin(a)) * Math.cos(a), 15);
    expect(gradientOf('x0^x1', [a, b])[1]).toBeCloseTo(a ** b * Math.log(a), 15);
    expect(gradientOf('log(x)', [a])[0]).toBeCloseTo(1 / a, 15);
    expect(gradientOf('sqrt(x)', [a])[0]).toBeCloseTo(0.5 / Math.sqrt(a), 15);
    expect(gradientOf('tanh(x)', [a])[0]).toBeCloseTo(1 - Math.tanh(a) ** 2, 15);
    const s = 1 / (1 + Math.exp(-a));
    expect(gradientOf('sigmoid(x)', [a])[0]).toBeCloseTo(s * (1 - s), 15);
    expect(gradientOf('cos(x)', [a])[0]).toBeCloseTo(-Math.sin(a), 15);
  });
  it("differentiates a constant power of a negative base: (x^3)' at -2 is 12", () => {
    expect(gradientOf('x^3', [-2])).toEqual([12]);
  });
  it('gives 0 for a variable the expression does not use', () => {
    expect(gradientOf('x0 + x2', [1, 2, 3])).toEqual([1, 0, 1]);
  });
  it('agrees with a central difference on random smooth expressions at random points', () => {
    const expressions = [
      'sin(x0)*exp(x1) - x0^3/7',
      'sigmoid(2*x0 - x1)*tanh(x1)',
      'log(1 + x0^2) + sqrt(2 + cos(x1))',
      '(x0 - x1)^2/(1 + x1^2)',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...expressions),
        fc.double({ min: -2, max: 2, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (source, a, b) => {
          const tree = parseExpression(source).tree;
          const exact = exactGradient(tree, [a, b]);
          const h = 1e-5;
          for (let i = 0; i < 2; i++) {
            const plus = [a, b];
            const minus = [a, b];
            plus[i] += h;
            minus[i] -= h;
            const numerical = (evaluate(tree, plus) - evaluate(tree, minus)) / (2 * h);
            expect(Math.abs(numerical - exact[i])).toBeLessThan(1e-6 * (1 + Math.abs(exact[i])));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
