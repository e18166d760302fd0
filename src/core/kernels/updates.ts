// Parameter updates: the step an optimizer takes once the gradient is known (book 4.5, 6.1).
// Each naive twin is in reference/updates.ts; tests hold the two equal.

import type { Floats } from '../floats.js';

// param: (length) -= lr * grad; grad: (length) (numpy's params[key] -= lr * grads[key])
export function sgdStep(param: Floats, grad: Floats, learningRate: number, length: number): void {
  for (let i = 0; i < length; i++) param[i] -= learningRate * grad[i];
}
