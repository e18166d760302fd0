// Sums in numpy's order. np.sum over a contiguous float64 array is a pairwise sum (numpy's
// pairwise_sum): up to 128 values in eight interleaved running sums, combined as
// ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)); longer runs split in two at a multiple of
// eight. Following it keeps a total bit-equal to the book's np.sum; a running sum differs in the
// last digits. Each kernel has a naive twin in reference/sums.ts.

import type { Floats } from '../floats.js';

/** numpy's block size: runs longer than this are halved. */
const BLOCK = 128;

// One block's squares at a time, as numpy's a ** 2 would hold them.
const squares = new Float64Array(BLOCK);

// a: (count) from start -> np.sum(a[start : start + count])
export function pairwiseSum(a: ArrayLike<number>, start = 0, count = a.length - start): number {
  if (count > BLOCK) {
    const half = firstHalf(count);
    return pairwiseSum(a, start, half) + pairwiseSum(a, start + half, count - half);
  }
  return blockSum(a, start, count);
}

// a: (length) -> np.sum(a ** 2), the squares summed in the same blocks without a full temporary
export function sumOfSquares(a: Floats, length: number): number {
  return pairwiseSquares(a, 0, length);
}

function pairwiseSquares(a: Floats, start: number, count: number): number {
  if (count > BLOCK) {
    const half = firstHalf(count);
    return pairwiseSquares(a, start, half) + pairwiseSquares(a, start + half, count - half);
  }
  for (let i = 0; i < count; i++) squares[i] = a[start + i] * a[start + i];
  return blockSum(squares, 0, count);
}

// Halve, keeping the first half a multiple of eight.
function firstHalf(count: number): number {
  const half = Math.floor(count / 2);
  return half - (half % 8);
}

// a: (count <= 128) from start -> its sum: left to right under eight, else in eight lanes
function blockSum(a: ArrayLike<number>, start: number, count: number): number {
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += a[start + i];
    return sum;
  }
  let r0 = a[start];
  let r1 = a[start + 1];
  let r2 = a[start + 2];
  let r3 = a[start + 3];
  let r4 = a[start + 4];
  let r5 = a[start + 5];
  let r6 = a[start + 6];
  let r7 = a[start + 7];
  const blockEnd = start + count - (count % 8);
  let i = start + 8;
  for (; i < blockEnd; i += 8) {
    r0 += a[i];
    r1 += a[i + 1];
    r2 += a[i + 2];
    r3 += a[i + 3];
    r4 += a[i + 4];
    r5 += a[i + 5];
    r6 += a[i + 6];
    r7 += a[i + 7];
  }
  let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < start + count; i++) sum += a[i];
  return sum;
}
