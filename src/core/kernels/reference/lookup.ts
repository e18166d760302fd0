// Naive twin of ../lookup.ts: one byte at a time.

import type { Floats } from '../../floats.js';

// out[at .. at + length) = table[bytes[start + p]] for p < length; table: (256)
export function lookUpBytesReference(
  out: Floats,
  at: number,
  bytes: Uint8Array,
  start: number,
  length: number,
  table: Floats,
): void {
  for (let p = 0; p < length; p++) out[at + p] = table[bytes[start + p]];
}
