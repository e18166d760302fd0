// How long --grad numerical would take, measured before committing to it: the chapter's method
// costs two loss evaluations per parameter per iteration (about 80 000 at the default size).
// The fused step computes them with FastNumericalGradient, the book's step with the network's
// numericalGradient; this times the one the run will use, on a small batch.

import { Matrix } from '../core/matrix.js';
import { IMAGE_SIZE, PIXEL_SCALE, type MnistSplit } from '../data/dataset.js';
import { FastNumericalGradient } from '../fast/numerical-gradient.js';
import { sparseRowsFromBytes } from '../fast/sparse-rows.js';
import { RandomState } from '../core/random.js';
import { buildNetwork, type Network } from '../nn/network.js';
import { NUMERICAL_H } from '../nn/numerical.js';
import { TwoLayerNet } from '../nn/two-layer-net.js';
import type { StepKind, TrainConfig } from './config.js';

const SAMPLE_BUDGET_MS = 250;
const MIN_SAMPLES = 1;
/** Rows timed: the work of an iteration grows with the rows of its batch. */
const SAMPLE_ROWS = 10;

export interface NumericalEstimate {
  msPerLoss: number;
  lossesPerIteration: number;
  msPerIteration: number;
  msTotal: number;
}

/**
 * Times the method the run will use on the first few training samples, after one untimed
 * round for the JIT, and scales to the batch: its work grows with the rows of the batch, the
 * parameters being the same. The fused step is timed for whole iterations; the book's, which
 * recomputes the whole loss for every nudge, for single losses.
 */
export async function estimateNumericalRun(
  config: TrainConfig,
  train: MnistSplit,
  step: StepKind = 'fused',
  now: () => number = () => performance.now(),
): Promise<NumericalEstimate> {
  // Its own generator, so the run's seeded draws are untouched.
  const net = buildNetwork(config.network, { random: new RandomState(0) });
  const count = Math.min(config.batchSize, train.count, SAMPLE_ROWS);
  const lossesPerIteration = net.numericalEvaluations + 1;
  const [round, roundsPerIteration] =
    step === 'fused' && net instanceof TwoLayerNet
      ? [fusedIteration(net, train, count), 1]
      : [bookLoss(net, train, count), lossesPerIteration];
  await round();
  let samples = 0;
  const started = now();
  let elapsed = 0;
  while (samples < MIN_SAMPLES || elapsed < SAMPLE_BUDGET_MS) {
    await round();
    samples++;
    elapsed = now() - started;
  }
  const msPerIteration = (elapsed / samples) * roundsPerIteration * (config.batchSize / count);
  return {
    msPerLoss: msPerIteration / lossesPerIteration,
    lossesPerIteration,
    msPerIteration,
    msTotal: msPerIteration * config.iters,
  };
}

// One numerical-gradient iteration of the fused step on the first `count` samples.
function fusedIteration(
  net: TwoLayerNet,
  train: MnistSplit,
  count: number,
): () => Promise<unknown> {
  const rows = sparseRowsFromBytes(
    train.images.subarray(0, count * IMAGE_SIZE),
    IMAGE_SIZE,
    PIXEL_SCALE,
  );
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  const labels = train.labels.subarray(0, count);
  const numerical = new FastNumericalGradient(net.shape, net.lastLayer.delta, count);
  const { W1, b1, W2, b2 } = net.params;
  const params = { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
  return () => numerical.gradient(params, rows, indices, labels, count, NUMERICAL_H);
}

// One loss of the book's step (numericalGradient makes lossesPerIteration - 1 of them).
function bookLoss(net: Network, train: MnistSplit, count: number): () => Promise<unknown> {
  const x = new Matrix(count, IMAGE_SIZE);
  train.gatherRange(x.data, 0, count);
  const labels = train.labels.subarray(0, count);
  return () => Promise.resolve(net.loss(x, labels));
}

/**
 * A configuration the chapter's method finishes in about a minute, for the refusal message: as
 * many hidden layers as the run asked for, of QUICK_NUMERICAL.hiddenSize units each. It has to
 * be seen to learn: 20 iterations ended at chance (test accuracy 0.10). 1000 iterations of 10
 * samples, ten epochs of the first 1000 images, at lr 0.5 take the two-layer net's test accuracy
 * from 0.09 to about 0.82 (seeds 0 and 1: 0.82 and 0.83) in 45 s of one core's time.
 */
export const QUICK_NUMERICAL = Object.freeze({
  hiddenSize: 10,
  batchSize: 10,
  iters: 1000,
  learningRate: 0.5,
  trainSize: 1000,
});

/** The hidden sizes of the quick run that stands in for `config`'s. */
export function quickHiddenSizes(config: TrainConfig): number[] {
  return config.network.hiddenSizeList.map(() => QUICK_NUMERICAL.hiddenSize);
}

/**
 * The estimate scaled to QUICK_NUMERICAL: cost per loss ∝ batch × parameters, losses ∝
 * parameters (the weights and biases, and batch norm's γ and β).
 */
export function estimateQuickRun(estimate: NumericalEstimate, config: TrainConfig): number {
  const { network } = config;
  const parameters = (hidden: readonly number[]) => {
    const sizes = [network.inputSize, ...hidden, network.outputSize];
    const layers = sizes.slice(1).reduce((sum, size, l) => sum + sizes[l] * size + size, 0);
    const batchNorm = network.useBatchnorm === true ? 2 * hidden.reduce((a, b) => a + b, 0) : 0;
    return layers + batchNorm;
  };
  const quick = QUICK_NUMERICAL;
  const small = parameters(quickHiddenSizes(config));
  const msPerLoss =
    (estimate.msPerLoss * (quick.batchSize * small)) /
    (config.batchSize * parameters(network.hiddenSizeList));
  return msPerLoss * (2 * small + 1) * quick.iters;
}
