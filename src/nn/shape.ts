// What a network is, apart from its values: the size of each layer and the activation between
// them, and its parameters by the book's names. TwoLayerNet is [784, 50, 10]; chapter 6's
// MultiLayerNet(hidden_size_list=[100, 100]) would be [784, 100, 100, 10] under the same types.

import type { Matrix } from '../core/matrix.js';

export type Activation = 'sigmoid' | 'relu';
export const ACTIVATIONS: readonly Activation[] = ['sigmoid', 'relu'];

/** A fully connected network: its layer sizes from the input to the output, and its activation. */
export interface NetworkShape {
  readonly layerSizes: readonly number[];
  readonly activation: Activation;
}

/** The book's parameter names: W1, b1, W2, b2, … a weight matrix and a bias for each layer. */
export type ParamName = `W${number}` | `b${number}`;

/**
 * Parameters by name, as the book's params dict holds them: matrices in a network, flat
 * row-major arrays on the fast path (Params<Floats>). W{l}: (sizes[l-1], sizes[l]), b{l}: (sizes[l]).
 */
export type Params<Value = Matrix> = Record<ParamName, Value>;

/** The book's grads dict: a gradient for each parameter, under the parameter's name. */
export type Gradients<Value = Matrix> = Params<Value>;

/** Each parameter's (rows, cols), in the book's order W1, b1, W2, b2, …; a bias is one row. */
export function paramShapes(shape: NetworkShape): [ParamName, [number, number]][] {
  const sizes = shape.layerSizes;
  return sizes.slice(1).flatMap((size, l): [ParamName, [number, number]][] => [
    [`W${l + 1}`, [sizes[l], size]],
    [`b${l + 1}`, [1, size]],
  ]);
}
