// nn-train against short runs of the numpy reference with the same arguments
// (bench/reference/train_neuralnet.py; test/fixtures/train/make_reference_rows.py): on part of
// the data, other batch sizes, widths, rates and weight scales, and a float iter_per_epoch.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/train.js';
import {
  accuracyRows,
  expectNumpyRows,
  readTrainFixture,
  type Row,
  type SmallRun,
} from '../train/numpy-train-rows.js';
import { runInProcess } from './in-process.js';

const { runs } = readTrainFixture<{ runs: SmallRun[] }>('numpy-small-runs.json');

describe('nn-train reproduces the numpy reference run with the same arguments', () => {
  for (const run of runs) {
    it(run.args.join(' '), async () => {
      const result = await runInProcess(trainCommand, [
        ...run.args,
        '--source',
        'bundled',
        '--json',
      ]);
      expect(result.status).toBe(0);
      const document = JSON.parse(result.stdout) as {
        config: { evalEvery: number };
        epochs: Row[];
      };
      expect(document.config.evalEvery).toBe(run.config.evalEvery);
      expectNumpyRows(document.epochs, run.epochs);
    });
  }
});

// The chapter-6 options as a user types them, against numpy running the book's classes
// (test/fixtures/ch6/numpy-train-short.json; test/train/reproduce-chapter6.test.ts holds every
// run and its per-iteration losses, through the library).
interface Chapter6Run {
  name: string;
  seed: number;
  epochs: Row[];
}
const chapter6 = JSON.parse(
  readFileSync(new URL('../fixtures/ch6/numpy-train-short.json', import.meta.url), 'utf8'),
) as { runs: Chapter6Run[] };

describe('nn-train with the chapter-6 options reproduces numpy running the book’s classes', () => {
  const cases: [string, string[]][] = [
    [
      'everything: sigmoid, Xavier, batch norm, dropout 0.5, decay 0.01, Adam, batch 50',
      [
        ...['--hidden', '60,40,20', '--activation', 'sigmoid', '--weight-init', 'xavier'],
        ...['--batch-norm', '--dropout', '0.5', '--weight-decay', '0.01'],
        ...['--optimizer', 'adam', '--batch-size', '50'],
      ],
    ],
    ['Nesterov, short', ['--hidden', '100,100,100,100', '--optimizer', 'nesterov']],
  ];
  for (const [name, args] of cases) {
    it(`${name}: nn-train ${args.join(' ')}`, async () => {
      const numpy = chapter6.runs.find((run) => run.name === name) as Chapter6Run;
      const result = await runInProcess(trainCommand, [
        ...args,
        ...['--iters', '61', '--train-size', '1000', '--test-size', '500'],
        ...['--seed', String(numpy.seed), '--source', 'bundled', '--json'],
      ]);
      expect(result.status, result.stderr).toBe(0);
      const document = JSON.parse(result.stdout) as { step: string; epochs: Row[] };
      expect(document.step).toBe('fused');
      expect(accuracyRows(document.epochs)).toEqual(accuracyRows(numpy.epochs));
      document.epochs.forEach((row, k) => {
        expect(Math.abs(row.loss - numpy.epochs[k].loss) / numpy.epochs[k].loss).toBeLessThan(1e-9);
      });
    });
  }

  it("--epochs counts the book's epochs, rounded up to whole iterations", async () => {
    const result = await runInProcess(trainCommand, [
      ...['--hidden', '5', '--epochs', '2', '--batch-size', '300'],
      ...['--train-size', '1000', '--test-size', '100', '--seed', '0', '--source', 'bundled'],
      '--json',
    ]);
    expect(result.status, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as {
      config: { iters: number };
      iterationsDone: number;
    };
    // 2 · 1000 / 300 = 6.67 iterations: 7.
    expect(document.config.iters).toBe(7);
    expect(document.iterationsDone).toBe(7);
  });
});
