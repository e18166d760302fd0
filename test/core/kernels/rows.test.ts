import { describe, expect, it } from 'vitest';
import {
  argmaxRows,
  crossEntropyRows,
  softmaxLossBackward,
  softmaxRows,
} from '../../../src/core/kernels/rows.js';
import { numpyFixture } from '../../fixtures/functions/fixture.js';

const { losses } = numpyFixture;

describe('row kernels', () => {
  it('argmaxRows takes the first of equal maxima, as numpy does', () => {
    const out = new Int32Array(2);
    argmaxRows(out, Float64Array.from([1, 3, 3, 0, 2, 2, 2, 1]), 2, 4);
    expect(Array.from(out)).toEqual([1, 0]);
  });

  it('softmaxRows matches numpy row by row and each row sums to 1', () => {
    const logits = Float64Array.from(losses.logits.flat());
    const out = new Float64Array(logits.length);
    softmaxRows(out, logits, 5, 10);
    out.forEach((v, i) =>
      expect(Math.abs(v - losses.softmax.flat()[i])).toBeLessThanOrEqual(4 * Number.EPSILON * v),
    );
    for (let r = 0; r < 5; r++) {
      expect(out.subarray(r * 10, r * 10 + 10).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    }
  });

  it('crossEntropyRows is the mean of -log(y[label] + delta)', () => {
    const y = Float64Array.of(0.7, 0.3, 0.25, 0.75);
    const expected = -(Math.log(0.7 + 1e-7) + Math.log(0.75 + 1e-7)) / 2;
    expect(crossEntropyRows(y, [0, 1], 2, 2, 1e-7)).toBe(expected);
  });

  it('softmaxLossBackward is the slope of cross-entropy after softmax (central differences)', () => {
    const scores = Float64Array.of(0.3, -1.2, 2.0, 0.5, 0.1, -0.4);
    const labels = [2, 0];
    const lossAt = (x: Float64Array) => {
      const y = new Float64Array(6);
      softmaxRows(y, x, 2, 3);
      return crossEntropyRows(y, labels, 2, 3, 0);
    };
    const y = new Float64Array(6);
    softmaxRows(y, scores, 2, 3);
    const dx = new Float64Array(6);
    softmaxLossBackward(dx, y, labels, 2, 3, 1);
    const h = 1e-5;
    scores.forEach((v, i) => {
      const plus = scores.slice();
      const minus = scores.slice();
      plus[i] = v + h;
      minus[i] = v - h;
      expect(dx[i]).toBeCloseTo((lossAt(plus) - lossAt(minus)) / (2 * h), 9);
    });
  });
});
