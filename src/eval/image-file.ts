// One 28 × 28 image a user made, read the way MNIST stores its own: 784 bytes, 0 = background,
// 255 = ink. Accepted: a Netpbm greymap, ASCII (P2) or binary (P5), of any maxval (rescaled to
// 0..255), or a headerless file of exactly 784 bytes, row by row.

import { ModelError } from '../core/errors.js';
import { IMAGE_COLS, IMAGE_ROWS, IMAGE_SIZE } from '../data/dataset.js';

/**
 * The largest image file read. A 28 × 28 PGM needs under 5 KiB even as ASCII with 16-bit samples
 * (784 × "65535 "); the rest leaves room for comments and generous whitespace.
 */
export const IMAGE_FILE_MAX_BYTES = 64 * 1024;

export type ImageFormat = 'pgm-ascii' | 'pgm-binary' | 'raw';

export interface ImageFile {
  readonly format: ImageFormat;
  /** IMAGE_SIZE bytes, 0..255, row-major. */
  readonly pixels: Uint8Array;
}

/** Parses `bytes` read from `name` (used only in messages); throws ModelError saying what is wrong. */
export function parseImageFile(bytes: Uint8Array, name: string): ImageFile {
  // A 28 × 28 PGM is always longer than 784 bytes (header plus at least one byte a pixel), so a
  // 784-byte file is raw pixels even if it happens to begin with "P5".
  if (bytes.length === IMAGE_SIZE) return { format: 'raw', pixels: bytes.slice() };
  if (bytes.length >= 2 && bytes[0] === 0x50 /* P */) {
    const kind = String.fromCharCode(bytes[1]);
    if (kind === '2' || kind === '5') return parsePgm(bytes, name, kind === '2');
    if ('13467'.includes(kind)) {
      throw new ModelError(
        `${name}: Netpbm P${kind} is not a greymap; save it as PGM (P2 or P5) or raw 784 bytes`,
      );
    }
  }
  throw new ModelError(
    `${name}: not a PGM (P2/P5) image nor raw ${IMAGE_SIZE} bytes (it has ${bytes.length} bytes)`,
  );
}

function isSpace(byte: number): boolean {
  return (
    byte === 0x20 ||
    byte === 0x09 ||
    byte === 0x0a ||
    byte === 0x0d ||
    byte === 0x0b ||
    byte === 0x0c
  );
}

/** Reads whitespace-separated decimal tokens, skipping `#` comments to the end of the line. */
class TokenReader {
  position = 2;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly name: string,
  ) {}

  skipSpaceAndComments(): void {
    const bytes = this.bytes;
    while (this.position < bytes.length) {
      const byte = bytes[this.position];
      if (byte === 0x23 /* # */) {
        while (this.position < bytes.length && bytes[this.position] !== 0x0a) this.position++;
      } else if (isSpace(byte)) {
        this.position++;
      } else {
        return;
      }
    }
  }

  /** The next number, or undefined at the end of the file. */
  next(what: string): number | undefined {
    this.skipSpaceAndComments();
    const bytes = this.bytes;
    if (this.position >= bytes.length) return undefined;
    const start = this.position;
    let value = 0;
    while (
      this.position < bytes.length &&
      bytes[this.position] >= 0x30 &&
      bytes[this.position] <= 0x39
    ) {
      value = value * 10 + (bytes[this.position] - 0x30);
      this.position++;
    }
    const endsCleanly =
      this.position === bytes.length ||
      isSpace(bytes[this.position]) ||
      bytes[this.position] === 0x23;
    if (this.position === start || !endsCleanly) {
      throw new ModelError(`${this.name}: expected a number for the ${what} at byte ${start}`);
    }
    return value;
  }

  require(what: string): number {
    const value = this.next(what);
    if (value === undefined)
      throw new ModelError(`${this.name}: truncated PGM header (no ${what})`);
    return value;
  }
}

function parsePgm(bytes: Uint8Array, name: string, isAscii: boolean): ImageFile {
  const reader = new TokenReader(bytes, name);
  const width = reader.require('width');
  const height = reader.require('height');
  const maxval = reader.require('maxval');
  if (maxval < 1 || maxval > 65535) {
    throw new ModelError(`${name}: PGM maxval ${maxval} is outside 1..65535`);
  }
  if (width !== IMAGE_COLS || height !== IMAGE_ROWS) {
    throw new ModelError(
      `${name}: image is ${width} × ${height}; the network reads ${IMAGE_COLS} × ${IMAGE_ROWS}`,
    );
  }
  const samples = isAscii
    ? asciiSamples(reader, name, maxval)
    : binarySamples(bytes, reader, name, maxval);
  const pixels = new Uint8Array(IMAGE_SIZE);
  for (let i = 0; i < IMAGE_SIZE; i++) pixels[i] = Math.round((samples[i] * 255) / maxval);
  return { format: isAscii ? 'pgm-ascii' : 'pgm-binary', pixels };
}

function asciiSamples(reader: TokenReader, name: string, maxval: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < IMAGE_SIZE; i++) {
    const value = reader.next('pixel');
    if (value === undefined) {
      throw new ModelError(`${name}: truncated PGM: ${i} of ${IMAGE_SIZE} pixels`);
    }
    if (value > maxval)
      throw new ModelError(`${name}: pixel ${i} is ${value}, above maxval ${maxval}`);
    samples.push(value);
  }
  if (reader.next('pixel') !== undefined) {
    throw new ModelError(
      `${name}: more than ${IMAGE_SIZE} pixels in a ${IMAGE_COLS} × ${IMAGE_ROWS} PGM`,
    );
  }
  return samples;
}

function binarySamples(
  bytes: Uint8Array,
  reader: TokenReader,
  name: string,
  maxval: number,
): number[] {
  // Exactly one whitespace byte separates maxval from the raster (Netpbm's rule), so a first
  // pixel that looks like a space or '#' is still a pixel.
  const start = reader.position + 1;
  const width = maxval < 256 ? 1 : 2;
  const available = Math.max(0, bytes.length - start);
  if (available < IMAGE_SIZE * width) {
    throw new ModelError(
      `${name}: truncated PGM: ${Math.floor(available / width)} of ${IMAGE_SIZE} pixels`,
    );
  }
  const samples: number[] = [];
  for (let i = 0; i < IMAGE_SIZE; i++) {
    const at = start + i * width;
    // Two-byte samples are big-endian.
    const value = width === 1 ? bytes[at] : (bytes[at] << 8) | bytes[at + 1];
    if (value > maxval)
      throw new ModelError(`${name}: pixel ${i} is ${value}, above maxval ${maxval}`);
    samples.push(value);
  }
  return samples;
}

/**
 * Whether the picture looks drawn dark on light — the opposite of MNIST — judged by its border,
 * which in MNIST is always background. Used only to suggest --invert, never to change the input.
 */
export function looksInverted(pixels: Uint8Array): boolean {
  let sum = 0;
  let count = 0;
  for (let r = 0; r < IMAGE_ROWS; r++) {
    for (let c = 0; c < IMAGE_COLS; c++) {
      if (r === 0 || c === 0 || r === IMAGE_ROWS - 1 || c === IMAGE_COLS - 1) {
        sum += pixels[r * IMAGE_COLS + c];
        count++;
      }
    }
  }
  return sum / count > 127;
}

export function invertPixels(pixels: Uint8Array): Uint8Array {
  return pixels.map((value) => 255 - value);
}
