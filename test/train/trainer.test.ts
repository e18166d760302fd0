import { beforeAll, describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { IMAGE_SIZE } from '../../src/data/dataset.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { PARAM_NAMES, TwoLayerNet } from '../../src/nn/two-layer-net.js';
import {
  bookEvalEvery,
  isEvaluationIteration,
  trainConfigFrom,
  type TrainConfig,
  type TrainOptions,
} from '../../src/train/config.js';
import type { EpochRecord } from '../../src/train/events.js';
import { Trainer, type TrainResult } from '../../src/train/trainer.js';
import { bundledMnist } from './bundled-mnist.js';

const MNIST = { train: { count: 60000 }, test: { count: 10000 } };

function smallConfig(options: TrainOptions = {}): TrainConfig {
  return trainConfigFrom({ iters: 25, trainSize: 1000, testSize: 500, ...options }, MNIST);
}

/** Small enough for numerical gradients: 2 iterations of 5 samples on 3 hidden units. */
const TINY_NUMERICAL = smallConfig({
  iters: 2,
  hidden: [3],
  batchSize: 5,
  trainSize: 50,
  testSize: 20,
});

describe('the book epoch (iter_per_epoch = max(train_size / batch_size, 1))', () => {
  it('is a float, as in Python, and never below 1', () => {
    expect(bookEvalEvery(60000, 100)).toBe(600);
    expect(bookEvalEvery(1000, 300)).toBeCloseTo(3.3333333333333335, 15);
    expect(bookEvalEvery(50, 100)).toBe(1);
  });

  it("evaluates where Python's i % iter_per_epoch == 0 holds", () => {
    // Python: [i for i in range(50) if i % (1000 / 300) == 0] == [0]
    const every = bookEvalEvery(1000, 300);
    expect(
      Array.from({ length: 50 }, (_, i) => i).filter((i) => isEvaluationIteration(i, every)),
    ).toEqual([0]);
    // Python: [i for i in range(30) if i % 12.5 == 0] == [0, 25]
    expect(
      Array.from({ length: 30 }, (_, i) => i).filter((i) => isEvaluationIteration(i, 12.5)),
    ).toEqual([0, 25]);
  });
});

describe('Trainer', () => {
  // One small run, its events heard, serves the checks of what it emits and of what it reports.
  const seen: string[] = [];
  const epochs: EpochRecord[] = [];
  let result: TrainResult;
  beforeAll(async () => {
    const dataset = await bundledMnist();
    const trainer = new Trainer({ config: smallConfig(), seed: 1, dataset });
    trainer
      .on('start', () => seen.push('start'))
      .on('iter', ({ iter }) => seen.push(`iter ${iter}`))
      .on('epoch', (record) => {
        seen.push(`epoch ${record.epoch}`);
        epochs.push(record);
      })
      .on('done', () => seen.push('done'));
    result = await trainer.run();
  });

  it('emits start, one iter per iteration, an epoch per evaluation, then done', () => {
    expect(seen[0]).toBe('start');
    expect(seen.at(-1)).toBe('done');
    expect(seen.filter((s) => s.startsWith('iter'))).toHaveLength(25);
    expect(seen.indexOf('epoch 1')).toBe(seen.indexOf('iter 10') + 1);
    expect(epochs.map((r) => [r.epoch, r.iter])).toEqual([
      [0, 0],
      [1, 10],
      [2, 20],
    ]);
    expect(result.epochs).toEqual(epochs);
    expect(result.status).toBe('completed');
    expect(result.iterationsDone).toBe(25);
    expect(result.losses).toHaveLength(25);
  });

  it('reports each epoch the mean of its iterations’ losses and counts accuracy on the whole sets', () => {
    const losses = Array.from(result.losses);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(result.epochs[0].loss).toBe(losses[0]);
    expect(result.epochs[1].loss).toBeCloseTo(mean(losses.slice(1, 11)), 14);
    expect(result.epochs[2].loss).toBeCloseTo(mean(losses.slice(11, 21)), 14);
    for (const record of result.epochs) {
      // Whole counts over 1000 training and 500 test samples.
      expect(Number.isInteger(Math.round(record.trainAcc * 1000 * 1e6) / 1e6)).toBe(true);
      expect(Number.isInteger(Math.round(record.testAcc * 500 * 1e6) / 1e6)).toBe(true);
    }
    // 25 iterations end at iteration 24, which is not an evaluation: final is measured anew.
    expect(result.final).not.toBeNull();
    expect(result.best?.testAcc).toBe(
      Math.max(...result.epochs.map((r) => r.testAcc), result.final?.testAcc ?? 0),
    );
  });

  it('reports the loss over the whole training and test sets with each row, finite, as the network computes it', async () => {
    const dataset = await bundledMnist();
    for (const threads of [1, 2]) {
      const config = smallConfig({ iters: 21, activation: 'relu' });
      const result = await new Trainer({ config, seed: 4, dataset, threads }).run();
      expect(result.epochs).toHaveLength(3);
      for (const { trainLoss, testLoss } of result.epochs) {
        expect(Number.isFinite(trainLoss) && Number.isFinite(testLoss)).toBe(true);
        expect(trainLoss).toBeGreaterThan(0);
        expect(testLoss).toBeGreaterThan(0);
      }
      // The last row was evaluated after the last iteration, on the parameters the run ended
      // with: the network's own loss over each whole set, in one pass, is the same sum.
      const last = result.epochs[2];
      for (const [split, loss] of [
        [dataset.train.head(config.trainSize), last.trainLoss],
        [dataset.test.head(config.testSize), last.testLoss],
      ] as const) {
        const x = new Matrix(split.count, IMAGE_SIZE);
        split.gatherRange(x.data, 0, split.count);
        expect(loss).toBe(result.net.loss(x, split.labels));
      }
      expect(last.trainLoss).toBeLessThan(result.epochs[0].trainLoss ?? 0);
    }
  });

  it('learns: 200 iterations on 1000 samples lift test accuracy far above chance', async () => {
    const dataset = await bundledMnist();
    const result = await new Trainer({
      // Evaluated before and after training only: the rows between say nothing of learning.
      config: smallConfig({ iters: 200, activation: 'relu', evalEvery: 200 }),
      seed: 3,
      dataset,
      // The WebAssembly kernels, bit for bit the TypeScript ones (test/fast/wasm-backend.test.ts),
      // for speed: what is checked here is the learning, not the backend.
      backend: await loadBackend('wasm'),
    }).run();
    expect(result.final?.testAcc).toBeGreaterThan(0.7);
    expect(result.losses[199]).toBeLessThan(result.losses[0]);
  });

  it('stops after the current iteration when its signal is aborted, and still evaluates', async () => {
    const dataset = await bundledMnist();
    const controller = new AbortController();
    const trainer = new Trainer({
      config: smallConfig({ iters: 100000 }),
      seed: 4,
      dataset,
      signal: controller.signal,
    });
    trainer.on('iter', ({ iter }) => {
      if (iter === 36) controller.abort();
    });
    const result = await trainer.run();
    expect(result.status).toBe('interrupted');
    expect(result.iterationsDone).toBe(37);
    expect(result.epochs.map((r) => r.iter)).toEqual([0, 10, 20, 30]);
    expect(result.final?.testAcc).toBeGreaterThan(0);
  });

  it('stops with status diverged at the first loss that is not finite', async () => {
    const dataset = await bundledMnist();
    const result = await new Trainer({
      config: smallConfig({ lr: 1e300, activation: 'relu' }),
      seed: 1,
      dataset,
    }).run();
    expect(result.status).toBe('diverged');
    expect(result.divergedAt).toBe(result.iterationsDone - 1);
    expect(Number.isFinite(result.losses[result.iterationsDone - 1])).toBe(false);
    expect(result.final).toBeNull();
  });

  it('numerical gradients train the same network as backprop, within what the 1e-7 delta allows', async () => {
    const dataset = await bundledMnist();
    const config = TINY_NUMERICAL;
    const numerical = await new Trainer({
      config: { ...config, grad: 'numerical' },
      seed: 5,
      dataset,
    }).run();
    const backprop = await new Trainer({ config, seed: 5, dataset }).run();
    for (const name of PARAM_NAMES) {
      const a = numerical.net.params[name].data;
      const b = backprop.net.params[name].data;
      // Backprop differentiates -log y; the loss is -log(y + 1e-7), whose slope differs by
      // 1e-7 / y relative (y ≈ 0.1 here): two steps of lr 0.1 move the weights apart by ~1e-8.
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-7);
    }
    expect(numerical.losses[0]).toBe(backprop.losses[0]);
  });

  it('hears Ctrl-C inside a numerical-gradient iteration: drops it, parameters as they were', async () => {
    const dataset = await bundledMnist();
    const controller = new AbortController();
    const config = smallConfig({ iters: 3, hidden: [3], batchSize: 5, grad: 'numerical' });
    let clock = 0;
    let readings = 0;
    const trainer = new Trainer({
      config,
      seed: 6,
      dataset,
      signal: controller.signal,
      // Every reading 60 ms later, so the iteration pauses between pixels; Ctrl-C comes at the
      // 100th reading, well inside the first iteration (784 pixels).
      now: () => {
        if (++readings === 100) controller.abort();
        return (clock += 60);
      },
    });
    const result = await trainer.run();
    expect(result.status).toBe('interrupted');
    expect(result.iterationsDone).toBe(0);
    expect(result.best).toBeNull();
    expect(readings).toBeLessThan(200);
    const fresh = new TwoLayerNet(784, 3, 10, 0.01, { random: new RandomState(6) });
    for (const name of PARAM_NAMES) {
      expect(Array.from(trainer.net.params[name].data)).toEqual(
        Array.from(fresh.params[name].data),
      );
    }
  });
});

describe("--step book: the book's loop, TwoLayerNet.gradient and SGD.update on dense batches", () => {
  // Everything but the clock.
  const runOf = (result: TrainResult) => ({
    epochs: result.epochs.map(({ elapsedMs: _, ...row }) => row),
    losses: Array.from(result.losses),
    final: result.final,
    params: PARAM_NAMES.map((name) => Array.from(result.net.params[name].data)),
  });

  for (const activation of ['sigmoid', 'relu'] as const) {
    it(`gives the fused step's run bit for bit (${activation})`, async () => {
      const dataset = await bundledMnist();
      const config = smallConfig({ activation });
      const book = await new Trainer({ config, seed: 8, dataset, step: 'book' }).run();
      const fused = await new Trainer({ config, seed: 8, dataset, step: 'fused' }).run();
      expect(book.epochs).toHaveLength(3);
      expect(runOf(book)).toEqual(runOf(fused));
    });
  }

  it("with numerical gradients, gives the fused numerical step's run bit for bit", async () => {
    const dataset = await bundledMnist();
    const config = { ...TINY_NUMERICAL, grad: 'numerical' as const };
    const book = await new Trainer({ config, seed: 5, dataset, step: 'book' }).run();
    const fused = await new Trainer({ config, seed: 5, dataset }).run();
    expect(book.iterationsDone).toBe(2);
    expect(runOf(book)).toEqual(runOf(fused));
  });

  it('runs in float64 only', async () => {
    const dataset = await bundledMnist();
    expect(
      () =>
        new Trainer({ config: smallConfig(), seed: 1, dataset, step: 'book', precision: 'f32' }),
    ).toThrow(/float64/);
  });
});
