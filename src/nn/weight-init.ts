// Initial weights (book 6.2; __init_weight of common/multi_layer_net.py): W(idx) = scale · randn
// of shape (n(idx-1), n(idx)), drawn from W1 up, with biases at zero. The scale is a number, or
// one fitted to the n units feeding the layer so that activations keep their spread: He's √(2/n)
// for ReLU, Xavier's √(1/n) for sigmoid.

import { scale } from '../core/kernels/scaling.js';
import { Matrix } from '../core/matrix.js';
import type { RandomState } from '../core/random.js';

/** A standard deviation, or the name of a scale for the previous layer's n units. */
export type WeightInitStd = number | 'relu' | 'he' | 'sigmoid' | 'xavier';

/** The standard deviation of a layer's initial weights when n units feed it. */
export function weightScale(weightInitStd: WeightInitStd, n: number): number {
  if (typeof weightInitStd === 'number') {
    if (!Number.isFinite(weightInitStd)) {
      throw new RangeError(`weight init std must be finite, got ${weightInitStd}`);
    }
    return weightInitStd;
  }
  switch (weightInitStd) {
    case 'relu':
    case 'he':
      return Math.sqrt(2.0 / n);
    case 'sigmoid':
    case 'xavier':
      return Math.sqrt(1.0 / n);
  }
  throw new RangeError(`weight init std must be a number, relu, he, sigmoid or xavier`);
}

/**
 * W1, b1, W2, b2, ... for layers of allSizeList units (input first, output last), in buffers
 * from `allocate`, the weights drawn from random in the book's order.
 */
export function initWeights(
  allSizeList: readonly number[],
  weightInitStd: WeightInitStd,
  random: RandomState,
  allocate: (rows: number, cols: number) => Matrix,
): Record<string, Matrix> {
  const params: Record<string, Matrix> = {};
  for (let idx = 1; idx < allSizeList.length; idx++) {
    const [prev, next] = [allSizeList[idx - 1], allSizeList[idx]];
    const W = allocate(prev, next);
    scale(W.data, random.randn(W.size), weightScale(weightInitStd, prev), W.size);
    params[`W${idx}`] = W;
    params[`b${idx}`] = allocate(1, next);
  }
  return params;
}
