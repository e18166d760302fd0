import { describe, expect, it } from 'vitest';
import {
  crossEntropyRows,
  reluBackward,
  reluForward,
  sigmoidBackward,
  sigmoidForward,
  softmaxRows,
} from '../../src/core/activations.js';
import { numpyFixture } from '../fixtures/functions/fixture.js';

const { losses } = numpyFixture;

describe('activation kernels', () => {
  it('sigmoidForward agrees with numpy within 2 ulps and works in place', () => {
    const a = Float64Array.from(losses.activationsIn);
    sigmoidForward(a, a, a.length);
    a.forEach((v, i) =>
      expect(Math.abs(v - losses.sigmoid[i])).toBeLessThanOrEqual(2 * Number.EPSILON * v),
    );
  });
  it('sigmoidBackward is dout times the derivative y(1 - y)', () => {
    const x = [-2, 0, 0.5, 3];
    const y = Float64Array.from(x, (v) => 1 / (1 + Math.exp(-v)));
    const dx = new Float64Array(4);
    sigmoidBackward(dx, Float64Array.of(1, 2, 3, 4), y, 4);
    x.forEach((v, i) => {
      const h = 1e-6;
      const slope = (1 / (1 + Math.exp(-(v + h))) - 1 / (1 + Math.exp(-(v - h)))) / (2 * h);
      expect(dx[i]).toBeCloseTo((i + 1) * slope, 8);
    });
  });
  it('reluForward keeps positives and zeroes the rest; reluBackward passes dout where y > 0', () => {
    const out = new Float64Array(4);
    reluForward(out, Float64Array.of(-1, 0, 2, -0.5), 4);
    expect(Array.from(out)).toEqual([0, 0, 2, 0]);
    const dx = new Float64Array(4);
    reluBackward(dx, Float64Array.of(5, 6, 7, 8), out, 4);
    expect(Array.from(dx)).toEqual([0, 0, 7, 0]);
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
});
