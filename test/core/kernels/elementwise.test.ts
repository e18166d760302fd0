import { describe, expect, it } from 'vitest';
import {
  reluBackward,
  reluForward,
  sigmoidBackward,
  sigmoidForward,
} from '../../../src/core/kernels/elementwise.js';
import { numpyFixture } from '../../fixtures/functions/fixture.js';

const { losses } = numpyFixture;

describe('elementwise kernels', () => {
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
});
