// Numerical differentiation (book 4.3, 4.4; ch04/gradient_1d.py, common/gradient.py,
// ch04/gradient_method.py). Expressions keep the book's order of operations so the numbers
// agree with it to the last digit.

import { Matrix } from '../core/matrix.js';

/** The book's step: small enough to approximate the limit, large enough to survive rounding. */
export const NUMERICAL_H = 1e-4;

/** Central difference (f(x+h) - f(x-h)) / 2h, whose error is O(h^2) rather than O(h). */
export function numericalDiff(f: (x: number) => number, x: number, h = NUMERICAL_H): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * The gradient of f at x by central differences, one coordinate at a time. x is perturbed in
 * place and each coordinate restored before the next, so f may read x (or an array sharing its
 * memory, as simpleNet's loss reads its weights) rather than its argument.
 */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h?: number,
): Float64Array;
export function numericalGradient(f: (x: Matrix) => number, x: Matrix, h?: number): Matrix;
export function numericalGradient(
  f: ((x: Float64Array) => number) | ((x: Matrix) => number),
  x: Float64Array | Matrix,
  h = NUMERICAL_H,
): Float64Array | Matrix {
  const values = x instanceof Matrix ? x.data : x;
  const evaluate = () => (f as (arg: Float64Array | Matrix) => number)(x);
  const grad = new Float64Array(values.length);
  for (let idx = 0; idx < values.length; idx++) {
    const tmpVal = values[idx];
    values[idx] = tmpVal + h;
    const fxh1 = evaluate();
    values[idx] = tmpVal - h;
    const fxh2 = evaluate();
    grad[idx] = (fxh1 - fxh2) / (2 * h);
    values[idx] = tmpVal;
  }
  return x instanceof Matrix ? new Matrix(x.rows, x.cols, grad) : grad;
}

export interface DescentResult {
  /** Where the last step landed. */
  x: Float64Array;
  /** The point before each step (stepNum points, starting at init), as the book's x_history. */
  path: Float64Array[];
}

/** stepNum steps of x -= lr * grad f(x) from init (which is left untouched), book 4.4.1. */
export function gradientDescent(
  f: (x: Float64Array) => number,
  init: ArrayLike<number>,
  lr = 0.01,
  stepNum = 100,
  h = NUMERICAL_H,
): DescentResult {
  const x = Float64Array.from(init);
  const path: Float64Array[] = [];
  for (let step = 0; step < stepNum; step++) {
    path.push(x.slice());
    const grad = numericalGradient(f, x, h);
    for (let i = 0; i < x.length; i++) x[i] -= lr * grad[i];
  }
  return { x, path };
}
