// nn-compare in this process: --vary's runs hold nn-train's own rows, the same for any thread
// count; the outputs (--json, --jsonl, --plot, --save-dir); Ctrl-C; and every refusal, one line
// and exit 2 before anything loads.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/cli/compare.js';
import { trainCommand } from '../../src/cli/train.js';
import type { CompareResult } from '../../src/compare/result.js';
import { readFixture } from '../fixtures/ch6/fixture.js';
import { runInProcess, runWith, standIn } from './in-process.js';

const SMALL = ['--iters', '61', '--train-size', '1000', '--test-size', '500', '--seed', '0'];
const DATA = ['--source', 'bundled'];
const dir = mkdtempSync(join(tmpdir(), 'nn-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rows as nn-train reports them, the wall-clock times left out. */
function rows(epochs: { elapsedMs: number }[]) {
  return epochs.map(({ elapsedMs: _, ...row }) => row);
}

describe('nn-compare --vary', () => {
  /** The same two rates on `threads` threads: what only the thread count changes. */
  const twoRates = (threads: string) =>
    runInProcess(compareCommand, [
      '--vary',
      'lr=0.01,0.5',
      ...SMALL,
      ...DATA,
      '--json',
      '--threads',
      threads,
    ]);

  it("gives each run exactly nn-train's rows for the same options and seed", async () => {
    const compared = await twoRates('1');
    expect(compared.stderr).toBe('');
    expect(compared.status).toBe(0);
    const result = JSON.parse(compared.stdout) as CompareResult;
    expect(result.experiment).toBe('vary');
    expect(result.runs.map((run) => run.name)).toEqual(['lr=0.01', 'lr=0.5']);
    for (const [k, lr] of ['0.01', '0.5'].entries()) {
      // One thread: nn-train's rows are the same on any (test/train/parallel-backends.test.ts),
      // and an evaluation thread would cost more than these 61 iterations.
      const trained = await runInProcess(trainCommand, [
        ...['--lr', lr, '--threads', '1'],
        ...[...SMALL, ...DATA, '--json'],
      ]);
      const document = JSON.parse(trained.stdout) as CompareResult['runs'][number];
      const run = result.runs[k];
      expect(run.config).toEqual(document.config);
      expect(rows(run.epochs)).toEqual(rows(document.epochs));
      expect(run.final).toEqual(document.final);
      expect(run.best).toEqual(document.best);
    }

    // The thread count changes where the accuracy passes run, never a number.
    const twoThreads = await twoRates('2');
    const other = JSON.parse(twoThreads.stdout) as CompareResult;
    for (const [k, run] of other.runs.entries()) {
      expect(run.losses).toEqual(result.runs[k].losses);
      expect(rows(run.epochs)).toEqual(rows(result.runs[k].epochs));
      expect(run.final).toEqual(result.runs[k].final);
    }
  }, 120_000);

  it('runs the cartesian product, first axis slowest, with lists of lists', async () => {
    const plot = join(dir, 'vary.svg');
    const saveDir = join(dir, 'models');
    const { status, stdout, stderr } = await runInProcess(compareCommand, [
      '--vary',
      'hidden=20;10,10',
      '--vary',
      'lr=0.1,0.2',
      '--iters',
      '3',
      '--train-size',
      '100',
      '--test-size',
      '100',
      '--seed',
      '1',
      ...DATA,
      '--jsonl',
      '--plot',
      plot,
      '--save-dir',
      saveDir,
    ]);
    expect(status).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; name?: string; index?: number });
    // Runs come as they end (over worker threads, in any order), each with its index; the
    // experiment's line comes last.
    expect(lines.at(-1)?.type).toBe('experiment');
    const runs = lines.slice(0, -1).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    expect(runs.map((line) => line.name)).toEqual([
      'hidden=20 lr=0.1',
      'hidden=20 lr=0.2',
      'hidden=10,10 lr=0.1',
      'hidden=10,10 lr=0.2',
    ]);
    expect(stderr).toContain(`wrote ${plot}`);
    const svg = readFileSync(plot, 'utf8');
    for (const name of ['hidden=20 lr=0.1', 'hidden=10,10 lr=0.2']) expect(svg).toContain(name);
    const models = readdirSync(saveDir).sort();
    expect(models).toEqual(
      [
        '001-hidden=20_lr=0.1.json',
        '002-hidden=20_lr=0.2.json',
        '003-hidden=10,10_lr=0.1.json',
        '004-hidden=10,10_lr=0.2.json',
      ].map((name) => name.replace(',', '_')),
    );
    const model = JSON.parse(readFileSync(join(saveDir, models[2]), 'utf8')) as {
      architecture: { hiddenSizeList: number[] };
    };
    expect(model.architecture.hiddenSizeList).toEqual([10, 10]);
  }, 60_000);

  it('marks a diverging run and goes on with the others', async () => {
    // On this thread: two runs of five iterations take less than starting a worker thread.
    const { status, stdout } = await runInProcess(compareCommand, [
      '--vary',
      'lr=1e300,0.1',
      '--threads',
      '1',
      '--hidden',
      '10,10',
      '--iters',
      '5',
      '--train-size',
      '100',
      '--test-size',
      '100',
      '--seed',
      '0',
      ...DATA,
      '--json',
    ]);
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as CompareResult;
    expect(result.runs.map((run) => [run.name, run.status])).toEqual([
      ['lr=1e300', 'diverged'],
      ['lr=0.1', 'completed'],
    ]);
    expect(result.runs[0].divergedAt).toBe(1);
    expect(result.runs[0].final).toBeNull();
    expect(result.runs[1].losses).toHaveLength(5);
  }, 60_000);
});

describe('nn-compare <experiment>', () => {
  it('prints a table of every run; --iters shortens the script', async () => {
    // On this thread: the table is the same from worker threads (test/compare/threads.test.ts
    // holds separate runs equal on one thread and on two), which would cost more to start than
    // these four iterations.
    const { status, stdout } = await runInProcess(compareCommand, [
      'weight-decay',
      '--threads',
      '1',
      '--iters',
      '4',
      '--seed',
      '0',
      ...DATA,
    ]);
    expect(status).toBe(0);
    expect(stdout).toContain('weight decay 0.1');
    expect(stdout).toContain('weight decay 0 ');
  }, 60_000);

  it("--precision f32 trains a shared-batch experiment in float32: numpy's losses, to float32's rounding", async () => {
    const { status, stdout } = await runInProcess(compareCommand, [
      'optimizers',
      ...['--precision', 'f32', '--iters', '5', '--seed', '0', '--threads', '1', '--json'],
      ...DATA,
    ]);
    expect(status).toBe(0);
    const numpy = readFixture<{ runs: { name: string; losses: number[] }[] }>(
      'numpy-optimizer-compare-mnist.json',
    );
    const result = JSON.parse(stdout) as CompareResult;
    expect(result.precision).toBe('f32');
    expect(result.runs.map((run) => run.name)).toEqual(numpy.runs.map((run) => run.name));
    for (const [k, run] of result.runs.entries()) {
      const expected = numpy.runs[k].losses.slice(0, 5);
      // float32 keeps 24 bits: products over up to 784 pixels and five updates move a loss of
      // about 2 by some 1e-6 from numpy's float64 one, far inside 1e-4, and never to its bits.
      run.losses.forEach((loss, i) => {
        expect(Math.abs(loss - expected[i])).toBeLessThan(1e-4 * expected[i]);
      });
      expect(run.losses).not.toEqual(expected);
      expect(run.final?.testAcc).toBeGreaterThan(0.1);
    }
  }, 60_000);

  it('Ctrl-C stops every run, prints the table so far and exits 130', async () => {
    // A shared-batch experiment, split over the workers as weight-init is, whose stopped runs
    // report the accuracy they last measured on 1000 training samples: weight-init's would first
    // take a pass over all 70 000 images per network, which says nothing more of stopping.
    const stand = standIn({ columns: 80 });
    const running = runWith(stand, compareCommand, ['batch-norm', '--seed', '0', ...DATA]);
    while (!stand.stderr.text.includes('iter')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stand.signal('SIGINT');
    const { status, stdout, stderr } = await running;
    expect(status).toBe(130);
    expect(stderr).toContain('stopping every run after this iteration');
    expect(stdout).toContain('interrupted');
    expect(stdout).toContain('stopped');
    for (const name of ['Batch Normalization', 'Normal(without BatchNorm)']) {
      expect(stdout).toContain(name);
    }
  }, 60_000);
});

describe('nn-compare refuses, one line and exit 2', () => {
  it.each([
    [['nosuch'], 'unknown experiment nosuch: the experiments are optimizers, weight-init'],
    [[], 'give an experiment'],
    [['--vary', 'foo=1,2'], '--vary foo: not an nn-train option'],
    [['--vary', 'lr='], '--vary lr=: an empty value in the list'],
    [['--vary', 'lr'], '--vary lr: write option=value,value'],
    [['--vary', 'lr=1,2', '--vary', 'lr=3'], '--vary lr is given twice'],
    [
      [
        '--vary',
        'lr=1,2,3,4,5,6,7',
        '--vary',
        'iters=1,2,3,4,5,6,7',
        '--vary',
        'batch-size=1,2,3,4,5,6',
      ],
      '--vary asks for 294 runs (7 × 7 × 6): at most 256',
    ],
    [['--vary', 'optimizer=sgd,foo'], '--vary optimizer=foo: not one of sgd'],
    [['--vary', 'lr=-1'], '--lr -1: must be a number greater than 0'],
    [['optimizers', '--lr', '0.1'], "optimizers runs the script's settings: --lr is for --vary"],
    [['optimizers', '--trials', '3'], '--trials is for hyperparams, not optimizers'],
    [['hyperparams', '--trials', '0'], '--trials 0: must be a whole number from 1 to 10000'],
    [['optimizers', '--vary', 'lr=1'], "--vary runs nn-train's runs, not optimizers"],
    [['hyperparams', '--precision', 'f32'], '--precision is for --vary runs and every experiment'],
  ])('%j', async (args, message) => {
    const { status, stdout, stderr } = await runInProcess(compareCommand, [...args, ...DATA]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2);
    expect(stderr).toContain(`nn-compare: ${message}`);
  });
});
