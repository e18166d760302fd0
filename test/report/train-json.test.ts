import { describe, expect, it } from 'vitest';
import { formatTrainJson } from '../../src/report/train-json.js';
import { trainConfigFrom } from '../../src/train/config.js';
import type { TrainResult } from '../../src/train/trainer.js';

describe('training JSON', () => {
  it('is one document with the documented keys and no per-iteration losses or network', () => {
    const epochs = [{ epoch: 0, iter: 0, loss: 2.3, trainAcc: 0.1, testAcc: 0.11, elapsedMs: 5 }];
    const text = formatTrainJson({
      config: trainConfigFrom({}, { train: { count: 60000 }, test: { count: 10000 } }),
      seed: 3,
      status: 'completed',
      epochs,
      final: { trainAcc: 0.1, testAcc: 0.11 },
      best: { testAcc: 0.11, iter: 0 },
      iterationsDone: 1,
      losses: Float64Array.of(2.3),
      durationMs: 12,
    } as TrainResult);
    expect(text.endsWith('}\n')).toBe(true);
    const document = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      'config',
      'seed',
      'status',
      'iterationsDone',
      'epochs',
      'final',
      'best',
      'durationMs',
    ]);
    expect(document.epochs).toEqual(epochs);
    expect(document.final).toEqual({ trainAcc: 0.1, testAcc: 0.11 });
  });
});
