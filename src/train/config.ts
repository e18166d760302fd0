// What a training run is: the book's hyperparameters (ch04/train_neuralnet.py) and how much of
// MNIST it uses. The CLI builds one from its options and freezes it; the trainer only reads it.

import type { Activation } from '../nn/shape.js';

export type GradMode = 'backprop' | 'numerical';
export const GRAD_MODES: readonly GradMode[] = ['backprop', 'numerical'];

export interface TrainConfig {
  readonly iters: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly hiddenSize: number;
  readonly activation: Activation;
  readonly weightInitStd: number;
  readonly grad: GradMode;
  /** Evaluate when iteration index % evalEvery === 0 (after that iteration's update). */
  readonly evalEvery: number;
  /** Samples used: the first trainSize training and testSize test images. */
  readonly trainSize: number;
  readonly testSize: number;
}

export const TRAIN_DEFAULTS = Object.freeze({
  iters: 10000,
  batchSize: 100,
  learningRate: 0.1,
  hiddenSize: 50,
  activation: 'sigmoid' as Activation,
  weightInitStd: 0.01,
  grad: 'backprop' as GradMode,
});

/**
 * The book's epoch: iter_per_epoch = max(train_size / batch_size, 1). It stays a float, as in
 * Python, so with 1000 samples and batches of 300 only iteration 0 is a multiple of 3.33…
 */
export function bookEvalEvery(trainSize: number, batchSize: number): number {
  return Math.max(trainSize / batchSize, 1);
}

/** Whether the book's loop evaluates after iteration i (Python's i % iter_per_epoch == 0). */
export function isEvaluationIteration(i: number, evalEvery: number): boolean {
  // For positive operands JavaScript's % and Python's float % are the same exact fmod.
  return i % evalEvery === 0;
}
