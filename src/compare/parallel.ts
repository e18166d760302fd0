// Runs an experiment's independent work over worker threads (compare-worker.ts): separate runs
// (overfit pairs, --vary, search trials) one task per run, handed to whichever worker is free;
// lockstep stages split by network, every worker replaying the same batches from the same seed.
// Results come back in the script's order whatever the thread count, and each is computed from
// its own seed or generator state, so the numbers never depend on it.

import { Worker } from 'node:worker_threads';
import type { Dataset } from '../data/dataset.js';
import type { BackendName } from '../fast/load-backend.js';
import type { LockstepPlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { CompareRun } from './result.js';
import type { FromWorker, SharedDataset, WorkerTask } from './worker-protocol.js';

/** The compiled worker: <package>/dist/compare/, from src/compare/ (tests) and dist/ alike. */
const WORKER_URL = new URL('../../dist/compare/compare-worker.js', import.meta.url);

export interface PoolOptions {
  dataset: Dataset;
  backend: BackendName;
  threads: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Each run as it ends, with its model file's text when models are saved. */
  onRun?: (run: CompareRun, index: number, model: string | undefined) => void | Promise<void>;
  isSavingModels: boolean;
}

function shared(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
  copy.set(bytes);
  return copy;
}

/** The four arrays a pool's workers read, in the order SharedDataset holds them. */
function arraysOf(dataset: Dataset): Uint8Array[] {
  const { train, test } = dataset;
  return [train.images, train.labels, test.images, test.labels];
}

/**
 * The shared copy last made of arrays over each training-images buffer, with those arrays.
 * Loaded arrays are never written (src/data/held-files.ts), so a copy serves every later pool
 * over the very same views; it goes when their buffer does.
 */
const sharedCopies = new WeakMap<ArrayBufferLike, { of: Uint8Array[]; copy: SharedDataset }>();

function isSameView(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length;
}

function sharedDataset(dataset: Dataset): SharedDataset {
  const arrays = arraysOf(dataset);
  const known = sharedCopies.get(dataset.train.images.buffer);
  if (known !== undefined && known.of.every((array, k) => isSameView(array, arrays[k]))) {
    return known.copy;
  }
  const [trainImages, trainLabels, testImages, testLabels] = arrays.map(shared);
  const copy = { trainImages, trainLabels, testImages, testLabels };
  sharedCopies.set(dataset.train.images.buffer, { of: arrays, copy });
  return copy;
}

/**
 * The lockstep plan's runs split over `threads` workers: round the workers within each stage,
 * starting one further on at each stage, so that batch_norm_test.py's batch-norm networks (the
 * slower ones, first in every stage) do not all fall to one worker.
 */
export function lockstepTasks(plan: LockstepPlan, seed: number, threads: number): WorkerTask[] {
  const count = plan.stages.reduce((sum, stage) => sum + stage.runs.length, 0);
  const workers = Math.min(threads, count);
  const owners: number[] = [];
  plan.stages.forEach((stage, s) => {
    stage.runs.forEach((_, j) => owners.push((j + s) % workers));
  });
  return Array.from({ length: workers }, (_, w) => ({
    kind: 'lockstep' as const,
    plan,
    seed,
    owned: owners.flatMap((owner, k) => (owner === w ? [k] : [])),
  }));
}

/**
 * Performs the tasks on up to `threads` workers, each taking the next task when free; the runs
 * come back ordered by index. Interrupted when the signal aborts: the tasks not begun are
 * dropped, the running ones end after their current iteration.
 */
export async function runOnWorkers(
  tasks: WorkerTask[],
  total: number,
  options: PoolOptions,
): Promise<{ runs: CompareRun[]; isInterrupted: boolean }> {
  const setup = {
    dataset: sharedDataset(options.dataset),
    backend: options.backend,
    isSavingModels: options.isSavingModels,
  };
  const byIndex = new Map<number, CompareRun>();
  const queue = [...tasks];
  const count = Math.min(options.threads, tasks.length);
  const progress = new Array<number>(count).fill(0);
  const finished = new Array<number>(count).fill(0);
  let isInterrupted = false;
  const report = () =>
    options.onProgress?.({
      done: progress.reduce((a, b) => a + b, 0) + finished.reduce((a, b) => a + b, 0),
      total,
      run: '',
    });
  const workers: Worker[] = [];
  const stopAll = () => {
    isInterrupted = true;
    queue.length = 0;
    for (const worker of workers) worker.postMessage({ type: 'stop' });
  };
  options.signal?.addEventListener('abort', stopAll, { once: true });
  try {
    await Promise.all(
      Array.from({ length: count }, (_, w) => {
        const worker = new Worker(WORKER_URL, { workerData: setup });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          let pending: Promise<void> = Promise.resolve();
          const next = () => {
            const task = queue.shift();
            if (task === undefined || isInterrupted) {
              resolve();
              return;
            }
            worker.postMessage({ type: 'task', task });
          };
          worker.on('message', (message: FromWorker) => {
            switch (message.type) {
              case 'progress':
                progress[w] = message.done;
                report();
                break;
              case 'run':
                byIndex.set(message.index, message.run);
                pending = pending.then(() =>
                  options.onRun?.(message.run, message.index, message.model),
                );
                break;
              case 'done':
                pending.then(() => {
                  if (message.isInterrupted) isInterrupted = true;
                  finished[w] += tasks[0].kind === 'separate' ? progress[w] : 0;
                  progress[w] = tasks[0].kind === 'separate' ? 0 : progress[w];
                  report();
                  next();
                }, reject);
                break;
              case 'failed':
                reject(new Error(message.message));
                break;
            }
          });
          worker.on('error', reject);
          next();
        });
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', stopAll);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  const runs = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, run]) => run);
  return { runs, isInterrupted };
}
