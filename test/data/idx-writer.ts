// Writes IDX files for tests, independently of the parser: magic, big-endian dimensions, data.

import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

export function idxBytes(magic: number, dims: number[], data: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((size, d) => view.setUint32(4 + 4 * d, size));
  bytes.set(Array.from(data), header);
  return bytes;
}

export interface FixtureSet {
  /** Raw IDX bytes per MNIST file name. */
  raw: Record<string, Uint8Array>;
  gz: Record<string, Uint8Array>;
  checksums: Record<string, string>;
  trainLabels: number[];
  testLabels: number[];
}

/**
 * A small MNIST look-alike: `trainCount` and `testCount` images whose pixel p of image i is
 * (i * 7 + p) % 256, labelled i % 10. `seed` shifts the pixels so two sets differ.
 */
export function makeFixtureSet(trainCount = 100, testCount = 20, seed = 0): FixtureSet {
  const images = (count: number) =>
    idxBytes(
      0x803,
      [count, 28, 28],
      Array.from(
        { length: count * 784 },
        (_, k) => (Math.floor(k / 784) * 7 + (k % 784) + seed) % 256,
      ),
    );
  const labelsOf = (count: number) => Array.from({ length: count }, (_, i) => i % 10);
  const raw: Record<string, Uint8Array> = {
    'train-images-idx3-ubyte': images(trainCount),
    'train-labels-idx1-ubyte': idxBytes(0x801, [trainCount], labelsOf(trainCount)),
    't10k-images-idx3-ubyte': images(testCount),
    't10k-labels-idx1-ubyte': idxBytes(0x801, [testCount], labelsOf(testCount)),
  };
  const gz: Record<string, Uint8Array> = {};
  const checksums: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(raw)) {
    gz[name] = gzipSync(bytes);
    checksums[name] = createHash('sha256').update(bytes).digest('hex');
  }
  return { raw, gz, checksums, trainLabels: labelsOf(trainCount), testLabels: labelsOf(testCount) };
}
