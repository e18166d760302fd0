// The training loop of ch04/train_neuralnet.py: sample a batch, take the gradient, step, and at
// every epoch boundary measure accuracy on the training and test sets. With the same seed it
// draws the same weights and batches as numpy, so its rows are the book script's rows.
//
// The loop is async to let the process breathe: every ~50 ms it yields to the event loop, so a
// progress bar redraws, Ctrl-C (an aborted signal) is seen after the current iteration, and
// evaluations finished on worker threads are reported.
//
// Speed: a backprop step is FastTwoLayerStep, TwoLayerNet.gradient and SGD.update fused over
// sparse MNIST rows (bit-identical at float64); a numerical step is FastNumericalGradient, which
// equals TwoLayerNet.numericalGradient bit for bit; accuracy passes run on worker threads
// (--threads) on a copy of the parameters while training goes on.

import { jsBackend, type Backend, type Placement } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import { Matrix } from '../core/matrix.js';
import { RandomState } from '../core/random.js';
import { IMAGE_SIZE, PIXEL_SCALE, type Dataset, type MnistSplit } from '../data/dataset.js';
import { FastNumericalGradient } from '../fast/numerical-gradient.js';
import { FusedTwoLayerStep } from '../fast/fused-step.js';
import {
  InlineEvaluator,
  ParallelEvaluator,
  type AccuracyEvaluator,
  type SparseSplit,
  type SplitAccuracies,
} from '../fast/parallel-evaluator.js';
import type { Precision } from '../fast/precision.js';
import { sparseRowsFromBytes } from '../fast/sparse-rows.js';
import { SGD } from '../nn/optimizer.js';
import type { Params } from '../nn/shape.js';
import { NUMERICAL_H } from '../nn/numerical.js';
import { TwoLayerNet } from '../nn/two-layer-net.js';
import { isEvaluationIteration, type TrainConfig } from './config.js';
import { Emitter, type EpochRecord, type RunStatus, type TrainEvents } from './events.js';

const YIELD_EVERY_MS = 50;

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
  /** Where the time went (evaluation passes may run alongside training, on worker threads). */
  timings: RunTimings;
  net: TwoLayerNet;
}

export interface RunTimings {
  /** MNIST made sparse and the evaluation threads started, before the loop. */
  prepareMs: number;
  /** The whole loop: first iteration to the last accuracy in. */
  trainMs: number;
  /** Time the evaluation passes took to compute. */
  evaluationMs: number;
  evaluations: number;
  /** The loop's own time per iteration (sampling, gradient, update), evaluation excluded. */
  msPerIteration: number;
}

export interface TrainerOptions {
  config: TrainConfig;
  /** np.random.seed(seed) before the network is built. */
  seed: number;
  /** The full data set; the run uses its first config.trainSize / config.testSize samples. */
  dataset: Dataset;
  backend?: Backend;
  /** Element type of the training step and the evaluation passes: f64 (default) or f32. */
  precision?: Precision;
  /**
   * Threads the run uses: this one trains, the others (worker threads) run the evaluation
   * passes alongside. 1 (the default) evaluates on this thread between iterations.
   */
  threads?: number;
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
    const precision = this.options.precision ?? 'f64';
    const net = this.net;
    const backend = net.backend;
    const train = dataset.train.head(config.trainSize);
    const test = dataset.test.head(config.testSize);
    const optimizer = new SGD(config.learningRate, backend);
    // MNIST as sparse rows in the backend's shared memory, read in place by its kernels and by
    // the evaluation workers.
    const preparing = now();
    const splits = [
      sparseSplit(train, backend.placement),
      sparseSplit(test, backend.placement),
    ] as const;
    const evaluator = this.evaluatorFor(splits, precision);
    const prepareMs = now() - preparing;

    // Buffers of the loop, allocated once.
    const batchIndices = new Int32Array(config.batchSize);
    const tBatch = new Int32Array(config.batchSize);
    const losses = new Float64Array(config.iters);
    const started = now();
    let lastYield = started;
    const breathe = async () => {
      if (now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = now();
      }
    };
    // The parameters as training has them (float32 copies at --precision f32), and one
    // iteration on the batch in batchIndices/tBatch: its loss, or undefined when Ctrl-C stopped
    // it midway (nothing changed then).
    let current = paramsOf(net);
    let takeStep: () => number | Promise<number | undefined>;
    if (config.grad === 'backprop') {
      const step = new FusedTwoLayerStep(
        backend,
        net.shape,
        {
          batchSize: config.batchSize,
          learningRate: config.learningRate,
          crossEntropyDelta: net.lastLayer.delta,
          precision,
        },
        current,
      );
      current = step.params;
      takeStep = () => step.step(splits[0].rows, batchIndices, tBatch, config.batchSize);
    } else {
      const numerical = new FastNumericalGradient(net.shape, net.lastLayer.delta, config.batchSize);
      const grads = {
        W1: new Matrix(IMAGE_SIZE, config.hiddenSize, numerical.grads.W1),
        b1: new Matrix(1, config.hiddenSize, numerical.grads.b1),
        W2: new Matrix(config.hiddenSize, 10, numerical.grads.W2),
        b2: new Matrix(1, 10, numerical.grads.b2),
      };
      // Pauses between pixels let Ctrl-C be heard within an iteration that takes seconds.
      const pause = async () => {
        await breathe();
        return !signal?.aborted;
      };
      const params = current as Params<Float64Array>;
      takeStep = async () => {
        const loss = await numerical.gradient(
          params,
          splits[0].rows,
          batchIndices,
          tBatch,
          config.batchSize,
          NUMERICAL_H,
          pause,
        );
        if (loss !== undefined) optimizer.update(net.params, grads);
        return loss;
      };
    }

    const epochs: EpochRecord[] = [];
    let status: RunStatus = 'completed';
    let divergedAt: number | undefined;
    let iterationsDone = 0;
    let epochLossSum = 0;
    let epochLossCount = 0;
    let lastEvaluated = -1;
    let evaluationsAsked = 0;

    // Rows are reported in the order they were asked for, as their passes finish: at once when
    // evaluating on this thread, later (training meanwhile) when on workers.
    let reported: Promise<void> = Promise.resolve();
    const report = (
      accuracies: SplitAccuracies | Promise<SplitAccuracies>,
      row: Pick<EpochRecord, 'epoch' | 'iter' | 'loss'>,
    ) => {
      const emit = ({ trainAcc, testAcc }: SplitAccuracies) => {
        const record: EpochRecord = { ...row, trainAcc, testAcc, elapsedMs: now() - started };
        epochs.push(record);
        this.emit('epoch', record);
      };
      if (accuracies instanceof Promise) reported = reported.then(() => accuracies.then(emit));
      else emit(accuracies);
    };
    const accuracyNow = () =>
      evaluator.evaluateNow ? evaluator.evaluateNow(current) : evaluator.evaluate(current);
    this.emit('start', { config, seed });

    try {
      for (let i = 0; i < config.iters; i++) {
        if (signal?.aborted) {
          status = 'interrupted';
          break;
        }
        // batch_mask = np.random.choice(train_size, batch_size)
        this.random.fillRandint(batchIndices, 0, train.count);
        train.gatherLabels(tBatch, batchIndices);

        const loss = await takeStep();
        if (loss === undefined) {
          status = 'interrupted';
          break;
        }
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
          report(accuracyNow(), {
            epoch: evaluationsAsked++,
            iter: i,
            loss: epochLossSum / epochLossCount,
          });
          lastEvaluated = i;
          epochLossSum = 0;
          epochLossCount = 0;
        }

        await breathe();
      }

      let final: Accuracies | null = null;
      if (status !== 'diverged') {
        const isLastEvaluated = lastEvaluated === iterationsDone - 1 && lastEvaluated >= 0;
        // Training is over: this thread helps with the last pass.
        const asked = isLastEvaluated ? undefined : evaluator.evaluate(current, true);
        await reported;
        const last = epochs.at(-1);
        final =
          asked === undefined && last !== undefined
            ? { trainAcc: last.trainAcc, testAcc: last.testAcc }
            : await (asked ?? evaluator.evaluate(current));
      } else {
        await reported;
      }
      if (current.W1 !== net.params.W1.data) copyInto(net, current);
      const durationMs = now() - started;
      const evaluationMs = evaluator.passMs.reduce((sum, ms) => sum + ms, 0);
      const onThisThread = evaluator.evaluateNow ? evaluationMs : 0;
      const result: TrainResult = {
        config,
        seed,
        status,
        epochs,
        final,
        best: bestOf(epochs, final, iterationsDone - 1),
        iterationsDone,
        losses: losses.subarray(0, iterationsDone),
        durationMs,
        timings: {
          prepareMs,
          trainMs: durationMs,
          evaluationMs,
          evaluations: evaluator.passMs.length,
          msPerIteration: (durationMs - onThisThread) / Math.max(iterationsDone, 1),
        },
        net,
      };
      if (divergedAt !== undefined) result.divergedAt = divergedAt;
      this.emit('done', result);
      return result;
    } finally {
      await evaluator.close();
    }
  }

  /** Evaluation on this thread (threads 1), or on threads - 1 workers alongside training. */
  private evaluatorFor(
    splits: readonly [SparseSplit, SparseSplit],
    precision: Precision,
  ): AccuracyEvaluator {
    const workers = (this.options.threads ?? 1) - 1;
    const options = { backend: this.net.backend, precision, shape: this.net.shape };
    if (workers < 1) return new InlineEvaluator(options, splits);
    return new ParallelEvaluator({ ...options, threads: workers }, splits);
  }
}

/**
 * A split's images as sparse rows, pixels scaled as the book's load_mnist does, placed where a
 * backend wants them (its kernels and its workers' then read them in place).
 */
function sparseSplit(split: MnistSplit, placement: Placement): SparseSplit {
  return {
    rows: sparseRowsFromBytes(split.images, IMAGE_SIZE, PIXEL_SCALE, placement),
    labels: split.labels,
  };
}

function paramsOf(net: TwoLayerNet): Params<Floats> {
  const { W1, b1, W2, b2 } = net.params;
  return { W1: W1.data, b1: b1.data, W2: W2.data, b2: b2.data };
}

/** The float32 run's parameters, widened back into the network (for --save and the result). */
function copyInto(net: TwoLayerNet, params: Params<Floats>): void {
  net.params.W1.data.set(params.W1);
  net.params.b1.data.set(params.b1);
  net.params.W2.data.set(params.W2);
  net.params.b2.data.set(params.b2);
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
