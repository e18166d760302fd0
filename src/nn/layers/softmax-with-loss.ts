// Softmax-with-Loss layer (book 5.6.3): softmax, then the cross-entropy error against the labels.
// Its backward is the famously clean (y - t) / batch. Targets are label indices: the book's
// one-hot path does the same arithmetic, since y - 0 = y and y - 1 are all it ever computes.

import { jsBackend, type Backend } from '../../core/backend.js';
import { crossEntropyRows, softmaxRows } from '../../core/activations.js';
import type { Floats } from '../../core/kernels.js';
import { RowBuffer } from './row-buffer.js';

/** The book's cross_entropy_error adds 1e-7 inside the log so that log(0) cannot occur. */
export const CROSS_ENTROPY_DELTA = 1e-7;

export type Labels = ArrayLike<number>;

// y: (m, n) probabilities, labels: (m) -> dx: (m, n) = (y - onehot(labels)) / m * dout
export function softmaxLossBackward(
  dx: Floats,
  y: Floats,
  labels: Labels,
  m: number,
  n: number,
  dout: number,
): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    const label = labels[i];
    for (let j = 0; j < n; j++) {
      const target = j === label ? 1 : 0;
      dx[row + j] = ((y[row + j] - target) / m) * dout;
    }
  }
}

export class SoftmaxWithLoss {
  /** The loss of the last forward pass, as the book's layer keeps it. */
  loss = NaN;
  private readonly y: RowBuffer;
  private readonly dx: RowBuffer;
  private t: Labels = [];
  private rows = 0;

  constructor(
    readonly size: number,
    backend: Backend = jsBackend,
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
    softmaxRows(y, x, rows, this.size);
    this.t = t;
    this.rows = rows;
    this.loss = crossEntropyRows(y, t, rows, this.size, this.delta);
    return this.loss;
  }

  // -> dx: (rows, size)
  backward(dout = 1): Float64Array {
    const dx = this.dx.reserve(this.rows);
    softmaxLossBackward(dx, this.y.data, this.t, this.rows, this.size, dout);
    return dx;
  }
}
