// Dropout layer (book 6.4.3): in training, each forward pass keeps a value where a fresh uniform
// draw exceeds dropoutRatio and zeroes it elsewhere, out = x · mask with mask = rand > ratio;
// backward lets the gradient through the same mask, dx = dout · mask. At test time every value
// is kept and scaled by the share that training keeps, out = x · (1 - dropoutRatio).
// The draws come from the RandomState the layer is given (the network's, as the book's layers
// share np.random), in numpy's row-major order.

import { jsBackend, type Backend } from '../../core/backend.js';
import type { Floats } from '../../core/floats.js';
import type { RandomState } from '../../core/random.js';
import { RowBuffer } from './row-buffer.js';

export class Dropout {
  private readonly maskBuffer: RowBuffer;
  private readonly out: RowBuffer;
  private readonly dx: RowBuffer;
  /** The rows of the last training pass, which backward's mask belongs to. */
  private rows = 0;

  constructor(
    readonly size: number,
    private readonly random: RandomState,
    readonly dropoutRatio = 0.5,
    private readonly backend: Backend = jsBackend,
  ) {
    if (!(dropoutRatio >= 0 && dropoutRatio < 1)) {
      throw new RangeError(`dropout ratio must be in [0, 1), got ${dropoutRatio}`);
    }
    this.maskBuffer = new RowBuffer(backend, size);
    this.out = new RowBuffer(backend, size);
    this.dx = new RowBuffer(backend, size);
  }

  reserve(rows: number): void {
    this.maskBuffer.reserve(rows);
    this.out.reserve(rows);
    this.dx.reserve(rows);
  }

  /** The last training pass's mask, (rows, size): 1 where a value was kept, 0 where dropped. */
  get mask(): Float64Array {
    return this.maskBuffer.data.subarray(0, this.rows * this.size);
  }

  // x: (rows, size) -> out: (rows, size)
  forward(x: Floats, rows: number, trainFlg = true): Float64Array {
    const out = this.out.reserve(rows);
    const length = rows * this.size;
    if (!trainFlg) {
      this.backend.scale(out, x, 1 - this.dropoutRatio, length);
      return out;
    }
    const mask = this.maskBuffer.reserve(rows);
    this.random.fillRand(mask, length);
    this.backend.dropoutMask(mask, mask, this.dropoutRatio, length);
    this.backend.applyMask(out, x, mask, length);
    this.rows = rows;
    return out;
  }

  // dout: (rows, size) -> dx: (rows, size), through the last training pass's mask
  backward(dout: Floats): Float64Array {
    const dx = this.dx.reserve(this.rows);
    this.backend.applyMask(dx, dout, this.maskBuffer.data, this.rows * this.size);
    return dx;
  }
}
