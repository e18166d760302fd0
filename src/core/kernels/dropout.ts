// Dropout's loops (book 6.4.3). The layer draws the uniform values (np.random.rand); these turn
// them into the mask and apply it. The mask holds 1 (kept) or 0 (dropped) as float64, so x·mask
// is numpy's x * mask with a boolean mask: x itself, or a zero carrying x's sign.
// Each kernel has a naive twin in reference/dropout.ts.

import type { Floats } from '../floats.js';

// uniform: (length) draws in [0, 1) -> mask: (length) = uniform > dropoutRatio; mask may be uniform
export function dropoutMask(
  mask: Floats,
  uniform: Floats,
  dropoutRatio: number,
  length: number,
): void {
  for (let i = 0; i < length; i++) mask[i] = uniform[i] > dropoutRatio ? 1 : 0;
}

// a, mask: (length) -> out: (length) = a * mask (forward: x * mask; backward: dout * mask)
export function applyMask(out: Floats, a: Floats, mask: Floats, length: number): void {
  for (let i = 0; i < length; i++) out[i] = a[i] * mask[i];
}
