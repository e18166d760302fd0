// What a way of taking a training step is (steps.ts chooses one): its update on a batch, its
// accuracy passes, and what it is built from.

import type { MnistSplit } from '../data/dataset.js';
import type { SplitScores } from '../fast/parallel-evaluator.js';
import type { Precision } from '../fast/precision.js';
import type { Network } from '../nn/network.js';
import type { Optimizer } from '../nn/optimizer.js';
import type { TrainConfig } from './config.js';

/** One way to train a network: its update on a batch, and its accuracy passes. */
export interface TrainingStep {
  /**
   * One update on the batch of training samples batchMask picks: the loss of the forward pass
   * its gradient came from, or undefined when Ctrl-C stopped it midway (nothing changed then).
   */
  take(batchMask: Int32Array): number | undefined | Promise<number | undefined>;
  /**
   * network.loss(x_batch, t_batch) of the batch batchMask picks, after the update, where the step
   * computes it on its own buffers (bit-equal to the network's); absent where it does not.
   */
  readonly lossAfterUpdate?: (batchMask: Int32Array) => number;
  /**
   * The accuracy and loss on the whole training and test sets of the parameters as they are
   * now: at once, or later when worker threads compute it. isIdle: training is over, so this
   * thread may take a share.
   */
  accuracies(isIdle: boolean): SplitScores | Promise<SplitScores>;
  /** Training is over: the accuracy passes still to run may take this thread too. */
  helpFromNowOn(): void;
  /** Milliseconds each finished accuracy pass took, and whether they ran on this thread. */
  readonly passMs: readonly number[];
  readonly isEvaluatedInline: boolean;
  /** Leaves the trained parameters in the network (a float32 run trains copies). */
  finish(): void;
  /** Stops any worker threads. */
  close(): Promise<void>;
}

export interface StepSetting {
  net: Network;
  optimizer: Optimizer;
  config: TrainConfig;
  train: MnistSplit;
  test: MnistSplit;
  precision: Precision;
  threads: number;
  /** Awaited between parts of a long numerical iteration; false means stop. */
  pause: () => Promise<boolean>;
}
