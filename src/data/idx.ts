// The IDX format of LeCun's MNIST files: a 4-byte magic (two zero bytes, a type code, the number
// of dimensions), one big-endian uint32 per dimension, then the data, nothing more. Only unsigned
// bytes (type 0x08) occur in MNIST. The parser returns views into the file's bytes, never copies,
// and checks the exact length before anything else, so a forged header cannot make it allocate.

import { DataError } from '../core/errors.js';
import { CLASS_COUNT, IMAGE_COLS, IMAGE_ROWS, IMAGE_SIZE } from './dataset.js';

export const IMAGES_MAGIC = 0x00000803;
export const LABELS_MAGIC = 0x00000801;

const UBYTE_TYPE = 0x08;

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

/** Parses an IDX file of unsigned bytes; `name` appears in every error. */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  if (bytes.length < 4) {
    throw new DataError(`${name}: truncated: ${bytes.length} bytes, too short for an IDX header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const rank = magic & 0xff;
  if (magic >>> 16 !== 0 || ((magic >>> 8) & 0xff) !== UBYTE_TYPE || rank === 0) {
    throw new DataError(`${name}: bad magic number ${hex(magic)}, not an IDX file of bytes`);
  }
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new DataError(
      `${name}: truncated: ${bytes.length} bytes, but its header alone needs ${headerLength}`,
    );
  }
  const dims: number[] = [];
  // Multiplied in float64, which is exact until the product passes 2^53: far beyond any length
  // a Uint8Array can have, so the comparison below is always sound.
  let expected = 1;
  for (let d = 0; d < rank; d++) {
    const size = view.getUint32(4 + 4 * d);
    dims.push(size);
    expected *= size;
  }
  const dataLength = bytes.length - headerLength;
  if (dataLength < expected) {
    throw new DataError(
      `${name}: truncated: dimensions ${dims.join(' × ')} need ${expected} data bytes, found ${dataLength}`,
    );
  }
  if (dataLength > expected) {
    throw new DataError(
      `${name}: ${dataLength - expected} trailing bytes after the ${dims.join(' × ')} data`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/** Images: magic 0x00000803, dimensions (n, 28, 28); returns the n × 784 pixel bytes. */
export function parseImages(bytes: Uint8Array, name: string): Uint8Array {
  expectMagic(bytes, IMAGES_MAGIC, name);
  const { dims, data } = parseIdx(bytes, name);
  if (dims[1] !== IMAGE_ROWS || dims[2] !== IMAGE_COLS) {
    throw new DataError(
      `${name}: images of ${dims[1]} × ${dims[2]} pixels, expected ${IMAGE_ROWS} × ${IMAGE_COLS}`,
    );
  }
  return data;
}

/** Labels: magic 0x00000801, dimension (n), every value a digit 0..9. */
export function parseLabels(bytes: Uint8Array, name: string): Uint8Array {
  expectMagic(bytes, LABELS_MAGIC, name);
  const { data } = parseIdx(bytes, name);
  const bad = data.findIndex((label) => label >= CLASS_COUNT);
  if (bad >= 0) {
    throw new DataError(`${name}: label ${data[bad]} at index ${bad} is not a digit 0..9`);
  }
  return data;
}

/** Pairs an images file with its labels file, whose counts must agree. */
export function parseSplit(
  imageBytes: Uint8Array,
  imagesName: string,
  labelBytes: Uint8Array,
  labelsName: string,
): { images: Uint8Array; labels: Uint8Array } {
  const images = parseImages(imageBytes, imagesName);
  const labels = parseLabels(labelBytes, labelsName);
  const imageCount = images.length / IMAGE_SIZE;
  if (imageCount !== labels.length) {
    throw new DataError(
      `${imagesName} holds ${imageCount} images but ${labelsName} holds ${labels.length} labels`,
    );
  }
  return { images, labels };
}

function expectMagic(bytes: Uint8Array, magic: number, name: string): void {
  if (bytes.length < 4) {
    throw new DataError(`${name}: truncated: ${bytes.length} bytes, too short for an IDX header`);
  }
  const found = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  if (found !== magic) {
    throw new DataError(`${name}: bad magic number ${hex(found)}, expected ${hex(magic)}`);
  }
}
