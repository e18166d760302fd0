import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/core/errors.js';
import { invertPixels, looksInverted, parseImageFile } from '../../src/eval/image-file.js';

const encoder = new TextEncoder();

/** A 28 × 28 test pattern: pixel i is i mod 256. */
const pattern = Uint8Array.from({ length: 784 }, (_, i) => i % 256);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function asciiPgm(values: ArrayLike<number>, header = 'P2\n28 28\n255\n'): Uint8Array {
  const rows: string[] = [];
  for (let r = 0; r * 28 < values.length; r++) {
    rows.push(
      Array.from(values)
        .slice(r * 28, r * 28 + 28)
        .join(' '),
    );
  }
  return encoder.encode(`${header}${rows.join('\n')}\n`);
}

function parseError(bytes: Uint8Array): string {
  try {
    parseImageFile(bytes, 'digit.pgm');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return (error as Error).message;
  }
  throw new Error('expected a ModelError');
}

describe('parseImageFile', () => {
  it('reads an ASCII PGM (P2) with comments in its header', () => {
    const bytes = asciiPgm(pattern, 'P2\n# made by hand\n28 # width\n28\n255\n');
    const image = parseImageFile(bytes, 'digit.pgm');
    expect(image.format).toBe('pgm-ascii');
    expect(image.pixels).toEqual(pattern);
  });

  it('reads a binary PGM (P5) whose first pixel looks like whitespace', () => {
    const pixels = pattern.slice();
    pixels[0] = 0x0a;
    const bytes = concat(encoder.encode('P5 28 28 255\n'), pixels);
    const image = parseImageFile(bytes, 'digit.pgm');
    expect(image.format).toBe('pgm-binary');
    expect(image.pixels).toEqual(pixels);
  });

  it('rescales other maxvals to 0..255, including 16-bit big-endian samples', () => {
    const ascii = parseImageFile(asciiPgm(new Array(784).fill(15), 'P2 28 28 15\n'), 'a.pgm');
    expect(ascii.pixels.every((v) => v === 255)).toBe(true);
    const raster = new Uint8Array(784 * 2);
    raster[0] = 0x80; // 0x8000 = 32768 of 65535 -> 127.5 -> 128
    raster[1] = 0x00;
    const wide = parseImageFile(concat(encoder.encode('P5\n28 28\n65535\n'), raster), 'b.pgm');
    expect(wide.pixels[0]).toBe(Math.round((32768 * 255) / 65535));
    expect(wide.pixels[1]).toBe(0);
  });

  it('takes a headerless 784-byte file as raw pixels, even one that begins with "P5"', () => {
    const raw = pattern.slice();
    raw[0] = 0x50;
    raw[1] = 0x35;
    const image = parseImageFile(raw, 'digit.raw');
    expect(image.format).toBe('raw');
    expect(image.pixels).toEqual(raw);
  });

  it('rejects a wrong size, naming it', () => {
    const message = parseError(encoder.encode('P2\n32 32\n255\n0\n'));
    expect(message).toBe('digit.pgm: image is 32 × 32; the network reads 28 × 28');
    expect(parseError(new Uint8Array(783))).toMatch(/not a PGM .* \(it has 783 bytes\)/);
  });

  it('rejects truncated files', () => {
    expect(parseError(encoder.encode('P5\n28 28\n'))).toMatch(/truncated PGM header \(no maxval\)/);
    expect(parseError(concat(encoder.encode('P5 28 28 255\n'), new Uint8Array(700)))).toMatch(
      /truncated PGM: 700 of 784 pixels/,
    );
    expect(parseError(asciiPgm(pattern.subarray(0, 780)))).toMatch(/truncated PGM: 780 of 784/);
  });

  it('rejects colour or bitmap Netpbm files, pixels above maxval, and junk', () => {
    expect(parseError(encoder.encode('P6\n28 28\n255\n'))).toMatch(/P6 is not a greymap/);
    expect(parseError(asciiPgm(new Array(784).fill(16), 'P2 28 28 15\n'))).toMatch(
      /pixel 0 is 16, above maxval 15/,
    );
    expect(parseError(encoder.encode('P2\n28 x8\n255\n'))).toMatch(
      /expected a number for the height/,
    );
    expect(parseError(asciiPgm([...pattern, 1]))).toMatch(/more than 784 pixels/);
    expect(parseError(encoder.encode('{"version":1}'))).toMatch(/not a PGM/);
  });
});

describe('looksInverted', () => {
  it('is true for dark ink on a light page and false for MNIST-like images', () => {
    const page = new Uint8Array(784).fill(255);
    page[14 * 28 + 14] = 0;
    expect(looksInverted(page)).toBe(true);
    expect(looksInverted(invertPixels(page))).toBe(false);
    expect(invertPixels(page)[14 * 28 + 14]).toBe(255);
  });
});
