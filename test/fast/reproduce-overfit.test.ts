// The fast path on chapter 6's overfit_weight_decay.py (300 training samples, six hidden layers
// of 100, weight decay 0.1, SGD lr 0.01, accuracy on the 300 and on all 10 000 test images every
// epoch of 3 iterations) against the book's script run under numpy after np.random.seed(0)
// (test/fixtures/ch6/numpy-overfit.json): its first rows of accuracy exactly, its losses to
// rounding.

import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';
import { IMAGE_SIZE, PIXEL_SCALE } from '../../src/data/dataset.js';
import { forwardShapeOf } from '../../src/fast/deep-network.js';
import { fusedStepFor } from '../../src/fast/fused-deep-step.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { InlineEvaluator } from '../../src/fast/parallel-evaluator.js';
import { sparseRowsFromBytes } from '../../src/fast/sparse-rows.js';
import { MultiLayerNet } from '../../src/nn/multi-layer-net.js';
import { SGD } from '../../src/nn/optimizer.js';
import { readFixture } from '../fixtures/ch6/fixture.js';
import { bundledMnist } from '../train/bundled-mnist.js';

interface OverfitRun {
  name: string;
  epochs: { epoch: number; iter: number; trainAcc: number; testAcc: number }[];
  gradientLosses: number[];
}

const ROWS = 11;

// numpy's np.dot sums in OpenBLAS's order (with fused multiply-adds), ours ascending: each
// product differs by a few ulps of its terms, and 30 steps carry that into the weights. The
// losses (about 63, mostly the weight decay's 0.5·λ·ΣW²) stay within 1e-13 of numpy's.
const LOSS_TOLERANCE = 1e-13;

describe("overfit_weight_decay.py's run on the fast path", () => {
  it(`gives numpy's first ${ROWS} rows of accuracy exactly, its losses to rounding, and finite losses over both sets`, async () => {
    const [numpy] = readFixture<{ runs: OverfitRun[] }>('numpy-overfit.json').runs;
    const dataset = await bundledMnist();
    const backend = await loadBackend('wasm');
    const random = new RandomState(0);
    const net = new MultiLayerNet(IMAGE_SIZE, [100, 100, 100, 100, 100, 100], 10, {
      weightDecayLambda: 0.1,
      backend,
      random,
    });
    const step = fusedStepFor(net, new SGD(0.01, backend), { batchSize: 100, precision: 'f64' });
    const train = dataset.train.head(300);
    const sparse = (split: typeof train) => ({
      rows: sparseRowsFromBytes(split.images, IMAGE_SIZE, PIXEL_SCALE, backend.placement),
      labels: split.labels,
    });
    const splits = [sparse(train), sparse(dataset.test)] as const;
    const evaluator = new InlineEvaluator(
      { backend, precision: 'f64', shape: forwardShapeOf(net) },
      splits,
    );
    const batch = new Int32Array(100);
    const labels = new Int32Array(100);
    for (let i = 0; i < 3 * (ROWS - 1) + 1; i++) {
      // batch_mask = np.random.choice(train_size, batch_size)
      random.fillRandint(batch, 0, 300);
      train.gatherLabels(labels, batch);
      const loss = step.step(splits[0].rows, batch, labels, 100);
      expect(Math.abs(loss - numpy.gradientLosses[i])).toBeLessThanOrEqual(LOSS_TOLERANCE * loss);
      if (i % 3 === 0) {
        const scores = evaluator.evaluateNow(step.values);
        const row = numpy.epochs[i / 3];
        expect([scores.trainAcc, scores.testAcc]).toEqual([row.trainAcc, row.testAcc]);
        expect(Number.isFinite(scores.trainLoss) && Number.isFinite(scores.testLoss)).toBe(true);
        expect(scores.testLoss).toBeGreaterThan(0.5);
      }
    }
  });
});
