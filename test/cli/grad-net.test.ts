// nn-grad net in this process. The book's full-size check (784-50-10, about 80 000 loss
// evaluations) runs once; the other cases check a 784-10-10 network, 25 times less work, whose
// differences have the same sizes.

import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { gradCommand } from '../../src/cli/grad.js';
import { numericalGradient } from '../../src/nn/numerical.js';
import type { Gradients } from '../../src/nn/shape.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';
import {
  gradientCheck,
  TOLERANCE_WITH_DELTA,
  TOLERANCE_WITHOUT_DELTA,
} from '../../src/train/gradient-check.js';
import { bundledMnist } from '../train/bundled-mnist.js';
import { runInProcess, type StandInOptions } from './in-process.js';

interface Outcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const GB = 1024 ** 3;

async function gradNet(args: string[], options?: StandInOptions): Promise<Outcome> {
  const run = await runInProcess(gradCommand, ['net', '--source', 'bundled', ...args], options);
  return { stdout: run.stdout, stderr: run.stderr, exitCode: run.status };
}

/** The same at a tenth of the book's hidden width. */
function smallGradNet(args: string[]): Promise<Outcome> {
  return gradNet(['--hidden', '10', ...args]);
}

interface Report {
  network: { class: string; hiddenSizeList: number[] };
  samples: number;
  params: {
    name: string;
    meanAbs: number;
    maxAbs: number;
    maxRel: number;
    compared: number;
    leftOut: number;
    isZero: boolean;
  }[];
  maxRel: number;
  tolerance: number;
  isPassed: boolean;
  leftOut: number;
  labelProbability: number;
  seed: number;
}

describe('nn-grad net', () => {
  for (const activation of ['sigmoid', 'relu']) {
    it(`${activation}: backprop agrees with the numerical gradient within ${TOLERANCE_WITH_DELTA}`, async () => {
      const run = await smallGradNet(['--activation', activation, '--seed', '0', '--json']);
      expect(run.exitCode).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.isPassed).toBe(true);
      // 1e-5, or ten times delta / y for the label the network finds least probable (≈ 0.1).
      expect(report.labelProbability).toBeGreaterThan(0.09);
      expect(report.tolerance).toBe(Math.max(TOLERANCE_WITH_DELTA, 1e-6 / report.labelProbability));
      // The delta's effect, delta / y with y ≈ 0.1 for a fresh network: ≈ 1e-6.
      expect(report.maxRel).toBeGreaterThan(5e-7);
      expect(report.maxRel).toBeLessThan(2e-6);
      for (const p of report.params) {
        expect(p.meanAbs).toBeGreaterThan(1e-11);
        expect(p.meanAbs).toBeLessThan(1e-6);
      }
    });

    it(`${activation} --no-delta: the book's magnitudes, 1e-13…1e-10, within ${TOLERANCE_WITHOUT_DELTA}`, async () => {
      const run = await smallGradNet([
        '--activation',
        activation,
        '--seed',
        '0',
        '--no-delta',
        '--json',
      ]);
      expect(run.exitCode).toBe(0);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.isPassed).toBe(true);
      expect(report.tolerance).toBe(TOLERANCE_WITHOUT_DELTA);
      for (const p of report.params) {
        expect(p.meanAbs).toBeGreaterThan(1e-14);
        expect(p.meanAbs).toBeLessThan(5e-10);
      }
      // gradient_check.py prints b2:1.2e-10 or so (book 5.7.3).
      expect(report.params[3].meanAbs).toBeGreaterThan(5e-11);
    });
  }

  it("the book's check: prints a table, says why the differences are that size, and gives a verdict", async () => {
    const run = await gradNet(['--seed', '1', '--no-color']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /^nn-grad: numerical gradients: 79520 losses, 31120 of them forward passes, ≈ \d.* (s|min)\n$/,
    );
    expect(run.stdout).toMatch(
      /fresh TwoLayerNet 784-50-10 sigmoid, first 3 training samples, seed 1/,
    );
    expect(run.stdout).toMatch(/^param\s+mean \|Δ\|\s+max \|Δ\|\s+max rel$/m);
    for (const name of ['W1', 'b1', 'W2', 'b2']) {
      expect(run.stdout).toMatch(
        new RegExp(`^${name}\\s+\\d\\.\\de-\\d+\\s+\\d\\.\\de-\\d+\\s+\\d\\.\\de-\\d+$`, 'm'),
      );
    }
    expect(run.stdout).toMatch(/--no-delta removes the delta and gives the book's ≈ 1e-13…1e-10/);
    expect(run.stdout).toMatch(
      /^OK: backprop agrees with the numerical gradient \(max rel .* ≤ tolerance 1\.0e-5\)$/m,
    );
  });

  it('relu: leaves out the entries whose nudge crosses the kink, and says so', async () => {
    // Seed 14 puts one hidden unit's input within 1e-4 of 0 for one of the three samples.
    const run = await smallGradNet(['--activation', 'relu', '--seed', '14', '--json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.isPassed).toBe(true);
    const [W1, b1] = report.params;
    expect(b1.leftOut).toBe(1);
    expect(W1.leftOut).toBeGreaterThan(0);
    expect(W1.compared + W1.leftOut).toBe(784 * 10);
    expect(report.leftOut).toBe(W1.leftOut + b1.leftOut);

    // Independently: at that unit the two really disagree, so leaving it out is needed.
    const { train } = await bundledMnist();
    const net = new TwoLayerNet(784, 10, 10, 0.01, {
      activation: 'relu',
      random: new RandomState(14),
    });
    const x = new Matrix(3, 784);
    train.gatherRange(x.data, 0, 3);
    const t = train.labels.subarray(0, 3);
    const numerical = numericalGradient(() => net.loss(x, t), net.params.b1.data);
    const backprop = net.gradient(x, t).b1.data;
    const worst = Math.max(...Array.from(backprop, (v, j) => Math.abs(numerical[j] - v)));
    expect(worst / Math.max(...backprop.map(Math.abs))).toBeGreaterThan(1e-3);

    const text = await smallGradNet(['--activation', 'relu', '--seed', '14', '--no-color']);
    expect(text.stdout).toMatch(
      /^Left out: \d+ of W1, 1 of b1: nudging them by ±h = 1e-4 moves a ReLU's input across 0,$/m,
    );
  });

  it('batch_norm_gradient_check.py: MultiLayerNetExtend with batch norm and weight decay, on 10 samples', async () => {
    // test/train/gradient-check.test.ts holds the check itself; this is the command's report.
    const run = await gradNet([
      ...['--hidden', '6,5', '--batch-norm', '--weight-decay', '0.1', '--seed', '0'],
      '--no-color',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(
      /fresh MultiLayerNetExtend 784-6-5-10 relu He, weight decay 0\.1, batch norm, first 10 training samples, seed 0/,
    );
    for (const name of ['W1', 'W2', 'W3', 'b3', 'gamma1', 'beta1', 'gamma2', 'beta2']) {
      expect(run.stdout).toMatch(new RegExp(`^${name}\\s+\\S+\\s+\\S+\\s+\\d\\.\\de-\\d+$`, 'm'));
    }
    expect(run.stdout).toMatch(/^b1\s+\S+\s+\S+\s+≈ 0 both ways$/m);
    expect(run.stdout).toMatch(
      /^b1, b2: zero in exact arithmetic \(batch norm takes away any shift/m,
    );
    expect(run.stdout).toMatch(/^OK: backprop agrees with the numerical gradient/m);
  });

  it('reports a mismatch when backprop is wrong: the check can catch a bug', async () => {
    const { train } = await bundledMnist();
    const net = new TwoLayerNet(784, 10, 10, 0.01, { random: new RandomState(0) });
    const honest = net.gradient.bind(net);
    // A classic bug: forgetting to divide by the batch size (here 3) in SoftmaxWithLoss.
    net.gradient = (x: Matrix, t: ArrayLike<number>): Gradients => {
      const grads = honest(x, t);
      for (const g of Object.values(grads)) g.data.forEach((v, i) => (g.data[i] = v * 3));
      return grads;
    };
    const x = new Matrix(3, 784);
    train.gatherRange(x.data, 0, 3);
    const result = gradientCheck(net, x, train.labels.subarray(0, 3));
    expect(result.isPassed).toBe(false);
    expect(result.maxRel).toBeGreaterThan(0.5);
  });

  it('refuses --samples 0 and an unknown activation as usage errors', async () => {
    expect((await gradNet(['--samples', '0'])).exitCode).toBe(2);
    expect((await gradNet(['--activation', 'tanh'])).exitCode).toBe(2);
  });

  const refusals: [string, string[], RegExp][] = [
    [
      "the book's batch of one with batch norm",
      ['--hidden', '10,10', '--batch-norm', '--samples', '1'],
      /^nn-grad: --samples 1 with --batch-norm checks nothing: one sample is its own batch mean/,
    ],
    [
      'batch norm on a TwoLayerNet',
      ['--batch-norm'],
      /^nn-grad: --batch-norm needs two or more hidden sizes \(e\.g\. --hidden 100,100\)/,
    ],
    [
      'dropout, whose masks change every loss',
      ['--hidden', '10,10', '--dropout', '0.5'],
      /unknown option '--dropout'/,
    ],
    [
      'a malformed list',
      ['--hidden', '10,,10'],
      /'10,,10' is invalid\. Expected whole numbers separated by commas/,
    ],
  ];
  for (const [what, args, message] of refusals) {
    it(`refuses ${what}: one line, exit 2`, async () => {
      const run = await gradNet(args);
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    });
  }

  it('refuses a width the machine cannot hold before allocating it, naming one it can', async () => {
    const memory = { totalBytes: 16 * GB, availableBytes: 16 * GB };
    const run = await gradNet(['--hidden', '1000000'], { memory });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^nn-grad: --hidden 1000000 needs about 2\d GB of memory \(.*\); this machine has 16 GB: try --hidden \d+ or less\n$/,
    );
    const suggested = Number(/try --hidden (\d+)/.exec(run.stderr)?.[1]);
    expect(suggested).toBeGreaterThan(400_000);
    expect(suggested).toBeLessThan(700_000);
  });

  it('refuses a check estimated over 10 minutes without --yes, naming a width that finishes', async () => {
    const run = await gradNet(['--hidden', '2000']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^nn-grad: numerical gradients: 3180020 losses, 1244020 of them forward passes, ≈ /,
    );
    expect(lines[1]).toMatch(
      /^nn-grad: a gradient check estimated at ≈ .* is over 10 min: add --yes to run it anyway, or try --hidden \d+ \(≈ .*\)$/,
    );
  });
});
