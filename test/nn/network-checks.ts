// Helpers of the chapter-6 network tests: a small batch, and backprop held to the numerical
// gradient.

import { expect } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import type { FullyConnectedNet } from '../../src/nn/fully-connected-net.js';
import { randomArray } from './layers/finite-difference.js';

/** rows samples of pixel-like inputs in [0, 1] and labels among four classes, from seed. */
export function smallBatch(rows: number, cols: number, seed: number): { x: Matrix; t: number[] } {
  const x = new Matrix(
    rows,
    cols,
    randomArray(rows * cols, seed).map((v) => (v + 1) / 2),
  );
  const t = Array.from({ length: rows }, (_, i) => (i * 3 + seed) % 4);
  return { x, t };
}

/** Every gradient by backprop within `tolerance` of the numerical one, under the same keys. */
export function expectBackpropMatchesNumerical(
  net: FullyConnectedNet,
  x: Matrix,
  t: number[],
  tolerance: number,
): void {
  const numerical = net.numericalGradient(x, t);
  const analytic = net.gradient(x, t);
  expect(Object.keys(analytic)).toEqual(Object.keys(numerical));
  for (const key of Object.keys(numerical)) {
    numerical[key].data.forEach((value, i) => {
      expect(Math.abs(analytic[key].data[i] - value), `${key}[${i}]`).toBeLessThan(tolerance);
    });
  }
}
