import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatEpochLine,
  formatHeader,
  formatSummary,
} from '../../src/report/train-terminal.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '../../src/train/config.js';
import type { TrainResult } from '../../src/train/trainer.js';

const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 2 });

const config: TrainConfig = {
  ...TRAIN_DEFAULTS,
  evalEvery: 600,
  trainSize: 60000,
  testSize: 10000,
};

function result(overrides: Partial<TrainResult>): TrainResult {
  return {
    config,
    seed: 42,
    status: 'completed',
    epochs: [],
    final: { trainAcc: 0.94515, testAcc: 0.9463 },
    best: { testAcc: 0.9471, iter: 9000 },
    iterationsDone: 10000,
    losses: new Float64Array(0),
    durationMs: 25_000,
    ...overrides,
  } as TrainResult;
}

describe('training text', () => {
  it('formats durations the way people say them', () => {
    expect(formatDuration(350)).toBe('0.35 s');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(5 * 3600_000 + 20 * 60_000)).toBe('5 h 20 min');
    expect(formatDuration(14 * 86_400_000)).toBe('14 days');
  });

  it("an epoch line carries the book's 'train acc, test acc | …' with four decimals", () => {
    const line = formatEpochLine(
      {
        epoch: 1,
        iter: 600,
        loss: 1.68453,
        trainAcc: 0.7823333333333333,
        testAcc: 0.7915,
        elapsedMs: 8200,
      },
      config,
      plain,
    );
    expect(line).toBe(
      'epoch  1 · iter  600 · loss 1.6845 · train acc, test acc | 0.7823, 0.7915 · 8.2 s',
    );
  });

  it('colours only when its chalk is allowed to', () => {
    const record = { epoch: 0, iter: 0, loss: 2.3, trainAcc: 0.1, testAcc: 0.1, elapsedMs: 1 };
    expect(formatEpochLine(record, config, plain)).not.toContain('\u001b[');
    expect(formatEpochLine(record, config, colour)).toContain('\u001b[');
  });

  it('the header names the network, the run, the seed (and how to repeat a random one), the data', () => {
    const [run, data] = formatHeader(config, 7, plain, true, 'bundled (/data)');
    expect(run).toBe(
      'TwoLayerNet 784-50-10 sigmoid · SGD lr 0.1 · batch 100 · 10000 iterations · ' +
        'seed 7 (repeat with --seed 7)',
    );
    expect(data).toBe(
      'data: bundled (/data) · 60000 train / 10000 test samples · evaluated every 600 iterations',
    );
    expect(formatHeader(config, 7, plain, false)[0]).toMatch(/ · seed 7$/);
    expect(formatHeader({ ...config, evalEvery: 1000 / 300 }, 7, plain)[1]).toContain('every 3.33');
  });

  it('the summary gives final and best test accuracy, time and iterations per second', () => {
    expect(formatSummary(result({}), plain)).toEqual([
      'done: 10000 iterations in 25 s (400 it/s) · seed 42',
      'final test acc 0.9463 · train acc 0.9452 · best test acc 0.9471 (iter 9000)',
    ]);
  });

  it('says when a run was interrupted or diverged', () => {
    expect(formatSummary(result({ status: 'interrupted', iterationsDone: 250 }), plain)[0]).toBe(
      'interrupted after 250 of 10000 iterations in 25 s (10 it/s) · seed 42',
    );
    const diverged = formatSummary(
      result({
        status: 'diverged',
        iterationsDone: 3,
        divergedAt: 2,
        losses: Float64Array.from([2.3, 40, NaN]),
        final: null,
        durationMs: 500,
      }),
      plain,
    );
    expect(diverged).toEqual([
      'diverged at iteration 2 (loss NaN) in 0.50 s (6.00 it/s) · seed 42',
    ]);
  });
});
