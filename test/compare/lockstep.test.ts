// The lockstep loop's own cases the book's experiments do not reach.

import { beforeAll, describe, expect, it } from 'vitest';
import { RandomState } from '../../src/core/random.js';
import type { Dataset } from '../../src/data/dataset.js';
import { loadBackend } from '../../src/fast/load-backend.js';
import { batchNormPlan } from '../../src/compare/experiments.js';
import { runLockstep } from '../../src/compare/lockstep.js';
import { bundledMnist } from '../train/bundled-mnist.js';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await bundledMnist();
});

describe('runLockstep', () => {
  it("takes a float32 batch-norm network's loss after each update from what it trained", async () => {
    // A batch-norm step cannot give the loss after its update itself, so the layered network
    // computes it; in float32 the step trains copies, which that network must see first.
    const plan = batchNormPlan(dataset, { iters: 20, scales: 1 });
    const lossesAt = async (precision: 'f64' | 'f32') => {
      const { runs } = await runLockstep({
        plan: { ...plan, losses: 'after-update', precision },
        dataset,
        backend: await loadBackend('wasm'),
        random: new RandomState(0),
      });
      return runs[0].losses;
    };
    const [single, double] = [await lossesAt('f32'), await lossesAt('f64')];
    expect(single).toHaveLength(20);
    // float32's rounding moves these losses by far less than a part in a thousand in 20 steps;
    // a loss of the untrained weights is off by more than that from the second step on.
    const worst = Math.max(...single.map((loss, i) => Math.abs(loss / double[i] - 1)));
    expect(worst).toBeLessThan(1e-3);
  }, 60_000);
});
