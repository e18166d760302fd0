// A network's accuracy on a whole split, as the book's network.accuracy(x_train, t_train) counts
// it, in chunks: the book evaluates all 60 000 images in one product, which in float64 would need
// 376 MB; chunks of 1000 rows need 6 MB and give the same count.

import { Matrix } from '../core/matrix.js';
import { IMAGE_SIZE, type MnistSplit } from '../data/dataset.js';
import type { Network } from '../nn/network.js';

export const EVAL_CHUNK_ROWS = 1000;

export class SplitAccuracy {
  private readonly chunk: Matrix;

  constructor(
    private readonly net: Network,
    readonly chunkRows = EVAL_CHUNK_ROWS,
  ) {
    this.chunk = new Matrix(chunkRows, IMAGE_SIZE, net.backend.allocate(chunkRows * IMAGE_SIZE));
    net.reserve(chunkRows);
  }

  /** Correct predictions / samples, the book's np.sum(y == t) / float(x.shape[0]). */
  of(split: MnistSplit): number {
    let correct = 0;
    for (let start = 0; start < split.count; start += this.chunkRows) {
      const rows = Math.min(this.chunkRows, split.count - start);
      split.gatherRange(this.chunk.data, start, rows);
      correct += this.net.countCorrect(this.chunk.data, split.labels.subarray(start), rows);
    }
    return correct / split.count;
  }
}
