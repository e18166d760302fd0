import { describe, expect, it } from 'vitest';
import { lookUpBytes } from '../../../src/core/kernels/lookup.js';
import { lookUpBytesReference } from '../../../src/core/kernels/reference/lookup.js';
import { RandomState } from '../../../src/core/random.js';

/** 256 distinct values, none of them a byte's own value, so a missed lookup shows. */
const TABLE = Float64Array.from({ length: 256 }, (_, x) => -1 - x / 7);

function randomBytes(length: number, seed: number): Uint8Array {
  return Uint8Array.from(new RandomState(seed).randint(0, 256, length));
}

describe('lookUpBytes', () => {
  it('gives the naive lookup at every alignment of source and target, and every tail', () => {
    const bytes = randomBytes(64, 1);
    for (let start = 0; start < 8; start++) {
      for (let length = 0; length <= 17; length++) {
        for (const at of [0, 3]) {
          const fast = new Float64Array(24).fill(Number.NaN);
          const naive = new Float64Array(24).fill(Number.NaN);
          lookUpBytes(fast, at, bytes, start, length, TABLE);
          lookUpBytesReference(naive, at, bytes, start, length, TABLE);
          expect(fast).toEqual(naive);
        }
      }
    }
  });

  it('reads a view that starts inside its buffer from the view, not the buffer', () => {
    const whole = randomBytes(800, 2);
    for (const offset of [1, 4, 16]) {
      const view = whole.subarray(offset);
      const fast = new Float32Array(784);
      const naive = new Float32Array(784);
      lookUpBytes(fast, 0, view, 0, 784, TABLE);
      lookUpBytesReference(naive, 0, view, 0, 784, TABLE);
      expect(fast).toEqual(naive);
    }
  });
});
