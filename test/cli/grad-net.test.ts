import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { RandomState } from '../../src/core/random.js';
import { gradNetCommand } from '../../src/cli/grad-net.js';
import { configureProgram, exitCodeFor } from '../../src/cli/run.js';
import type { Gradients } from '../../src/nn/shape.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';
import {
  gradientCheck,
  TOLERANCE_WITH_DELTA,
  TOLERANCE_WITHOUT_DELTA,
} from '../../src/train/gradient-check.js';
import { bundledMnist } from '../train/bundled-mnist.js';

interface Outcome {
  stdout: string;
  exitCode: number;
}

/** nn-grad as its wiring will build it: a program with `net` as a subcommand. */
async function gradNet(args: string[]): Promise<Outcome> {
  const program = configureProgram(new Command('nn-grad'));
  const net = gradNetCommand();
  program.addCommand(net);
  net.copyInheritedSettings(program);
  let stdout = '';
  const write = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      stdout += chunk.toString();
      return true;
    });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'nn-grad', 'net', '--source', 'bundled', ...args]);
    return { stdout, exitCode: 0 };
  } catch (error) {
    return { stdout, exitCode: exitCodeFor(error) };
  } finally {
    write.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

interface Report {
  params: {
    name: string;
    meanAbs: number;
    maxAbs: number;
    maxRel: number;
    compared: number;
    leftOut: number;
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
      const run = await gradNet(['--activation', activation, '--seed', '0', '--json']);
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
      const run = await gradNet([
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

  it('prints a table, says why the differences are that size, and gives a verdict', async () => {
    const run = await gradNet(['--seed', '1', '--no-color']);
    expect(run.exitCode).toBe(0);
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
    // Seed 4 puts one hidden unit's input within 1e-4 of 0 for one of the three samples
    // (test/train/gradient-check.test.ts shows that the two differ there).
    const run = await gradNet(['--activation', 'relu', '--seed', '4', '--json']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.isPassed).toBe(true);
    expect(report.leftOut).toBeGreaterThan(0);
    expect(report.params[1].leftOut).toBe(1);
    expect(report.params[0].compared + report.params[0].leftOut).toBe(784 * 50);
    const text = await gradNet(['--activation', 'relu', '--seed', '4', '--no-color']);
    expect(text.stdout).toMatch(
      /^Left out: \d+ of W1, 1 of b1: nudging them by ±h = 1e-4 moves a ReLU's input across 0,$/m,
    );
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
});
