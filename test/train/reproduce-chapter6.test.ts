// nn-train's chapter-6 runs against numpy running the book's classes in the chapter-4 loop
// (test/fixtures/ch6/numpy-train-short.json and numpy-train-optimizers.json): the short runs in
// full, and the first iterations of the full-size ones; bench/check-reference.ts (npm run
// reference) runs the full-size ones whole. Held to the promise of chapter6-reference.ts:
// numpy's BLAS sums in another order, so losses agree to rounding and accuracies to an image.

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/core/backend.js';
import type { SparseRows } from '../../src/core/kernels/sparse-products.js';
import { RandomState } from '../../src/core/random.js';
import type { Dataset } from '../../src/data/dataset.js';
import { fusedStepFor } from '../../src/fast/fused-deep-step.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { FullyConnectedNet } from '../../src/nn/fully-connected-net.js';
import { buildNetwork } from '../../src/nn/network.js';
import { trainConfigFrom, type TrainConfig } from '../../src/train/config.js';
import { createOptimizer } from '../../src/train/optimizer-config.js';
import { sparseSplits } from '../../src/train/sparse-evaluation.js';
import { Trainer, type TrainResult } from '../../src/train/trainer.js';
import { bundledMnist } from './bundled-mnist.js';
import {
  compareAccuracies,
  lossBound,
  PROMISE,
  readReference,
  trainOptions,
  worstRelativeLoss,
  type NumpyTrainRun,
} from './chapter6-reference.js';

const short = readReference<{ runs: NumpyTrainRun[] }>('numpy-train-short.json').runs;
const full = readReference<{ runs: NumpyTrainRun[] }>('numpy-train-optimizers.json').runs;

// The WebAssembly backend, bit for bit the TypeScript one (test/fast/wasm-backend.test.ts), to
// keep the runs quick: a fresh one per run, as nn-train has. Its memory is handed out and never
// taken back, so one backend for every run would fill it, and the runs after that would take
// the TypeScript twins, several times slower.
let backend: Backend;
let dataset: Dataset;
beforeAll(async () => {
  dataset = await bundledMnist();
});
beforeEach(async () => {
  backend = await loadBackend('wasm');
});

/** The config as the numpy fixture spells it, from ours. */
function asNumpy(config: TrainConfig) {
  const { network, optimizer } = config;
  const std = network.weightInitStd;
  return {
    network: {
      class: network.class,
      input_size: network.inputSize,
      hidden_size_list: network.hiddenSizeList,
      output_size: network.outputSize,
      activation: network.activation,
      weight_init_std: std === 'he' ? 'relu' : std === 'xavier' ? 'sigmoid' : std,
      weight_decay_lambda: network.weightDecayLambda,
      ...(network.class === 'MultiLayerNetExtend'
        ? {
            use_dropout: network.useDropout,
            dropout_ration: network.dropoutRatio,
            use_batchnorm: network.useBatchnorm,
          }
        : {}),
    },
    optimizer: {
      class: optimizer.class,
      lr: optimizer.learningRate,
      ...('momentum' in optimizer ? { momentum: optimizer.momentum } : {}),
      ...('decayRate' in optimizer ? { decay_rate: optimizer.decayRate } : {}),
      ...('beta1' in optimizer ? { beta1: optimizer.beta1, beta2: optimizer.beta2 } : {}),
    },
    iters: config.iters,
    batchSize: config.batchSize,
    trainSize: config.trainSize,
    testSize: config.testSize,
    evalEvery: config.evalEvery,
  };
}

/** The numpy config with the fixture's spelling of the weight scale made the book's canonical one. */
function canonical(config: NumpyTrainRun['config']) {
  const std = config.network.weight_init_std;
  const weight_init_std = std === 'he' ? 'relu' : std === 'xavier' ? 'sigmoid' : std;
  return { ...config, network: { ...config.network, weight_init_std } };
}

describe('the short chapter-6 runs (61 iterations on 1000 / 500 samples) against numpy', () => {
  const accuracies = { compared: 0, identical: 0 };
  // Runs by their config and seed: "extend, nothing on" is "SGD, short" to the last option (the
  // same network, data, optimizer and seed, and numpy's rows for the two are the same), so the
  // second of them holds the same run to its own rows instead of training it again.
  const trained = new Map<string, Promise<TrainResult>>();
  const trainOnce = (config: TrainConfig, seed: number) => {
    const key = JSON.stringify({ config, seed });
    let result = trained.get(key);
    if (result === undefined) {
      result = new Trainer({ config, seed, dataset, backend }).run();
      trained.set(key, result);
    }
    return result;
  };

  for (const run of short) {
    it(run.name, async () => {
      const config = trainConfigFrom(trainOptions(run), dataset);
      const numpyConfig = canonical(run.config);
      // "extend, nothing on": MultiLayerNetExtend without dropout and batch norm is the plain
      // MultiLayerNet (the same rows in the fixture), which is what nn-train builds then.
      if (run.name === 'extend, nothing on') {
        const plain = { ...numpyConfig.network, class: 'MultiLayerNet' as const };
        delete plain.use_dropout;
        delete plain.dropout_ration;
        delete plain.use_batchnorm;
        numpyConfig.network = plain;
      }
      expect(asNumpy(config)).toEqual(numpyConfig);
      const result = await trainOnce(config, run.seed);
      expect(result.step).toBe('fused');
      const comparison = compareAccuracies(result.epochs, run.epochs, {
        train: config.trainSize,
        test: config.testSize,
      });
      expect(comparison.worstImages).toBeLessThanOrEqual(PROMISE.imagesOff);
      accuracies.compared += comparison.compared;
      accuracies.identical += comparison.identical;
      const bound = lossBound(run.name);
      expect(worstRelativeLoss(result.losses, run.gradientLosses)).toBeLessThan(bound);
      result.epochs.forEach((row, k) => {
        expect(Math.abs(row.loss - (run.epochs[k].loss ?? NaN)) / row.loss).toBeLessThan(bound);
      });
    });
  }

  it(`keeps at least ${PROMISE.identicalShare * 100}% of numpy's accuracies identical`, () => {
    expect(accuracies.compared).toBeGreaterThan(150);
    expect(accuracies.identical / accuracies.compared).toBeGreaterThanOrEqual(
      PROMISE.identicalShare,
    );
  });
});

describe('the full-size runs (784-100×4-10, all of MNIST): the first iterations', () => {
  // The trainer's loop without its evaluations (each a pass over 70 000 images), on the fused
  // step nn-train takes: test/fast/fused-deep-step.test.ts holds it bit for bit the book's
  // gradient() and update. One backend holds the training images as sparse rows for all six,
  // made as nn-train makes them (so the Trainer below copies them instead of scanning again).
  let lossBackend: Backend;
  let trainRows: SparseRows;
  beforeAll(async () => {
    lossBackend = await loadBackend('wasm');
    [{ rows: trainRows }] = sparseSplits(dataset.train, dataset.test, lossBackend.placement);
  });

  for (const run of full) {
    it(`${run.name}: the losses of the first ${PROMISE.lossIterations} iterations`, () => {
      const config = trainConfigFrom(trainOptions(run), dataset);
      expect(asNumpy(config)).toEqual(canonical(run.config));
      // The weights drawn first, then per iteration the batch's choice and the step.
      const random = new RandomState(run.seed);
      const net = buildNetwork(config.network, { backend: lossBackend, random });
      expect(net).toBeInstanceOf(FullyConnectedNet);
      const step = fusedStepFor(
        net as FullyConnectedNet,
        createOptimizer(config.optimizer, lossBackend),
        { batchSize: config.batchSize, precision: 'f64' },
      );
      const batchMask = new Int32Array(config.batchSize);
      const tBatch = new Int32Array(config.batchSize);
      const losses: number[] = [];
      for (let i = 0; i < PROMISE.lossIterations; i++) {
        random.fillRandint(batchMask, 0, config.trainSize);
        dataset.train.gatherLabels(tBatch, batchMask);
        losses.push(step.step(trainRows, batchMask, tBatch, config.batchSize));
      }
      expect(worstRelativeLoss(losses, run.gradientLosses)).toBeLessThan(PROMISE.lossRelative);
    });
  }

  it("Adam: the first row's accuracies over all 70 000 images", async () => {
    const run = full.find((r) => r.name === 'Adam') as NumpyTrainRun;
    const config = trainConfigFrom({ ...trainOptions(run), iters: 1 }, dataset);
    const result = await new Trainer({ config, seed: run.seed, dataset, backend }).run();
    expect(
      result.epochs.map(({ iter, trainAcc, testAcc }) => ({ iter, trainAcc, testAcc })),
    ).toEqual([{ iter: 0, trainAcc: run.epochs[0].trainAcc, testAcc: run.epochs[0].testAcc }]);
  });
});
