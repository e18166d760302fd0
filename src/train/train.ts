// train(options): nn-train as one function call. It takes the options nn-train takes, refuses
// what nn-train refuses (with the same messages) before any data is read, fills in the book's
// defaults, and hands back the whole run: its rows, final accuracies and the trained network.

import { randomInt } from 'node:crypto';
import { ConfigError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import { loadMnist, type LoadOptions } from '../data/load.js';
import {
  BACKEND_NAMES,
  defaultBackendName,
  loadBackend,
  type BackendName,
} from '../fast/load-backend.js';
import { checkTrainOptions, trainConfigFrom, type TrainOptions } from './config.js';
import type { EpochRecord } from './events.js';
import { Trainer, type TrainResult } from './trainer.js';

export interface TrainRunOptions extends TrainOptions {
  /** The data to train on; else MNIST as loadMnist finds it with `data`. */
  dataset?: Dataset;
  /** Where to find MNIST when no dataset is given (default: the cache, then the bundled copy). */
  data?: LoadOptions;
  /** 'wasm' (the default where WebAssembly runs) or 'js': the same numbers either way. */
  backend?: BackendName;
  /** Threads: one trains, the others run the accuracy passes alongside (default 1). */
  threads?: number;
  /** Called with each evaluation's row as the run goes. */
  onEpoch?: (row: EpochRecord) => void;
  /** Aborting ends the run after the current iteration; the result says 'interrupted'. */
  signal?: AbortSignal;
}

const MAX_THREADS = 64;

/**
 * Trains a network of the book on MNIST as `nn-train` does: every option is nn-train's (camelCase),
 * and unset ones are the book's (TwoLayerNet 784-50-10, sigmoid, SGD lr 0.1, batch 100, 10 000
 * iterations). Without a seed one is drawn, and the result names it. A ConfigError names the
 * option at fault.
 */
export async function train(options: TrainRunOptions = {}): Promise<TrainResult> {
  const checked = checkTrainOptions(options);
  const { threads = 1, backend } = options;
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new ConfigError(`--threads ${threads}: must be a whole number from 1 to ${MAX_THREADS}`);
  }
  if (backend !== undefined && !BACKEND_NAMES.includes(backend)) {
    throw new ConfigError(`--backend ${String(backend)}: not one of ${BACKEND_NAMES.join(', ')}`);
  }
  const dataset = options.dataset ?? (await loadMnist(options.data)).dataset;
  const trainer = new Trainer({
    config: trainConfigFrom(options, dataset),
    seed: options.seed ?? randomInt(0, 2 ** 32),
    dataset,
    backend: await loadBackend(backend ?? (await defaultBackendName())),
    step: checked.step,
    precision: checked.precision,
    threads,
    signal: options.signal,
  });
  if (options.onEpoch) trainer.on('epoch', options.onEpoch);
  return trainer.run();
}
