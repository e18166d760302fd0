// nn-train against short runs of the numpy reference with the same arguments
// (bench/reference/train_neuralnet.py; test/fixtures/train/make_reference_rows.py): on part of
// the data, other batch sizes, widths, rates and weight scales, and a float iter_per_epoch.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../../src/cli/train.js';
import { runInProcess } from './in-process.js';

interface Row {
  epoch: number;
  iter: number;
  loss: number;
  trainAcc: number;
  testAcc: number;
}
interface SmallRun {
  args: string[];
  config: { evalEvery: number };
  epochs: Row[];
}

const { runs } = JSON.parse(
  readFileSync(new URL('../fixtures/train/numpy-small-runs.json', import.meta.url), 'utf8'),
) as { runs: SmallRun[] };

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
      expect(
        document.epochs.map(({ epoch, iter, trainAcc, testAcc }) => ({
          epoch,
          iter,
          trainAcc,
          testAcc,
        })),
      ).toEqual(
        run.epochs.map(({ epoch, iter, trainAcc, testAcc }) => ({
          epoch,
          iter,
          trainAcc,
          testAcc,
        })),
      );
      document.epochs.forEach((row, k) => {
        expect(Math.abs(row.loss - run.epochs[k].loss)).toBeLessThan(1e-10);
      });
    });
  }
});
