// The evaluation pass over sparse MNIST rows: the network's forward pass (Affine1, activation,
// Affine2, argmax) written with backend kernels, so that a worker thread runs it without a
// TwoLayerNet. The input product visits only the stored non-zeros, in the order the dense
// kernels use, so the scores equal TwoLayerNet.forwardScores on the same images bit for bit.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import type { NetworkShape, Params } from '../nn/shape.js';

export const FORWARD_CHUNK_ROWS = 500;

/** [input, hidden, output]: the fast path runs networks of one hidden layer so far. */
export function twoLayerSizes(shape: NetworkShape): [number, number, number] {
  const sizes = shape.layerSizes;
  if (sizes.length !== 3) {
    throw new RangeError(
      `the fast path runs networks of one hidden layer, not layers [${sizes.join(', ')}]`,
    );
  }
  return [sizes[0], sizes[1], sizes[2]];
}

/** Buffers for one chunk of rows, and the parameters, in the backend's memory. */
export class SparseForward {
  readonly params: Params<Floats>;
  private readonly hidden: Floats;
  private readonly scores: Floats;
  private readonly predicted = new Int32Array(FORWARD_CHUNK_ROWS);
  private readonly rowIndices = new Int32Array(FORWARD_CHUNK_ROWS);

  constructor(
    private readonly backend: Backend,
    private readonly shape: NetworkShape,
    allocate: (length: number) => Floats,
  ) {
    const [inputSize, hiddenSize, outputSize] = twoLayerSizes(shape);
    this.params = {
      W1: allocate(inputSize * hiddenSize),
      b1: allocate(hiddenSize),
      W2: allocate(hiddenSize * outputSize),
      b2: allocate(outputSize),
    };
    this.hidden = allocate(FORWARD_CHUNK_ROWS * hiddenSize);
    this.scores = allocate(FORWARD_CHUNK_ROWS * outputSize);
  }

  /** Copies parameter values in (rounding them when this pass runs in float32). */
  load(values: Params<Floats>): void {
    this.params.W1.set(values.W1);
    this.params.b1.set(values.b1);
    this.params.W2.set(values.W2);
    this.params.b2.set(values.b2);
  }

  // rows [first, first + count), labels: (count) -> how many the network classifies correctly
  countCorrect(rows: SparseRows, labels: ArrayLike<number>, first: number, count: number): number {
    const { backend, hidden, scores, predicted, rowIndices } = this;
    const { W1, b1, W2, b2 } = this.params;
    const [, hiddenSize, outputSize] = twoLayerSizes(this.shape);
    let correct = 0;
    for (let start = 0; start < count; start += FORWARD_CHUNK_ROWS) {
      const m = Math.min(FORWARD_CHUNK_ROWS, count - start);
      for (let i = 0; i < m; i++) rowIndices[i] = first + start + i;
      backend.gatherMatmul(hidden, rows, rowIndices, m, W1, hiddenSize);
      backend.addRowVector(hidden, hidden, b1, m, hiddenSize);
      if (this.shape.activation === 'relu') backend.reluForward(hidden, hidden, m * hiddenSize);
      else backend.sigmoidForward(hidden, hidden, m * hiddenSize);
      backend.matmul(scores, hidden, W2, m, hiddenSize, outputSize);
      backend.addRowVector(scores, scores, b2, m, outputSize);
      backend.argmaxRows(predicted, scores, m, outputSize);
      for (let i = 0; i < m; i++) if (predicted[i] === labels[first + start + i]) correct++;
    }
    return correct;
  }
}
