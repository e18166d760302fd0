// The evaluation pass over sparse MNIST rows: the network's forward pass (Affine1, activation,
// Affine2, argmax) written with backend kernels, so that a worker thread runs it without a
// TwoLayerNet. The input product visits only the stored non-zeros, in the order the dense
// kernels use, so the scores equal TwoLayerNet.forwardScores on the same images bit for bit.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';

/** W1: (input, hidden), b1: (hidden), W2: (hidden, output), b2: (output), row-major. */
export interface ForwardParams {
  W1: Floats;
  b1: Floats;
  W2: Floats;
  b2: Floats;
}

export interface ForwardShape {
  hiddenSize: number;
  outputSize: number;
  activation: 'sigmoid' | 'relu';
}

export const FORWARD_CHUNK_ROWS = 500;

/** Buffers for one chunk of rows, and the parameters, in the backend's memory. */
export class SparseForward {
  readonly params: ForwardParams;
  private readonly hidden: Floats;
  private readonly scores: Floats;
  private readonly predicted = new Int32Array(FORWARD_CHUNK_ROWS);
  private readonly rowIndices = new Int32Array(FORWARD_CHUNK_ROWS);

  constructor(
    private readonly backend: Backend,
    private readonly shape: ForwardShape,
    inputSize: number,
    allocate: (length: number) => Floats,
  ) {
    const { hiddenSize, outputSize } = shape;
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
  load(values: ForwardParams): void {
    this.params.W1.set(values.W1);
    this.params.b1.set(values.b1);
    this.params.W2.set(values.W2);
    this.params.b2.set(values.b2);
  }

  // rows [first, first + count), labels: (count) -> how many the network classifies correctly
  countCorrect(rows: SparseRows, labels: ArrayLike<number>, first: number, count: number): number {
    const { backend, hidden, scores, predicted, rowIndices } = this;
    const { W1, b1, W2, b2 } = this.params;
    const { hiddenSize, outputSize, activation } = this.shape;
    let correct = 0;
    for (let start = 0; start < count; start += FORWARD_CHUNK_ROWS) {
      const m = Math.min(FORWARD_CHUNK_ROWS, count - start);
      for (let i = 0; i < m; i++) rowIndices[i] = first + start + i;
      backend.gatherMatmul(hidden, rows, rowIndices, m, W1, hiddenSize);
      backend.addRowVector(hidden, hidden, b1, m, hiddenSize);
      if (activation === 'relu') backend.reluForward(hidden, hidden, m * hiddenSize);
      else backend.sigmoidForward(hidden, hidden, m * hiddenSize);
      backend.matmul(scores, hidden, W2, m, hiddenSize, outputSize);
      backend.addRowVector(scores, scores, b2, m, outputSize);
      backend.argmaxRows(predicted, scores, m, outputSize);
      for (let i = 0; i < m; i++) if (predicted[i] === labels[first + start + i]) correct++;
    }
    return correct;
  }
}
