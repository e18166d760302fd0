// book 4.4.2: simpleNet, one 2×3 weight layer, softmax and cross-entropy; the gradient of the
// loss with respect to W by numericalGradient.

import { RandomState } from '../core/random.js';
import { Matrix } from '../core/matrix.js';
import { matmul } from '../core/kernels/products.js';
import { crossEntropyError, softmax } from '../nn/functions.js';
import { numericalGradient } from '../nn/numerical.js';

/** The weights printed in the book (its run of np.random.randn(2, 3), unseeded). */
export const BOOK_SIMPLENET_W = [
  [0.47355232, 0.9977393, 0.84668094],
  [0.85557411, 0.03563661, 0.69422093],
];

export interface SimpleNetDemo {
  /** the seed W was drawn with, or null for the book's printed W */
  seed: number | null;
  W: number[][];
  x: number[];
  t: number[];
  p: number[];
  argmax: number;
  loss: number;
  dW: number[][];
}

export function simpleNetDemo(seed?: number): SimpleNetDemo {
  const W =
    seed === undefined
      ? Matrix.fromArrays(BOOK_SIMPLENET_W)
      : new Matrix(2, 3, new RandomState(seed).randn(6));
  const x = Matrix.rowVector([0.6, 0.9]);
  const t = [0, 0, 1];
  const predict = (): Matrix => {
    const p = new Matrix(1, 3);
    matmul(p.data, x.data, W.data, 1, 2, 3);
    return p;
  };
  // the book's f = lambda w: net.loss(x, t): it ignores its argument and reads net.W, which
  // numericalGradient perturbs in place
  const loss = (): number => crossEntropyError(softmax(predict()), t);
  const p = predict();
  const scores = Array.from(p.data);
  return {
    seed: seed ?? null,
    W: W.toArrays(),
    x: Array.from(x.data),
    t,
    p: scores,
    argmax: scores.indexOf(Math.max(...scores)),
    loss: loss(),
    dW: numericalGradient(loss, W).toArrays(),
  };
}
