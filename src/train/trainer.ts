// The training loop of ch04/train_neuralnet.py: sample a batch, take the gradient, step, and at
// every epoch boundary measure accuracy on the training and test sets. With the same seed it
// draws the same weights and batches as numpy, so its rows are the book script's rows.
//
// The network is any of the book's (TwoLayerNet, MultiLayerNet, MultiLayerNetExtend), drawn from
// the seeded generator first; then each iteration draws its batch, and Dropout draws its masks
// inside gradient(), all from that one generator, in numpy's order. The step is the book's
// (network.gradient, optimizer.update) or the same arithmetic fused on the fast path
// (src/train/steps.ts); both give the same rows. The loop is async to let the process
// breathe: every ~50 ms it yields to the event loop, so a progress bar redraws, Ctrl-C (an
// aborted signal) is seen after the current iteration, and evaluations finished on worker
// threads are reported.

import { jsBackend, type Backend } from '../core/backend.js';
import { RandomState } from '../core/random.js';
import { IMAGE_SIZE, type Dataset, type MnistSplit } from '../data/dataset.js';
import type { SplitAccuracies, SplitScores } from '../fast/parallel-evaluator.js';
import type { Precision } from '../fast/precision.js';
import { buildNetwork, type Network } from '../nn/network.js';
import { isEvaluationIteration, type StepKind, type TrainConfig } from './config.js';
import { Emitter, type EpochRecord, type RunStatus, type TrainEvents } from './events.js';
import { createOptimizer } from './optimizer-config.js';
import { RunLog } from './run-log.js';
import { stepFor } from './steps.js';
import type { TrainingStep } from './training-step.js';

const YIELD_EVERY_MS = 50;

export interface TrainResult {
  config: TrainConfig;
  seed: number;
  status: RunStatus;
  epochs: EpochRecord[];
  /** Accuracy of the parameters the run ended with; null when it diverged. */
  final: SplitAccuracies | null;
  /** The highest test accuracy of any evaluation, and after which iteration. */
  best: { testAcc: number; iter: number } | null;
  iterationsDone: number;
  /**
   * The loss of every iteration done, in order: the loss of the forward pass its gradient came
   * from. (The book's train_loss_list holds network.loss computed again after the update.)
   */
  losses: Float64Array;
  /** The iteration whose loss was NaN or infinite, when the run diverged. */
  divergedAt?: number;
  durationMs: number;
  /** Where the time went (evaluation passes may run alongside training, on worker threads). */
  timings: RunTimings;
  /** The step that trained: the fused one only where it trains this network (steps.ts). */
  step: StepKind;
  net: Network;
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
  /**
   * The book's step or the fused one (the default): the same numbers either way. Runs the fused
   * step does not train take the book's.
   */
  step?: StepKind;
  /** Element type of the fused step and its evaluation passes: f64 (default) or f32. */
  precision?: Precision;
  /**
   * Threads the fused step uses: this one trains, the others (worker threads) run the
   * evaluation passes alongside. 1 (the default) evaluates on this thread between iterations.
   */
  threads?: number;
  /**
   * The generator to draw from instead of a fresh RandomState(seed): a script that trains
   * several networks from one np.random stream (hyperparameter_optimization.py) goes on where
   * the previous run left it.
   */
  random?: RandomState;
  /** Aborting it ends the run after the current iteration (Ctrl-C). */
  signal?: AbortSignal;
  now?: () => number;
}

export class Trainer extends Emitter<TrainEvents<TrainResult>> {
  readonly net: Network;
  readonly config: TrainConfig;
  private readonly options: TrainerOptions;
  private readonly random: RandomState;
  private readonly now: () => number;
  /** The samples the run uses: the first config.trainSize and config.testSize. */
  private readonly train: MnistSplit;
  private readonly test: MnistSplit;
  private lastYield = 0;

  constructor(options: TrainerOptions) {
    super();
    const { config, seed } = options;
    if (options.step === 'book' && options.precision === 'f32') {
      throw new RangeError("the book's step runs in float64; --precision f32 is the fused step's");
    }
    this.options = options;
    this.config = config;
    this.now = options.now ?? (() => performance.now());
    this.train = options.dataset.train.head(config.trainSize);
    this.test = options.dataset.test.head(config.testSize);
    // Seeded immediately before the network draws its weights, as after np.random.seed(N).
    this.random = options.random ?? new RandomState(seed);
    if (config.network.inputSize !== IMAGE_SIZE) {
      throw new RangeError(
        `the network takes ${config.network.inputSize} inputs, MNIST has ${IMAGE_SIZE}`,
      );
    }
    this.net = buildNetwork(config.network, {
      backend: options.backend ?? jsBackend,
      random: this.random,
    });
  }

  /** The book's loop: for i in range(iters_num): … */
  async run(): Promise<TrainResult> {
    const preparing = this.now();
    const { kind, step } = this.makeStep();
    const prepareMs = this.now() - preparing;
    const log = new RunLog(this.config.iters, this.now());
    const batchMask = new Int32Array(this.config.batchSize);
    this.lastYield = log.started;
    this.emit('start', { config: this.config, seed: this.options.seed, step: kind });
    try {
      for (let i = 0; i < this.config.iters; i++) {
        if (this.options.signal?.aborted) {
          log.stop('interrupted');
          break;
        }
        if (!(await this.iteration(i, batchMask, step, log))) break;
        await this.breathe();
      }
      return await this.finish(step, kind, log, prepareMs);
    } finally {
      await step.close();
    }
  }

  /** The book's step or the fused one, with the data it reads made ready. */
  private makeStep(): { kind: StepKind; step: TrainingStep } {
    const { config } = this.options;
    const setting = {
      net: this.net,
      optimizer: createOptimizer(config.optimizer, this.net.backend),
      config,
      train: this.train,
      test: this.test,
      precision: this.options.precision ?? 'f64',
      threads: this.options.threads ?? 1,
      // Pauses within a long numerical iteration let Ctrl-C be heard before it ends.
      pause: async () => {
        await this.breathe();
        return !this.options.signal?.aborted;
      },
    };
    return stepFor(this.options.step ?? 'fused', setting);
  }

  /** One pass of the loop's body; false when the run stops here. */
  private async iteration(
    i: number,
    batchMask: Int32Array,
    step: TrainingStep,
    log: RunLog,
  ): Promise<boolean> {
    // batch_mask = np.random.choice(train_size, batch_size)
    this.random.fillRandint(batchMask, 0, this.train.count);
    // grad = network.gradient(x_batch, t_batch); network.params[key] -= learning_rate * grad[key]
    const loss = await step.take(batchMask);
    if (loss === undefined) return log.stop('interrupted');
    // train_loss_list.append(loss)
    log.addLoss(i, loss);
    this.emit('iter', { iter: i, loss, elapsedMs: this.now() - log.started });
    if (!Number.isFinite(loss)) return log.stop('diverged', i);
    // if i % iter_per_epoch == 0: train_acc, test_acc = network.accuracy(...), printed
    if (isEvaluationIteration(i, this.config.evalEvery)) this.reportEpoch(i, step, log);
    return true;
  }

  /**
   * Asks for the accuracy and loss after iteration i and reports its row when they come: at once
   * when evaluating on this thread, later (training meanwhile) from worker threads. Rows are
   * reported in the order they were asked for.
   */
  private reportEpoch(i: number, step: TrainingStep, log: RunLog): void {
    const row = log.newRow(i);
    const emit = ({ trainAcc, testAcc, trainLoss, testLoss }: SplitScores) => {
      const record: EpochRecord = {
        ...row,
        trainAcc,
        testAcc,
        trainLoss,
        testLoss,
        elapsedMs: this.now() - log.started,
      };
      log.epochs.push(record);
      this.emit('epoch', record);
    };
    const accuracies = step.accuracies(false);
    if (accuracies instanceof Promise) {
      log.reported = log.reported.then(() => accuracies.then(emit));
    } else {
      emit(accuracies);
    }
  }

  /** After the loop: the final accuracy, the parameters left in the network, the result. */
  private async finish(
    step: TrainingStep,
    kind: StepKind,
    log: RunLog,
    prepareMs: number,
  ): Promise<TrainResult> {
    step.helpFromNowOn();
    const final = await this.finalAccuracies(step, log);
    step.finish();
    const durationMs = this.now() - log.started;
    const evaluationMs = step.passMs.reduce((sum, ms) => sum + ms, 0);
    const onThisThread = step.isEvaluatedInline ? evaluationMs : 0;
    const result: TrainResult = {
      config: this.config,
      seed: this.options.seed,
      status: log.status,
      epochs: log.epochs,
      final,
      best: log.best(final),
      iterationsDone: log.iterationsDone,
      losses: log.losses.subarray(0, log.iterationsDone),
      durationMs,
      timings: {
        prepareMs,
        trainMs: durationMs,
        evaluationMs,
        evaluations: step.passMs.length,
        msPerIteration: (durationMs - onThisThread) / Math.max(log.iterationsDone, 1),
      },
      step: kind,
      net: this.net,
    };
    if (log.divergedAt !== undefined) result.divergedAt = log.divergedAt;
    this.emit('done', result);
    return result;
  }

  /** The accuracy of the parameters the run ended with: the last row's, or a pass of its own. */
  private async finalAccuracies(step: TrainingStep, log: RunLog): Promise<SplitAccuracies | null> {
    if (log.status === 'diverged') {
      await log.reported;
      return null;
    }
    // Training is over: this thread helps with the last pass, asked before the earlier ones are in.
    const asked = log.isLastEvaluated ? undefined : step.accuracies(true);
    await log.reported;
    const last = log.epochs.at(-1);
    if (asked === undefined && last !== undefined) {
      return { trainAcc: last.trainAcc, testAcc: last.testAcc };
    }
    const { trainAcc, testAcc } = await (asked ?? step.accuracies(true));
    return { trainAcc, testAcc };
  }

  /** Yields to the event loop when ~50 ms have passed since it last did. */
  private async breathe(): Promise<void> {
    if (this.now() - this.lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.lastYield = this.now();
    }
  }
}
