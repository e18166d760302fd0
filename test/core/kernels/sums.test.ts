import { describe, expect, it } from 'vitest';
import { pairwiseSum, sumOfSquares } from '../../../src/core/kernels/sums.js';
import {
  pairwiseSumReference,
  sumOfSquaresReference,
} from '../../../src/core/kernels/reference/sums.js';
import { randomArray } from './cases.js';

// Lengths on both sides of every branch: under 8, one block of 8..128, and halvings whose first
// half is rounded down to a multiple of 8.
const LENGTHS = [0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 136, 255, 257, 1000, 78400];

describe('sums in numpy order equal their naive twins bit for bit', () => {
  for (const length of LENGTHS) {
    it(`pairwiseSum and sumOfSquares of ${length} values`, () => {
      const a = randomArray(length + 3).map((v) => v * 1e3);
      expect(pairwiseSum(a, 0, length)).toBe(pairwiseSumReference(a, 0, length));
      expect(pairwiseSum(a, 3, length)).toBe(pairwiseSumReference(a, 3, length));
      expect(sumOfSquares(a, length)).toBe(sumOfSquaresReference(a, length));
    });
  }

  it('sum in an order that really differs from a running sum', () => {
    // A large square then small ones: a running sum drops every small one (1e16 + 1 rounds back
    // to 1e16), eight lanes add them among themselves first. Fixed, so no draw order matters.
    const a = Float64Array.from({ length: 16 }, (_, i) => (i === 0 ? 1e8 : 1));
    let running = 0;
    for (const v of a) running += v * v;
    expect(sumOfSquares(a, a.length)).not.toBe(running);
  });
});
