// The thread count never changes a number: each experiment shape (shared-batch networks split
// over workers, separate runs from their seed, search trials from their replayed generator
// state) gives the same runs, bit for bit, on one thread and on two worker threads.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import type { BookExperiment } from '../../src/compare/experiments.js';
import type { CompareRun } from '../../src/compare/result.js';
import { runBookExperiment } from '../../src/compare/run-experiment.js';
import { bundledMnist } from '../train/bundled-mnist.js';

// The first 1000 test images: dropout's runs measure them every epoch, on every thread, and how
// many there are has no part in where the passes run. bench/check-compare.ts (npm run
// reference:compare) runs every experiment whole over worker threads against numpy's numbers.
let dataset: Dataset;
beforeAll(async () => {
  const { train, test } = await bundledMnist();
  dataset = { train, test: test.head(1000) };
});

/** A run without its wall-clock times. */
function numbers(run: CompareRun) {
  return {
    ...run,
    durationMs: 0,
    epochs: run.epochs.map((row) => ({ ...row, elapsedMs: 0 })),
  };
}

describe('nn-compare on one thread and on two', () => {
  it.each([
    // Two scales: the networks' owners turn by one worker from the first stage to the second,
    // and a third stage on two workers would repeat the first's.
    ['batch-norm', { short: { iters: 21, scales: 2 } }],
    ['dropout', { short: { iters: 4 } }],
    ['hyperparams', { trials: 3, short: { iters: 5 } }],
  ] as const)(
    '%s',
    async (experiment: BookExperiment, settings) => {
      const common = { dataset, backendName: 'wasm' as const, seed: 3, ...settings };
      // Each run its own WebAssembly memory: it is never freed, and a full one falls back to the
      // TypeScript kernels.
      const one = await runBookExperiment(experiment, {
        ...common,
        backend: await loadBackend('wasm'),
        threads: 1,
      });
      const progress: number[] = [];
      const two = await runBookExperiment(experiment, {
        ...common,
        backend: await loadBackend('wasm'),
        threads: 2,
        onProgress: ({ done }) => progress.push(done),
      });
      expect(two.runs.map(numbers)).toEqual(one.runs.map(numbers));
      expect(two.status).toBe('completed');
      expect(progress.at(-1)).toBeGreaterThan(0);
    },
    120_000,
  );
});
