import { describe, expect, it } from 'vitest';
import { jsBackend, type Backend } from '../../src/core/backend.js';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import { createWasmBackend } from '../../src/fast/wasm-backend.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';
import { SGD } from '../../src/nn/optimizer.js';
import type { Activation } from '../../src/nn/shape.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { FusedTwoLayerStep } from '../../src/fast/fused-step.js';
import type { Precision } from '../../src/fast/precision.js';
import { mnistImages } from '../core/kernels/cases.js';

const COUNT = 400;
const images = mnistImages(COUNT);
const labels = Uint8Array.from({ length: COUNT }, (_, i) => (i * 7) % 10);
const split = new MnistSplit(images, labels);
const rows = sparseRowsFromBytes(images, IMAGE_SIZE, PIXEL_SCALE);

interface Run {
  losses: number[];
  params: Float64Array[];
}

/** `steps` SGD steps of the book's loop through TwoLayerNet.gradient and SGD.update. */
function layered(backend: Backend, activation: Activation, steps: number, batch: number): Run {
  const random = new RandomState(3);
  const net = new TwoLayerNet(IMAGE_SIZE, 20, 10, 0.01, { backend, random, activation });
  const optimizer = new SGD(0.5);
  const indices = new Int32Array(batch);
  const t = new Int32Array(batch);
  const x = new Matrix(batch, IMAGE_SIZE, backend.allocate(batch * IMAGE_SIZE));
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    random.fillRandint(indices, 0, COUNT);
    split.gatherImages(x.data, indices);
    split.gatherLabels(t, indices);
    optimizer.update(net.params, net.gradient(x, t));
    losses.push(net.lastLayer.loss);
  }
  return { losses, params: [net.params.W1.data, net.params.b1.data, net.params.W2.data] };
}

/** The same through FusedTwoLayerStep. */
function fused(
  backend: Backend,
  activation: Activation,
  steps: number,
  batch: number,
  precision: Precision,
): Run {
  const random = new RandomState(3);
  const net = new TwoLayerNet(IMAGE_SIZE, 20, 10, 0.01, { backend, random, activation });
  const step = new FusedTwoLayerStep(
    backend,
    net.shape,
    { batchSize: batch, learningRate: 0.5, crossEntropyDelta: 1e-7, precision },
    {
      W1: net.params.W1.data,
      b1: net.params.b1.data,
      W2: net.params.W2.data,
      b2: net.params.b2.data,
    },
  );
  const indices = new Int32Array(batch);
  const t = new Int32Array(batch);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    random.fillRandint(indices, 0, COUNT);
    split.gatherLabels(t, indices);
    losses.push(step.step(rows, indices, t, batch));
  }
  const { W1, b1, W2 } = step.params;
  return { losses, params: [W1, b1, W2].map((p) => Float64Array.from(p)) };
}

describe('FusedTwoLayerStep', () => {
  const wasm = createWasmBackend(32 * 1024 * 1024);
  for (const activation of ['sigmoid', 'relu'] as const) {
    for (const [name, backend] of [
      ['js', jsBackend],
      ['wasm', wasm],
    ] as const) {
      it(`at float64 equals TwoLayerNet.gradient + SGD bit for bit (${activation}, ${name})`, () => {
        const expected = layered(jsBackend, activation, 12, 32);
        const actual = fused(backend, activation, 12, 32, 'f64');
        expect(actual.losses).toEqual(expected.losses);
        actual.params.forEach((p, i) =>
          expect(Array.from(p)).toEqual(Array.from(expected.params[i])),
        );
      });
    }
    it(`at float32 follows the float64 run closely (${activation})`, () => {
      const expected = layered(jsBackend, activation, 12, 32);
      const actual = fused(wasm, activation, 12, 32, 'f32');
      actual.losses.forEach((loss, i) => expect(loss).toBeCloseTo(expected.losses[i], 4));
    });
  }

  it('takes a batch of one', () => {
    const expected = layered(jsBackend, 'sigmoid', 3, 1);
    expect(fused(wasm, 'sigmoid', 3, 1, 'f64').losses).toEqual(expected.losses);
  });
});
