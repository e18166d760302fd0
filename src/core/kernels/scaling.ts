// Scaled copies and sums, elementwise: the weight initialisation (scale · randn), Dropout at test
// time (x · (1 - ratio)) and the weight-decay gradient (dW + λ·W). Each has a naive twin in
// reference/scaling.ts. Shapes are flat; outputs first, then inputs, then sizes.

import type { Floats } from '../floats.js';

// a: (length) -> out: (length) = factor * a; out may be a
export function scale(out: Floats, a: Floats, factor: number, length: number): void {
  for (let i = 0; i < length; i++) out[i] = factor * a[i];
}

// a, b: (length) -> out: (length) = a + factor * b; out may be a
export function addScaled(out: Floats, a: Floats, b: Floats, factor: number, length: number): void {
  for (let i = 0; i < length; i++) out[i] = a[i] + factor * b[i];
}
