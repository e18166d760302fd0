// What nn-compare hands to its reports: every run of one experiment, in the order the book's
// script builds them, with what the script records of each. --json writes this document.

import type { TrainConfig } from '../train/config.js';
import type { EpochRecord, RunStatus } from '../train/events.js';

/** The book's chapter-6 experiments, one per script, and --vary's free-form products. */
export type ExperimentName =
  | 'optimizers' // ch06/optimizer_compare_mnist.py, figure 6-9
  | 'weight-init' // ch06/weight_init_compare.py, figure 6-15
  | 'batch-norm' // ch06/batch_norm_test.py, figure 6-18
  | 'weight-decay' // ch06/overfit_weight_decay.py, figures 6-20 and 6-21
  | 'dropout' // ch06/overfit_dropout.py, figures 6-22 and 6-23
  | 'hyperparams' // ch06/hyperparameter_optimization.py, figure 6-24
  | 'vary'; // nn-compare --vary: the cartesian product of nn-train options

/**
 * How the experiment's figure draws its runs: the per-iteration losses smoothed as the book's
 * smooth_curve does (6-9, 6-15), the train and test accuracy per epoch (6-20 to 6-23), one panel
 * per group of runs (the 4×4 grid of 6-18, the best trials of 6-24).
 */
export type FigureKind = 'losses' | 'accuracies' | 'grid';

export interface CompareRun {
  /** As the book's legend names it: 'SGD', 'Xavier', 'Batch Normalization', 'lr=0.01'. */
  name: string;
  /** The panel the run is drawn in, for grid figures: 'w=0.0117' (batch-norm), 'Best-1'. */
  group?: string;
  /** The run's settings, as nn-train --json reports them. */
  config: TrainConfig;
  status: RunStatus;
  /**
   * The loss of every iteration done, as the script records it: the batch loss computed again
   * after the update (optimizers, weight-init), or, where the script keeps none or the run is
   * nn-train's (the others), the loss of the forward pass the gradient came from.
   */
  losses: number[];
  /** One record per evaluation, as nn-train's rows. */
  epochs: EpochRecord[];
  /** Accuracy of the parameters the run ended with; null when it diverged or had no data. */
  final: { trainAcc: number; testAcc: number } | null;
  /** The highest test accuracy of any evaluation, and after which iteration. */
  best: { testAcc: number; iter: number } | null;
  /** The iteration whose loss was NaN or infinite, when the run diverged. */
  divergedAt?: number;
  durationMs: number;
}

export interface CompareResult {
  experiment: ExperimentName;
  seed: number;
  figure: FigureKind;
  /**
   * What testAcc measures: the test set, or the validation split the hyperparams script carves
   * from the training set (its figure's "val acc"), or, for batch-norm, whose script measures
   * only its 1000 training samples, the training accuracy again ('train').
   */
  evaluatedOn: 'test' | 'validation' | 'train';
  /** 'f32' when the experiment trained in float32 (--precision f32): not numpy's numbers. */
  precision?: 'f32';
  /** 'interrupted' when Ctrl-C stopped the experiment: the runs hold what was done. */
  status: 'completed' | 'interrupted';
  runs: CompareRun[];
}
