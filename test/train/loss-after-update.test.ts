// The fused deep step's loss after the update (what optimizer_compare_mnist.py and
// weight_init_compare.py record) against the layered network's network.loss(x_batch, t_batch) on
// the dense batch: bit for bit, after each of several updates.

import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { IMAGE_SIZE, type Dataset } from '../../src/data/dataset.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { buildNetwork } from '../../src/nn/network.js';
import { trainConfigFrom, type TrainOptions } from '../../src/train/config.js';
import { createOptimizer } from '../../src/train/optimizer-config.js';
import { stepFor } from '../../src/train/steps.js';
import { bundledMnist } from './bundled-mnist.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await bundledMnist();
});

async function lossesAfterUpdates(options: TrainOptions) {
  const config = trainConfigFrom({ iters: 5, batchSize: 40, trainSize: 300, ...options }, dataset);
  const backend = await loadBackend('wasm');
  const random = new RandomState(7);
  const net = buildNetwork(config.network, { backend, random });
  const train = dataset.train.head(config.trainSize);
  const { step } = stepFor('fused', {
    net,
    optimizer: createOptimizer(config.optimizer, backend),
    config,
    train,
    test: dataset.test.head(100),
    precision: 'f64',
    threads: 1,
    pause: () => Promise.resolve(true),
  });
  const m = config.batchSize;
  const mask = new Int32Array(m);
  const x = new Matrix(m, IMAGE_SIZE, new Float64Array(m * IMAGE_SIZE));
  const t = new Int32Array(m);
  const pairs: [number | undefined, number][] = [];
  for (let i = 0; i < config.iters; i++) {
    random.fillRandint(mask, 0, train.count);
    await step.take(mask);
    train.gatherImages(x.data, mask);
    train.gatherLabels(t, mask);
    pairs.push([step.lossAfterUpdate?.(mask), net.loss(x, t)]);
  }
  await step.close();
  return pairs;
}

describe("the fused step's loss after the update", () => {
  it.each([
    ['SGD, relu, He', { hidden: [30, 20, 10] }],
    ['Adam, weight decay 0.1', { hidden: [30, 20], optimizer: 'adam', weightDecay: 0.1 }],
    [
      'AdaGrad, sigmoid, Xavier',
      { hidden: [30, 20], optimizer: 'adagrad', activation: 'sigmoid', weightInit: 'xavier' },
    ],
  ] as [string, TrainOptions][])(
    '%s: network.loss(x_batch, t_batch), bit for bit',
    async (_, options) => {
      for (const [fused, layered] of await lossesAfterUpdates(options)) {
        expect(fused).toBe(layered);
      }
    },
  );

  it('is left to the layered network with batch norm or dropout, whose test pass differs', async () => {
    for (const options of [{ batchNorm: true }, { dropout: 0.2 }]) {
      const pairs = await lossesAfterUpdates({ hidden: [30, 20], ...options });
      expect(pairs.every(([fused]) => fused === undefined)).toBe(true);
    }
  });
});
