// ReLU layer (book 5.5.1): the gradient passes where x was positive and stops elsewhere. The
// book keeps a mask of x <= 0; y > 0 is the same mask, read from the output.

import { jsBackend, type Backend } from '../../core/backend.js';
import type { Floats } from '../../core/floats.js';
import { ElementwiseActivation } from './elementwise.js';

export class Relu extends ElementwiseActivation {
  constructor(size: number, backend: Backend = jsBackend) {
    super(size, backend);
  }

  // y = max(x, 0)
  protected activate(y: Floats, x: Floats, length: number): void {
    this.backend.reluForward(y, x, length);
  }

  // dx = dout where y > 0, else 0
  protected derive(dx: Floats, dout: Floats, y: Floats, length: number): void {
    this.backend.reluBackward(dx, dout, y, length);
  }
}
