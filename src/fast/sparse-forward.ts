// The evaluation pass over sparse MNIST rows: a network's forward pass in test mode written with
// backend kernels, so that a worker thread runs it without the network's classes. The input
// layer's product visits only the stored non-zeros, in the order the dense kernel uses; each
// hidden layer is Affine, [BatchNorm with the running statistics], activation, [Dropout's
// × (1 - ratio)], as the book's layers run with train_flg=False. So the scores equal the
// network's own forwardScores on the same images bit for bit, and so do the counts and the
// rows' cross-entropies taken from them.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import { BATCH_NORM_EPSILON } from '../core/kernels/normalization.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import type { NetworkShape } from '../nn/shape.js';

export const FORWARD_CHUNK_ROWS = 500;

/** What an evaluation pass needs to know of a network, apart from its values. */
export interface ForwardShape extends NetworkShape {
  /** BatchNorm after each hidden Affine (MultiLayerNetExtend's use_batchnorm). */
  readonly useBatchnorm?: boolean;
  /** Dropout after each hidden activation, with this ratio; 0 or absent when there is none. */
  readonly dropoutRatio?: number;
  /** The delta inside the cross-entropy's log (the book's 1e-7). */
  readonly crossEntropyDelta: number;
}

/**
 * A network's values by name: W1, b1, …, W(L), b(L) (the book's params), and with batch norm
 * gamma(l), beta(l), runningMean(l), runningVar(l) for each hidden layer l.
 */
export type ForwardValues = Record<string, Floats>;

/** The name and length of every value a network of this shape has, in the book's order. */
export function forwardValueLengths(shape: ForwardShape): [string, number][] {
  const sizes = shape.layerSizes;
  const lengths: [string, number][] = sizes.slice(1).flatMap((size, l): [string, number][] => [
    [`W${l + 1}`, sizes[l] * size],
    [`b${l + 1}`, size],
  ]);
  if (shape.useBatchnorm) {
    sizes.slice(1, -1).forEach((size, l) => {
      for (const name of ['gamma', 'beta', 'runningMean', 'runningVar']) {
        lengths.push([`${name}${l + 1}`, size]);
      }
    });
  }
  return lengths;
}

/**
 * total + terms[0] + terms[1] + … in that order: the running sum over rows that the book's
 * single pass over a whole set computes, so a set scored in chunks, or on several threads, sums
 * its rows' losses to the same bits.
 */
export function addInOrder(total: number, terms: ArrayLike<number>): number {
  for (let i = 0; i < terms.length; i++) total += terms[i];
  return total;
}

/** Buffers for one chunk of rows, and the values, in the backend's memory. */
export class SparseForward {
  readonly values: ForwardValues;
  /** Per batch-norm layer, sqrt(runningVar + eps), as the layer computes it in test mode. */
  private readonly testStd: Floats[];
  private readonly hidden: [Floats, Floats];
  private readonly scores: Floats;
  private readonly probabilities: Floats;
  private readonly predicted = new Int32Array(FORWARD_CHUNK_ROWS);
  private readonly rowIndices = new Int32Array(FORWARD_CHUNK_ROWS);

  constructor(
    private readonly backend: Backend,
    private readonly shape: ForwardShape,
    allocate: (length: number) => Floats,
  ) {
    const sizes = shape.layerSizes;
    if (sizes.length < 3) {
      throw new RangeError(`the fast path runs networks with hidden layers, not [${sizes}]`);
    }
    this.values = Object.fromEntries(
      forwardValueLengths(shape).map(([name, length]) => [name, allocate(length)]),
    );
    const hiddenSizes = sizes.slice(1, -1);
    this.testStd = shape.useBatchnorm ? hiddenSizes.map((size) => allocate(size)) : [];
    const widest = Math.max(...hiddenSizes);
    this.hidden = [allocate(FORWARD_CHUNK_ROWS * widest), allocate(FORWARD_CHUNK_ROWS * widest)];
    const outputSize = sizes[sizes.length - 1];
    this.scores = allocate(FORWARD_CHUNK_ROWS * outputSize);
    this.probabilities = allocate(FORWARD_CHUNK_ROWS * outputSize);
  }

  /** Copies values in (rounding them when this pass runs in float32). */
  load(values: ForwardValues): void {
    for (const [name, value] of Object.entries(this.values)) {
      const source = values[name];
      if (source?.length !== value.length) {
        throw new RangeError(`${name}: expected ${value.length} values, got ${source?.length}`);
      }
      value.set(source);
    }
    this.testStd.forEach((std, l) => {
      const runningVar = this.values[`runningVar${l + 1}`];
      this.backend.standardDeviation(std, runningVar, BATCH_NORM_EPSILON, std.length);
    });
  }

  // rows [first, first + count), labels: (first + count) -> how many the network classifies as
  // labels say; losses: (count) = each row's cross-entropy, -log(softmax(scores)[label] + delta)
  score(
    rows: SparseRows,
    labels: Uint8Array,
    first: number,
    count: number,
    losses: Float64Array,
  ): number {
    const { backend, probabilities, predicted } = this;
    const sizes = this.shape.layerSizes;
    const outputSize = sizes[sizes.length - 1];
    const delta = this.shape.crossEntropyDelta;
    let correct = 0;
    for (let start = 0; start < count; start += FORWARD_CHUNK_ROWS) {
      const m = Math.min(FORWARD_CHUNK_ROWS, count - start);
      const scores = this.forwardScores(rows, first + start, m);
      backend.argmaxRows(predicted, scores, m, outputSize);
      const chunkLabels = labels.subarray(first + start, first + start + m);
      for (let i = 0; i < m; i++) if (predicted[i] === chunkLabels[i]) correct++;
      backend.softmaxRows(probabilities, scores, m, outputSize);
      const chunkLosses = losses.subarray(start, start + m);
      backend.crossEntropyEach(chunkLosses, probabilities, chunkLabels, m, outputSize, delta);
    }
    return correct;
  }

  // rows [first, first + m), m <= FORWARD_CHUNK_ROWS -> scores: (m, output), the last Affine's
  // output (a view of this pass's buffer, valid until the next call)
  forwardScores(rows: SparseRows, first: number, m: number): Floats {
    const { backend, values, shape } = this;
    for (let i = 0; i < m; i++) this.rowIndices[i] = first + i;
    const sizes = shape.layerSizes;
    const last = sizes.length - 1;
    const dropoutRatio = shape.dropoutRatio ?? 0;
    let [x, out] = this.hidden;
    // Affine1 on the sparse rows: x·W1 + b1
    backend.gatherMatmul(out, rows, this.rowIndices, m, values.W1, sizes[1]);
    for (let l = 1; l < last; l++) {
      const size = sizes[l];
      if (l > 1) backend.matmul(out, x, values[`W${l}`], m, sizes[l - 1], size);
      backend.addRowVector(out, out, values[`b${l}`], m, size);
      if (shape.useBatchnorm) {
        const [mean, gamma, beta] = ['runningMean', 'gamma', 'beta'].map((v) => values[v + l]);
        const std = this.testStd[l - 1];
        backend.batchNormTestForward(out, out, mean, std, gamma, beta, m, size);
      }
      if (shape.activation === 'relu') backend.reluForward(out, out, m * size);
      else backend.sigmoidForward(out, out, m * size);
      // Dropout at test time: every value kept, scaled by the share training keeps.
      if (dropoutRatio > 0) backend.scale(out, out, 1 - dropoutRatio, m * size);
      [x, out] = [out, x];
    }
    backend.matmul(this.scores, x, values[`W${last}`], m, sizes[last - 1], sizes[last]);
    backend.addRowVector(this.scores, this.scores, values[`b${last}`], m, sizes[last]);
    return this.scores;
  }
}
