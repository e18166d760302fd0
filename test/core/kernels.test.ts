import { describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/core/backend.js';
import * as fast from '../../src/core/kernels.js';
import * as ref from '../../src/core/kernels-reference.js';
import { sparseRowsFromBytes } from '../../src/core/sparse-rows.js';
import { IMAGE_SIZE, PIXEL_SCALE } from '../../src/data/dataset.js';
import { describeKernels, mnistImages, randomArray } from './kernels-cases.js';

describeKernels(
  'TypeScript kernels equal their naive references at float64',
  () => jsBackend,
  'f64',
);
describeKernels(
  'TypeScript kernels equal their naive references at float32',
  () => jsBackend,
  'f32',
);

describe('kernel details', () => {
  it('argmaxRows takes the first of equal maxima, as numpy does', () => {
    const out = new Int32Array(2);
    fast.argmaxRows(out, Float64Array.from([1, 3, 3, 0, 2, 2, 2, 1]), 2, 4);
    expect(Array.from(out)).toEqual([1, 0]);
  });

  it('matmul of the identity returns its input (an independent check of the reference)', () => {
    const a = randomArray(12);
    const eye = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const out = new Float64Array(12);
    ref.matmulReference(out, a, eye, 4, 3, 3);
    expect(Array.from(out)).toEqual(Array.from(a));
  });

  it('products sum in the dense order, so skipping zeros changes no bit', () => {
    const a = randomArray(6 * 40, 0.81);
    const b = randomArray(40 * 9);
    const sparse = new Float64Array(6 * 9);
    const dense = new Float64Array(6 * 9);
    fast.matmul(sparse, a, b, 6, 40, 9);
    ref.matmulReference(dense, a, b, 6, 40, 9);
    expect(Array.from(sparse)).toEqual(Array.from(dense));
  });
});

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
