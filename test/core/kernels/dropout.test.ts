import { describe, expect, it } from 'vitest';
import { applyMask, dropoutMask } from '../../../src/core/kernels/dropout.js';
import {
  applyMaskReference,
  dropoutMaskReference,
} from '../../../src/core/kernels/reference/dropout.js';
import { RandomState } from '../../../src/core/random.js';
import { randomArray } from './cases.js';

describe('dropout kernels equal their naive twins bit for bit', () => {
  for (const length of [1, 7, 100, 5000]) {
    it(`dropoutMask and applyMask over ${length} values`, () => {
      const uniform = new RandomState(length).rand(length);
      const x = randomArray(length, 0.2);
      for (const ratio of [0, 0.15, 0.5, 0.999]) {
        const fast = new Float64Array(length).fill(NaN);
        const naive = new Float64Array(length).fill(NaN);
        dropoutMask(fast, uniform, ratio, length);
        dropoutMaskReference(naive, uniform, ratio, length);
        expect(Array.from(fast)).toEqual(Array.from(naive));
        const out = new Float64Array(length);
        const expected = new Float64Array(length);
        applyMask(out, x, fast, length);
        applyMaskReference(expected, x, naive, length);
        expect(Array.from(out)).toEqual(Array.from(expected));
      }
    });
  }

  it('keeps a value exactly when its draw is above the ratio, and drops it to a signed zero', () => {
    const mask = new Float64Array(4);
    dropoutMask(mask, Float64Array.from([0.5, 0.50000001, 0.2, 0.9]), 0.5, 4);
    expect(Array.from(mask)).toEqual([0, 1, 0, 1]);
    const out = new Float64Array(4);
    applyMask(out, Float64Array.from([-2, -3, 4, 5]), mask, 4);
    expect(Array.from(out)).toEqual([-0, -3, 0, 5]);
  });
});
