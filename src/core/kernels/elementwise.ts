// The activations and their backward passes, one element at a time (book 3.2, 5.5). Each
// mirrors the book's numpy expression operation for operation, so results agree with it to the
// last bit. The backward passes read the forward output y, which is all either one needs.
// Each naive twin is in reference/elementwise.ts; tests hold the two equal.

import type { Floats } from '../floats.js';

// out: (length) = 1 / (1 + exp(-a)); a: (length); out may be a
export function sigmoidForward(out: Floats, a: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = 1 / (1 + Math.exp(-a[i]));
}

// dx: (length) = dout * (1 - y) * y; dout, y: (length), y the forward output
export function sigmoidBackward(dx: Floats, dout: Floats, y: Floats, length: number): void {
  for (let i = 0; i < length; i++) dx[i] = dout[i] * (1 - y[i]) * y[i];
}

// out: (length) = max(a, 0); a: (length); out may be a
export function reluForward(out: Floats, a: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = a[i] > 0 ? a[i] : 0;
}

// dx: (length) = dout where y > 0, else 0; dout, y: (length), y the forward output
export function reluBackward(dx: Floats, dout: Floats, y: Floats, length: number): void {
  for (let i = 0; i < length; i++) dx[i] = y[i] > 0 ? dout[i] : 0;
}
