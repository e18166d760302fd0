// The shared-batch scripts' loop (optimizer_compare_mnist.py, weight_init_compare.py,
// batch_norm_test.py): per stage, the networks are built in order from the one generator, then
// every iteration draws one batch_mask and each network in turn takes its step on it
// (src/train/steps.ts: gradient, then update) and, where the script keeps it, network.loss on the
// same batch after the update. A network whose loss turns NaN or infinite stops there, marked
// diverged; the others go on, and the batches stay the script's since no network draws while
// training (no dropout in these scripts).

import type { Backend } from '../core/backend.js';
import { Matrix } from '../core/matrix.js';
import type { RandomState } from '../core/random.js';
import { IMAGE_SIZE, type Dataset, type MnistSplit } from '../data/dataset.js';
import { buildNetwork, type Network } from '../nn/network.js';
import { isEvaluationIteration } from '../train/config.js';
import { createOptimizer } from '../train/optimizer-config.js';
import { RunLog } from '../train/run-log.js';
import { SplitAccuracy } from '../train/split-accuracy.js';
import { stepFor } from '../train/steps.js';
import type { TrainingStep } from '../train/training-step.js';
import type { LockstepPlan, LockstepStage, PlannedRun } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { CompareRun } from './result.js';

const YIELD_EVERY_MS = 50;

export interface LockstepOptions {
  plan: LockstepPlan;
  dataset: Dataset;
  random: RandomState;
  backend: Backend;
  /**
   * A fresh backend for each stage, where one can be loaded: a WebAssembly backend's memory is
   * never freed, and the buffers of 32 networks would outgrow it (its kernels would then fall
   * back to the TypeScript ones: the same numbers, several times slower).
   */
  stageBackend?: () => Promise<Backend>;
  signal?: AbortSignal;
  /**
   * Which runs this thread trains, by index over all stages; the others are built and their
   * batches drawn, so the generator moves as in the script, but not trained (another thread
   * trains them). All when absent.
   */
  owns?: (index: number) => boolean;
  onProgress?: ProgressListener;
  /** Each run when it is done, in the script's order. */
  onRun?: (run: CompareRun, index: number, net: Network) => void | Promise<void>;
  now?: () => number;
}

interface Member {
  planned: PlannedRun;
  index: number;
  net: Network;
  step: TrainingStep;
  log: RunLog;
  /** Made at the first accuracy on the training samples during training (batch_norm_test.py). */
  accuracy?: SplitAccuracy;
  isTraining: boolean;
}

/** Runs the plan's stages in order; the runs this thread owns, with what each recorded. */
export async function runLockstep(options: LockstepOptions): Promise<{
  runs: CompareRun[];
  isInterrupted: boolean;
}> {
  const { plan } = options;
  const now = options.now ?? (() => performance.now());
  const runs: CompareRun[] = [];
  const total = plan.stages.reduce((sum, stage) => sum + stage.iters * stage.runs.length, 0);
  const counter = { done: 0, total, lastYield: now() };
  let first = 0;
  for (const stage of plan.stages) {
    const isInterrupted = await runStage(stage, first, options, now, counter, runs);
    if (isInterrupted) return { runs, isInterrupted };
    first += stage.runs.length;
  }
  return { runs, isInterrupted: false };
}

async function runStage(
  stage: LockstepStage,
  first: number,
  options: LockstepOptions,
  now: () => number,
  counter: { done: number; total: number; lastYield: number },
  runs: CompareRun[],
): Promise<boolean> {
  const { plan, dataset, random } = options;
  const backend = (await options.stageBackend?.()) ?? options.backend;
  const { trainSize, testSize, batchSize } = stage.runs[0].config;
  const train = dataset.train.head(trainSize);
  const test = dataset.test.head(testSize);
  // The networks, in the script's order, each drawing its weights from the stream; a step only
  // for those this thread trains.
  const members: Member[] = [];
  stage.runs.forEach((planned, k) => {
    const net = buildNetwork(planned.config.network, { backend, random });
    if (!(options.owns?.(first + k) ?? true)) return;
    members.push({
      planned,
      index: first + k,
      net,
      // The fused step where one trains this network (at float64 it updates the network's own
      // parameters, as the book's does), the book's otherwise: the same numbers either way.
      step: stepFor('fused', {
        net,
        optimizer: createOptimizer(planned.config.optimizer, backend),
        config: planned.config,
        train,
        test,
        precision: plan.precision ?? 'f64',
        threads: 1,
        pause: () => Promise.resolve(true),
      }).step,
      log: new RunLog(stage.iters, now()),
      isTraining: true,
    });
  });
  const lastName = stage.runs[stage.runs.length - 1].name;
  const batchMask = new Int32Array(batchSize);
  // The dense batch, for a network whose step cannot give the loss after the update itself.
  const isDenseBatchNeeded =
    plan.losses === 'after-update' && members.some((member) => !member.step.lossAfterUpdate);
  const xBatch = isDenseBatchNeeded
    ? new Matrix(batchSize, IMAGE_SIZE, backend.allocate(batchSize * IMAGE_SIZE))
    : undefined;
  const tBatch = new Int32Array(batchSize);
  let evaluations = 0;
  let isInterrupted = false;
  for (let i = 0; i < stage.iters; i++) {
    if (options.signal?.aborted) {
      isInterrupted = true;
      break;
    }
    // batch_mask = np.random.choice(train_size, batch_size)
    random.fillRandint(batchMask, 0, train.count);
    if (xBatch !== undefined) {
      train.gatherImages(xBatch.data, batchMask);
      train.gatherLabels(tBatch, batchMask);
    }
    for (const member of members) {
      if (!member.isTraining) continue;
      await iterate(member, i, batchMask, xBatch, tBatch, plan);
      counter.done++;
    }
    if (stage.evalEvery !== undefined && isEvaluationIteration(i, stage.evalEvery)) {
      for (const member of members) {
        if (member.isTraining) evaluateOnTrain(member, i, train, now);
      }
      evaluations++;
      if (evaluations >= (stage.maxEvaluations ?? Infinity)) break;
    }
    if (now() - counter.lastYield >= YIELD_EVERY_MS) {
      options.onProgress?.({
        done: counter.done,
        total: counter.total,
        run: lastName,
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
      counter.lastYield = now();
    }
  }
  for (const member of members) {
    // Runs ended early still count: the bar reaches its end.
    counter.done += stage.iters - member.log.iterationsDone;
    if (isInterrupted && member.log.status === 'completed') member.log.stop('interrupted');
    member.step.finish();
    const run = await finish(member, plan, now);
    runs.push(run);
    await options.onRun?.(run, member.index, member.net);
  }
  await Promise.all(members.map((member) => member.step.close()));
  options.onProgress?.({ done: counter.done, total: counter.total, run: '' });
  return isInterrupted;
}

async function iterate(
  member: Member,
  i: number,
  batchMask: Int32Array,
  xBatch: Matrix | undefined,
  tBatch: Int32Array,
  plan: LockstepPlan,
): Promise<void> {
  // grads = network.gradient(x_batch, t_batch); optimizer.update(network.params, grads)
  const gradientLoss = (await member.step.take(batchMask)) ?? NaN;
  let loss = gradientLoss;
  if (plan.losses === 'after-update' && Number.isFinite(gradientLoss)) {
    // loss = network.loss(x_batch, t_batch); train_loss[key].append(loss): on the fused step's
    // sparse rows where it can (the same numbers), else on the layered network.
    const { lossAfterUpdate } = member.step;
    if (lossAfterUpdate === undefined) {
      // A float32 step trains copies: the network gets their values first.
      member.step.finish();
      loss = member.net.loss(xBatch as Matrix, tBatch);
    } else {
      loss = lossAfterUpdate(batchMask);
    }
  }
  member.log.addLoss(i, loss);
  if (!Number.isFinite(loss)) {
    member.log.stop('diverged', i);
    member.isTraining = false;
  }
}

/** train_acc = network.accuracy(x_train, t_train): batch_norm_test.py measures nothing else. */
function evaluateOnTrain(member: Member, i: number, train: MnistSplit, now: () => number): void {
  const row = member.log.newRow(i);
  // A float32 step trains copies: the network gets their values first.
  member.step.finish();
  member.accuracy ??= new SplitAccuracy(member.net);
  const score = member.accuracy.of(train);
  member.log.epochs.push({
    ...row,
    trainAcc: score.accuracy,
    // The script has no test set here: the column repeats the training accuracy
    // (CompareResult.evaluatedOn 'train').
    testAcc: score.accuracy,
    trainLoss: score.loss,
    elapsedMs: now() - member.log.started,
  });
}

async function finish(member: Member, plan: LockstepPlan, now: () => number): Promise<CompareRun> {
  const { log } = member;
  const isDiverged = log.status === 'diverged';
  let final: CompareRun['final'] = null;
  if (!isDiverged && log.iterationsDone > 0) {
    if (plan.finalOnWholeSets) {
      // The step's own passes over both sets: a fused step's on its sparse rows, the same
      // counts as the network's on dense chunks.
      const { trainAcc, testAcc } = await member.step.accuracies(true);
      final = { trainAcc, testAcc };
    } else {
      const last = log.epochs.at(-1);
      if (last !== undefined) final = { trainAcc: last.trainAcc, testAcc: last.testAcc };
    }
  }
  const run: CompareRun = {
    name: member.planned.name,
    config: member.planned.config,
    status: log.status,
    losses: Array.from(log.losses.subarray(0, log.iterationsDone)),
    epochs: log.epochs,
    final,
    best: log.best(final),
    durationMs: now() - log.started,
  };
  if (member.planned.group !== undefined) run.group = member.planned.group;
  if (log.divergedAt !== undefined) run.divergedAt = log.divergedAt;
  return run;
}
