// What an experiment trains, before anything trains: each run's name (the book's legend), its
// configuration, and how the runs share randomness. Two shapes cover chapter 6's scripts:
// - lockstep (optimizer_compare_mnist.py, weight_init_compare.py, batch_norm_test.py): stages
//   of networks built one after another from one generator, then one batch drawn per iteration
//   and shared by every network of the stage;
// - separate: runs that each train as nn-train does, from a fresh np.random.seed(seed)
//   (overfit_*.py, --vary) or, in the hyperparameter search, one after another from the
//   script's single stream (hyperparams.ts).

import type { Dataset } from '../data/dataset.js';
import type { Precision } from '../fast/precision.js';
import type { StepKind, TrainConfig } from '../train/config.js';
import type { ExperimentName, FigureKind } from './result.js';

export interface PlannedRun {
  name: string;
  group?: string;
  config: TrainConfig;
  /** nn-train's --step and --precision, for a run the Trainer trains (the plan's otherwise). */
  step?: StepKind;
  precision?: Precision;
}

/** Networks trained side by side on the same batches, built in this order. */
export interface LockstepStage {
  runs: PlannedRun[];
  /** Iterations of the stage (each run's config.iters). */
  iters: number;
  /**
   * Accuracy on the stage's training samples only, after iteration i when i % evalEvery == 0
   * (batch_norm_test.py); undefined: no evaluation during training (the loss scripts).
   */
  evalEvery?: number;
  /** Stop after this many evaluations (batch_norm_test.py's max_epochs). */
  maxEvaluations?: number;
}

export interface LockstepPlan {
  kind: 'lockstep';
  experiment: ExperimentName;
  figure: FigureKind;
  stages: LockstepStage[];
  /**
   * What each run's losses are: the batch loss computed again after the update, as the
   * loss-comparing scripts keep it ('after-update'), or the one its gradient came from.
   */
  losses: 'after-update' | 'gradient';
  /** Measure the final accuracy on the whole training and test sets after the last stage. */
  finalOnWholeSets: boolean;
  /**
   * The fused steps' element type: float64 (absent), numpy's numbers exactly, or float32 copies
   * (nn-train's --precision f32: twice the SIMD lanes, close to numpy's numbers, not equal).
   */
  precision?: Precision;
}

export interface SeparatePlan {
  kind: 'separate';
  experiment: ExperimentName;
  figure: FigureKind;
  runs: PlannedRun[];
  /** nn-train's --step and --precision for every run. */
  step?: StepKind;
  precision?: Precision;
}

export type ExperimentPlan = LockstepPlan | SeparatePlan;

/** The data a run sees: the whole set (nn-train's), or a split carved from it. */
export type DataFor = (run: PlannedRun) => Dataset;
