// What the main thread and a compare worker (compare-worker.ts) say to each other. A task is
// self-contained: its data (shared, not copied), its runs' configurations and where the
// generator starts, so a run's numbers never depend on which thread trains it.

import type { RandomStateSnapshot } from '../core/random.js';
import type { BackendName } from '../fast/load-backend.js';
import type { LockstepPlan, PlannedRun } from './plan.js';
import type { CompareRun } from './result.js';

/** A data set as shared bytes: every worker reads the same memory. */
export interface SharedDataset {
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
}

export interface WorkerSetup {
  dataset: SharedDataset;
  backend: BackendName;
  /** Send each trained model back as the model file's text (--save-dir). */
  isSavingModels: boolean;
}

export type WorkerTask =
  | {
      kind: 'separate';
      index: number;
      planned: PlannedRun;
      seed: number;
      /** Where the run's generator starts instead of seed (a search trial). */
      random?: RandomStateSnapshot;
    }
  | {
      kind: 'lockstep';
      plan: LockstepPlan;
      seed: number;
      /** The run indices this worker trains; it replays the others' draws. */
      owned: number[];
    };

export type ToWorker = { type: 'task'; task: WorkerTask } | { type: 'stop' };

export type FromWorker =
  | { type: 'progress'; done: number }
  | { type: 'run'; index: number; run: CompareRun; model?: string }
  | { type: 'done'; isInterrupted: boolean }
  | { type: 'failed'; message: string };
