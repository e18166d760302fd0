import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';

function tinySplit(): MnistSplit {
  const images = new Uint8Array(3 * IMAGE_SIZE);
  images[0] = 255;
  images[IMAGE_SIZE + 1] = 128;
  images[2 * IMAGE_SIZE + 783] = 1;
  return new MnistSplit(images, Uint8Array.from([7, 2, 9]));
}

describe('MnistSplit', () => {
  it("normalises every byte exactly as numpy's astype(np.float32) / 255.0", () => {
    const numpy = JSON.parse(
      readFileSync(new URL('../fixtures/pixels/pixel-scale.json', import.meta.url), 'utf8'),
    ) as number[];
    expect(Array.from(PIXEL_SCALE)).toEqual(numpy);
  });

  it('gathers a batch in the order of its indices, normalised, with one-hot targets', () => {
    const split = tinySplit();
    const x = new Float64Array(2 * IMAGE_SIZE);
    const t = new Float64Array(20);
    split.gatherImages(x, [1, 0]);
    split.gatherOneHot(t, [1, 0]);
    expect(x[1]).toBe(Math.fround(128 / 255));
    expect(x[IMAGE_SIZE]).toBe(1);
    expect(Array.from(t.subarray(0, 10))).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(t.subarray(10))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('gathers ranges and batches as float32(x / 255) of each byte, at any alignment', () => {
    // Every byte value in each image, among random ones; the split's view starts 0..3 bytes into
    // its buffer, as a split cut from a larger file might.
    const count = 5;
    const random = new RandomState(3);
    const bytes = Uint8Array.from(random.randint(0, 256, count * IMAGE_SIZE + 3));
    for (let i = 0; i < count; i++)
      bytes.set(
        Uint8Array.from({ length: 256 }, (_, x) => x),
        i * 700,
      );
    for (let offset = 0; offset < 4; offset++) {
      const images = bytes.subarray(offset, offset + count * IMAGE_SIZE);
      const split = new MnistSplit(images, new Uint8Array(count));
      const expected = Float64Array.from(images, (x) => Math.fround(x / 255));
      const range = new Float64Array(3 * IMAGE_SIZE);
      split.gatherRange(range, 2, 3);
      expect(range).toEqual(expected.subarray(2 * IMAGE_SIZE));
      const batch = new Float32Array(2 * IMAGE_SIZE);
      split.gatherImages(batch, [4, 1]);
      expect(batch.subarray(0, IMAGE_SIZE)).toEqual(
        Float32Array.from(expected.subarray(4 * IMAGE_SIZE)),
      );
      expect(batch.subarray(IMAGE_SIZE)).toEqual(
        Float32Array.from(expected.subarray(IMAGE_SIZE, 2 * IMAGE_SIZE)),
      );
    }
  });

  it('head(n) is a view of the first n samples and counts labels', () => {
    const split = tinySplit();
    expect(split.head(2).count).toBe(2);
    expect(split.head(2).labelHistogram()).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
    expect(split.head(99).count).toBe(3);
  });

  it('refuses pixel and label arrays of different counts', () => {
    expect(() => new MnistSplit(new Uint8Array(IMAGE_SIZE), new Uint8Array(2))).toThrow(RangeError);
  });
});
