// Naive twins of dropout.ts: the mask as numpy's boolean array, then x * mask with the boolean
// read as 1.0 or 0.0.

import type { Floats } from '../../floats.js';

// uniform: (length) -> mask: (length) = uniform > dropoutRatio
export function dropoutMaskReference(
  mask: Floats,
  uniform: Floats,
  dropoutRatio: number,
  length: number,
): void {
  const kept = Array.from(uniform.subarray(0, length), (u) => u > dropoutRatio);
  kept.forEach((isKept, i) => (mask[i] = Number(isKept)));
}

// a, mask: (length) -> out: (length) = a * mask
export function applyMaskReference(out: Floats, a: Floats, mask: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = mask[i] === 1 ? a[i] * 1 : a[i] * 0;
}
