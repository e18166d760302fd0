import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { crossEntropyError, softmax } from '../../src/nn/functions.js';
import { gradientDescent, numericalDiff, numericalGradient } from '../../src/nn/numerical.js';
import { numpyFixture } from '../fixtures/functions/fixture.js';

// book 4.3.2 and 4.3.3
const function1 = (x: number) => 0.01 * (x * x) + 0.1 * x;
const function2 = (x: Float64Array) => x[0] * x[0] + x[1] * x[1];

describe('numericalDiff', () => {
  it('of 0.01x^2 + 0.1x at 5 is 0.1999999999990898 (exact 0.2)', () => {
    expect(numericalDiff(function1, 5)).toBe(0.1999999999990898);
  });
  it('of 0.01x^2 + 0.1x at 10 is 0.2999999999986347 (exact 0.3)', () => {
    expect(numericalDiff(function1, 10)).toBe(0.2999999999986347);
  });
  it('gives the partial derivatives of the book at (3, 4): 6.00000000000378 and 7.999999999999119', () => {
    expect(numericalDiff((x0) => x0 * x0 + 4.0 ** 2.0, 3.0)).toBe(6.00000000000378);
    expect(numericalDiff((x1) => 3.0 ** 2.0 + x1 * x1, 4.0)).toBe(7.999999999999119);
  });
});

describe('numericalGradient', () => {
  it('of x0^2 + x1^2 at (3, 4) is [6.00000000000378, 7.999999999999119]', () => {
    expect(Array.from(numericalGradient(function2, Float64Array.of(3, 4)))).toEqual([
      6.00000000000378, 7.999999999999119,
    ]);
  });
  it('of x0^2 + x1^2 at (0, 2) is [0, 4.000000000004] and at (3, 0) is [6.000000000012662, 0]', () => {
    expect(Array.from(numericalGradient(function2, Float64Array.of(0, 2)))).toEqual([
      0, 4.000000000004,
    ]);
    expect(Array.from(numericalGradient(function2, Float64Array.of(3, 0)))).toEqual([
      6.000000000012662, 0,
    ]);
  });
  it('restores every coordinate it perturbs', () => {
    const x = Float64Array.of(0.1, -0.7, 3.3);
    numericalGradient((v) => v[0] * v[1] * v[2], x);
    expect(Array.from(x)).toEqual([0.1, -0.7, 3.3]);
  });
  it('works on a matrix the loss reads by reference, as simpleNet does (book 4.4.2)', () => {
    const book = numpyFixture.simplenet.book;
    const W = Matrix.fromArrays(book.W);
    const x = Matrix.rowVector([0.6, 0.9]);
    const loss = () => {
      const p = new Matrix(1, 3);
      for (let j = 0; j < 3; j++) p.data[j] = x.data[0] * W.get(0, j) + x.data[1] * W.get(1, j);
      return crossEntropyError(softmax(p), [0, 0, 1]);
    };
    const dW = numericalGradient(loss, W);
    expect(dW.shape).toEqual([2, 3]);
    dW.data.forEach((v, i) => expect(v).toBeCloseTo(book.dW.flat()[i], 9));
  });
  it('agrees with the exact gradient of a smooth function to about h^2', () => {
    const f = (v: Float64Array) => Math.sin(v[0]) * Math.exp(v[1]);
    const at = Float64Array.of(0.3, -0.4);
    const exact = [Math.cos(0.3) * Math.exp(-0.4), Math.sin(0.3) * Math.exp(-0.4)];
    const grad = numericalGradient(f, at);
    expect(Math.abs(grad[0] - exact[0])).toBeLessThan(1e-8);
    expect(Math.abs(grad[1] - exact[1])).toBeLessThan(1e-8);
  });
});

describe('gradientDescent', () => {
  const run = (lr: number) => gradientDescent(function2, [-3, 4], lr, 100);
  it("with lr 0.1 from (-3, 4) ends at numpy's [-6.11110793e-10, 8.14814391e-10]", () => {
    expect(Array.from(run(0.1).x)).toEqual(numpyFixture.descent['0.1'].x);
    expect(run(0.1).x[0]).toBeCloseTo(-6.11110793e-10, 17);
  });
  it("with lr 10 diverges to numpy's [-2.58983747e+13, -1.29524862e+12]", () => {
    expect(Array.from(run(10).x)).toEqual(numpyFixture.descent['10.0'].x);
  });
  it("with lr 1e-10 hardly moves: numpy's [-2.99999994, 3.99999992]", () => {
    expect(Array.from(run(1e-10).x)).toEqual(numpyFixture.descent['1e-10'].x);
  });
  it('returns the point before each step as the path, starting at init', () => {
    const { path } = run(0.01);
    expect(path.map((p) => Array.from(p))).toEqual(numpyFixture.descent['0.01'].path);
  });
  it('leaves the initial point untouched', () => {
    const init = Float64Array.of(-3, 4);
    gradientDescent(function2, init, 0.1, 5);
    expect(Array.from(init)).toEqual([-3, 4]);
  });
});
