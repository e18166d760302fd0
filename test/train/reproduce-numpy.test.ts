// nn-train --seed 0 --iters 1201 against the numpy reference (bench/reference/train_neuralnet.py,
// the book's ch04/ch05 train_neuralnet.py after np.random.seed(0)): the accuracy rows must be
// identical, the losses equal to rounding.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bookEvalEvery, TRAIN_DEFAULTS } from '../../src/train/config.js';
import { Trainer } from '../../src/train/trainer.js';
import type { Activation } from '../../src/nn/shape.js';
import { bundledMnist } from './bundled-mnist.js';

interface Reference {
  config: { iters: number; trainSize: number; testSize: number; evalEvery: number };
  epochs: { epoch: number; iter: number; loss: number; trainAcc: number; testAcc: number }[];
  gradientLosses: number[];
}

function reference(activation: Activation): Reference {
  const url = new URL(`../fixtures/train/numpy-seed0-${activation}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Reference;
}

describe('seed 0, 1201 iterations, full MNIST: the numpy reference rows', () => {
  for (const activation of ['sigmoid', 'relu'] as Activation[]) {
    it(`${activation}: three rows of train and test accuracy equal numpy's exactly`, async () => {
      const numpy = reference(activation);
      const dataset = await bundledMnist();
      const trainer = new Trainer({
        config: {
          ...TRAIN_DEFAULTS,
          activation,
          iters: 1201,
          trainSize: 60000,
          testSize: 10000,
          evalEvery: bookEvalEvery(60000, 100),
        },
        seed: 0,
        dataset,
      });
      const result = await trainer.run();

      expect(numpy.config.evalEvery).toBe(600);
      expect(
        result.epochs.map(({ epoch, iter, trainAcc, testAcc }) => ({
          epoch,
          iter,
          trainAcc,
          testAcc,
        })),
      ).toEqual(
        numpy.epochs.map(({ epoch, iter, trainAcc, testAcc }) => ({
          epoch,
          iter,
          trainAcc,
          testAcc,
        })),
      );
      result.epochs.forEach((row, k) => {
        expect(Math.abs(row.loss - numpy.epochs[k].loss)).toBeLessThan(1e-10);
      });
      expect(result.losses.length).toBe(numpy.gradientLosses.length);
      let worst = 0;
      result.losses.forEach((loss, i) => {
        worst = Math.max(worst, Math.abs(loss - numpy.gradientLosses[i]));
      });
      // numpy's BLAS sums in another order: the losses agree to rounding, not bit for bit.
      expect(worst).toBeLessThan(1e-10);
    }, 180_000);
  }
});
