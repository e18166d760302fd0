// nn-train --jsonl: the run as JSON Lines, one object a line, each written as it happens, so that
// a run can be piped into jq or any tool that reads a stream while it trains:
//   {"type":"start", …the configuration, "seed", "backend", "step", "precision", "threads"}
//   {"type":"epoch", "epoch", "iter", "loss", "trainAcc", "testAcc", "trainLoss"?, "testLoss"?,
//    "elapsedMs"}                                      one per row, as --json's epochs
//   {"type":"done", "seed", "status", "iterationsDone", "final", "best", "durationMs", "timings"}
// The done line ends every run that trained, an interrupted or diverged one too.

import type { TrainConfig } from '../train/config.js';
import type { EpochRecord } from '../train/events.js';
import type { TrainResult } from '../train/trainer.js';
import { runSummary, type RunSettings } from './train-json.js';
import type { TextSink, TrainingRun } from './train-terminal.js';

export interface JsonlOptions {
  settings: RunSettings;
  /** How long loading the data took, before the run: reported in the done line's timings. */
  loadMs: number;
}

function line(object: object): string {
  return `${JSON.stringify(object)}\n`;
}

export function jsonlStart(config: TrainConfig, seed: number, settings: RunSettings): string {
  return line({ type: 'start', ...config, seed, ...settings });
}

export function jsonlEpoch(record: EpochRecord): string {
  return line({ type: 'epoch', ...record });
}

export function jsonlDone(result: TrainResult, loadMs: number): string {
  return line({ type: 'done', ...runSummary(result, loadMs) });
}

/** Subscribes to a trainer and writes each line to `out` as its event comes. */
export function attachJsonlReporter(
  trainer: TrainingRun,
  out: TextSink,
  { settings, loadMs }: JsonlOptions,
): void {
  // The step the trainer took, which is the book's where the fused one does not train the net.
  trainer.on('start', ({ config, seed, step }) =>
    out.write(jsonlStart(config, seed, { ...settings, step })),
  );
  trainer.on('epoch', (record) => out.write(jsonlEpoch(record)));
  trainer.on('done', (result) => out.write(jsonlDone(result, loadMs)));
}
