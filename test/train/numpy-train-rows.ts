// The numpy reference of chapters 4-5 (bench/reference/train_neuralnet.py;
// test/fixtures/train/make_reference_rows.py): the rows it printed, and how nn-train's rows are
// held to them. Shared by the library's runs and nn-train's in this process.

import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Activation } from '../../src/nn/shape.js';

export interface Row {
  epoch: number;
  iter: number;
  loss: number;
  trainAcc: number;
  testAcc: number;
}

/** A short run on part of the data: its arguments, the settings they made, numpy's rows. */
export interface SmallRun {
  args: string[];
  config: {
    iters: number;
    batchSize: number;
    learningRate: number;
    hiddenSize: number;
    activation: Activation;
    weightInitStd: number;
    trainSize: number;
    testSize: number;
    evalEvery: number;
  };
  epochs: Row[];
}

export function readTrainFixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/train/${name}`, import.meta.url), 'utf8'),
  ) as T;
}

export const accuracyRows = (epochs: readonly Row[]) =>
  epochs.map(({ epoch, iter, trainAcc, testAcc }) => ({ epoch, iter, trainAcc, testAcc }));

/** The rows' accuracies exactly, their losses to rounding (numpy's BLAS sums in another order). */
export function expectNumpyRows(epochs: readonly Row[], numpy: readonly Row[]): void {
  expect(accuracyRows(epochs)).toEqual(accuracyRows(numpy));
  epochs.forEach((row, k) => {
    expect(Math.abs(row.loss - numpy[k].loss)).toBeLessThan(1e-10);
  });
}
