// ReLU layer (book 5.5.1): y = max(x, 0); the gradient passes where x was positive and stops
// elsewhere. The book keeps a mask of x <= 0; y > 0 is the same mask, read from the output.

import { jsBackend, type Backend } from '../../core/backend.js';
import { reluBackward, reluForward } from '../../core/activations.js';
import type { Floats } from '../../core/kernels.js';
import { RowBuffer } from './row-buffer.js';

export class Relu {
  private readonly out: RowBuffer;
  private readonly dx: RowBuffer;
  private rows = 0;

  constructor(
    readonly size: number,
    backend: Backend = jsBackend,
  ) {
    this.out = new RowBuffer(backend, size);
    this.dx = new RowBuffer(backend, size);
  }

  reserve(rows: number): void {
    this.out.reserve(rows);
    this.dx.reserve(rows);
  }

  // x: (rows, size) -> out: (rows, size)
  forward(x: Floats, rows: number): Float64Array {
    const out = this.out.reserve(rows);
    this.rows = rows;
    reluForward(out, x, rows * this.size);
    return out;
  }

  // dout: (rows, size) -> dx: (rows, size)
  backward(dout: Floats): Float64Array {
    const dx = this.dx.reserve(this.rows);
    reluBackward(dx, dout, this.out.data, this.rows * this.size);
    return dx;
  }
}
