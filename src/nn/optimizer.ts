// Stochastic gradient descent (book 4.5.2, class SGD of 6.1.2): W <- W - lr · ∂L/∂W for every
// parameter. Parameters are updated in place, so layers sharing them see the new values.

import { jsBackend, type Backend } from '../core/backend.js';
import type { Matrix } from '../core/matrix.js';

export class SGD {
  /** backend: whose kernel takes the step (the network's, so that it runs where the weights are). */
  constructor(
    readonly learningRate = 0.01,
    private readonly backend: Backend = jsBackend,
  ) {
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
      // params[key] -= lr * grads[key]
      this.backend.sgdStep(param.data, grad.data, this.learningRate, param.size);
    }
  }
}
