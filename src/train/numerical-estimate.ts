// How long --grad numerical would take, measured before committing to it: the chapter's method
// costs two loss evaluations per parameter per iteration (about 80 000 at the default size), so
// a sample of evaluations times that count is a close estimate of an iteration.

import { jsBackend, type Backend } from '../core/backend.js';
import { Matrix } from '../core/matrix.js';
import { IMAGE_SIZE, type MnistSplit } from '../data/dataset.js';
import { TwoLayerNet } from '../nn/two-layer-net.js';
import type { TrainConfig } from './config.js';

const WARM_UP_MS = 250;
const SAMPLE_BUDGET_MS = 250;
const MIN_SAMPLES = 3;

export interface NumericalEstimate {
  msPerLoss: number;
  lossesPerIteration: number;
  msPerIteration: number;
  msTotal: number;
}

/** Times loss evaluations of a throwaway network of the run's shape on its first batch. */
export function estimateNumericalRun(
  config: TrainConfig,
  train: MnistSplit,
  backend: Backend = jsBackend,
  now: () => number = () => performance.now(),
): NumericalEstimate {
  // Its own generator, so the run's seeded draws are untouched.
  const net = new TwoLayerNet(IMAGE_SIZE, config.hiddenSize, 10, config.weightInitStd, {
    activation: config.activation,
    backend,
  });
  const rows = Math.min(config.batchSize, train.count);
  const x = new Matrix(rows, IMAGE_SIZE, backend.allocate(rows * IMAGE_SIZE));
  train.gatherRange(x.data, 0, rows);
  const t = train.labels.subarray(0, rows);
  // Untimed first: the first calls run before the JIT has compiled the kernels.
  const warmUpStarted = now();
  do net.loss(x, t);
  while (now() - warmUpStarted < WARM_UP_MS);
  let samples = 0;
  const started = now();
  let elapsed = 0;
  while (samples < MIN_SAMPLES || elapsed < SAMPLE_BUDGET_MS) {
    net.loss(x, t);
    samples++;
    elapsed = now() - started;
  }
  const msPerLoss = elapsed / samples;
  // Rows beyond the sample scale the cost linearly (the forward pass is row by row).
  const scaled = msPerLoss * (config.batchSize / rows);
  const lossesPerIteration = net.numericalEvaluations + 1;
  const msPerIteration = scaled * lossesPerIteration;
  return {
    msPerLoss: scaled,
    lossesPerIteration,
    msPerIteration,
    msTotal: msPerIteration * config.iters,
  };
}

/** A configuration the chapter's method finishes quickly, for the refusal message. */
export const QUICK_NUMERICAL = Object.freeze({
  hiddenSize: 10,
  batchSize: 10,
  iters: 20,
  trainSize: 1000,
});

/** The estimate scaled to QUICK_NUMERICAL: cost per loss ∝ batch × weights, losses ∝ weights. */
export function estimateQuickRun(estimate: NumericalEstimate, config: TrainConfig): number {
  const weights = (hidden: number) => IMAGE_SIZE * hidden + hidden + hidden * 10 + 10;
  const quick = QUICK_NUMERICAL;
  const msPerLoss =
    (estimate.msPerLoss * (quick.batchSize * weights(quick.hiddenSize))) /
    (config.batchSize * weights(config.hiddenSize));
  return msPerLoss * (2 * weights(quick.hiddenSize) + 1) * quick.iters;
}
