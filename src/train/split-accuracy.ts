// A network's accuracy and loss on a whole split, as the book's network.accuracy(x_train,
// t_train) counts it, in chunks: the book evaluates all 60 000 images in one product, which in
// float64 would need 376 MB; chunks of 1000 rows need 6 MB and give the same count. The loss is
// computed from the same scores in the same pass.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import { Matrix } from '../core/matrix.js';
import { IMAGE_SIZE, type MnistSplit } from '../data/dataset.js';
import { addInOrder } from '../fast/sparse-forward.js';

export const EVAL_CHUNK_ROWS = 1000;

/** What scoring a split asks of a network: its test-mode forward pass, and where it runs. */
export interface ScoredNetwork {
  readonly backend: Backend;
  readonly outputSize: number;
  /** The delta inside the cross-entropy's log (the book's 1e-7). */
  readonly lastLayer: { readonly delta: number };
  reserve(rows: number): void;
  // x: (rows, input) -> scores: (rows, output), valid until the next forward pass
  forwardScores(x: Floats, rows: number): Float64Array;
}

/** A split's accuracy, and its mean loss. */
export interface SplitScore {
  /** Correct predictions / samples, the book's np.sum(y == t) / float(x.shape[0]). */
  accuracy: number;
  /**
   * The book's cross_entropy_error of softmax(scores) over the whole split; the weight-decay
   * term network.loss would add is left out (it measures the weights, not the fit).
   */
  loss: number;
}

export class SplitAccuracy {
  private readonly chunk: Matrix;
  private readonly probabilities: Float64Array;
  private readonly losses: Float64Array;

  constructor(
    private readonly net: ScoredNetwork,
    readonly chunkRows = EVAL_CHUNK_ROWS,
  ) {
    this.chunk = new Matrix(chunkRows, IMAGE_SIZE, net.backend.allocate(chunkRows * IMAGE_SIZE));
    this.probabilities = net.backend.allocate(chunkRows * net.outputSize);
    this.losses = new Float64Array(chunkRows);
    net.reserve(chunkRows);
  }

  of(split: MnistSplit): SplitScore {
    const { net, chunk, probabilities, losses } = this;
    const { backend, outputSize } = net;
    let correct = 0;
    let lossTotal = 0;
    for (let start = 0; start < split.count; start += this.chunkRows) {
      const rows = Math.min(this.chunkRows, split.count - start);
      split.gatherRange(chunk.data, start, rows);
      const labels = split.labels.subarray(start, start + rows);
      const scores = net.forwardScores(chunk.data, rows);
      // np.sum(np.argmax(y, axis=1) == t)
      correct += backend.countCorrect(scores, labels, rows, outputSize);
      // cross_entropy_error(softmax(y), t) over the whole split: its terms summed in row order
      backend.softmaxRows(probabilities, scores, rows, outputSize);
      const delta = net.lastLayer.delta;
      backend.crossEntropyEach(losses, probabilities, labels, rows, outputSize, delta);
      lossTotal = addInOrder(lossTotal, losses.subarray(0, rows));
    }
    return { accuracy: correct / split.count, loss: lossTotal / split.count };
  }
}
