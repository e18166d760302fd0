// Synthetic nn-compare results for the report tests: each experiment's runs, named and grouped as
// the book's scripts name them, with simple deterministic curves (no training).

import type {
  CompareResult,
  CompareRun,
  ExperimentName,
  FigureKind,
} from '../../src/compare/result.js';
import type { TrainConfig } from '../../src/train/config.js';
import type { EpochRecord, RunStatus } from '../../src/train/events.js';
import type { WeightInitStd } from '../../src/nn/weight-init.js';

export interface RunShape {
  name: string;
  group?: string;
  iters: number;
  evalEvery: number;
  /** the loss at iteration i */
  loss?: (i: number) => number;
  trainAcc: (epoch: number) => number;
  testAcc: (epoch: number) => number;
  weightInitStd?: WeightInitStd;
  learningRate?: number;
  status?: RunStatus;
  /** a diverged run's losses end in NaN at this iteration, and it has no final accuracy */
  divergedAt?: number;
  durationMs?: number;
}

function config(shape: RunShape): TrainConfig {
  return {
    iters: shape.iters,
    batchSize: 100,
    network: {
      class: 'MultiLayerNet',
      inputSize: 784,
      hiddenSizeList: [100, 100, 100, 100],
      outputSize: 10,
      activation: 'relu',
      weightInitStd: shape.weightInitStd ?? 'he',
      weightDecayLambda: 0,
    },
    optimizer: { class: 'SGD', learningRate: shape.learningRate ?? 0.01 },
    grad: 'backprop',
    evalEvery: shape.evalEvery,
    trainSize: 1000,
    testSize: 10000,
  };
}

export function syntheticRun(shape: RunShape): CompareRun {
  const done = shape.divergedAt === undefined ? shape.iters : shape.divergedAt + 1;
  const losses = shape.loss
    ? Array.from({ length: done }, (_, i) =>
        i === shape.divergedAt ? NaN : (shape.loss as (i: number) => number)(i),
      )
    : [];
  const epochs: EpochRecord[] = [];
  for (let iter = 0, epoch = 0; iter < done; iter += shape.evalEvery, epoch++) {
    if (iter === shape.divergedAt) break;
    epochs.push({
      epoch,
      iter,
      loss: shape.loss ? shape.loss(iter) : 0,
      trainAcc: shape.trainAcc(epoch),
      testAcc: shape.testAcc(epoch),
      elapsedMs: iter,
    });
  }
  const last = epochs.at(-1);
  const best = epochs.reduce<EpochRecord | undefined>(
    (top, row) => (top === undefined || row.testAcc > top.testAcc ? row : top),
    undefined,
  );
  const isDiverged = shape.divergedAt !== undefined;
  return {
    name: shape.name,
    group: shape.group,
    config: config(shape),
    status: shape.status ?? (isDiverged ? 'diverged' : 'completed'),
    losses,
    epochs,
    final: isDiverged || !last ? null : { trainAcc: last.trainAcc, testAcc: last.testAcc },
    best: best ? { testAcc: best.testAcc, iter: best.iter } : null,
    divergedAt: shape.divergedAt,
    durationMs: shape.durationMs ?? 1234,
  };
}

export function result(
  experiment: ExperimentName,
  figure: FigureKind,
  runs: CompareRun[],
  evaluatedOn: 'test' | 'validation' = 'test',
): CompareResult {
  return { experiment, seed: 0, figure, evaluatedOn, status: 'completed', runs };
}

const rising = (top: number, rate: number) => (epoch: number) =>
  top * (1 - Math.exp(-rate * (epoch + 1)));

/** Four optimizers over 300 iterations, each loss a decaying curve with its own wiggle. */
export function optimizersResult(iters = 300): CompareResult {
  return result(
    'optimizers',
    'losses',
    ['SGD', 'Momentum', 'AdaGrad', 'Adam'].map((name, k) =>
      syntheticRun({
        name,
        iters,
        evalEvery: 100,
        loss: (i) => 2.3 * Math.exp(-i / (30 * (4 - k))) + 0.05 * (1 + Math.sin(i * (k + 1))),
        trainAcc: rising(0.9 + k / 100, 0.5),
        testAcc: rising(0.88 + k / 100, 0.5),
      }),
    ),
  );
}

/** np.logspace(0, -4, 16) */
export const WEIGHT_SCALES = Array.from({ length: 16 }, (_, i) => 10 ** ((-4 * i) / 15));

/** batch_norm_test.py's 32 runs: per scale, with and without batch norm; names as given. */
export function batchNormResult(
  names: [string, string] = ['Batch Normalization', 'Normal (without BatchNorm)'],
): CompareResult {
  const runs = WEIGHT_SCALES.flatMap((scale, s) =>
    names.map((name, k) =>
      syntheticRun({
        name,
        group: `w=${scale.toPrecision(3)}`,
        iters: 191,
        evalEvery: 10,
        weightInitStd: scale,
        trainAcc: rising(k === 0 ? 0.95 : 0.1 + s / 40, 0.2 + s / 50),
        testAcc: rising(k === 0 ? 0.95 : 0.1 + s / 40, 0.2 + s / 50),
        durationMs: 900 + s * 37 + k,
      }),
    ),
  );
  return result('batch-norm', 'grid', runs);
}

/** hyperparameter_optimization.py's 100 trials; the best 20 grouped 'Best-1' … 'Best-20'. */
export function hyperparamsResult(): CompareResult {
  const trials = Array.from({ length: 100 }, (_, t) => {
    const lr = 10 ** (-6 + ((t * 37) % 100) / 25);
    const weightDecay = 10 ** (-8 + ((t * 61) % 100) / 25);
    const top = Math.min(0.9, lr * 80);
    return { t, lr, weightDecay, top };
  });
  const ranked = [...trials].sort((a, b) => rising(b.top, 0.1)(49) - rising(a.top, 0.1)(49));
  const rank = new Map(ranked.map((trial, r) => [trial.t, r]));
  const runs = trials.map(({ t, lr, weightDecay, top }) => {
    const r = rank.get(t) ?? 0;
    return syntheticRun({
      name: `lr:${lr}, weight decay:${weightDecay}`,
      group: r < 20 ? `Best-${r + 1}` : undefined,
      iters: 200,
      evalEvery: 4,
      learningRate: lr,
      trainAcc: rising(top * 1.05, 0.1),
      testAcc: rising(top, 0.1),
    });
  });
  return result('hyperparams', 'grid', runs, 'validation');
}

/** overfit_weight_decay.py as shipped and without weight decay: 201 epochs on 300 samples. */
export function weightDecayResult(): CompareResult {
  return result(
    'weight-decay',
    'accuracies',
    ['weight decay 0.1', 'no weight decay'].map((name, k) =>
      syntheticRun({
        name,
        iters: 601,
        evalEvery: 3,
        loss: (i) => 2.3 * Math.exp(-i / 100),
        trainAcc: rising(0.9 + k / 10, 0.03),
        testAcc: rising(0.7 - k / 20, 0.03),
      }),
    ),
  );
}

/** nn-compare --vary lr=0.01,0.1,10: the last run diverges at iteration 40. */
export function varyResult(): CompareResult {
  return result(
    'vary',
    'losses',
    [0.01, 0.1, 10].map((lr, k) =>
      syntheticRun({
        name: `lr=${lr}`,
        iters: 250,
        evalEvery: 50,
        learningRate: lr,
        loss: (i) => 2.3 * Math.exp(-i / (100 / (k + 1))) + 0.1,
        trainAcc: rising(0.8 + k / 20, 0.5),
        testAcc: rising(0.78 + k / 20, 0.5),
        divergedAt: k === 2 ? 40 : undefined,
      }),
    ),
  );
}
