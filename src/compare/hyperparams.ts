// hyperparameter_optimization.py: one np.random stream for the whole script. First the shuffle
// of the first 500 training samples (shuffle_dataset's permutation), the first 100 of which are
// the validation set and the other 400 the training set; then per trial weight_decay = 10 **
// uniform(-8, -4) and lr = 10 ** uniform(-6, -2), and a MultiLayerNet trained by common/
// trainer.py's schedule (50 epochs of 4 iterations, accuracies on the 400 and on the validation
// 100 after every 4th), drawing its weights and batches from the same stream. The runs are named
// as the script prints them; the best 20 by final validation accuracy (Python's stable sort,
// descending) are the figure's panels Best-1 … Best-20.

import { powerOfTen } from '../core/pow.js';
import { RandomState, type RandomStateSnapshot } from '../core/random.js';
import { IMAGE_SIZE, MnistSplit, type Dataset } from '../data/dataset.js';
import { buildNetwork } from '../nn/network.js';
import { trainConfigFrom } from '../train/config.js';
import type { PlannedRun } from './plan.js';
import { pythonFloat } from './python-float.js';
import type { CompareRun } from './result.js';

export const HYPERPARAMS = Object.freeze({
  samples: 500,
  validationRate: 0.2,
  trials: 100,
  epochs: 50,
  batchSize: 100,
  shown: 20,
});

/** The script's split: x_train[:500] shuffled, the first 100 to validate, the other 400 to train. */
export function searchDataset(dataset: Dataset, random: RandomState): Dataset {
  const { samples } = HYPERPARAMS;
  const validationNum = Math.trunc(samples * HYPERPARAMS.validationRate);
  const permutation = random.permutation(samples);
  const pick = (indices: Int32Array) => {
    const images = new Uint8Array(indices.length * IMAGE_SIZE);
    const labels = new Uint8Array(indices.length);
    indices.forEach((index, k) => {
      images.set(dataset.train.image(index), k * IMAGE_SIZE);
      labels[k] = dataset.train.labels[index];
    });
    return new MnistSplit(images, labels);
  };
  return {
    train: pick(permutation.subarray(validationNum)),
    test: pick(permutation.subarray(0, validationNum)),
  };
}

/** One trial's draws, in the script's order: weight decay, then learning rate. */
export function drawTrial(random: RandomState): { weightDecay: number; lr: number } {
  const weightDecay = powerOfTen(random.uniform(-8, -4));
  const lr = powerOfTen(random.uniform(-6, -2));
  return { weightDecay, lr };
}

/** The trial's run: key = "lr:" + str(lr) + ", weight decay:" + str(weight_decay). */
export function trialRun(
  search: Dataset,
  draws: { weightDecay: number; lr: number },
  iters?: number,
): PlannedRun {
  const config = trainConfigFrom(
    {
      hidden: [100, 100, 100, 100, 100, 100],
      weightDecay: draws.weightDecay,
      lr: draws.lr,
      epochs: HYPERPARAMS.epochs,
      batchSize: HYPERPARAMS.batchSize,
    },
    { train: search.train, test: search.test },
  );
  return {
    name: `lr:${pythonFloat(draws.lr)}, weight decay:${pythonFloat(draws.weightDecay)}`,
    config: Object.freeze({ ...config, iters: Math.min(config.iters, iters ?? Infinity) }),
  };
}

/** A trial as the script reaches it: its draws, and the stream right after them. */
export interface TrialStart {
  draws: { weightDecay: number; lr: number };
  random: RandomStateSnapshot;
}

/**
 * Replays the script's stream without training: the split, then per trial its two draws, its
 * network's weights and its batches, keeping where the stream stood after each trial's draws.
 * Any trial can then train on its own (or on another thread), shortened or not, and still draw
 * what the script drew.
 */
export function replaySearch(
  dataset: Dataset,
  seed: number,
  trials: number,
): { search: Dataset; trials: TrialStart[] } {
  const random = new RandomState(seed);
  const search = searchDataset(dataset, random);
  const starts: TrialStart[] = [];
  const batch = new Int32Array(HYPERPARAMS.batchSize);
  for (let trial = 0; trial < trials; trial++) {
    const draws = drawTrial(random);
    starts.push({ draws, random: random.getState() });
    const { config } = trialRun(search, draws);
    // network = MultiLayerNet(...): its weights, drawn and dropped.
    buildNetwork(config.network, { random });
    // trainer.train(): one batch_mask per iteration (the network draws nothing else).
    for (let i = 0; i < config.iters; i++) random.fillRandint(batch, 0, search.train.count);
  }
  return { search, trials: starts };
}

/**
 * sorted(results_val.items(), key=lambda x: x[1][-1], reverse=True)[:20]: the runs' groups
 * Best-1 … Best-20. Python's reverse sort keeps equal keys in their original order.
 */
export function markBest(runs: CompareRun[]): CompareRun[] {
  const lastAccuracy = (run: CompareRun) => run.epochs.at(-1)?.testAcc ?? -Infinity;
  const order = runs.map((run, index) => ({ run, index }));
  order.sort((a, b) => lastAccuracy(b.run) - lastAccuracy(a.run) || a.index - b.index);
  order.slice(0, HYPERPARAMS.shown).forEach(({ run }, k) => {
    run.group = `Best-${k + 1}`;
  });
  return runs;
}
