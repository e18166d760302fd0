// An experiment from plan to result: the book's scripts (experiments.ts, hyperparams.ts) and
// --vary's products, each run as its script shares randomness, collected in the script's order
// as a CompareResult. On one thread, or over worker threads (parallel.ts) with the same
// numbers. Nothing here prints.

import type { Backend } from '../core/backend.js';
import { RandomState, type RandomStateSnapshot } from '../core/random.js';
import type { Dataset } from '../data/dataset.js';
import { loadBackend, type BackendName } from '../fast/load-backend.js';
import type { Precision } from '../fast/precision.js';
import {
  batchNormPlan,
  dropoutPlan,
  optimizersPlan,
  weightDecayPlan,
  weightInitPlan,
  type BookExperiment,
  type Shortening,
} from './experiments.js';
import { HYPERPARAMS, markBest, replaySearch, trialRun } from './hyperparams.js';
import { runLockstep } from './lockstep.js';
import { modelText } from './model-text.js';
import { lockstepTasks, runOnWorkers } from './parallel.js';
import type { ExperimentPlan, PlannedRun } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { CompareResult, CompareRun } from './result.js';
import { runSeparate, sequentialProgress } from './separate.js';
import type { WorkerTask } from './worker-protocol.js';

export interface RunOptions {
  dataset: Dataset;
  seed: number;
  backend: Backend;
  /**
   * Threads: with more than one and a backend name to load in each worker, runs (or a lockstep
   * experiment's networks) spread over that many worker threads; on one, a separate run's fused
   * step may use them for its accuracy passes.
   */
  threads?: number;
  /**
   * The backend the workers load (the main thread's, by name); given, every run or shared-batch
   * stage gets a fresh one, since a WebAssembly backend's memory is never freed.
   */
  backendName?: BackendName;
  signal?: AbortSignal;
  /**
   * Lockstep experiments on this thread: the runs (by index) it trains; the others' draws are
   * replayed but not trained. All when absent.
   */
  owns?: (index: number) => boolean;
  onProgress?: ProgressListener;
  /** Each run as it ends; with isSavingModels, its trained model file's text too. */
  onRun?: (run: CompareRun, index: number, model: string | undefined) => void | Promise<void>;
  isSavingModels?: boolean;
}

export interface BookRunOptions extends RunOptions {
  /** hyperparams: how many trials (the script's 100). */
  trials?: number;
  short?: Shortening;
  /** The fused steps' element type, for every experiment but the search (float64 if absent). */
  precision?: Precision;
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

function isParallel(options: RunOptions, tasks: number): boolean {
  return (options.threads ?? 1) > 1 && options.backendName !== undefined && tasks > 1;
}

/** `nn-compare <experiment>`: the script's run after np.random.seed(seed). */
export async function runBookExperiment(
  experiment: BookExperiment,
  options: BookRunOptions,
): Promise<CompareResult> {
  if (experiment !== 'hyperparams') {
    const plan = bookPlan(experiment, options.dataset, options.short);
    const { precision } = options;
    return runPlan(precision === undefined ? plan : { ...plan, precision }, options);
  }
  // The script's stream replayed once: where each trial starts, so any thread can train it.
  const { search, trials } = replaySearch(
    options.dataset,
    options.seed,
    options.trials ?? HYPERPARAMS.trials,
  );
  const planned = trials.map((trial) => trialRun(search, trial.draws, options.short?.iters));
  const { runs, isInterrupted } = await runIndependent(
    planned,
    trials.map((trial) => trial.random),
    { ...options, dataset: search },
  );
  return {
    experiment,
    seed: options.seed,
    figure: 'grid',
    evaluatedOn: 'validation',
    status: isInterrupted ? 'interrupted' : 'completed',
    runs: markBest(runs),
  };
}

/** Any plan: lockstep stages on one stream, or separate runs each seeded afresh. */
export async function runPlan(plan: ExperimentPlan, options: RunOptions): Promise<CompareResult> {
  let outcome: { runs: CompareRun[]; isInterrupted: boolean };
  if (plan.kind === 'separate') {
    const runs = plan.runs.map((run) => ({
      ...run,
      step: run.step ?? plan.step,
      precision: run.precision ?? plan.precision,
    }));
    outcome = await runIndependent(runs, undefined, options);
  } else {
    const runCount = plan.stages.reduce((sum, stage) => sum + stage.runs.length, 0);
    const total = plan.stages.reduce((sum, stage) => sum + stage.iters * stage.runs.length, 0);
    outcome = isParallel(options, runCount)
      ? await runOnWorkers(
          lockstepTasks(plan, options.seed, options.threads ?? 1),
          total,
          workerOptions(options),
        )
      : await runLockstep({
          ...options,
          stageBackend: freshBackend(options),
          plan,
          random: new RandomState(options.seed),
          onRun: (run, index, net) => options.onRun?.(run, index, savedText(options, run, net)),
        });
  }
  return {
    experiment: plan.experiment,
    seed: options.seed,
    figure: plan.figure,
    // batch_norm_test.py measures the training samples alone.
    evaluatedOn: plan.experiment === 'batch-norm' ? 'train' : 'test',
    status: outcome.isInterrupted ? 'interrupted' : 'completed',
    runs: outcome.runs,
    ...(plan.precision === 'f32' ? { precision: 'f32' as const } : {}),
  };
}

function savedText(
  options: RunOptions,
  run: CompareRun,
  net: Parameters<typeof modelText>[1],
): string | undefined {
  return options.isSavingModels === true ? modelText(run, net, options.seed) : undefined;
}

/** Loads a fresh backend like the main thread's, when its name is known. */
function freshBackend(options: RunOptions): (() => Promise<Backend>) | undefined {
  const name = options.backendName;
  return name === undefined ? undefined : () => loadBackend(name);
}

function workerOptions(options: RunOptions) {
  return {
    dataset: options.dataset,
    backend: options.backendName as BackendName,
    threads: options.threads ?? 1,
    signal: options.signal,
    onProgress: options.onProgress,
    onRun: options.onRun,
    isSavingModels: options.isSavingModels === true,
  };
}

/**
 * Runs that each train alone, as nn-train's Trainer: from a fresh seed, or from the generator
 * state given for each (a search trial). In order on this thread, or over worker threads.
 */
async function runIndependent(
  planned: PlannedRun[],
  starts: RandomStateSnapshot[] | undefined,
  options: RunOptions,
): Promise<{ runs: CompareRun[]; isInterrupted: boolean }> {
  const total = planned.reduce((sum, run) => sum + run.config.iters, 0);
  if (isParallel(options, planned.length)) {
    const tasks: WorkerTask[] = planned.map((run, index) => ({
      kind: 'separate',
      index,
      planned: run,
      seed: options.seed,
      ...(starts === undefined ? {} : { random: starts[index] }),
    }));
    return runOnWorkers(tasks, total, workerOptions(options));
  }
  const progress = sequentialProgress(total, options.onProgress);
  const runs: CompareRun[] = [];
  for (const [index, run] of planned.entries()) {
    if (options.signal?.aborted) return { runs, isInterrupted: true };
    const { run: done, result } = await runSeparate({
      planned: run,
      seed: options.seed,
      dataset: options.dataset,
      backend: (await freshBackend(options)?.()) ?? options.backend,
      random: starts === undefined ? undefined : RandomState.fromState(starts[index]),
      step: run.step,
      precision: run.precision,
      threads: options.threads,
      signal: options.signal,
      onIterations: progress.start(run.name, run.config.iters),
    });
    runs.push(done);
    await options.onRun?.(done, index, savedText(options, done, result.net));
    if (done.status === 'interrupted') return { runs, isInterrupted: true };
  }
  return { runs, isInterrupted: false };
}
