// The chapter-4 loop over a chapter-6 network, for `npm run bench` until nn-train takes these
// options: it reads the flags nn-train will (--hidden, --weight-decay, --lr, --train-size,
// --iters, --seed, --batch-size, --test-size, --threads, --precision, --json) and runs the library
// as nn-train runs it: a MultiLayerNet drawn from RandomState(seed), SGD, the fused step on sparse
// rows, and the accuracy and loss passes on worker threads alongside, on this thread's share too
// once training is over. Prints nn-train's JSON shape (epochs, timings) for the bench to read.
//
//   tsx bench/multilayer-train.ts --hidden 100,100,100,100,100,100 --weight-decay 0.1 \
//       --lr 0.01 --train-size 300 --iters 601 --seed 0 --json

import { parseArgs } from 'node:util';
import { RandomState } from '../dist/core/random.js';
import { IMAGE_SIZE, PIXEL_SCALE } from '../dist/data/dataset.js';
import { loadMnist } from '../dist/data/load.js';
import { forwardShapeOf } from '../dist/fast/deep-network.js';
import { fusedStepFor } from '../dist/fast/fused-deep-step.js';
import { defaultBackendName, loadBackend } from '../dist/fast/load-backend.js';
import {
  InlineEvaluator,
  ParallelEvaluator,
  type AccuracyEvaluator,
  type SplitScores,
} from '../dist/fast/parallel-evaluator.js';
import type { Precision } from '../dist/fast/precision.js';
import { sparseRowsFromBytes } from '../dist/fast/sparse-rows.js';
import { MultiLayerNet } from '../dist/nn/multi-layer-net.js';
import { SGD } from '../dist/nn/optimizer.js';

const { values } = parseArgs({
  options: {
    hidden: { type: 'string', default: '100,100,100,100,100,100' },
    'weight-decay': { type: 'string', default: '0' },
    lr: { type: 'string', default: '0.01' },
    'batch-size': { type: 'string', default: '100' },
    'train-size': { type: 'string', default: '60000' },
    'test-size': { type: 'string', default: '10000' },
    iters: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '0' },
    threads: { type: 'string' },
    precision: { type: 'string', default: 'f64' },
    json: { type: 'boolean', default: false },
  },
});

const loadStarted = performance.now();
const { dataset } = await loadMnist({});
const loadMs = performance.now() - loadStarted;
const batchSize = Number(values['batch-size']);
const iters = Number(values.iters);
const train = dataset.train.head(Number(values['train-size']));
const test = dataset.test.head(Number(values['test-size']));
const threads = Number(values.threads ?? (await import('node:os')).availableParallelism());
const precision = values.precision as Precision;
const backend = await loadBackend(await defaultBackendName());

const prepareStarted = performance.now();
const random = new RandomState(Number(values.seed));
const net = new MultiLayerNet(IMAGE_SIZE, values.hidden.split(',').map(Number), 10, {
  weightDecayLambda: Number(values['weight-decay']),
  backend,
  random,
});
const step = fusedStepFor(net, new SGD(Number(values.lr), backend), { batchSize, precision });
const sparse = (split: typeof train) => ({
  rows: sparseRowsFromBytes(split.images, IMAGE_SIZE, PIXEL_SCALE, backend.placement),
  labels: split.labels,
});
const splits = [sparse(train), sparse(test)] as const;
const options = { backend, precision, shape: forwardShapeOf(net) };
const evaluator: AccuracyEvaluator =
  threads <= 1
    ? new InlineEvaluator(options, splits)
    : new ParallelEvaluator({ ...options, threads: threads - 1 }, splits);
const prepareMs = performance.now() - prepareStarted;

// for i in range(iters): batch_mask = np.random.choice(train_size, batch_size); …
const started = performance.now();
const evalEvery = Math.max(train.count / batchSize, 1);
const batchMask = new Int32Array(batchSize);
const tBatch = new Int32Array(batchSize);
const rows: Promise<SplitScores & { iter: number; loss: number }>[] = [];
let epochLosses: number[] = [];
let lastYield = started;
for (let i = 0; i < iters; i++) {
  // As the trainer does: every ~50 ms the event loop runs, so the workers' answers come in and
  // the next evaluations go out.
  if (performance.now() - lastYield >= 50) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield = performance.now();
  }
  random.fillRandint(batchMask, 0, train.count);
  train.gatherLabels(tBatch, batchMask);
  epochLosses.push(step.step(splits[0].rows, batchMask, tBatch, batchSize));
  if (i % evalEvery === 0) {
    const loss = epochLosses.reduce((sum, l) => sum + l, 0) / epochLosses.length;
    epochLosses = [];
    rows.push(evaluator.evaluate(step.values).then((scores) => ({ ...scores, iter: i, loss })));
  }
}
const trainLoopMs = performance.now() - started;
evaluator.helpFromNowOn?.();
const epochs = (await Promise.all(rows)).map((row, epoch) => ({ epoch, ...row }));
const durationMs = performance.now() - started;

await evaluator.close();
const evaluationMs = evaluator.passMs.reduce((sum, ms) => sum + ms, 0);
const document = {
  epochs,
  final: epochs.at(-1) ?? null,
  timings: {
    loadMs,
    prepareMs,
    trainMs: durationMs,
    evaluationMs,
    evaluations: evaluator.passMs.length,
    msPerIteration: trainLoopMs / iters,
  },
};
if (values.json) console.log(JSON.stringify(document));
else {
  for (const row of epochs) {
    console.log(
      `epoch ${row.epoch} iter ${row.iter} loss ${row.loss.toFixed(4)} ` +
        `train acc ${row.trainAcc} test acc ${row.testAcc} ` +
        `train loss ${row.trainLoss.toFixed(4)} test loss ${row.testLoss.toFixed(4)}`,
    );
  }
  console.log(JSON.stringify(document.timings));
}
