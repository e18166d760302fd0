import { describe, expect, it } from 'vitest';
import { IMAGE_SIZE, PIXEL_SCALE } from '../../src/data/dataset.js';
import { placeRows, sliceRows, sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import { mnistImages, sparseRowsOf } from '../core/kernels/cases.js';

describe('sparse rows', () => {
  const images = mnistImages(300);
  const naive = sparseRowsOf(images, IMAGE_SIZE, PIXEL_SCALE);

  it('hold exactly the non-zero bytes of each row, word-aligned rows and others alike', () => {
    const aligned = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);
    // One byte of offset forces the byte-at-a-time path over the same rows.
    const shifted = new Uint8Array(images.length + 1);
    shifted.set(images, 1);
    const unaligned = sparseRowsFromBytes(shifted.subarray(1), IMAGE_SIZE, PIXEL_SCALE);
    for (const rows of [aligned, unaligned]) {
      expect(rows.rowCount).toBe(300);
      expect(Array.from(rows.rowStarts)).toEqual(Array.from(naive.rowStarts));
      expect(Array.from(rows.columns)).toEqual(Array.from(naive.columns));
      expect(Array.from(rows.codes)).toEqual(Array.from(naive.codes));
      expect(Array.from(rows.table)).toEqual(Array.from(PIXEL_SCALE));
    }
    const row = 123;
    const dense = Array.from(images.subarray(row * IMAGE_SIZE, (row + 1) * IMAGE_SIZE));
    const stored = new Array<number>(IMAGE_SIZE).fill(0);
    for (let t = aligned.rowStarts[row]; t < aligned.rowStarts[row + 1]; t++) {
      stored[aligned.columns[t]] = aligned.codes[t];
    }
    expect(stored).toEqual(dense);
  });

  it('slice into rows of their own that read the same entries', () => {
    const rows = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);
    const slice = sliceRows(rows, 100, 50);
    const alone = sparseRowsOf(
      images.subarray(100 * IMAGE_SIZE, 150 * IMAGE_SIZE),
      IMAGE_SIZE,
      PIXEL_SCALE,
    );
    expect(Array.from(slice.rowStarts)).toEqual(Array.from(alone.rowStarts));
    expect(Array.from(slice.columns)).toEqual(Array.from(alone.columns));
    expect(Array.from(slice.codes)).toEqual(Array.from(alone.codes));
    expect(() => sliceRows(rows, 290, 20)).toThrow(RangeError);
  });

  it('copy into the memory a placement gives: the same entries, in arrays of that memory', () => {
    const rows = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);
    const given: ArrayBuffer[] = [];
    const placed = placeRows(rows, (byteLength) => {
      given.push(new ArrayBuffer(byteLength));
      return { buffer: given[given.length - 1], byteOffset: 0 };
    });
    expect(placed.rowCount).toBe(300);
    expect(placed.columnCount).toBe(IMAGE_SIZE);
    expect(Array.from(placed.rowStarts)).toEqual(Array.from(naive.rowStarts));
    expect(Array.from(placed.columns)).toEqual(Array.from(naive.columns));
    expect(Array.from(placed.codes)).toEqual(Array.from(naive.codes));
    expect(Array.from(placed.table)).toEqual(Array.from(PIXEL_SCALE));
    const { rowStarts, columns, codes, table } = placed;
    const buffers = [rowStarts, columns, codes, table].map((array) => array.buffer);
    expect(buffers.every((buffer, k) => buffer === given[k])).toBe(true);
  });
});
