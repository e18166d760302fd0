// train(options): nn-train's checks before any data is read, the book's defaults filled in, and
// the rows of a run equal to those nn-train prints for the same options.

import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/train.js';
import { ConfigError } from '../../src/core/errors.js';
import { train } from '../../src/index.js';
import { runInProcess } from '../cli/in-process.js';
import { bundledMnist } from './bundled-mnist.js';

// A cache that cannot exist: a load would fail with a DataError, so a ConfigError proves that the
// options were refused before it.
const noData = { source: 'cache' as const, dataDir: join(tmpdir(), 'nn-no-such-cache', 'x') };

describe('train', () => {
  it("refuses nn-train's bad options with nn-train's messages, before loading data", async () => {
    const refusals: [Parameters<typeof train>[0], RegExp][] = [
      [{ iters: 5, epochs: 2 }, /^--iters and --epochs both say how long to train/],
      [{ optimizer: 'adamw' }, /^--optimizer adamw/],
      [{ hidden: [] }, /hidden/],
      [{ seed: -1 }, /^--seed -1: must be a whole number/],
      [{ threads: 0 }, /^--threads 0: must be a whole number from 1 to 64$/],
      [{ backend: 'gpu' as 'js' }, /^--backend gpu: not one of js, wasm$/],
    ];
    for (const [options, message] of refusals) {
      const attempt = train({ ...options, data: noData });
      await expect(attempt).rejects.toBeInstanceOf(ConfigError);
      await expect(attempt).rejects.toThrow(message);
    }
  });

  it("fills in the book's defaults, and draws a seed when none is given", async () => {
    const dataset = await bundledMnist();
    const result = await train({ dataset, iters: 1, trainSize: 100, testSize: 100 });
    expect(result.config).toMatchObject({ iters: 1, batchSize: 100, grad: 'backprop' });
    expect(result.config.network).toMatchObject({
      class: 'TwoLayerNet',
      inputSize: 784,
      hiddenSizeList: [50],
      outputSize: 10,
      activation: 'sigmoid',
      weightInitStd: 0.01,
    });
    expect(result.config.optimizer).toEqual({ class: 'SGD', learningRate: 0.1 });
    expect(Number.isInteger(result.seed) && result.seed >= 0 && result.seed < 2 ** 32).toBe(true);
  });

  it("gives chapter 6's run the rows nn-train prints, reporting each as it comes", async () => {
    const dataset = await bundledMnist();
    const options = ['--hidden', '20,20', '--optimizer', 'adam', '--lr', '0.01', '--seed', '3'];
    const sizes = ['--iters', '41', '--train-size', '400', '--test-size', '200', '--threads', '2'];
    const cli = await runInProcess(trainCommand, [...options, ...sizes, '--json']);
    expect(cli.status).toBe(0);
    const printed = JSON.parse(cli.stdout) as { epochs: { iter: number; elapsedMs: number }[] };
    const seen: number[] = [];
    const result = await train({
      dataset,
      hidden: [20, 20],
      optimizer: 'adam',
      lr: 0.01,
      seed: 3,
      iters: 41,
      trainSize: 400,
      testSize: 200,
      threads: 2,
      onEpoch: (row) => seen.push(row.iter),
    });
    expect(result.config.network.class).toBe('MultiLayerNet');
    const strip = (rows: { elapsedMs?: number }[]) =>
      rows.map(({ elapsedMs: _elapsed, ...row }) => row);
    expect(strip(result.epochs)).toEqual(strip(printed.epochs));
    expect(seen).toEqual(printed.epochs.map((row) => row.iter));
  });
});
