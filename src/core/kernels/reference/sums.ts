// Naive twins of sums.ts: numpy's pairwise summation written for reading, one lane at a time.

import type { Floats } from '../../floats.js';

// a: (count) from start -> np.sum(a[start : start + count])
export function pairwiseSumReference(
  a: ArrayLike<number>,
  start = 0,
  count = a.length - start,
): number {
  if (count > 128) {
    // Halve, keeping the first half a multiple of eight.
    const half = Math.floor(count / 2 / 8) * 8;
    return (
      pairwiseSumReference(a, start, half) + pairwiseSumReference(a, start + half, count - half)
    );
  }
  if (count < 8) {
    let sum = 0;
    for (let i = start; i < start + count; i++) sum += a[i];
    return sum;
  }
  // Lane j sums elements j, j + 8, j + 16, ... of the whole groups of eight.
  const groups = Math.floor(count / 8);
  const lanes = new Float64Array(8);
  for (let j = 0; j < 8; j++) {
    lanes[j] = a[start + j];
    for (let g = 1; g < groups; g++) lanes[j] += a[start + 8 * g + j];
  }
  let sum =
    lanes[0] + lanes[1] + (lanes[2] + lanes[3]) + (lanes[4] + lanes[5] + (lanes[6] + lanes[7]));
  for (let i = start + 8 * groups; i < start + count; i++) sum += a[i];
  return sum;
}

// a: (length) -> np.sum(a ** 2): the squares first, as numpy makes them, then their sum
export function sumOfSquaresReference(a: Floats, length: number): number {
  const squares = new Float64Array(length);
  for (let i = 0; i < length; i++) squares[i] = a[i] * a[i];
  return pairwiseSumReference(squares);
}
