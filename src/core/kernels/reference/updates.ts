// Naive twin of ../updates.ts.

import type { Floats } from '../../floats.js';

// param: (length) = param - lr * grad; grad: (length)
export function sgdStepReference(
  param: Floats,
  grad: Floats,
  learningRate: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) param[i] = param[i] - learningRate * grad[i];
}
