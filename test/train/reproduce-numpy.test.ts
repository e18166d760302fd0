// nn-train --seed 0 --iters 1201 against the numpy reference (bench/reference/train_neuralnet.py,
// the book's ch04/ch05 train_neuralnet.py after np.random.seed(0)): the accuracy rows must be
// identical, the losses equal to rounding; and the book's step and the fused one give the same
// run to the last bit.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/core/backend.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import type { Activation } from '../../src/nn/shape.js';
import { trainConfigFrom, type StepKind } from '../../src/train/config.js';
import { Trainer, type TrainResult } from '../../src/train/trainer.js';
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

// The WebAssembly backend, bit for bit the TypeScript one (test/fast/wasm-backend.test.ts), to
// keep four full-MNIST runs quick.
let backend: Backend;
beforeAll(async () => {
  backend = await loadBackend('wasm');
});

async function run(activation: Activation, step: StepKind): Promise<TrainResult> {
  const dataset = await bundledMnist();
  const trainer = new Trainer({
    config: trainConfigFrom({ activation, iters: 1201 }, dataset),
    seed: 0,
    dataset,
    backend,
    step,
  });
  return trainer.run();
}

const accuracyRows = (epochs: Reference['epochs']) =>
  epochs.map(({ epoch, iter, trainAcc, testAcc }) => ({ epoch, iter, trainAcc, testAcc }));

describe('seed 0, 1201 iterations, full MNIST: the numpy reference rows', () => {
  for (const activation of ['sigmoid', 'relu'] as Activation[]) {
    it(`${activation}: both steps give numpy's three rows of accuracy exactly, and each other's run`, async () => {
      const numpy = reference(activation);
      expect(numpy.config.evalEvery).toBe(600);
      const fused = await run(activation, 'fused');
      const book = await run(activation, 'book');
      for (const result of [fused, book]) {
        expect(accuracyRows(result.epochs)).toEqual(accuracyRows(numpy.epochs));
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
      }
      // Between the two steps there is no rounding to allow for: the same arithmetic.
      const withoutTime = (r: TrainResult) => r.epochs.map(({ elapsedMs: _, ...row }) => row);
      expect(withoutTime(book)).toEqual(withoutTime(fused));
      expect(Array.from(book.losses)).toEqual(Array.from(fused.losses));
      expect(book.final).toEqual(fused.final);
      expect(Array.from(book.net.params.W1.data)).toEqual(Array.from(fused.net.params.W1.data));
    }, 180_000);
  }
});
