// Sums in numpy's order. np.sum over a contiguous float64 array is a pairwise sum (numpy's
// pairwise_sum): up to 128 values in eight interleaved running sums, combined as
// ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)); longer runs split in two at a multiple of
// eight. Following it keeps a total bit-equal to the book's np.sum; a running sum differs in the
// last digits. Each kernel has a naive twin in reference/sums.ts.

import type { Floats } from '../kernels.js';

/** numpy's block size: runs longer than this are halved. */
const BLOCK = 128;

// a: (count) from start -> np.sum(a[start : start + count])
export function pairwiseSum(a: ArrayLike<number>, start = 0, count = a.length - start): number {
  return pairwise(a, start, count, false);
}

// a: (length) -> np.sum(a ** 2), the squares summed pairwise without a temporary array
export function sumOfSquares(a: Floats, length: number): number {
  return pairwise(a, 0, length, true);
}

function pairwise(a: ArrayLike<number>, start: number, count: number, isSquared: boolean): number {
  if (count > BLOCK) {
    let half = Math.floor(count / 2);
    half -= half % 8;
    return pairwise(a, start, half, isSquared) + pairwise(a, start + half, count - half, isSquared);
  }
  const at = (i: number) => (isSquared ? a[i] * a[i] : a[i]);
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += at(start + i);
    return sum;
  }
  let r0 = at(start);
  let r1 = at(start + 1);
  let r2 = at(start + 2);
  let r3 = at(start + 3);
  let r4 = at(start + 4);
  let r5 = at(start + 5);
  let r6 = at(start + 6);
  let r7 = at(start + 7);
  const blockEnd = start + count - (count % 8);
  let i = start + 8;
  for (; i < blockEnd; i += 8) {
    r0 += at(i);
    r1 += at(i + 1);
    r2 += at(i + 2);
    r3 += at(i + 3);
    r4 += at(i + 4);
    r5 += at(i + 5);
    r6 += at(i + 6);
    r7 += at(i + 7);
  }
  let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < start + count; i++) sum += at(i);
  return sum;
}
