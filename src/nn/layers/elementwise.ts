// What the two activation layers share: forward keeps its output y, and backward needs only y.
// Each layer names its own math (sigmoid.ts, relu.ts); this keeps the buffers.

import type { Backend } from '../../core/backend.js';
import type { Floats } from '../../core/floats.js';
import { RowBuffer } from './row-buffer.js';

export abstract class ElementwiseActivation {
  private readonly out: RowBuffer;
  private readonly dx: RowBuffer;
  private rows = 0;

  protected constructor(
    readonly size: number,
    protected readonly backend: Backend,
  ) {
    this.out = new RowBuffer(backend, size);
    this.dx = new RowBuffer(backend, size);
  }

  reserve(rows: number): void {
    this.out.reserve(rows);
    this.dx.reserve(rows);
  }

  /** The last forward pass's output y: (rows, size). */
  get output(): Float64Array {
    return this.out.data.subarray(0, this.rows * this.size);
  }

  // x: (rows, size) -> y: (rows, size)
  forward(x: Floats, rows: number): Float64Array {
    const y = this.out.reserve(rows);
    this.rows = rows;
    this.activate(y, x, rows * this.size);
    return y;
  }

  // dout: (rows, size) -> dx: (rows, size)
  backward(dout: Floats): Float64Array {
    const dx = this.dx.reserve(this.rows);
    this.derive(dx, dout, this.out.data, this.rows * this.size);
    return dx;
  }

  /** y = f(x), element by element. */
  protected abstract activate(y: Floats, x: Floats, length: number): void;

  /** dx = dout · f'(x), from the forward output y. */
  protected abstract derive(dx: Floats, dout: Floats, y: Floats, length: number): void;
}
