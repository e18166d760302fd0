// Runs that each train as one nn-train run does (src/train/trainer.ts), one after another:
// overfit_weight_decay.py and overfit_dropout.py with and without, --vary's products, and the
// hyperparameter search's trials. Each draws from a fresh np.random.seed(seed) unless it is given
// the generator to go on with.

import type { Backend } from '../core/backend.js';
import type { RandomState } from '../core/random.js';
import type { Dataset } from '../data/dataset.js';
import type { Precision } from '../fast/precision.js';
import type { StepKind } from '../train/config.js';
import { Trainer, type TrainResult } from '../train/trainer.js';
import type { PlannedRun } from './plan.js';
import type { CompareProgress } from './progress.js';
import type { CompareRun } from './result.js';

export interface SeparateRunOptions {
  planned: PlannedRun;
  seed: number;
  dataset: Dataset;
  backend: Backend;
  random?: RandomState;
  step?: StepKind;
  precision?: Precision;
  /** Threads of the run's own fused step (its evaluation passes). */
  threads?: number;
  signal?: AbortSignal;
  /** Called as iterations are done: how many of this run's. */
  onIterations?: (done: number) => void;
}

/** One run, trained by nn-train's Trainer; the trained network comes back with it. */
export async function runSeparate(
  options: SeparateRunOptions,
): Promise<{ run: CompareRun; result: TrainResult }> {
  const { planned } = options;
  const trainer = new Trainer({
    config: planned.config,
    seed: options.seed,
    dataset: options.dataset,
    backend: options.backend,
    random: options.random,
    step: options.step,
    precision: options.precision,
    threads: options.threads,
    signal: options.signal,
  });
  if (options.onIterations !== undefined) {
    const report = options.onIterations;
    trainer.on('iter', ({ iter }) => report(iter + 1));
  }
  const result = await trainer.run();
  return { run: compareRunOf(planned, result), result };
}

/** What nn-compare keeps of a trainer's result. */
export function compareRunOf(planned: PlannedRun, result: TrainResult): CompareRun {
  const run: CompareRun = {
    name: planned.name,
    config: result.config,
    status: result.status,
    losses: Array.from(result.losses),
    epochs: result.epochs,
    final: result.final,
    best: result.best,
    durationMs: result.durationMs,
  };
  if (planned.group !== undefined) run.group = planned.group;
  if (result.divergedAt !== undefined) run.divergedAt = result.divergedAt;
  return run;
}

/** A progress listener's view of runs done one after another. */
export function sequentialProgress(
  total: number,
  onProgress: ((progress: CompareProgress) => void) | undefined,
): { start(name: string, iters: number): (done: number) => void } {
  let before = 0;
  return {
    start(name, iters) {
      const base = before;
      before += iters;
      onProgress?.({ done: base, total, run: name });
      return (done) => onProgress?.({ done: base + done, total, run: name });
    },
  };
}
