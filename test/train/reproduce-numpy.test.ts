// nn-train --seed 0 --iters 1201 against the numpy reference (bench/reference/train_neuralnet.py,
// the book's ch04/ch05 train_neuralnet.py after np.random.seed(0)): the accuracy rows must be
// identical, the losses equal to rounding. The book's step gives the fused step's run to the last
// bit: over the whole sets in its first evaluation, and through whole runs on part of the data
// (numpy's short runs, whose settings differ from the book's), where its dense steps cost less.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/core/backend.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import type { Activation } from '../../src/nn/shape.js';
import { PARAM_NAMES } from '../../src/nn/two-layer-net.js';
import { trainConfigFrom, type StepKind, type TrainOptions } from '../../src/train/config.js';
import { Trainer, type TrainResult } from '../../src/train/trainer.js';
import { bundledMnist } from './bundled-mnist.js';
import { expectNumpyRows, readTrainFixture, type Row, type SmallRun } from './numpy-train-rows.js';

interface Reference {
  config: { iters: number; trainSize: number; testSize: number; evalEvery: number };
  epochs: Row[];
  gradientLosses: number[];
}

// The WebAssembly backend, bit for bit the TypeScript one (test/fast/wasm-backend.test.ts), to
// keep the full-MNIST runs quick.
let backend: Backend;
beforeAll(async () => {
  backend = await loadBackend('wasm');
});

async function run(options: TrainOptions, seed: number, step: StepKind): Promise<TrainResult> {
  const dataset = await bundledMnist();
  const config = trainConfigFrom(options, dataset);
  return new Trainer({ config, seed, dataset, backend, step }).run();
}

/** Everything a run computed but the clock. */
const withoutTime = (result: TrainResult) => ({
  epochs: result.epochs.map(({ elapsedMs: _, ...row }) => row),
  losses: Array.from(result.losses),
  final: result.final,
  params: PARAM_NAMES.map((name) => Array.from(result.net.params[name].data)),
});

for (const activation of ['sigmoid', 'relu'] as Activation[]) {
  describe(`seed 0, full MNIST, ${activation}: the numpy reference rows`, () => {
    const numpy = readTrainFixture<Reference>(`numpy-seed0-${activation}.json`);
    let fused: TrainResult;
    beforeAll(async () => {
      fused = await run({ activation, iters: 1201 }, 0, 'fused');
    }, 120_000);

    it("1201 iterations: numpy's three rows of accuracy exactly, its 1201 losses to rounding", () => {
      expect(numpy.config.evalEvery).toBe(600);
      expectNumpyRows(fused.epochs, numpy.epochs);
      expect(fused.losses.length).toBe(numpy.gradientLosses.length);
      let worst = 0;
      fused.losses.forEach((loss, i) => {
        worst = Math.max(worst, Math.abs(loss - numpy.gradientLosses[i]));
      });
      expect(worst).toBeLessThan(1e-10);
    });

    it("the book's step: numpy's first row over all 70 000 images, the fused run's bit for bit", async () => {
      const book = await run({ activation, iters: 1 }, 0, 'book');
      expect(book.step).toBe('book');
      expectNumpyRows(book.epochs, numpy.epochs.slice(0, 1));
      expect(book.losses[0]).toBe(fused.losses[0]);
      // Between the two steps there is no rounding to allow for: the same arithmetic, the
      // whole-set losses included.
      expect(withoutTime(book).epochs).toEqual(withoutTime(fused).epochs.slice(0, 1));
    });
  });
}

describe("the book's step on part of the data: numpy's short runs, and the fused run", () => {
  const { runs } = readTrainFixture<{ runs: SmallRun[] }>('numpy-small-runs.json');
  for (const { args, config, epochs } of runs) {
    it(args.join(' '), async () => {
      const seed = Number(args[args.indexOf('--seed') + 1]);
      const options: TrainOptions = {
        iters: config.iters,
        batchSize: config.batchSize,
        lr: config.learningRate,
        hidden: [config.hiddenSize],
        activation: config.activation,
        weightInitStd: config.weightInitStd,
        trainSize: config.trainSize,
        testSize: config.testSize,
      };
      const book = await run(options, seed, 'book');
      expect(book.step).toBe('book');
      expectNumpyRows(book.epochs, epochs);
      const fused = await run(options, seed, 'fused');
      expect(fused.step).toBe('fused');
      expect(withoutTime(book)).toEqual(withoutTime(fused));
    });
  }
});
