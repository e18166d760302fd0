// Naive twins of ../elementwise.ts: each activation as a function of one number, and its
// derivative written from that definition.

import type { Floats } from '../../floats.js';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

// out: (length) = sigmoid(a); a: (length)
export function sigmoidForwardReference(out: Floats, a: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = sigmoid(a[i]);
}

// dx: (length) = dout · sigmoid'(x), where sigmoid'(x) = (1 - y) · y for y = sigmoid(x)
export function sigmoidBackwardReference(
  dx: Floats,
  dout: Floats,
  y: Floats,
  length: number,
): void {
  for (let i = 0; i < length; i++) {
    const slope = (1 - y[i]) * y[i];
    dx[i] = dout[i] * slope;
  }
}

// out: (length) = max(a, 0); a: (length)
export function reluForwardReference(out: Floats, a: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = Math.max(a[i], 0);
}

// dx: (length) = dout · relu'(x), where relu'(x) is 1 for x > 0 (that is, y > 0) and 0 elsewhere
export function reluBackwardReference(dx: Floats, dout: Floats, y: Floats, length: number): void {
  for (let i = 0; i < length; i++) {
    const slope = y[i] > 0 ? 1 : 0;
    dx[i] = dout[i] * slope;
  }
}
