// The training loop of ch04/train_neuralnet.py: sample a batch, take the gradient, step, and at
// every epoch boundary measure accuracy on the training and test sets. With the same seed it
// draws the same weights and batches as numpy, so its rows are the book script's rows.
//
// The loop is async only to let the process breathe: every ~50 ms it yields to the event loop,
// so a progress bar redraws and Ctrl-C (an aborted signal) is seen after the current iteration.

import { jsBackend, type Backend } from '../core/backend.js';
import { Matrix } from '../core/matrix.js';
import { RandomState } from '../core/random.js';
import { IMAGE_SIZE, type Dataset } from '../data/dataset.js';
import { SGD } from '../nn/optimizer.js';
import { numericalGradient } from '../nn/numerical.js';
import { PARAM_NAMES, TwoLayerNet, type Gradients } from '../nn/two-layer-net.js';
import { isEvaluationIteration, type TrainConfig } from './config.js';
import { Evaluator } from './evaluate.js';
import { Emitter, type EpochRecord, type RunStatus, type TrainEvents } from './events.js';

const YIELD_EVERY_MS = 50;
/** Parameters per block of the numerical gradient: 64 losses, about 0.2 s at the default size. */
const NUMERICAL_BLOCK = 32;

export interface Accuracies {
  trainAcc: number;
  testAcc: number;
}

export interface TrainResult {
  config: TrainConfig;
  seed: number;
  status: RunStatus;
  epochs: EpochRecord[];
  /** Accuracy of the parameters the run ended with; null when it diverged. */
  final: Accuracies | null;
  /** The highest test accuracy of any evaluation, and after which iteration. */
  best: { testAcc: number; iter: number } | null;
  iterationsDone: number;
  /** The batch loss of every iteration done, in order (book: train_loss_list). */
  losses: Float64Array;
  /** The iteration whose loss was NaN or infinite, when the run diverged. */
  divergedAt?: number;
  durationMs: number;
  net: TwoLayerNet;
}

export interface TrainerOptions {
  config: TrainConfig;
  /** np.random.seed(seed) before the network is built. */
  seed: number;
  /** The full data set; the run uses its first config.trainSize / config.testSize samples. */
  dataset: Dataset;
  backend?: Backend;
  /** Aborting it ends the run after the current iteration (Ctrl-C). */
  signal?: AbortSignal;
  now?: () => number;
}

export class Trainer extends Emitter<TrainEvents<TrainResult>> {
  readonly net: TwoLayerNet;
  readonly config: TrainConfig;
  private readonly options: TrainerOptions;
  private readonly random: RandomState;

  constructor(options: TrainerOptions) {
    super();
    const { config, seed } = options;
    this.options = options;
    this.config = config;
    // Seeded immediately before the network draws its weights, as after np.random.seed(N).
    this.random = new RandomState(seed);
    this.net = new TwoLayerNet(IMAGE_SIZE, config.hiddenSize, 10, config.weightInitStd, {
      activation: config.activation,
      backend: options.backend ?? jsBackend,
      random: this.random,
    });
  }

  async run(): Promise<TrainResult> {
    const { config, seed, dataset, signal } = this.options;
    const now = this.options.now ?? (() => performance.now());
    const net = this.net;
    const train = dataset.train.head(config.trainSize);
    const test = dataset.test.head(config.testSize);
    const optimizer = new SGD(config.learningRate);
    const evaluator = new Evaluator(net);
    net.reserve(config.batchSize);

    // Buffers of the loop, allocated once.
    const batchIndices = new Int32Array(config.batchSize);
    const xBatch = new Matrix(
      config.batchSize,
      IMAGE_SIZE,
      net.backend.allocate(config.batchSize * IMAGE_SIZE),
    );
    const tBatch = new Int32Array(config.batchSize);
    const losses = new Float64Array(config.iters);

    const epochs: EpochRecord[] = [];
    let status: RunStatus = 'completed';
    let divergedAt: number | undefined;
    let iterationsDone = 0;
    let epochLossSum = 0;
    let epochLossCount = 0;
    let lastEvaluated = -1;

    const started = now();
    let lastYield = started;
    const breathe = async () => {
      if (now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = now();
      }
    };
    this.emit('start', { config, seed });

    for (let i = 0; i < config.iters; i++) {
      if (signal?.aborted) {
        status = 'interrupted';
        break;
      }
      // batch_mask = np.random.choice(train_size, batch_size)
      this.random.fillRandint(batchIndices, 0, train.count);
      train.gatherImages(xBatch.data, batchIndices);
      train.gatherLabels(tBatch, batchIndices);

      let grads: Gradients;
      let loss: number;
      if (config.grad === 'numerical') {
        loss = net.loss(xBatch, tBatch);
        const numerical = await this.numericalGradient(xBatch, tBatch, breathe, signal);
        if (numerical === undefined) {
          status = 'interrupted';
          break;
        }
        grads = numerical;
      } else {
        grads = net.gradient(xBatch, tBatch);
        loss = net.lastLayer.loss;
      }
      optimizer.update(net.params, grads);
      losses[i] = loss;
      iterationsDone = i + 1;
      this.emit('iter', { iter: i, loss, elapsedMs: now() - started });

      if (!Number.isFinite(loss)) {
        status = 'diverged';
        divergedAt = i;
        break;
      }
      epochLossSum += loss;
      epochLossCount++;

      if (isEvaluationIteration(i, config.evalEvery)) {
        const record: EpochRecord = {
          epoch: epochs.length,
          iter: i,
          loss: epochLossSum / epochLossCount,
          trainAcc: evaluator.accuracy(train),
          testAcc: evaluator.accuracy(test),
          elapsedMs: now() - started,
        };
        epochs.push(record);
        lastEvaluated = i;
        epochLossSum = 0;
        epochLossCount = 0;
        this.emit('epoch', record);
      }

      await breathe();
    }

    let final: Accuracies | null = null;
    if (status !== 'diverged') {
      const last = epochs.at(-1);
      final =
        last !== undefined && lastEvaluated === iterationsDone - 1
          ? { trainAcc: last.trainAcc, testAcc: last.testAcc }
          : { trainAcc: evaluator.accuracy(train), testAcc: evaluator.accuracy(test) };
    }
    const result: TrainResult = {
      config,
      seed,
      status,
      epochs,
      final,
      best: bestOf(epochs, final, iterationsDone - 1),
      iterationsDone,
      losses: losses.subarray(0, iterationsDone),
      durationMs: now() - started,
      net,
    };
    if (divergedAt !== undefined) result.divergedAt = divergedAt;
    this.emit('done', result);
    return result;
  }

  /**
   * The chapter's numerical gradient, a block of parameters at a time with pauses between, so
   * that Ctrl-C is heard during an iteration that takes minutes. Interrupted, it returns
   * undefined with every parameter restored, and the half-done iteration is dropped.
   */
  private async numericalGradient(
    x: Matrix,
    t: Int32Array,
    breathe: () => Promise<void>,
    signal: AbortSignal | undefined,
  ): Promise<Gradients | undefined> {
    const net = this.net;
    const lossW = () => net.loss(x, t);
    const grads = {} as Gradients;
    for (const name of PARAM_NAMES) {
      const param = net.params[name];
      const grad = new Matrix(param.rows, param.cols);
      for (let start = 0; start < param.size; start += NUMERICAL_BLOCK) {
        // A view shares the parameter's memory, so nudging it nudges the network.
        const block = param.data.subarray(start, Math.min(start + NUMERICAL_BLOCK, param.size));
        grad.data.set(numericalGradient(lossW, block), start);
        await breathe();
        if (signal?.aborted) return undefined;
      }
      grads[name] = grad;
    }
    return grads;
  }
}

function bestOf(
  epochs: readonly EpochRecord[],
  final: Accuracies | null,
  lastIter: number,
): TrainResult['best'] {
  let best: TrainResult['best'] = null;
  for (const record of epochs) {
    if (best === null || record.testAcc > best.testAcc) {
      best = { testAcc: record.testAcc, iter: record.iter };
    }
  }
  // Untrained parameters (a run stopped before its first update) are no one's best.
  if (final !== null && lastIter >= 0 && (best === null || final.testAcc > best.testAcc)) {
    best = { testAcc: final.testAcc, iter: lastIter };
  }
  return best;
}
