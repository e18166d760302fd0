// An experiment from plan to result: the book's scripts (experiments.ts, hyperparams.ts) and
// --vary's products (vary.ts), each run as its script shares randomness, collected in the
// script's order as a CompareResult. Nothing here prints.

import type { Backend } from '../core/backend.js';
import { RandomState } from '../core/random.js';
import type { Dataset } from '../data/dataset.js';
import type { Network } from '../nn/network.js';
import {
  batchNormPlan,
  dropoutPlan,
  optimizersPlan,
  weightDecayPlan,
  weightInitPlan,
  type BookExperiment,
  type Shortening,
} from './experiments.js';
import { HYPERPARAMS, runSearch } from './hyperparams.js';
import { runLockstep } from './lockstep.js';
import type { ExperimentPlan, SeparatePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { CompareResult, CompareRun } from './result.js';
import { runSeparate, sequentialProgress } from './separate.js';

export interface RunOptions {
  dataset: Dataset;
  seed: number;
  backend: Backend;
  /** Threads a separate run's fused step may use (its evaluation passes). */
  threads?: number;
  signal?: AbortSignal;
  /**
   * Lockstep experiments: the runs (by index) this thread trains; the others' draws are
   * replayed but not trained. All when absent.
   */
  owns?: (index: number) => boolean;
  onProgress?: ProgressListener;
  /** Each run as it ends, with its trained network (--save-dir). */
  onRun?: (run: CompareRun, index: number, net: Network) => void | Promise<void>;
}

export interface BookRunOptions extends RunOptions {
  /** hyperparams: how many trials (the script's 100). */
  trials?: number;
  short?: Shortening;
}

/** The plan of one of the book's experiments other than the search. */
export function bookPlan(
  experiment: Exclude<BookExperiment, 'hyperparams'>,
  dataset: Dataset,
  short: Shortening = {},
): ExperimentPlan {
  const plans = {
    optimizers: optimizersPlan,
    'weight-init': weightInitPlan,
    'batch-norm': batchNormPlan,
    'weight-decay': weightDecayPlan,
    dropout: dropoutPlan,
  };
  return plans[experiment](dataset, short);
}

/** `nn-compare <experiment>`: the script's run after np.random.seed(seed). */
export async function runBookExperiment(
  experiment: BookExperiment,
  options: BookRunOptions,
): Promise<CompareResult> {
  if (experiment === 'hyperparams') {
    const { runs, isInterrupted } = await runSearch({
      ...options,
      trials: options.trials ?? HYPERPARAMS.trials,
      iters: options.short?.iters,
    });
    return {
      experiment,
      seed: options.seed,
      figure: 'grid',
      evaluatedOn: 'validation',
      status: isInterrupted ? 'interrupted' : 'completed',
      runs,
    };
  }
  return runPlan(bookPlan(experiment, options.dataset, options.short), options);
}

/** Any plan: lockstep stages on one stream, or separate runs each seeded afresh. */
export async function runPlan(plan: ExperimentPlan, options: RunOptions): Promise<CompareResult> {
  const { runs, isInterrupted } =
    plan.kind === 'lockstep'
      ? await runLockstep({ ...options, plan, random: new RandomState(options.seed) })
      : await runSeparatePlan(plan, options);
  return {
    experiment: plan.experiment,
    seed: options.seed,
    figure: plan.figure,
    // batch_norm_test.py measures the training samples alone.
    evaluatedOn: plan.experiment === 'batch-norm' ? 'train' : 'test',
    status: isInterrupted ? 'interrupted' : 'completed',
    runs,
  };
}

async function runSeparatePlan(
  plan: SeparatePlan,
  options: RunOptions,
): Promise<{ runs: CompareRun[]; isInterrupted: boolean }> {
  const total = plan.runs.reduce((sum, run) => sum + run.config.iters, 0);
  const progress = sequentialProgress(total, options.onProgress);
  const runs: CompareRun[] = [];
  for (const [index, planned] of plan.runs.entries()) {
    if (options.signal?.aborted) return { runs, isInterrupted: true };
    const { run, result } = await runSeparate({
      planned,
      seed: options.seed,
      dataset: options.dataset,
      backend: options.backend,
      step: planned.step ?? plan.step,
      precision: planned.precision ?? plan.precision,
      threads: options.threads,
      signal: options.signal,
      onIterations: progress.start(planned.name, planned.config.iters),
    });
    runs.push(run);
    await options.onRun?.(run, index, result.net);
    if (run.status === 'interrupted') return { runs, isInterrupted: true };
  }
  return { runs, isInterrupted: false };
}
