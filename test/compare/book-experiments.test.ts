// nn-compare's chapter-6 experiments against numpy running the book's own scripts
// (test/fixtures/ch6/README.md, "nn-compare: the chapter-6 scripts"), shortened to their first
// iterations or stages; bench/check-compare.ts (npm run reference:compare) runs them whole.
// Held to the promise of test/train/chapter6-reference.ts: losses within 1e-9 relative over the
// first 100 iterations, accuracies within one image and at least 90% identical.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { bookWeightScales, optimizersPlan, weightInitPlan } from '../../src/compare/experiments.js';
import { runBookExperiment, runPlan } from '../../src/compare/run-experiment.js';
import { bundledMnist } from '../train/bundled-mnist.js';
import {
  compareAccuracies,
  PROMISE,
  type AccuracyComparison,
  readReference,
  worstRelativeLoss,
} from '../train/chapter6-reference.js';

interface LossScript {
  runs: { name: string; losses: number[]; gradientLosses: number[] }[];
}

let dataset: Dataset;
beforeAll(async () => {
  dataset = await bundledMnist();
});
// Each experiment gets its own WebAssembly backend (loadBackend('wasm') in each test): its memory
// is never freed, and once one is full its kernels fall back to the TypeScript ones.

const within = (worst: number) => expect(worst).toBeLessThanOrEqual(PROMISE.lossRelative);

/** The promise on accuracies: each within an image of numpy's, most of them identical. */
function expectAccuraciesKept(comparison: AccuracyComparison): void {
  expect(comparison.worstImages).toBeLessThanOrEqual(PROMISE.imagesOff);
  expect(comparison.identical / comparison.compared).toBeGreaterThanOrEqual(PROMISE.identicalShare);
}

describe.each([
  ['optimizers', 'numpy-optimizer-compare-mnist.json', optimizersPlan],
  ['weight-init', 'numpy-weight-init-compare.json', weightInitPlan],
] as const)('nn-compare %s', (experiment, file, planOf) => {
  it("keeps the script's losses after each update, for its first iterations", async () => {
    const numpy = readReference<LossScript>(file);
    // The script's plan with no final pass over all 70 000 images per network: the losses are
    // what is compared here. The first network alone is then trained again to check its pass.
    const plan = planOf(dataset, { iters: 30 });
    const result = await runPlan(
      { ...plan, finalOnWholeSets: false },
      { dataset, backend: await loadBackend('wasm'), seed: 0 },
    );
    expect(result.runs.map((run) => run.name)).toEqual(numpy.runs.map((run) => run.name));
    for (const [k, run] of result.runs.entries()) {
      expect(run.losses).toHaveLength(30);
      within(worstRelativeLoss(run.losses, numpy.runs[k].losses.slice(0, 30)));
    }
    // The others' batches are still drawn (owns): the first network trains as it did beside them.
    const first = await runBookExperiment(experiment, {
      dataset,
      backend: await loadBackend('wasm'),
      seed: 0,
      short: { iters: 30 },
      owns: (index) => index === 0,
    });
    expect(first.runs).toHaveLength(1);
    expect(first.runs[0].losses).toEqual(result.runs[0].losses);
    expect(first.runs[0].final).not.toBeNull();
  }, 120_000);
});

interface BatchNormScript {
  weightScales: number[];
  runs: {
    scale: number;
    epochs: { iter: number; trainAcc: number; bnTrainAcc: number }[];
    bnGradientLosses: number[];
    gradientLosses: number[];
  }[];
}

describe('nn-compare batch-norm', () => {
  const numpy = readReference<BatchNormScript>('numpy-batch-norm-test.json');

  it("draws np.logspace(0, -4, 16)'s scales", () => {
    expect(bookWeightScales()).toEqual(numpy.weightScales);
  });

  it("trains the second scale after replaying the first's draws, sharing each batch", async () => {
    // The second scale's networks draw their weights after the first's 191 batches: its
    // numbers hold only if every draw before them came in the script's order. The first
    // scale's networks are built and its batches drawn but not trained (as on another thread).
    const result = await runBookExperiment('batch-norm', {
      dataset,
      backend: await loadBackend('wasm'),
      seed: 0,
      short: { scales: 2 },
      owns: (index) => index >= 2,
    });
    expect(result.evaluatedOn).toBe('train');
    const reference = numpy.runs[1];
    expect(result.runs.map((run) => `${run.group} ${run.name}`)).toEqual([
      `W:${reference.scale} Batch Normalization`,
      `W:${reference.scale} Normal(without BatchNorm)`,
    ]);
    const [withNorm, without] = result.runs;
    within(worstRelativeLoss(withNorm.losses, reference.bnGradientLosses));
    // Without batch norm this scale overflows within a few iterations: numpy's loss turns NaN
    // there, and the run stops as diverged.
    const nFinite = reference.gradientLosses.findIndex((loss) => !Number.isFinite(loss));
    expect(nFinite).toBeGreaterThan(0);
    expect(without.status).toBe('diverged');
    expect(without.divergedAt).toBe(nFinite);
    within(worstRelativeLoss(without.losses, reference.gradientLosses.slice(0, nFinite)));
    expect(withNorm.epochs).toHaveLength(20);
    const rows = (key: 'trainAcc' | 'bnTrainAcc', count: number) =>
      reference.epochs
        .slice(0, count)
        .map((row) => ({ iter: row.iter, trainAcc: row[key], testAcc: row[key] }));
    const sizes = { train: 1000, test: 1000 };
    expectAccuraciesKept(compareAccuracies(withNorm.epochs, rows('bnTrainAcc', 20), sizes));
    expectAccuraciesKept(
      compareAccuracies(without.epochs, rows('trainAcc', without.epochs.length), sizes),
    );
  }, 120_000);
});

interface OverfitScript {
  runs: {
    name: string;
    epochs: { iter: number; trainAcc: number; testAcc: number }[];
    gradientLosses: number[];
  }[];
}

describe.each([
  ['weight-decay', 0],
  ['dropout', 2],
] as const)('nn-compare %s', (experiment, first) => {
  it('runs with and without as the script does, each after the seed', async () => {
    const numpy = readReference<OverfitScript>('numpy-overfit.json').runs.slice(first, first + 2);
    const result = await runBookExperiment(experiment, {
      dataset,
      backend: await loadBackend('wasm'),
      seed: 0,
      short: { iters: 7 },
    });
    expect(result.runs).toHaveLength(2);
    for (const [k, run] of result.runs.entries()) {
      within(worstRelativeLoss(run.losses, numpy[k].gradientLosses.slice(0, 7)));
      const rows = numpy[k].epochs.slice(0, run.epochs.length);
      expect(run.epochs).toHaveLength(3);
      expectAccuraciesKept(compareAccuracies(run.epochs, rows, { train: 300, test: 10000 }));
    }
  }, 120_000);
});

interface SearchScript {
  trials: {
    weightDecay: number;
    lr: number;
    evalIters: number[];
    valAccs: number[];
    trainAccs: number[];
    gradientLosses: number[];
  }[];
}

describe('nn-compare hyperparams', () => {
  it("draws each trial's weight decay and rate as numpy does, and trains it", async () => {
    const numpy = readReference<SearchScript>('numpy-hyperparameter-optimization.json');
    const result = await runBookExperiment('hyperparams', {
      dataset,
      backend: await loadBackend('wasm'),
      seed: 0,
      trials: 12,
      short: { iters: 9 },
    });
    expect(result.evaluatedOn).toBe('validation');
    for (const [k, run] of result.runs.entries()) {
      const trial = numpy.trials[k];
      expect(run.config.optimizer.learningRate).toBe(trial.lr);
      expect(run.config.network.weightDecayLambda).toBe(trial.weightDecay);
      within(worstRelativeLoss(run.losses, trial.gradientLosses.slice(0, 9)));
      const rows = trial.evalIters.slice(0, run.epochs.length).map((iter, e) => ({
        iter,
        trainAcc: trial.trainAccs[e],
        testAcc: trial.valAccs[e],
      }));
      expect(run.epochs).toHaveLength(3);
      const comparison = compareAccuracies(run.epochs, rows, { train: 400, test: 100 });
      expect(comparison.worstImages).toBeLessThanOrEqual(PROMISE.imagesOff);
    }
    expect(result.runs[0].name).toBe(
      'lr:1.5081662054491436e-06, weight decay:6.909132715896656e-07',
    );
  }, 120_000);
});
