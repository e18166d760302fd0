import { afterAll, describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/core/backend.js';
import { RandomState } from '../../src/core/random.js';
import { sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import { createWasmBackend } from '../../src/fast/wasm-backend.js';
import { IMAGE_SIZE, MnistSplit, PIXEL_SCALE } from '../../src/data/dataset.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { SplitAccuracy } from '../../src/train/split-accuracy.js';
import { Matrix } from '../../src/core/matrix.js';
import { forwardShapeOf, forwardValuesOf } from '../../src/fast/deep-network.js';
import {
  InlineEvaluator,
  ParallelEvaluator,
  partition,
  type SplitScores,
} from '../../src/fast/parallel-evaluator.js';
import { addInOrder, FORWARD_CHUNK_ROWS, SparseForward } from '../../src/fast/sparse-forward.js';
import type { FullyConnectedNet } from '../../src/nn/fully-connected-net.js';
import { mnistImages } from '../core/kernels/cases.js';
import { buildNet, CASES, OPTIMIZERS, trainLayered } from './deep-networks.js';

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
const shapeOf = (net: TwoLayerNet) => ({ ...net.shape, crossEntropyDelta: net.lastLayer.delta });

/** Scores of both splits by the layered network (in chunks of its own size). */
function layeredScores(net: TwoLayerNet | FullyConnectedNet): SplitScores {
  const accuracy = new SplitAccuracy(net, 256);
  const [trainScore, testScore] = [accuracy.of(train), accuracy.of(test)];
  return {
    trainAcc: trainScore.accuracy,
    testAcc: testScore.accuracy,
    trainLoss: trainScore.loss,
    testLoss: testScore.loss,
  };
}

/** A chapter-6 network trained a few steps: batch norm's running statistics have moved. */
function trainedDeepNet(caseIndex: number, backend = jsBackend): FullyConnectedNet {
  const net = buildNet(CASES[caseIndex], backend);
  trainLayered(net, OPTIMIZERS.SGD(backend), 8, 50);
  return net;
}

/** The evaluators' answers equal the layered pass's, losses to the last bit included. */
function expectSameScores(actual: SplitScores, expected: SplitScores): void {
  expect(actual).toEqual(expected);
}

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
  it("counts and sums the loss as TwoLayerNet's accuracy pass does, for both backends", () => {
    const net = network();
    const expected = new SplitAccuracy(net, FORWARD_CHUNK_ROWS).of(train);
    const rows = sparseRowsFromBytes(train.images, IMAGE_SIZE, PIXEL_SCALE);
    for (const backend of [jsBackend, createWasmBackend(32 * 1024 * 1024)]) {
      const forward = new SparseForward(backend, shapeOf(net), (n) => backend.allocate(n));
      forward.load(paramsOf(net));
      const losses = new Float64Array(train.count);
      const correct = forward.score(rows, train.labels, 0, train.count, losses);
      expect(correct).toBe(expected.accuracy * train.count);
      // The rows' losses added in row order: the layered pass's sum, to the last bit.
      expect(addInOrder(0, losses) / train.count).toBe(expected.loss);
    }
  });

  for (const [index, c] of CASES.entries()) {
    it(`scores MultiLayerNet(Extend) in test mode as its predict does, bit for bit (${c.name})`, () => {
      const count = 700;
      const rows = sparseRowsFromBytes(
        images.subarray(0, count * IMAGE_SIZE),
        IMAGE_SIZE,
        PIXEL_SCALE,
      );
      const labels = train.labels.subarray(0, count);
      const x = new Matrix(count, IMAGE_SIZE);
      train.gatherImages(
        x.data,
        Int32Array.from({ length: count }, (_, i) => i),
      );
      for (const backend of [jsBackend, createWasmBackend(32 * 1024 * 1024)]) {
        const net = trainedDeepNet(index, backend);
        const forward = new SparseForward(backend, forwardShapeOf(net), (n) => backend.allocate(n));
        forward.load(forwardValuesOf(net));
        const predicted = net.predict(x, false).data;
        for (const [first, m] of [
          [0, FORWARD_CHUNK_ROWS],
          [FORWARD_CHUNK_ROWS, count - FORWARD_CHUNK_ROWS],
        ]) {
          const scores = forward.forwardScores(rows, first, m);
          expect(Array.from(scores.subarray(0, m * 10))).toEqual(
            Array.from(predicted.subarray(first * 10, (first + m) * 10)),
          );
        }
        // The loss against an independent computation: the network's own loss over the whole
        // set in one pass, test mode. Its cross-entropy (lastLayer.loss) is the same sum: equal
        // bits. The whole loss less the weight decay rounds once more, on the loss's scale.
        const losses = new Float64Array(count);
        const correct = forward.score(rows, labels, 0, count, losses);
        expect(correct / count).toBe(net.accuracy(x, labels));
        const loss = net.loss(x, labels, false);
        const meanLoss = addInOrder(0, losses) / count;
        expect(meanLoss).toBe(net.lastLayer.loss);
        const withoutDecay = loss - net.weightDecay();
        expect(Math.abs(meanLoss - withoutDecay)).toBeLessThanOrEqual(2 ** -52 * loss);
        expect(meanLoss).toBeGreaterThan(0.05);
      }
    });
  }
});

/**
 * The layered scores of network() (on the TypeScript kernels, whichever backend evaluates it)
 * before and after its W1 is zeroed: the same for every backend's test, so computed once.
 */
let twoLayerScores: [SplitScores, SplitScores] | undefined;
function twoLayerExpected(): [SplitScores, SplitScores] {
  if (twoLayerScores === undefined) {
    const net = network();
    const before = layeredScores(net);
    net.params.W1.data.fill(0);
    twoLayerScores = [before, layeredScores(net)];
  }
  return twoLayerScores;
}

describe('ParallelEvaluator', () => {
  const evaluators: ParallelEvaluator[] = [];
  afterAll(async () => {
    await Promise.all(evaluators.map((e) => e.close()));
  });

  for (const name of ['js', 'wasm'] as const) {
    it(`gives the in-thread scores on both splits (${name}, 2 threads)`, async () => {
      const backend = name === 'js' ? jsBackend : createWasmBackend(64 * 1024 * 1024);
      const net = network();
      const parallel = new ParallelEvaluator(
        { backend, precision: 'f64', shape: shapeOf(net), threads: 2 },
        splits,
      );
      evaluators.push(parallel);
      const first = parallel.evaluate(paramsOf(net));
      const [expectedFirst, expectedSecond] = twoLayerExpected();
      // The parameters were copied when asked: changing them now does not change the answer.
      net.params.W1.data.fill(0);
      const second = parallel.evaluate(paramsOf(net));
      expectSameScores(await first, expectedFirst);
      expectSameScores(await second, expectedSecond);
      expect(expectedFirst).not.toEqual(expectedSecond);
      // This thread, idle, takes a share of the rows: the same answer.
      expectSameScores(await parallel.evaluate(paramsOf(net), true), expectedSecond);
    });

    it(`scores a chapter-6 network with batch norm and dropout (${name}, 2 threads)`, async () => {
      const backend = name === 'js' ? jsBackend : createWasmBackend(64 * 1024 * 1024);
      const net = trainedDeepNet(5, backend);
      const options = { backend, precision: 'f64' as const, shape: forwardShapeOf(net) };
      const parallel = new ParallelEvaluator({ ...options, threads: 2 }, splits);
      evaluators.push(parallel);
      const expected = layeredScores(net);
      const answers = [
        await parallel.evaluate(forwardValuesOf(net)),
        await parallel.evaluate(forwardValuesOf(net)),
        await parallel.evaluate(forwardValuesOf(net), true),
        await parallel.evaluate(forwardValuesOf(net), true),
      ];
      // Asked faster than the workers answer, later evaluations are shared with this thread.
      const values = forwardValuesOf(net);
      answers.push(
        ...(await Promise.all(Array.from({ length: 6 }, () => parallel.evaluate(values)))),
      );
      parallel.helpFromNowOn();
      // Losses are added in the order of the rows, whichever thread scored them.
      for (const answer of answers) expectSameScores(answer, expected);
      const inline = new InlineEvaluator(options, splits);
      expectSameScores(inline.evaluateNow(forwardValuesOf(net)), expected);
      expect(expected.trainLoss).toBeGreaterThan(0.1);
    });
  }

  it('rejects a thread count below one', () => {
    expect(
      () =>
        new ParallelEvaluator(
          {
            backend: jsBackend,
            precision: 'f64',
            shape: shapeOf(network()),
            threads: 0,
          },
          splits,
        ),
    ).toThrow(RangeError);
  });
});
