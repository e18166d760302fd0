// The element type of the fast path: float64 (the book's, and numpy's) or float32 (--precision
// f32), with twice the SIMD lanes and half the memory traffic.

import type { Backend } from '../core/backend.js';
import type { Floats } from '../core/floats.js';

export type Precision = 'f64' | 'f32';
export const PRECISIONS: readonly Precision[] = ['f64', 'f32'];

/** Zeroed buffers of this precision in the backend's memory. */
export function allocator(backend: Backend, precision: Precision): (length: number) => Floats {
  return precision === 'f32'
    ? (length) => backend.allocateFloat32(length)
    : (length) => backend.allocate(length);
}
