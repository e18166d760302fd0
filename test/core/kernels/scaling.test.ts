import { describe, expect, it } from 'vitest';
import { addScaled, scale } from '../../../src/core/kernels/scaling.js';
import { addScaledReference, scaleReference } from '../../../src/core/kernels/reference/scaling.js';
import { randomArray } from './cases.js';

describe('scaling kernels equal their naive twins bit for bit', () => {
  for (const length of [1, 5, 64, 1001]) {
    it(`scale and addScaled over ${length} values, some of them zeros of either sign`, () => {
      const a = randomArray(length, 0.3);
      const b = randomArray(length, 0.3);
      for (const factor of [0.01, Math.sqrt(2 / 784), 0.5, 0, -3]) {
        const fast = new Float64Array(length).fill(NaN);
        const naive = new Float64Array(length).fill(NaN);
        scale(fast, a, factor, length);
        scaleReference(naive, a, factor, length);
        expect(Array.from(fast)).toEqual(Array.from(naive));
        addScaled(fast, a, b, factor, length);
        addScaledReference(naive, a, b, factor, length);
        expect(Array.from(fast)).toEqual(Array.from(naive));
      }
    });
  }

  it('works in place (out may be a)', () => {
    const a = randomArray(9);
    const expected = new Float64Array(9);
    scaleReference(expected, a, 0.25, 9);
    scale(a, a, 0.25, 9);
    expect(Array.from(a)).toEqual(Array.from(expected));
  });
});
