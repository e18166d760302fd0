import { describe, expect, it } from 'vitest';
import * as fast from '../../../src/core/kernels/normalization.js';
import * as naive from '../../../src/core/kernels/reference/normalization.js';
import { randomArray } from './cases.js';

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 6],
  [2, 1],
  [5, 3],
  [16, 13],
  [100, 50],
];

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expect(Array.from(a)).toEqual(Array.from(b));

describe('batch-normalization kernels equal their naive twins bit for bit', () => {
  for (const [rows, cols] of SHAPES) {
    const size = rows * cols;
    const label = `(${rows}, ${cols})`;
    // An affine layer's output: values of various sizes around an offset per column.
    const x = randomArray(size).map((v, i) => 3 * v + (i % cols) - 1);
    const gamma = randomArray(cols).map((v) => 1 + v);
    const beta = randomArray(cols);

    it(`columnMeanVariance and standardDeviation ${label}`, () => {
      const [mean, variance, std] = [0, 1, 2].map(() => new Float64Array(cols).fill(NaN));
      const [meanRef, varianceRef, stdRef] = [0, 1, 2].map(() => new Float64Array(cols));
      fast.columnMeanVariance(mean, variance, x, rows, cols);
      naive.columnMeanVarianceReference(meanRef, varianceRef, x, rows, cols);
      same(mean, meanRef);
      same(variance, varianceRef);
      fast.standardDeviation(std, variance, 10e-7, cols);
      naive.standardDeviationReference(stdRef, varianceRef, 10e-7, cols);
      same(std, stdRef);
    });

    it(`runningAverage ${label}`, () => {
      const running = randomArray(cols);
      const runningRef = running.slice();
      const value = randomArray(cols);
      fast.runningAverage(running, value, 0.9, cols);
      naive.runningAverageReference(runningRef, value, 0.9, cols);
      same(running, runningRef);
    });

    it(`batchNormTrainForward, batchNormTestForward and batchNormBackward ${label}`, () => {
      const mean = new Float64Array(cols);
      const variance = new Float64Array(cols);
      const std = new Float64Array(cols);
      fast.columnMeanVariance(mean, variance, x, rows, cols);
      fast.standardDeviation(std, variance, 10e-7, cols);
      const buffers = () => [0, 1, 2].map(() => new Float64Array(size).fill(NaN));
      const [out, xc, xn] = buffers();
      const [outRef, xcRef, xnRef] = buffers();
      fast.batchNormTrainForward(out, xc, xn, x, mean, std, gamma, beta, rows, cols);
      naive.batchNormTrainForwardReference(
        outRef,
        xcRef,
        xnRef,
        x,
        mean,
        std,
        gamma,
        beta,
        rows,
        cols,
      );
      same(out, outRef);
      same(xc, xcRef);
      same(xn, xnRef);

      const [testOut, testOutRef] = buffers();
      fast.batchNormTestForward(testOut, x, mean, std, gamma, beta, rows, cols);
      naive.batchNormTestForwardReference(testOutRef, x, mean, std, gamma, beta, rows, cols);
      same(testOut, testOutRef);
      // With the batch's own statistics, test mode computes what training mode does.
      same(testOut, out);

      const dout = randomArray(size);
      const vectors = () => [0, 1, 2, 3].map(() => new Float64Array(cols).fill(NaN));
      const [dgamma, dbeta, dvar, dmu] = vectors();
      const [dgammaRef, dbetaRef, dvarRef, dmuRef] = vectors();
      const [dx, dxRef] = buffers();
      fast.batchNormBackward(dx, dgamma, dbeta, dvar, dmu, dout, xc, xn, std, gamma, rows, cols);
      naive.batchNormBackwardReference(
        dxRef,
        dgammaRef,
        dbetaRef,
        dvarRef,
        dmuRef,
        dout,
        xc,
        xn,
        std,
        gamma,
        rows,
        cols,
      );
      same(dx, dxRef);
      same(dgamma, dgammaRef);
      same(dbeta, dbetaRef);
      same(dvar, dvarRef);
      same(dmu, dmuRef);
    });
  }
});
