// A layer's output or gradient buffer: rows × cols float64s from the backend, grown only when a
// larger batch arrives. The trainer reserves its largest batch up front, so the training loop
// never allocates; kernels take the row count, so a buffer longer than the batch is fine.

import type { Backend } from '../../core/backend.js';

export class RowBuffer {
  data: Float64Array;
  private capacity = 0;

  constructor(
    private readonly backend: Backend,
    readonly cols: number,
  ) {
    this.data = backend.allocate(0);
  }

  /** Makes room for `rows` rows and returns the buffer (reallocated only when it must grow). */
  reserve(rows: number): Float64Array {
    if (rows > this.capacity) {
      this.data = this.backend.allocate(rows * this.cols);
      this.capacity = rows;
    }
    return this.data;
  }
}
