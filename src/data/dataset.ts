// MNIST held as the files hold it: every image of a split in one Uint8Array (n × 784 bytes) and
// its labels in another. Batches are gathered and normalised on demand, so 70 000 images never
// become 70 000 objects. The bytes are never written once loaded: loads of the same files share
// them (held-files.ts), and caches of what is computed from them (sparse rows) are kept per buffer.

import type { Floats } from '../core/floats.js';
import { lookUpBytes } from '../core/kernels/lookup.js';

export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;
export const IMAGE_SIZE = IMAGE_ROWS * IMAGE_COLS;
export const CLASS_COUNT = 10;

/** x / 255 as the book's load_mnist(normalize=True) computes it: in float32, then widened. */
export const PIXEL_SCALE: Float64Array = Float64Array.from({ length: 256 }, (_, x) =>
  Math.fround(x / 255),
);

export class MnistSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;

  constructor(images: Uint8Array, labels: Uint8Array) {
    if (images.length !== labels.length * IMAGE_SIZE) {
      throw new RangeError(
        `${images.length} pixel bytes do not make ${labels.length} images of ${IMAGE_SIZE}`,
      );
    }
    this.images = images;
    this.labels = labels;
    this.count = labels.length;
  }

  /** The first `count` samples (views, not copies), as `--train-size N` asks. */
  head(count: number): MnistSplit {
    const n = Math.min(count, this.count);
    return new MnistSplit(this.images.subarray(0, n * IMAGE_SIZE), this.labels.subarray(0, n));
  }

  image(index: number): Uint8Array {
    return this.images.subarray(index * IMAGE_SIZE, (index + 1) * IMAGE_SIZE);
  }

  // indices: (batch) -> out: (batch, 784), pixels as float32(x / 255) or raw 0..255
  gatherImages(out: Floats, indices: ArrayLike<number>, normalize = true): void {
    const images = this.images;
    for (let b = 0; b < indices.length; b++) {
      const src = indices[b] * IMAGE_SIZE;
      const dst = b * IMAGE_SIZE;
      if (normalize) {
        lookUpBytes(out, dst, images, src, IMAGE_SIZE, PIXEL_SCALE);
      } else {
        for (let p = 0; p < IMAGE_SIZE; p++) out[dst + p] = images[src + p];
      }
    }
  }

  // rows [start, start + count) -> out: (count, 784), normalised; the evaluation passes' input
  gatherRange(out: Floats, start: number, count: number): void {
    lookUpBytes(out, 0, this.images, start * IMAGE_SIZE, count * IMAGE_SIZE, PIXEL_SCALE);
  }

  // indices: (batch) -> out: (batch, 10) one-hot targets
  gatherOneHot(out: Floats, indices: ArrayLike<number>): void {
    out.fill(0, 0, indices.length * CLASS_COUNT);
    for (let b = 0; b < indices.length; b++) {
      out[b * CLASS_COUNT + this.labels[indices[b]]] = 1;
    }
  }

  // indices: (batch) -> out: (batch) label indices
  gatherLabels(out: Int32Array | Uint8Array, indices: ArrayLike<number>): void {
    for (let b = 0; b < indices.length; b++) out[b] = this.labels[indices[b]];
  }

  /** How many of each digit 0..9 the split holds. */
  labelHistogram(): number[] {
    const counts = new Array<number>(CLASS_COUNT).fill(0);
    for (const label of this.labels) counts[label]++;
    return counts;
  }
}

export interface Dataset {
  train: MnistSplit;
  test: MnistSplit;
}
