// nn-train's fused step for MultiLayerNet(Extend) against the book's step (network.gradient,
// optimizer.update, network.accuracy on dense batches): the same rows, losses and weights, bit
// for bit, for each optimizer and each chapter-6 option, and the same rows in any thread count.

import { beforeAll, describe, expect, it } from 'vitest';
import { jsBackend, type Backend } from '../../src/core/backend.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { trainConfigFrom, type TrainOptions } from '../../src/train/config.js';
import { Trainer, type TrainerOptions, type TrainResult } from '../../src/train/trainer.js';
import { bundledMnist } from './bundled-mnist.js';

let dataset: Dataset;
let wasm: Backend;
beforeAll(async () => {
  dataset = await bundledMnist();
  wasm = await loadBackend('wasm');
});

/** 16 iterations of 50 on 300 samples: an evaluation every 6, on 300 + 200 images. */
const SMALL: TrainOptions = { iters: 16, batchSize: 50, trainSize: 300, testSize: 200 };

function train(options: TrainOptions, trainer: Partial<TrainerOptions>): Promise<TrainResult> {
  const config = trainConfigFrom({ ...SMALL, ...options }, dataset);
  return new Trainer({ config, seed: 3, dataset, ...trainer }).run();
}

/** Everything the run reports and leaves but the clock. */
function runOf(result: TrainResult) {
  return {
    epochs: result.epochs.map(({ elapsedMs: _, ...row }) => row),
    losses: Array.from(result.losses),
    final: result.final,
    params: Object.entries(result.net.params).map(([k, p]) => [k, Array.from(p.data)]),
  };
}

const CASES: [string, TrainOptions][] = [
  ...(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const).map(
    (optimizer): [string, TrainOptions] => [
      optimizer,
      { hidden: [20, 15], optimizer, lr: optimizer === 'sgd' ? 0.1 : 0.01 },
    ],
  ),
  ['weight decay 0.1', { hidden: [20, 15, 10], weightDecay: 0.1, lr: 0.05 }],
  ['dropout 0.3', { hidden: [20, 15], dropout: 0.3 }],
  ['batch norm, momentum', { hidden: [20, 15], batchNorm: true, optimizer: 'momentum' }],
  [
    'sigmoid, Xavier, batch norm, dropout, decay, Adam',
    {
      hidden: [20, 15, 10],
      activation: 'sigmoid',
      weightInit: 'xavier',
      batchNorm: true,
      dropout: 0.5,
      weightDecay: 0.01,
      optimizer: 'adam',
      lr: 0.01,
    },
  ],
];

describe("nn-train's fused step of MultiLayerNet(Extend)", () => {
  for (const [name, options] of CASES) {
    it(`gives the book step's run bit for bit (${name})`, async () => {
      const book = await train(options, { step: 'book', backend: jsBackend });
      const fused = await train(options, { step: 'fused', backend: wasm });
      expect(book.step).toBe('book');
      expect(fused.step).toBe('fused');
      expect(book.epochs).toHaveLength(3);
      expect(runOf(fused)).toEqual(runOf(book));
    });
  }

  it('gives the same rows with its evaluations on a worker thread', async () => {
    const [, options] = CASES.at(-1) as [string, TrainOptions];
    const one = await train(options, { backend: wasm, threads: 1 });
    const two = await train(options, { backend: wasm, threads: 2 });
    // Three rows, and the final pass after iteration 15.
    expect(two.timings.evaluations).toBe(4);
    expect(runOf(two)).toEqual(runOf(one));
  });

  it('trains at float32 close to float64, and leaves the weights in the network', async () => {
    const [, options] = CASES.at(-1) as [string, TrainOptions];
    const f64 = await train(options, { backend: wasm });
    const f32 = await train(options, { backend: wasm, precision: 'f32', threads: 2 });
    expect(f32.step).toBe('fused');
    f32.losses.forEach((loss, i) => expect(loss).toBeCloseTo(f64.losses[i], 3));
    f32.epochs.forEach((row, k) => {
      expect(Math.abs(row.testAcc - f64.epochs[k].testAcc)).toBeLessThanOrEqual(0.02);
    });
    const W3 = f32.net.params.W3.data;
    const expected = f64.net.params.W3.data;
    expect(W3).toHaveLength(expected.length);
    W3.forEach((w, i) => expect(w).toBeCloseTo(expected[i], 3));
  });

  it("takes the book's step for numerical gradients", async () => {
    const result = await train(
      { hidden: [3, 2], grad: 'numerical', iters: 1, batchSize: 2, trainSize: 10, testSize: 5 },
      { backend: wasm },
    );
    expect(result.step).toBe('book');
  });
});
