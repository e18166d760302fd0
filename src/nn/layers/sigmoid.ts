// Sigmoid layer (book 5.5.2): y = 1 / (1 + exp(-x)); backward needs only y: dx = dout·(1 - y)·y.

import { jsBackend, type Backend } from '../../core/backend.js';
import { sigmoidBackward, sigmoidForward } from '../../core/activations.js';
import type { Floats } from '../../core/kernels.js';
import { RowBuffer } from './row-buffer.js';

export class Sigmoid {
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
    sigmoidForward(out, x, rows * this.size);
    return out;
  }

  // dout: (rows, size) -> dx: (rows, size)
  backward(dout: Floats): Float64Array {
    const dx = this.dx.reserve(this.rows);
    sigmoidBackward(dx, dout, this.out.data, this.rows * this.size);
    return dx;
  }
}
