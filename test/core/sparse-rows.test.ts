import { describe, expect, it } from 'vitest';
import { sparseRowsFromBytes } from '../../src/core/sparse-rows.js';
import { IMAGE_SIZE, PIXEL_SCALE } from '../../src/data/dataset.js';
import { mnistImages } from './kernels/cases.js';

describe('sparse rows', () => {
  it('hold exactly the non-zero bytes of each row, word-aligned rows and others alike', () => {
    const images = mnistImages(300);
    const aligned = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);
    // One byte of offset forces the byte-at-a-time path over the same rows.
    const shifted = new Uint8Array(images.length + 1);
    shifted.set(images, 1);
    const unaligned = sparseRowsFromBytes(shifted.subarray(1), IMAGE_SIZE, PIXEL_SCALE);
    expect(Array.from(aligned.rowStarts)).toEqual(Array.from(unaligned.rowStarts));
    expect(Array.from(aligned.columns)).toEqual(Array.from(unaligned.columns));
    expect(Array.from(aligned.codes)).toEqual(Array.from(unaligned.codes));
    const row = 123;
    const dense = Array.from(images.subarray(row * IMAGE_SIZE, (row + 1) * IMAGE_SIZE));
    const stored = new Array<number>(IMAGE_SIZE).fill(0);
    for (let t = aligned.rowStarts[row]; t < aligned.rowStarts[row + 1]; t++) {
      stored[aligned.columns[t]] = aligned.codes[t];
    }
    expect(stored).toEqual(dense);
    expect(aligned.rowStarts[300]).toBe(dense.length > 0 ? aligned.columns.length : 0);
  });
});
