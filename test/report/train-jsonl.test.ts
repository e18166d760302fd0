import { describe, expect, it } from 'vitest';
import { jsonlDone, jsonlEpoch, jsonlStart } from '../../src/report/train-jsonl.js';
import { trainConfigFrom } from '../../src/train/config.js';
import type { TrainResult } from '../../src/train/trainer.js';

const config = trainConfigFrom({}, { train: { count: 60000 }, test: { count: 10000 } });
const settings = { backend: 'wasm', step: 'fused', precision: 'f64', threads: 2 };

/** The one object of a line, checked to be one line. */
function parsed(line: string): Record<string, unknown> {
  expect(line.endsWith('\n')).toBe(true);
  expect(line.slice(0, -1)).not.toContain('\n');
  return JSON.parse(line) as Record<string, unknown>;
}

describe('nn-train --jsonl lines', () => {
  it('start: the type, then the configuration, the seed and how the run is computed', () => {
    const start = parsed(jsonlStart(config, 7, settings));
    expect(Object.keys(start)).toEqual([
      'type',
      ...Object.keys(config),
      'seed',
      'backend',
      'step',
      'precision',
      'threads',
    ]);
    expect(start).toMatchObject({ type: 'start', iters: 10000, seed: 7, backend: 'wasm' });
  });

  it('epoch: the row as it is, the losses over the full sets included when it has them', () => {
    const row = { epoch: 1, iter: 600, loss: 1.68, trainAcc: 0.78, testAcc: 0.79, elapsedMs: 800 };
    expect(parsed(jsonlEpoch(row))).toEqual({ type: 'epoch', ...row });
    const measured = { ...row, trainLoss: 0.61, testLoss: 0.6 };
    expect(parsed(jsonlEpoch(measured))).toEqual({ type: 'epoch', ...measured });
  });

  it('done: how the run ended, where it diverged, and the time the data took to load', () => {
    const result = {
      config,
      seed: 3,
      status: 'diverged',
      epochs: [],
      final: null,
      best: null,
      iterationsDone: 5,
      divergedAt: 4,
      losses: Float64Array.of(2.3, 9, 40, 1e300, NaN),
      durationMs: 12,
      timings: { prepareMs: 1, trainMs: 12, evaluationMs: 0, evaluations: 0, msPerIteration: 2 },
    } as unknown as TrainResult;
    expect(parsed(jsonlDone(result, 250))).toEqual({
      type: 'done',
      seed: 3,
      status: 'diverged',
      iterationsDone: 5,
      divergedAt: 4,
      final: null,
      best: null,
      durationMs: 12,
      timings: { loadMs: 250, ...result.timings },
    });
  });
});
