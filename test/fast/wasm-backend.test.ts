import { describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/core/backend.js';
import { sumOfSquaresReference } from '../../src/core/kernels/reference/sums.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import { createWasmBackend, type WasmBackend } from '../../src/fast/wasm-backend.js';
import { IMAGE_SIZE, PIXEL_SCALE } from '../../src/data/dataset.js';
import { describeKernels, mnistImages, randomArray, SHAPES } from '../core/kernels/cases.js';
import { sameBits } from '../fixtures/ch6/fixture.js';
import { describeChapter6Kernels } from '../core/kernels/chapter6-cases.js';

const wasm: WasmBackend = createWasmBackend(64 * 1024 * 1024);

describeKernels('WebAssembly kernels equal the naive references at float64', () => wasm, 'f64');
describeKernels('WebAssembly kernels equal the naive references at float32', () => wasm, 'f32');
describeChapter6Kernels(
  'WebAssembly chapter-6 kernels equal the naive references bit for bit at float64',
  () => wasm,
  'f64',
);
describeChapter6Kernels(
  'WebAssembly chapter-6 kernels follow the naive references at float32',
  () => wasm,
  'f32',
);

describe('the WebAssembly backend', () => {
  it('hands out views of its own memory', () => {
    const x = wasm.allocate(10);
    expect(x.buffer).toBe(wasm.memory.buffer);
    expect(Array.from(x)).toEqual(new Array(10).fill(0));
  });

  it('agrees with the TypeScript kernels bit for bit (softmax at float32 too)', () => {
    for (const [m, k, n] of SHAPES) {
      const a = randomArray(m * k, 0.81);
      const b = randomArray(k * n);
      const [wa, wb, wout] = [wasm.allocate(m * k), wasm.allocate(k * n), wasm.allocate(m * n)];
      wa.set(a);
      wb.set(b);
      const jsOut = new Float64Array(m * n);
      wasm.matmul(wout, wa, wb, m, k, n);
      jsBackend.matmul(jsOut, a, b, m, k, n);
      expect(sameBits(wout, jsOut)).toEqual([]);
      const wt = wasm.allocate(k * n);
      const jsT = new Float64Array(k * n);
      const d = randomArray(m * n);
      const wd = wasm.allocate(m * n);
      wd.set(d);
      wasm.matmulTransA(wt, wa, wd, k, m, n);
      jsBackend.matmulTransA(jsT, a, d, k, m, n);
      expect(sameBits(wt, jsT)).toEqual([]);
      const s = wasm.allocate(m * n);
      const jsS = new Float64Array(m * n);
      wasm.sigmoidForward(s, wout, m * n);
      jsBackend.sigmoidForward(jsS, jsOut, m * n);
      expect(sameBits(s, jsS)).toEqual([]);
      for (const single of [false, true]) {
        const scores = single ? wasm.allocateFloat32(m * n) : wasm.allocate(m * n);
        scores.set(randomArray(m * n).map((v) => 40 * v));
        const y = single ? wasm.allocateFloat32(m * n) : wasm.allocate(m * n);
        const jsY = single ? new Float32Array(m * n) : new Float64Array(m * n);
        wasm.softmaxRows(y, scores, m, n);
        jsBackend.softmaxRows(jsY, scores.slice(), m, n);
        expect(sameBits(y, jsY)).toEqual([]);
      }
    }
  });

  it('agrees with the TypeScript kernels bit for bit on real MNIST rows', () => {
    const rows = sparseRowsFromBytes(mnistImages(200), IMAGE_SIZE, PIXEL_SCALE);
    const indices = Int32Array.from({ length: 100 }, (_, i) => (i * 13) % 200);
    const W = wasm.allocate(IMAGE_SIZE * 50);
    W.set(randomArray(IMAGE_SIZE * 50));
    const out = wasm.allocate(100 * 50);
    const jsOut = new Float64Array(100 * 50);
    wasm.gatherMatmul(out, rows, indices, 100, W, 50);
    jsBackend.gatherMatmul(jsOut, rows, indices, 100, W.slice(), 50);
    expect(sameBits(out, jsOut)).toEqual([]);
    const grad = wasm.allocate(IMAGE_SIZE * 50);
    const jsGrad = new Float64Array(IMAGE_SIZE * 50);
    wasm.gatherMatmulTransA(grad, rows, indices, 100, out, 50);
    jsBackend.gatherMatmulTransA(jsGrad, rows, indices, 100, jsOut, 50);
    expect(sameBits(grad, jsGrad)).toEqual([]);
  });

  it("sums squares in numpy's pairwise order, as the naive twin does, at both precisions", () => {
    // Lengths on both sides of every branch of the pairwise sum, and the widest weight matrix.
    for (const length of [0, 7, 8, 17, 128, 129, 136, 257, 1000, 78400]) {
      const values = randomArray(length).map((v) => v * 1e3);
      const a = wasm.allocate(length);
      a.set(values);
      expect(wasm.sumOfSquares(a, length)).toBe(sumOfSquaresReference(values, length));
      const single = wasm.allocateFloat32(length);
      single.set(values);
      const widened = Float64Array.from(single);
      expect(wasm.sumOfSquares(single, length)).toBe(sumOfSquaresReference(widened, length));
    }
  });

  it('computes sigmoid exactly as Math.exp does at float64, across its range and at its branch points', () => {
    const edges = [0, -0, 1, -1, 0.5, 1e-9, -1e-9, 20, -20, 708, -708, 709.8, -745.2, 800, -800];
    const values = [...edges, Infinity, -Infinity, NaN];
    for (const scale of [1e-8, 0.3, 1, 3, 40, 900]) {
      for (let i = 0; i < 2000; i++) values.push(scale * (2 * Math.random() - 1));
    }
    // Neighbourhoods of the points where exp changes formula (by high word), of ±1 and ±700.
    const fromHighWord = (high: number) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setUint32(0, high);
      return view.getFloat64(0);
    };
    const branchPoints = [0x3fd62e42, 0x3fd62e43, 0x3ff0a2b1, 0x3ff0a2b2, 0x3e300000].map(
      fromHighWord,
    );
    for (const point of [...branchPoints, 1, 700, 1021 * Math.LN2]) {
      for (const sign of [1, -1]) {
        for (let i = -500; i <= 500; i++) values.push(sign * point * (1 + i * 2 ** -44));
      }
    }
    const a = wasm.allocate(values.length);
    a.set(values);
    const out = wasm.allocate(values.length);
    const expected = new Float64Array(values.length);
    wasm.sigmoidForward(out, a, values.length);
    jsBackend.sigmoidForward(expected, a.slice(), values.length);
    expect(sameBits(out, expected)).toEqual([]);
    // At float32 speed comes first: within two float32 ulps of the exact sigmoid, NaN kept.
    const single = wasm.allocateFloat32(values.length);
    single.set(values);
    const singleOut = wasm.allocateFloat32(values.length);
    wasm.sigmoidForward(singleOut, single, values.length);
    // Every value is checked; one assertion over those that fail keeps 25 000 checks quick.
    const wrong: string[] = [];
    single.forEach((x, i) => {
      const exact = 1 / (1 + Math.exp(-x));
      const isRight = Number.isNaN(x)
        ? Number.isNaN(singleOut[i])
        : Math.abs(singleOut[i] - exact) <= Math.max(exact, 1e-30) * 2 ** -22;
      if (!isRight) wrong.push(`sigmoid(${x}) = ${singleOut[i]}, not ${exact}`);
    });
    expect(wrong).toEqual([]);
  });

  it('runs the TypeScript kernels on arrays outside its memory', () => {
    const a = randomArray(6);
    const b = randomArray(6);
    const out = new Float64Array(4);
    const expected = new Float64Array(4);
    wasm.matmul(out, a, b, 2, 3, 2);
    jsBackend.matmul(expected, a, b, 2, 3, 2);
    expect(Array.from(out)).toEqual(Array.from(expected));
  });

  it('hands out ordinary arrays once its reservation is spent, never grows, and counts them', () => {
    const small = createWasmBackend(128 * 1024);
    const inside = small.allocate(1000);
    expect(small.spills).toBe(0);
    const outside = small.allocate(100_000);
    expect(inside.buffer).toBe(small.memory.buffer);
    expect(outside.buffer).not.toBe(small.memory.buffer);
    expect(inside.length).toBe(1000);
    expect(small.spills).toBe(1);
    small.allocateFloat32(100_000);
    expect(small.spills).toBe(2);
  });

  it('gives a worker thread a region of its shared memory, where placed rows are read in place', () => {
    const main = createWasmBackend(16 * 1024 * 1024);
    const rows = sparseRowsFromBytes(mnistImages(20), IMAGE_SIZE, PIXEL_SCALE, main.placement);
    expect(rows.columns.buffer).toBe(main.memory.buffer);
    const region = main.threadRegion(4 * 1024 * 1024);
    if (region === undefined) throw new Error('no region');
    const worker = createWasmBackend(region);
    const W = worker.allocate(IMAGE_SIZE * 3);
    expect(W.buffer).toBe(main.memory.buffer);
    expect(W.byteOffset).toBeGreaterThanOrEqual(region.base);
    expect(W.byteOffset + W.byteLength).toBeLessThanOrEqual(region.limit);
    W.set(randomArray(IMAGE_SIZE * 3));
    const out = worker.allocate(20 * 3);
    const expected = new Float64Array(20 * 3);
    const indices = Int32Array.from({ length: 20 }, (_, i) => i);
    worker.gatherMatmul(out, rows, indices, 20, W, 3);
    jsBackend.gatherMatmul(expected, rows, indices, 20, W.slice(), 3);
    expect(Array.from(out)).toEqual(Array.from(expected));
    // More rows, placed by the main thread: reading them adds only their 256-value table.
    const more = sparseRowsFromBytes(mnistImages(300), IMAGE_SIZE, PIXEL_SCALE, main.placement);
    const before = worker.usedBytes;
    worker.gatherMatmul(out, more, indices, 20, W, 3);
    expect(worker.usedBytes - before).toBeLessThanOrEqual(256 * 8 + 16);
    expect(more.columns.byteLength).toBeGreaterThan(50_000);
  });

  it('is what loadBackend("wasm") gives', async () => {
    expect((await loadBackend('wasm')).name).toBe('wasm');
    expect(await loadBackend('js')).toBe(jsBackend);
  });
});
