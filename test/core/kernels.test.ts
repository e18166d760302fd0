import { describe, expect, it } from 'vitest';
import * as fast from '../../src/core/kernels.js';
import * as ref from '../../src/core/kernels-reference.js';
import { RandomState } from '../../src/core/random.js';

const rng = new RandomState(7);

/** Values in [-1, 1), about `zeroFraction` of them exactly zero (as MNIST pixels mostly are). */
function randomArray(size: number, zeroFraction = 0): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = rng.randomSample() < zeroFraction ? 0 : 2 * rng.randomSample() - 1;
  }
  return out;
}

function expectClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    expect(Math.abs(actual[i] - expected[i]) / scale, `index ${i}`).toBeLessThanOrEqual(1e-12);
  }
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 1, 5],
  [5, 13, 3],
  [17, 31, 11],
  [100, 784, 50],
  [100, 50, 10],
];

describe('fast kernels equal their naive references', () => {
  for (const [m, k, n] of shapes) {
    for (const zeroFraction of [0, 0.81]) {
      const label = `(${m}, ${k}, ${n}), ${zeroFraction * 100}% zeros`;
      it(`matmul ${label}`, () => {
        const a = randomArray(m * k, zeroFraction);
        const b = randomArray(k * n);
        const expected = new Float64Array(m * n);
        const actual = new Float64Array(m * n).fill(NaN);
        ref.matmulReference(expected, a, b, m, k, n);
        fast.matmul(actual, a, b, m, k, n);
        expectClose(actual, expected);
      });
      it(`matmulTransA ${label}`, () => {
        const a = randomArray(k * m, zeroFraction);
        const b = randomArray(k * n);
        const expected = new Float64Array(m * n);
        const actual = new Float64Array(m * n).fill(NaN);
        ref.matmulTransAReference(expected, a, b, m, k, n);
        fast.matmulTransA(actual, a, b, m, k, n);
        expectClose(actual, expected);
      });
      it(`matmulTransB ${label}`, () => {
        const a = randomArray(m * k, zeroFraction);
        const b = randomArray(n * k);
        const expected = new Float64Array(m * n);
        const actual = new Float64Array(m * n).fill(NaN);
        ref.matmulTransBReference(expected, a, b, m, k, n);
        fast.matmulTransB(actual, a, b, m, k, n);
        expectClose(actual, expected);
      });
    }
    it(`addRowVector, sumRows and argmaxRows (${m}, ${n})`, () => {
      const a = randomArray(m * n);
      const bias = randomArray(n);
      const sumExpected = new Float64Array(m * n);
      const sumActual = new Float64Array(m * n);
      ref.addRowVectorReference(sumExpected, a, bias, m, n);
      fast.addRowVector(sumActual, a, bias, m, n);
      expectClose(sumActual, sumExpected);

      const colExpected = new Float64Array(n);
      const colActual = new Float64Array(n).fill(NaN);
      ref.sumRowsReference(colExpected, a, m, n);
      fast.sumRows(colActual, a, m, n);
      expectClose(colActual, colExpected);

      const argExpected = new Int32Array(m);
      const argActual = new Int32Array(m).fill(-1);
      ref.argmaxRowsReference(argExpected, a, m, n);
      fast.argmaxRows(argActual, a, m, n);
      expect(Array.from(argActual)).toEqual(Array.from(argExpected));
    });
  }

  it('argmaxRows takes the first of equal maxima, as numpy does', () => {
    const out = new Int32Array(2);
    fast.argmaxRows(out, Float64Array.from([1, 3, 3, 0, 2, 2, 2, 1]), 2, 4);
    expect(Array.from(out)).toEqual([1, 0]);
  });

  it('matmul of the identity returns its input (an independent check of the reference)', () => {
    const a = randomArray(12);
    const eye = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const out = new Float64Array(12);
    ref.matmulReference(out, a, eye, 4, 3, 3);
    expect(Array.from(out)).toEqual(Array.from(a));
  });
});
