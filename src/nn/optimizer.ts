// Stochastic gradient descent (book 4.5.2, class SGD of 6.1.2): W <- W - lr · ∂L/∂W for every
// parameter. Parameters are updated in place, so layers sharing them see the new values.

import type { Floats } from '../core/kernels.js';
import type { Matrix } from '../core/matrix.js';

// param, grad: (length) -> param = param - lr * grad, numpy's params[key] -= lr * grad[key]
export function sgdStep(param: Floats, grad: Floats, learningRate: number, length: number): void {
  for (let i = 0; i < length; i++) param[i] -= learningRate * grad[i];
}

export class SGD {
  constructor(readonly learningRate = 0.01) {
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
      throw new RangeError(`learning rate must be a positive number, got ${learningRate}`);
    }
  }

  update<K extends string>(params: Record<K, Matrix>, grads: Record<K, Matrix>): void {
    for (const key of Object.keys(params) as K[]) {
      const param = params[key];
      const grad = grads[key];
      if (grad.size !== param.size) {
        throw new RangeError(`gradient of ${key} has ${grad.size} values, expected ${param.size}`);
      }
      sgdStep(param.data, grad.data, this.learningRate, param.size);
    }
  }
}
