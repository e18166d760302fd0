// The book's chapter-6 scripts as plans (plan.ts): each run's settings are the script's, named
// as its legend names them. Sizes come from the data set the runs will see.

import { ConfigError } from '../core/errors.js';
import { powerOfTen } from '../core/pow.js';
import { trainConfigFrom, type DatasetSizes, type TrainOptions } from '../train/config.js';
import { pythonFloat } from './python-float.js';
import type { LockstepPlan, PlannedRun, SeparatePlan } from './plan.js';
import type { ExperimentName } from './result.js';

/** The experiments `nn-compare <experiment>` runs, in the chapter's order. */
export const BOOK_EXPERIMENTS = [
  'optimizers',
  'weight-init',
  'batch-norm',
  'weight-decay',
  'dropout',
  'hyperparams',
] as const satisfies readonly ExperimentName[];
export type BookExperiment = (typeof BOOK_EXPERIMENTS)[number];

export function isBookExperiment(name: string): name is BookExperiment {
  return (BOOK_EXPERIMENTS as readonly string[]).includes(name);
}

/** Shortening a script's run: for quick checks; the script's own settings otherwise. */
export interface Shortening {
  /** At most this many iterations per run. */
  iters?: number;
  /** batch-norm: only the first this many weight scales. */
  scales?: number;
}

const FOUR_HIDDEN = [100, 100, 100, 100];
const FIVE_HIDDEN = [100, 100, 100, 100, 100];
const SIX_HIDDEN = [100, 100, 100, 100, 100, 100];

function planned(
  name: string,
  options: TrainOptions,
  sizes: DatasetSizes,
  short: Shortening,
  group?: string,
): PlannedRun {
  const config = trainConfigFrom(options, sizes);
  const iters = Math.min(config.iters, short.iters ?? Infinity);
  const run: PlannedRun = { name, config: Object.freeze({ ...config, iters }) };
  if (group !== undefined) run.group = group;
  return run;
}

/** optimizer_compare_mnist.py: four MultiLayerNets, each with a class-default optimizer. */
export function optimizersPlan(sizes: DatasetSizes, short: Shortening = {}): LockstepPlan {
  const common = { hidden: FOUR_HIDDEN, iters: 2000, batchSize: 128 };
  const runs = (
    [
      ['SGD', 'sgd', 0.01],
      ['Momentum', 'momentum', 0.01],
      ['AdaGrad', 'adagrad', 0.01],
      ['Adam', 'adam', 0.001],
    ] as const
  ).map(([name, optimizer, lr]) => planned(name, { ...common, optimizer, lr }, sizes, short));
  return lockstep('optimizers', runs);
}

/** weight_init_compare.py: the same network from three initial scales, SGD lr 0.01. */
export function weightInitPlan(sizes: DatasetSizes, short: Shortening = {}): LockstepPlan {
  const common = { hidden: FOUR_HIDDEN, iters: 2000, batchSize: 128, optimizer: 'sgd', lr: 0.01 };
  const runs = (
    [
      ['std=0.01', { weightInit: 'std', weightInitStd: 0.01 }],
      ['Xavier', { weightInit: 'xavier' }],
      ['He', { weightInit: 'he' }],
    ] as const
  ).map(([name, init]) => planned(name, { ...common, ...init }, sizes, short));
  return lockstep('weight-init', runs);
}

function lockstep(experiment: ExperimentName, runs: PlannedRun[]): LockstepPlan {
  return {
    kind: 'lockstep',
    experiment,
    figure: 'losses',
    stages: [{ runs, iters: runs[0].config.iters }],
    losses: 'after-update',
    finalOnWholeSets: true,
  };
}

/**
 * np.logspace(0, -4, num=16): the exponents as np.linspace computes them (i · step, the last
 * one exactly the stop), each raised as numpy's power does (equal to glibc's pow here).
 */
export function bookWeightScales(): number[] {
  const step = -4 / 15;
  return Array.from({ length: 16 }, (_, i) => powerOfTen(i === 15 ? -4 : i * step));
}

const BATCH_NORM_EPOCHS = 20;

/** batch_norm_test.py: per scale, bn_network then network, 20 epochs on 1000 samples. */
export function batchNormPlan(sizes: DatasetSizes, short: Shortening = {}): LockstepPlan {
  const trainSize = 1000;
  const batchSize = 100;
  const evalEvery = trainSize / batchSize;
  // The loop breaks right after the 20th evaluation, at i = 190.
  const iters = Math.min((BATCH_NORM_EPOCHS - 1) * evalEvery + 1, short.iters ?? Infinity);
  const scales = bookWeightScales().slice(0, short.scales ?? 16);
  const stages = scales.map((scale) => {
    const group = `W:${pythonFloat(scale)}`;
    const common = {
      hidden: FIVE_HIDDEN,
      weightInit: 'std',
      weightInitStd: scale,
      lr: 0.01,
      batchSize,
      trainSize,
      iters,
    };
    const withNorm = planned(
      'Batch Normalization',
      { ...common, batchNorm: true },
      sizes,
      short,
      group,
    );
    const without = planned('Normal(without BatchNorm)', common, sizes, short, group);
    // The script's network is a MultiLayerNetExtend with nothing on: MultiLayerNet's numbers.
    const network = Object.freeze({
      ...without.config.network,
      class: 'MultiLayerNetExtend' as const,
      useDropout: false,
      dropoutRatio: 0.5,
      useBatchnorm: false,
    });
    without.config = Object.freeze({ ...without.config, network });
    return { runs: [withNorm, without], iters, evalEvery, maxEvaluations: BATCH_NORM_EPOCHS };
  });
  return {
    kind: 'lockstep',
    experiment: 'batch-norm',
    figure: 'grid',
    stages,
    losses: 'gradient',
    finalOnWholeSets: false,
  };
}

/** overfit_weight_decay.py as shipped (λ 0.1) and with weight_decay_lambda = 0. */
export function weightDecayPlan(sizes: DatasetSizes, short: Shortening = {}): SeparatePlan {
  // 300 samples, batches of 100: the loop stops after its 201st evaluation, at i = 600.
  const common = { hidden: SIX_HIDDEN, lr: 0.01, trainSize: 300, batchSize: 100, iters: 601 };
  return {
    kind: 'separate',
    experiment: 'weight-decay',
    figure: 'accuracies',
    runs: [
      planned('weight decay 0.1', { ...common, weightDecay: 0.1 }, sizes, short),
      planned('weight decay 0', common, sizes, short),
    ],
  };
}

/** overfit_dropout.py as shipped (dropout 0.2) and with use_dropout = False. */
export function dropoutPlan(sizes: DatasetSizes, short: Shortening = {}): SeparatePlan {
  // Trainer: max_iter = int(301 epochs · 3 iterations) = 903.
  const common = { hidden: SIX_HIDDEN, lr: 0.01, trainSize: 300, batchSize: 100, epochs: 301 };
  return {
    kind: 'separate',
    experiment: 'dropout',
    figure: 'accuracies',
    runs: [
      planned('dropout 0.2', { ...common, dropout: 0.2 }, sizes, short),
      planned('no dropout', common, sizes, short),
    ],
  };
}

export function checkTrials(trials: number): void {
  if (!(Number.isSafeInteger(trials) && trials >= 1 && trials <= 10000)) {
    throw new ConfigError(`--trials ${trials}: must be a whole number from 1 to 10000`);
  }
}
