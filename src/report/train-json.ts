// nn-train --json: one document on stdout, {config, seed, status, iterationsDone, epochs, final,
// best, durationMs}. Per-iteration losses stay out (10 000 numbers); --save and the run result
// keep what plots need.

import type { TrainResult } from '../train/trainer.js';

export function trainResultDocument(result: TrainResult) {
  return {
    config: result.config,
    seed: result.seed,
    status: result.status,
    iterationsDone: result.iterationsDone,
    ...(result.divergedAt === undefined ? {} : { divergedAt: result.divergedAt }),
    epochs: result.epochs,
    final: result.final,
    best: result.best,
    durationMs: result.durationMs,
  };
}

export function formatTrainJson(result: TrainResult): string {
  return `${JSON.stringify(trainResultDocument(result), null, 2)}\n`;
}
