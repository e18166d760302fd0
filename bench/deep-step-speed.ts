// The cost of one fused training step of optimizer_compare_mnist.py's network (784-100x4-10,
// relu, He's initial weights, Adam, batch 128) and of the loss after it, on this thread: steps
// are timed in windows and the fastest window counts, which on a machine shared with other work
// comes closest to the step's own cost. The losses' fingerprint shows a change of speed changed
// no number.
//
//   npx tsx bench/deep-step-speed.ts [--precision f64] [--warmup 200] [--windows 20] [--window 25]

import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { RandomState } from '../src/core/random.js';
import { IMAGE_SIZE, PIXEL_SCALE } from '../src/data/dataset.js';
import { loadMnist } from '../src/data/load.js';
import { fusedStepFor } from '../src/fast/fused-deep-step.js';
import { loadBackend } from '../src/fast/load-backend.js';
import { sparseRowsFromBytes } from '../src/fast/sparse-rows.js';
import { MultiLayerNet } from '../src/nn/multi-layer-net.js';
import { Adam } from '../src/nn/optimizer.js';

const { values } = parseArgs({
  options: {
    precision: { type: 'string', default: 'f64' },
    warmup: { type: 'string', default: '200' },
    windows: { type: 'string', default: '20' },
    window: { type: 'string', default: '25' },
  },
});
const precision = values.precision === 'f32' ? 'f32' : 'f64';
const warmup = Number(values.warmup);
const windows = Number(values.windows);
const window = Number(values.window);
const BATCH = 128;

const { dataset } = await loadMnist({ source: 'bundled' });
const backend = await loadBackend('wasm');
const random = new RandomState(0);
const net = new MultiLayerNet(IMAGE_SIZE, [100, 100, 100, 100], 10, {
  activation: 'relu',
  weightInitStd: 'relu',
  backend,
  random,
});
const step = fusedStepFor(net, new Adam(0.001, 0.9, 0.999, backend), {
  batchSize: BATCH,
  precision,
});
const rows = sparseRowsFromBytes(dataset.train.images, IMAGE_SIZE, PIXEL_SCALE, backend.placement);
const batch = new Int32Array(BATCH);
const labels = new Int32Array(BATCH);
const losses: number[] = [];
const iterate = () => {
  random.fillRandint(batch, 0, dataset.train.count);
  dataset.train.gatherLabels(labels, batch);
  losses.push(step.step(rows, batch, labels, BATCH));
  losses.push(step.loss?.(rows, batch, labels, BATCH) ?? NaN);
};
for (let i = 0; i < warmup; i++) iterate();
let fastest = Infinity;
for (let w = 0; w < windows; w++) {
  const started = performance.now();
  for (let i = 0; i < window; i++) iterate();
  fastest = Math.min(fastest, (performance.now() - started) / window);
}
const hash = createHash('sha256').update(new Uint8Array(Float64Array.from(losses).buffer));
console.log(
  `${precision}: ${fastest.toFixed(3)} ms a step and its loss after the update (fastest of ${windows} ` +
    `windows of ${window}); losses ${hash.digest('hex').slice(0, 16)}`,
);
