// The specification the chapter-6 kernels of every backend meet (batch normalization, dropout's
// mask, the scaled sums, the optimizers' updates, the cross-entropy's total): at float64 each
// equals its naive reference bit for bit — the references do the book's numpy operations in the
// same order, so any backend that does too agrees to the last bit. At float32 each follows the
// float64 reference within float32 rounding: about 2^-24 per operation, a few dozen operations
// deep in the batch-norm backward pass, whose last step subtracts two sums of a batch's terms
// (so its error is measured against the size of those sums, not of the difference).

import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/core/backend.js';
import type { Floats } from '../../../src/core/floats.js';
import * as dropout from '../../../src/core/kernels/reference/dropout.js';
import * as normalization from '../../../src/core/kernels/reference/normalization.js';
import * as optimizerUpdates from '../../../src/core/kernels/reference/optimizer-updates.js';
import * as scaling from '../../../src/core/kernels/reference/scaling.js';
import { RandomState } from '../../../src/core/random.js';
import { sameBits } from '../../fixtures/ch6/fixture.js';
import { randomArray, type Precision } from './cases.js';

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 6],
  [3, 5],
  [7, 13],
  [17, 27],
  [100, 100],
];

export function describeChapter6Kernels(
  title: string,
  backendOf: () => Backend,
  precision: Precision,
): void {
  const isSingle = precision === 'f32';

  /** A buffer of the backend's own (so its fast kernels run) holding values. */
  function place(values: ArrayLike<number>): Floats {
    const backend = backendOf();
    const out = isSingle ? backend.allocateFloat32(values.length) : backend.allocate(values.length);
    out.set(values);
    return out;
  }
  const seen = (x: Floats): Float64Array => Float64Array.from(x);

  /** Bit for bit at float64; at float32 within `ulps` float32 rounding steps of `magnitude`. */
  function expectMatch(actual: Floats, expected: Float64Array, magnitude = 1, ulps = 8): void {
    if (!isSingle) {
      // One assertion over every value: toEqual on arrays of 10 000 took seconds a file.
      expect(sameBits(actual, expected)).toEqual([]);
      return;
    }
    for (let i = 0; i < expected.length; i++) {
      const scale = Math.max(magnitude, Math.abs(expected[i]));
      const error = Math.abs(actual[i] - expected[i]);
      if (!(error <= ulps * 2 ** -24 * scale)) {
        expect.fail(`index ${i}: ${actual[i]} vs ${expected[i]} (${error / scale} of ${scale})`);
      }
    }
  }

  describe(title, () => {
    for (const [rows, cols] of SHAPES) {
      const size = rows * cols;
      const label = `(${rows}, ${cols})`;

      it(`batch normalization, training and test forward and backward ${label}`, () => {
        const backend = backendOf();
        // An affine layer's output: values of various sizes around an offset per column.
        const x = place(randomArray(size).map((v, i) => 3 * v + (i % cols) - 1));
        const gamma = place(randomArray(cols).map((v) => 1 + v));
        const beta = place(randomArray(cols));
        const [mean, variance, std] = [0, 1, 2].map(() => place(new Float64Array(cols)));
        backend.columnMeanVariance(mean, variance, x, rows, cols);
        const [meanRef, varianceRef, stdRef] = [0, 1, 2].map(() => new Float64Array(cols));
        normalization.columnMeanVarianceReference(meanRef, varianceRef, seen(x), rows, cols);
        expectMatch(mean, meanRef, 4, 4 * rows);
        expectMatch(variance, varianceRef, 4, 16 * rows);
        backend.standardDeviation(std, variance, 10e-7, cols);
        normalization.standardDeviationReference(stdRef, seen(variance), 10e-7, cols);
        expectMatch(std, stdRef);

        const outs = () => [0, 1, 2].map(() => place(new Float64Array(size).fill(NaN)));
        const refs = () => [0, 1, 2].map(() => new Float64Array(size));
        const [out, xc, xn] = outs();
        const [outRef, xcRef, xnRef] = refs();
        const args = [mean, std, gamma, beta] as const;
        backend.batchNormTrainForward(out, xc, xn, x, ...args, rows, cols);
        const seenArgs = [seen(mean), seen(std), seen(gamma), seen(beta)] as const;
        normalization.batchNormTrainForwardReference(
          outRef,
          xcRef,
          xnRef,
          seen(x),
          ...seenArgs,
          rows,
          cols,
        );
        expectMatch(xc, xcRef, 4);
        expectMatch(xn, xnRef, 4);
        expectMatch(out, outRef, 8);
        const testOut = place(new Float64Array(size).fill(NaN));
        backend.batchNormTestForward(testOut, x, ...args, rows, cols);
        const testRef = new Float64Array(size);
        normalization.batchNormTestForwardReference(testRef, seen(x), ...seenArgs, rows, cols);
        expectMatch(testOut, testRef, 8);

        const dout = place(randomArray(size));
        const dx = place(new Float64Array(size).fill(NaN));
        const grads = [0, 1, 2, 3].map(() => place(new Float64Array(cols).fill(NaN)));
        const [dgamma, dbeta, dvar, dmu] = grads;
        backend.batchNormBackward(
          dx,
          dgamma,
          dbeta,
          dvar,
          dmu,
          dout,
          xc,
          xn,
          std,
          gamma,
          rows,
          cols,
        );
        const dxRef = new Float64Array(size);
        const gradRefs = [0, 1, 2, 3].map(() => new Float64Array(cols));
        const [dgammaRef, dbetaRef, dvarRef, dmuRef] = gradRefs;
        normalization.batchNormBackwardReference(
          dxRef,
          dgammaRef,
          dbetaRef,
          dvarRef,
          dmuRef,
          seen(dout),
          seen(xc),
          seen(xn),
          seen(std),
          seen(gamma),
          rows,
          cols,
        );
        // Sums over the batch of terms up to ~4/std each: their size bounds the rounding.
        const sums = 4 * rows * Math.max(...Array.from(std, (s) => 1 / s));
        expectMatch(dbeta, dbetaRef, rows, 4 * rows);
        expectMatch(dgamma, dgammaRef, 4 * rows, 4 * rows);
        expectMatch(dvar, dvarRef, sums, 8 * rows);
        expectMatch(dmu, dmuRef, sums, 16 * rows);
        expectMatch(dx, dxRef, sums, 16 * rows);
      });

      it(`runningAverage, dropout's mask and its application, scale and addScaled ${label}`, () => {
        const backend = backendOf();
        const running = place(randomArray(cols));
        const value = place(randomArray(cols));
        const runningRef = seen(running);
        backend.runningAverage(running, value, 0.9, cols);
        normalization.runningAverageReference(runningRef, seen(value), 0.9, cols);
        expectMatch(running, runningRef);

        const uniform = place(new RandomState(size).rand(size));
        const mask = place(new Float64Array(size).fill(NaN));
        backend.dropoutMask(mask, uniform, 0.3, size);
        const maskRef = new Float64Array(size);
        dropout.dropoutMaskReference(maskRef, seen(uniform), 0.3, size);
        expect(sameBits(mask, maskRef)).toEqual([]);
        const x = place(randomArray(size, 0.2));
        const masked = place(new Float64Array(size).fill(NaN));
        backend.applyMask(masked, x, mask, size);
        const maskedRef = new Float64Array(size);
        dropout.applyMaskReference(maskedRef, seen(x), maskRef, size);
        // Exact at either precision: a product by 1 or 0 rounds nothing.
        expect(sameBits(masked, maskedRef)).toEqual([]);

        const scaled = place(new Float64Array(size).fill(NaN));
        backend.scale(scaled, x, 1 - 0.3, size);
        const scaledRef = new Float64Array(size);
        scaling.scaleReference(scaledRef, seen(x), 1 - 0.3, size);
        expectMatch(scaled, scaledRef, 0, 2);
        const W = place(randomArray(size));
        const sum = place(new Float64Array(size).fill(NaN));
        backend.addScaled(sum, x, W, 0.1, size);
        const sumRef = new Float64Array(size);
        scaling.addScaledReference(sumRef, seen(x), seen(W), 0.1, size);
        expectMatch(sum, sumRef, 1, 4);
      });

      it(`the optimizers' updates, ten steps ${label}`, () => {
        const backend = backendOf();
        const rules: [
          string,
          number,
          (p: Floats, s: Floats[], g: Floats, t: number) => void,
          (p: Float64Array, s: Float64Array[], g: Float64Array, t: number) => void,
        ][] = [
          [
            'momentum',
            1,
            (p, [v], g) => backend.momentumUpdate(p, v, g, 0.01, 0.9, size),
            (p, [v], g) => optimizerUpdates.momentumUpdateReference(p, v, g, 0.01, 0.9, size),
          ],
          [
            'nesterov',
            1,
            (p, [v], g) => backend.nesterovUpdate(p, v, g, 0.01, 0.9, size),
            (p, [v], g) => optimizerUpdates.nesterovUpdateReference(p, v, g, 0.01, 0.9, size),
          ],
          [
            'adaGrad',
            1,
            (p, [h], g) => backend.adaGradUpdate(p, h, g, 0.01, size),
            (p, [h], g) => optimizerUpdates.adaGradUpdateReference(p, h, g, 0.01, size),
          ],
          [
            'rmsprop',
            1,
            (p, [h], g) => backend.rmspropUpdate(p, h, g, 0.01, 0.99, size),
            (p, [h], g) => optimizerUpdates.rmspropUpdateReference(p, h, g, 0.01, 0.99, size),
          ],
          [
            'adam',
            2,
            (p, [m, v], g, t) => backend.adamUpdate(p, m, v, g, lrT(t), 0.9, 0.999, size),
            (p, [m, v], g, t) =>
              optimizerUpdates.adamUpdateReference(p, m, v, g, lrT(t), 0.9, 0.999, size),
          ],
        ];
        for (const [name, states, update, reference] of rules) {
          const param = place(randomArray(size));
          const state = Array.from({ length: states }, () => place(new Float64Array(size)));
          for (let t = 1; t <= 10; t++) {
            const grad = place(randomArray(size, 0.1));
            const paramRef = seen(param);
            const stateRef = state.map(seen);
            // The state's new value sums terms as large as its old one and lr·grad (0.01), which
            // may cancel: its rounding is measured against them.
            const terms = stateRef.map((s) => Math.max(largest(s), 0.01));
            update(param, state, grad, t);
            reference(paramRef, stateRef, seen(grad), t);
            // One step from the same start at either precision: each within a step's rounding.
            expectMatch(param, paramRef, 1, 4);
            state.forEach((s, k) => expectMatch(s, stateRef[k], terms[k], 8));
          }
          expect(param.every(Number.isFinite), name).toBe(true);
        }
      });
    }
  });
}

const largest = (x: Float64Array) => x.reduce((max, v) => Math.max(max, Math.abs(v)), 0);

/** Adam's bias-corrected rate at step t, with the book's defaults. */
const lrT = (t: number) => (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
