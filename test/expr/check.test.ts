import { describe, expect, it } from 'vitest';
import { checkGradient } from '../../src/expr/check.js';
import { ExpressionError } from '../../src/expr/errors.js';
import { NAMED_FUNCTIONS, findNamedFunction } from '../../src/expr/named.js';

describe('checkGradient', () => {
  it("gives the book's numerical gradient of x0^2 + x1^2 at (3, 4) beside the exact (6, 8)", () => {
    const check = checkGradient('x0^2 + x1^2', [3, 4]);
    expect(check.components.map((c) => c.numerical)).toEqual([6.00000000000378, 7.999999999999119]);
    expect(check.components.map((c) => c.exact)).toEqual([6, 8]);
    expect(check.components[0].absoluteError).toBeCloseTo(3.78e-12, 14);
    expect(check.components[0].relativeError).toBeCloseTo(3.78e-12 / 6.00000000000378, 14);
    expect(check.verdict).toBe('agree');
  });
  it("gives the book's numerical_diff of function_1 at 5: 0.1999999999990898", () => {
    const f1 = findNamedFunction('function_1');
    expect(checkGradient(f1?.expression ?? '', [5]).components[0].numerical).toBe(
      0.1999999999990898,
    );
  });
  it('disagrees when the step is far too large for the curvature', () => {
    const check = checkGradient('sin(x0)', [1], 0.9);
    expect(check.verdict).toBe('disagree');
    expect(check.components[0].agrees).toBe(false);
  });
  it('cannot compare where the function is not defined', () => {
    expect(checkGradient('log(x)', [-1]).verdict).toBe('not-finite');
  });
  it('refuses a point with too few or too many coordinates', () => {
    expect(() => checkGradient('x0 + x2', [1, 2])).toThrow(
      new ExpressionError('the expression uses x2 but the point has 2 coordinates'),
    );
    expect(() => checkGradient('x0 + x1', [3])).toThrow(/uses x1 but the point has 1 coordinate$/);
    expect(() => checkGradient('x^2', [1, 2])).toThrow(/1 variable but the point has 2/);
  });
  it('sees every named function agree with its exact gradient at its default point', () => {
    for (const f of NAMED_FUNCTIONS) {
      expect(checkGradient(f.expression, f.at).verdict, f.name).toBe('agree');
    }
  });
  it('finds the Rosenbrock gradient (-215.6, -88) at (-1.2, 1)', () => {
    const rosenbrock = findNamedFunction('rosenbrock');
    const check = checkGradient(rosenbrock?.expression ?? '', [-1.2, 1]);
    // d/dx0 = -2(1 - x0) - 400 x0 (x1 - x0^2); d/dx1 = 200 (x1 - x0^2)
    expect(check.components[0].exact).toBeCloseTo(-2 * 2.2 - 400 * -1.2 * (1 - 1.44), 10);
    expect(check.components[1].exact).toBeCloseTo(200 * (1 - 1.44), 10);
  });
});
