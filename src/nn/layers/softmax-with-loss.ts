// Softmax-with-Loss layer (book 5.6.3): softmax, then the cross-entropy error against the labels.
// Targets are label indices: the book's one-hot path does the same arithmetic, since y - 0 = y
// and y - 1 are all it ever computes.

import { jsBackend, type Backend } from '../../core/backend.js';
import type { Floats } from '../../core/floats.js';
import { CROSS_ENTROPY_DELTA } from '../functions.js';
import { RowBuffer } from './row-buffer.js';

export type Labels = ArrayLike<number>;

export class SoftmaxWithLoss {
  /** The loss of the last forward pass, as the book's layer keeps it. */
  loss = NaN;
  private readonly y: RowBuffer;
  private readonly dx: RowBuffer;
  private t: Labels = [];
  private rows = 0;

  constructor(
    readonly size: number,
    private readonly backend: Backend = jsBackend,
    readonly delta: number = CROSS_ENTROPY_DELTA,
  ) {
    this.y = new RowBuffer(backend, size);
    this.dx = new RowBuffer(backend, size);
  }

  reserve(rows: number): void {
    this.y.reserve(rows);
    this.dx.reserve(rows);
  }

  /** The softmax output of the last forward pass: (rows, size). */
  get output(): Float64Array {
    return this.y.data;
  }

  // x: (rows, size) scores, t: (rows) labels -> mean cross-entropy error
  forward(x: Floats, t: Labels, rows: number): number {
    const y = this.y.reserve(rows);
    this.t = t;
    this.rows = rows;
    // y = softmax(x)
    this.backend.softmaxRows(y, x, rows, this.size);
    // loss = cross_entropy_error(y, t) = -sum(log(y[t] + delta)) / batch_size
    this.loss = this.backend.crossEntropyRows(y, t, rows, this.size, this.delta);
    return this.loss;
  }

  // -> dx: (rows, size)
  backward(dout = 1): Float64Array {
    const dx = this.dx.reserve(this.rows);
    // dx = (y - t) / batch_size * dout
    this.backend.softmaxLossBackward(dx, this.y.data, this.t, this.rows, this.size, dout);
    return dx;
  }
}
