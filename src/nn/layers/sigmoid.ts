// Sigmoid layer (book 5.5.2): y = 1 / (1 + exp(-x)); backward needs only y: dx = dout·(1 - y)·y.

import { jsBackend, type Backend } from '../../core/backend.js';
import { sigmoidBackward, sigmoidForward } from '../../core/activations.js';
import { ElementwiseActivation } from './elementwise.js';

export class Sigmoid extends ElementwiseActivation {
  constructor(size: number, backend: Backend = jsBackend) {
    super(size, backend, sigmoidForward, sigmoidBackward);
  }
}
