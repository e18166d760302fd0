// Naive twins of scaling.ts, written as numpy evaluates the expressions: the scaled array first,
// then the sum.

import type { Floats } from '../../floats.js';

// a: (length) -> out: (length) = factor * a
export function scaleReference(out: Floats, a: Floats, factor: number, length: number): void {
  const scaled = Float64Array.from(a.subarray(0, length), (v) => factor * v);
  out.set(scaled);
}

// a, b: (length) -> out: (length) = a + factor * b
export function addScaledReference(
  out: Floats,
  a: Floats,
  b: Floats,
  factor: number,
  length: number,
): void {
  const scaled = new Float64Array(length);
  scaleReference(scaled, b, factor, length);
  for (let i = 0; i < length; i++) out[i] = a[i] + scaled[i];
}
