// nn-train --json: one document on stdout, {config, seed, status, iterationsDone, epochs, final,
// best, durationMs}, and how the run was computed. Per-iteration losses stay out (10 000
// numbers); --save and the run result keep what plots need.

import type { TrainResult } from '../train/trainer.js';

/** How nn-train computed a run, beside what it computed. */
export interface RunSettings {
  backend: string;
  /** The step asked for; the documents give the one the trainer took. */
  step: string;
  precision: string;
  threads: number;
}

/** How the run ended: completed, interrupted or diverged (and where), after how many iterations. */
function outcome(result: TrainResult) {
  return {
    status: result.status,
    iterationsDone: result.iterationsDone,
    ...(result.divergedAt === undefined ? {} : { divergedAt: result.divergedAt }),
  };
}

export function trainResultDocument(result: TrainResult) {
  return {
    config: result.config,
    seed: result.seed,
    ...outcome(result),
    epochs: result.epochs,
    final: result.final,
    best: result.best,
    durationMs: result.durationMs,
  };
}

/** What is known once a run is over, its rows aside: the end of a stream of them. */
export function runSummary(result: TrainResult, loadMs: number) {
  return {
    seed: result.seed,
    ...outcome(result),
    final: result.final,
    best: result.best,
    durationMs: result.durationMs,
    timings: { loadMs, ...result.timings },
  };
}

/** nn-train --json's document: the run, how it was computed, and where the time went. */
export function trainRunDocument(result: TrainResult, settings: RunSettings, loadMs: number) {
  return {
    ...trainResultDocument(result),
    ...settings,
    step: result.step,
    timings: { loadMs, ...result.timings },
  };
}

export function formatTrainJson(result: TrainResult): string {
  return `${JSON.stringify(trainResultDocument(result), null, 2)}\n`;
}
