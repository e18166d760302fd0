import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { IMAGE_SIZE, MnistSplit } from '../../src/data/dataset.js';
import { createWasmBackend } from '../../src/fast/wasm-backend.js';
import type { Activation } from '../../src/nn/shape.js';
import { twoLayerGradient } from '../../src/nn/two-layer-gradient.js';
import { PARAM_NAMES, TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { mnistImages } from '../core/kernels/cases.js';
import { randomArray } from './layers/finite-difference.js';

describe("chapter 4's hand-derived gradient", () => {
  const count = 40;
  const split = new MnistSplit(
    mnistImages(count),
    Uint8Array.from({ length: count }, (_, i) => (i * 3) % 10),
  );
  const x = new Matrix(count, IMAGE_SIZE);
  split.gatherRange(x.data, 0, count);

  for (const activation of ['sigmoid', 'relu'] as Activation[]) {
    it(`equals chapter 5's layered TwoLayerNet.gradient bit for bit on MNIST (${activation})`, () => {
      const net = new TwoLayerNet(IMAGE_SIZE, 20, 10, 0.1, {
        activation,
        random: new RandomState(4),
      });
      const byHand = twoLayerGradient(net, x, split.labels);
      const layered = net.gradient(x, split.labels);
      for (const name of PARAM_NAMES) {
        expect(Array.from(byHand[name].data), name).toEqual(Array.from(layered[name].data));
        expect(byHand[name].shape).toEqual(net.params[name].shape);
      }
      expect(byHand.W1.data.some((g) => g !== 0)).toBe(true);
    });
  }

  it('gives the same bits on the WebAssembly backend', () => {
    const wasm = createWasmBackend(16 * 1024 * 1024);
    const options = { random: new RandomState(9) };
    const js = new TwoLayerNet(IMAGE_SIZE, 12, 10, 0.1, options);
    const onWasm = new TwoLayerNet(IMAGE_SIZE, 12, 10, 0.1, {
      backend: wasm,
      random: new RandomState(9),
    });
    const xWasm = new Matrix(count, IMAGE_SIZE, wasm.allocate(count * IMAGE_SIZE));
    xWasm.data.set(x.data);
    const expected = twoLayerGradient(js, x, split.labels);
    const actual = twoLayerGradient(onWasm, xWasm, split.labels);
    for (const name of PARAM_NAMES) {
      expect(Array.from(actual[name].data), name).toEqual(Array.from(expected[name].data));
    }
  });

  it('agrees with the numerical gradient of the exact loss (book 4.4.2)', () => {
    const net = new TwoLayerNet(6, 5, 3, 0.5, { random: new RandomState(2), crossEntropyDelta: 0 });
    const small = new Matrix(
      4,
      6,
      randomArray(24, 5).map((v) => (v + 1) / 2),
    );
    const t = [0, 2, 1, 2];
    const numerical = net.numericalGradient(small, t);
    const byHand = twoLayerGradient(net, small, t);
    for (const name of PARAM_NAMES) {
      byHand[name].data.forEach((g, i) => {
        expect(Math.abs(g - numerical[name].data[i])).toBeLessThan(1e-8);
      });
    }
  });

  it('refuses a batch of the wrong width', () => {
    const net = new TwoLayerNet(6, 5, 3);
    expect(() => twoLayerGradient(net, new Matrix(2, 5), [0, 1])).toThrow(RangeError);
  });
});
