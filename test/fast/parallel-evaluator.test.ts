import { afterAll, describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/core/backend.js';
import { RandomState } from '../../src/core/random.js';
import { sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import { createWasmBackend } from '../../src/fast/wasm-backend.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { SplitAccuracy } from '../../src/train/split-accuracy.js';
import { ParallelEvaluator, partition } from '../../src/fast/parallel-evaluator.js';
import { SparseForward } from '../../src/fast/sparse-forward.js';
import { mnistImages } from '../core/kernels/cases.js';

const images = mnistImages(1500);
const labelsOf = (count: number, shift: number) =>
  Uint8Array.from({ length: count }, (_, i) => (i * 3 + shift) % 10);
const train = new MnistSplit(images.subarray(0, 1100 * IMAGE_SIZE), labelsOf(1100, 1));
const test = new MnistSplit(images.subarray(1100 * IMAGE_SIZE), labelsOf(400, 4));
const sparse = (split: MnistSplit) => ({
  rows: sparseRowsFromBytes(split.images, IMAGE_SIZE, PIXEL_SCALE),
  labels: split.labels,
});
const splits = [sparse(train), sparse(test)] as const;

/** A network whose weights are large enough that its predictions vary from image to image. */
function network(): TwoLayerNet {
  const net = new TwoLayerNet(IMAGE_SIZE, 30, 10, 0.3, { random: new RandomState(5) });
  return net;
}

const paramsOf = (net: TwoLayerNet) => ({
  W1: net.params.W1.data,
  b1: net.params.b1.data,
  W2: net.params.W2.data,
  b2: net.params.b2.data,
});

describe('partition', () => {
  it('cuts the splits end to end into nearly equal slices that cover every row once', () => {
    const rows = sparseRowsFromBytes(images.subarray(0, 10 * IMAGE_SIZE), IMAGE_SIZE, PIXEL_SCALE);
    const other = sparseRowsFromBytes(images.subarray(0, 3 * IMAGE_SIZE), IMAGE_SIZE, PIXEL_SCALE);
    const parts = partition(
      [
        { rows, labels: labelsOf(10, 0) },
        { rows: other, labels: labelsOf(3, 0) },
      ],
      3,
    );
    expect(parts.map((p) => p.map((s) => [s.split, s.rows.rowCount]))).toEqual([
      [[0, 4]],
      [[0, 4]],
      [
        [0, 2],
        [1, 3],
      ],
    ]);
  });
});

describe('SparseForward', () => {
  it('counts what TwoLayerNet counts, for both backends', () => {
    const net = network();
    const evaluator = new SplitAccuracy(net, 128);
    const expected = evaluator.of(train) * train.count;
    const rows = sparseRowsFromBytes(train.images, IMAGE_SIZE, PIXEL_SCALE);
    for (const backend of [jsBackend, createWasmBackend(32 * 1024 * 1024)]) {
      const forward = new SparseForward(backend, net.shape, (length) => backend.allocate(length));
      forward.load(paramsOf(net));
      expect(forward.countCorrect(rows, train.labels, 0, train.count)).toBe(expected);
    }
  });
});

describe('ParallelEvaluator', () => {
  const evaluators: ParallelEvaluator[] = [];
  afterAll(async () => {
    await Promise.all(evaluators.map((e) => e.close()));
  });

  for (const name of ['js', 'wasm'] as const) {
    it(`gives the in-thread accuracies on both splits (${name}, 2 threads)`, async () => {
      const backend = name === 'js' ? jsBackend : createWasmBackend(64 * 1024 * 1024);
      const net = network();
      const evaluator = new SplitAccuracy(net, 256);
      const parallel = new ParallelEvaluator(
        {
          backend,
          precision: 'f64',
          shape: net.shape,
          threads: 2,
        },
        splits,
      );
      evaluators.push(parallel);
      const first = parallel.evaluate(paramsOf(net));
      const expectedFirst = {
        trainAcc: evaluator.of(train),
        testAcc: evaluator.of(test),
      };
      // The parameters were copied when asked: changing them now does not change the answer.
      net.params.W1.data.fill(0);
      const second = parallel.evaluate(paramsOf(net));
      const expectedSecond = {
        trainAcc: evaluator.of(train),
        testAcc: evaluator.of(test),
      };
      expect(await first).toEqual(expectedFirst);
      expect(await second).toEqual(expectedSecond);
      expect(expectedFirst).not.toEqual(expectedSecond);
      // This thread, idle, takes a share of the rows: the same answer.
      expect(await parallel.evaluate(paramsOf(net), true)).toEqual(expectedSecond);
    });
  }

  it('rejects a thread count below one', () => {
    expect(
      () =>
        new ParallelEvaluator(
          {
            backend: jsBackend,
            precision: 'f64',
            shape: network().shape,
            threads: 0,
          },
          splits,
        ),
    ).toThrow(RangeError);
  });
});

describe('the fast path', () => {
  it('refuses a network of more than one hidden layer, which it does not run yet', () => {
    const deeper = { layerSizes: [IMAGE_SIZE, 30, 30, 10], activation: 'sigmoid' } as const;
    expect(() => new SparseForward(jsBackend, deeper, (n) => new Float64Array(n))).toThrow(
      /one hidden layer, not layers \[784, 30, 30, 10\]/,
    );
  });
});
