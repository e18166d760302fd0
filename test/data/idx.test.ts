import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { parseIdx, parseImages, parseLabels, parseSplit } from '../../src/data/idx.js';
import { idxBytes } from './idx-writer.js';

function twoImages(): Uint8Array {
  const pixels = new Uint8Array(2 * 784);
  pixels[0] = 255;
  pixels[784 + 783] = 17;
  return idxBytes(0x803, [2, 28, 28], pixels);
}

function faultOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as Error).message;
  }
  throw new Error('expected a DataError');
}

describe('IDX parsing', () => {
  it('reads images as one n × 784 byte view after the 16-byte header', () => {
    const file = twoImages();
    const images = parseImages(file, 'img');
    expect(images.length).toBe(2 * 784);
    expect(images[0]).toBe(255);
    expect(images[784 + 783]).toBe(17);
    expect(images.buffer).toBe(file.buffer);
    expect(images.byteOffset).toBe(16);
  });

  it('reads labels after the 8-byte header and pairs them with images', () => {
    const labels = idxBytes(0x801, [2], [7, 0]);
    expect(Array.from(parseLabels(labels, 'lab'))).toEqual([7, 0]);
    const split = parseSplit(twoImages(), 'img', labels, 'lab');
    expect(split.labels.length).toBe(split.images.length / 784);
  });

  it('reports a bad magic number, naming the file and both numbers', () => {
    const file = twoImages();
    file[3] = 0x01;
    expect(faultOf(() => parseImages(file, 'train-images'))).toBe(
      'train-images: bad magic number 0x00000801, expected 0x00000803',
    );
    expect(faultOf(() => parseLabels(twoImages(), 'labels'))).toMatch(/^labels: bad magic/);
  });

  it('reports a file too short for its header', () => {
    expect(faultOf(() => parseImages(new Uint8Array(2), 'f'))).toMatch(/^f: truncated: 2 bytes/);
    expect(faultOf(() => parseImages(twoImages().subarray(0, 10), 'f'))).toMatch(
      /^f: truncated: 10 bytes, but its header alone needs 16/,
    );
  });

  it('reports truncated data with the size the dimensions demand', () => {
    const file = twoImages().subarray(0, 16 + 784 + 100);
    expect(faultOf(() => parseImages(file, 'f'))).toBe(
      'f: truncated: dimensions 2 × 28 × 28 need 1568 data bytes, found 884',
    );
  });

  it('reports trailing bytes', () => {
    const file = idxBytes(0x801, [2], [1, 2, 3, 4]);
    expect(faultOf(() => parseLabels(file, 'f'))).toBe('f: 2 trailing bytes after the 2 data');
  });

  it('reports a label above 9 with its index', () => {
    const file = idxBytes(0x801, [3], [1, 10, 2]);
    expect(faultOf(() => parseLabels(file, 'f'))).toBe(
      'f: label 10 at index 1 is not a digit 0..9',
    );
  });

  it('reports image and label counts that differ', () => {
    const labels = idxBytes(0x801, [3], [1, 2, 3]);
    expect(faultOf(() => parseSplit(twoImages(), 'img', labels, 'lab'))).toBe(
      'img holds 2 images but lab holds 3 labels',
    );
  });

  it('refuses images that are not 28 × 28', () => {
    const file = idxBytes(0x803, [1, 2, 2], [1, 2, 3, 4]);
    expect(faultOf(() => parseImages(file, 'f'))).toBe(
      'f: images of 2 × 2 pixels, expected 28 × 28',
    );
  });

  it('rejects a forged header claiming 2^32-1 × 28 × 28 at once, without allocating for it', () => {
    const forged = idxBytes(0x803, [0xffffffff, 28, 28], []);
    const heapBefore = process.memoryUsage().arrayBuffers;
    expect(faultOf(() => parseImages(forged, 'f'))).toMatch(/need 3367254359280 data bytes/);
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(1 << 20);
  });

  describe('fuzzed', () => {
    const onlyDataErrors = (parse: () => unknown) => {
      try {
        parse();
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
      }
    };

    it('random bytes end in a result or a DataError, never another exception', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
          onlyDataErrors(() => parseIdx(bytes, 'f'));
          onlyDataErrors(() => parseImages(bytes, 'f'));
          onlyDataErrors(() => parseLabels(bytes, 'f'));
        }),
        { numRuns: 2000 },
      );
    });

    it('valid files with a mutated header or length end in a result or a DataError', () => {
      const base = idxBytes(0x803, [3, 28, 28], new Uint8Array(3 * 784).fill(9));
      fc.assert(
        fc.property(
          fc.array(fc.record({ at: fc.nat(15), value: fc.integer({ min: 0, max: 255 }) }), {
            maxLength: 6,
          }),
          fc.integer({ min: -40, max: 40 }),
          (edits, lengthChange) => {
            const length = Math.max(0, base.length + lengthChange);
            const bytes = new Uint8Array(length);
            bytes.set(base.subarray(0, Math.min(length, base.length)));
            for (const { at, value } of edits) if (at < length) bytes[at] = value;
            onlyDataErrors(() => parseImages(bytes, 'f'));
            onlyDataErrors(() => parseIdx(bytes, 'f'));
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('random dimension values of any size are judged against the real length', () => {
      fc.assert(
        fc.property(
          fc.array(fc.nat({ max: 0xffffffff }), { minLength: 1, maxLength: 4 }),
          fc.nat(64),
          (dims, dataLength) => {
            const bytes = idxBytes(0x800 | dims.length, dims, new Uint8Array(dataLength));
            const product = dims.reduce((a, b) => a * b, 1);
            if (product === dataLength) {
              expect(parseIdx(bytes, 'f').data.length).toBe(dataLength);
            } else {
              expect(() => parseIdx(bytes, 'f')).toThrow(DataError);
            }
          },
        ),
        { numRuns: 2000 },
      );
    });
  });
});
