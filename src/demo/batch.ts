// book 4.2.3: a mini-batch of 10 drawn from the 60000 training images with np.random.choice.

import { RandomState } from '../core/random.js';
import { CLASS_COUNT, IMAGE_SIZE, type Dataset } from '../data/dataset.js';

export interface BatchDemo {
  xTrainShape: [number, number];
  tTrainShape: [number, number];
  seed: number;
  batchMask: number[];
  /** the labels of the drawn images (the argmax of each one-hot row of t_batch) */
  labels: number[];
  xBatchShape: [number, number];
  tBatchShape: [number, number];
}

export function batchDemo(dataset: Dataset, seed: number, batchSize = 10): BatchDemo {
  const train = dataset.train;
  const batchMask = Array.from(new RandomState(seed).choice(train.count, batchSize));
  return {
    xTrainShape: [train.count, IMAGE_SIZE],
    tTrainShape: [train.count, CLASS_COUNT],
    seed,
    batchMask,
    labels: batchMask.map((i) => train.labels[i]),
    xBatchShape: [batchSize, IMAGE_SIZE],
    tBatchShape: [batchSize, CLASS_COUNT],
  };
}
