// The fused steps' sparse rows: each backend gets its own copy, read in place by its kernels,
// and a copy holds the entries a scan of that very range of images gives.

import { describe, expect, it } from 'vitest';
import type { Placement } from '../../src/core/backend.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';
import { sparseSplits } from '../../src/train/sparse-evaluation.js';
import { mnistImages, mnistLabels, sparseRowsOf } from '../core/kernels/cases.js';

/** A placement in ordinary memory that remembers each buffer it gave. */
function recordingPlacement(): { placement: Placement; given: ArrayBuffer[] } {
  const given: ArrayBuffer[] = [];
  const placement: Placement = (byteLength) => {
    given.push(new ArrayBuffer(byteLength));
    return { buffer: given[given.length - 1], byteOffset: 0 };
  };
  return { placement, given };
}

describe('sparseSplits', () => {
  const images = mnistImages(50);
  const labels = mnistLabels(50);
  const train = new MnistSplit(images.subarray(0, 30 * IMAGE_SIZE), labels.subarray(0, 30));
  const test = new MnistSplit(images.subarray(30 * IMAGE_SIZE), labels.subarray(30));

  it('gives every placement rows of its own memory, the entries of the split asked for', () => {
    const splits = [train, train.head(10), test, train.head(30)];
    for (const split of splits) {
      const naive = sparseRowsOf(split.images, IMAGE_SIZE, PIXEL_SCALE);
      const copies = [recordingPlacement(), recordingPlacement()].map(({ placement, given }) => {
        const [{ rows, labels: placedLabels }] = sparseSplits(split, test, placement);
        expect(placedLabels).toBe(split.labels);
        const arrays = [rows.rowStarts, rows.columns, rows.codes, rows.table];
        for (const array of arrays) expect(given.includes(array.buffer as ArrayBuffer)).toBe(true);
        return rows;
      });
      for (const rows of copies) {
        expect(rows.rowCount).toBe(split.count);
        expect(Array.from(rows.rowStarts)).toEqual(Array.from(naive.rowStarts));
        expect(Array.from(rows.columns)).toEqual(Array.from(naive.columns));
        expect(Array.from(rows.codes)).toEqual(Array.from(naive.codes));
        expect(Array.from(rows.table)).toEqual(Array.from(PIXEL_SCALE));
      }
      expect(copies[0].columns).not.toBe(copies[1].columns);
    }
  });
});
