import { promises as fs, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { IMAGE_SIZE } from '../../src/data/dataset.js';
import { netOfModel, parseModel } from '../../src/nn/model-file.js';
import { bundledMnist } from '../train/bundled-mnist.js';
import { cleanEnv, runTrain, SMALL, spawnTrain } from './train-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'nn-train-test-'));
});
afterAll(async () => {
  await fs.chmod(join(dir, 'read-only'), 0o755).catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

const ESCAPE = '\u001b[';

describe('nn-train bad input: one line on stderr, exit 2, nothing written, nothing trained', () => {
  const cases: [string, string[], RegExp][] = [
    ['--iters 0', ['--iters', '0'], /--iters <n>.*'0' is invalid\. Must be at least 1/],
    ['--iters 1.5', ['--iters', '1.5'], /--iters <n>.*'1\.5' is invalid\. Expected a whole number/],
    ['--lr -1', ['--lr', '-1'], /--lr <rate>.*'-1' is invalid\. Must be greater than 0/],
    ['--lr abc', ['--lr', 'abc'], /--lr <rate>.*'abc' is invalid\. Expected a finite number/],
    ['--batch-size 0', ['--batch-size', '0'], /--batch-size <n>.*'0' is invalid/],
    [
      '--batch-size 70000',
      ['--batch-size', '70000'],
      /--batch-size 70000 is larger than the training set \(60000 samples\)/,
    ],
    ['--hidden 0', ['--hidden', '0'], /--hidden <n>.*'0' is invalid/],
    ['--activation tanh', ['--activation', 'tanh'], /Allowed choices are sigmoid, relu/],
    ['an unknown flag', ['--epochs', '3'], /unknown option '--epochs'/],
    ['--train-size 0', ['--train-size', '0'], /--train-size <n>.*'0' is invalid/],
    ['--train-size 70000', ['--train-size', '70000'], /--train-size 70000 is more than the 60000/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const save = join(dir, `${what.replace(/\W+/g, '-')}.json`);
      const run = runTrain([...args, '--source', 'bundled', '--save', save]);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^nn-train: /);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(existsSync(save)).toBe(false);
    });
  }

  it('--save into a missing directory', () => {
    const save = join(dir, 'missing', 'model.json');
    const run = runTrain([...SMALL, '--iters', '3', '--save', save]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `nn-train: --save ${save}: directory ${join(dir, 'missing')} does not exist`,
    ]);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('--save into a read-only directory', async () => {
    // Permission bits do not bind root, so as root a read-only file system stands in (/proc).
    const readOnly = join(dir, 'read-only');
    await fs.mkdir(readOnly);
    await fs.chmod(readOnly, 0o555);
    const target = process.getuid?.() === 0 ? '/proc' : readOnly;
    const save = join(target, 'model.json');
    const run = runTrain([...SMALL, '--iters', '3', '--save', save]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    // With the system's reason: permission denied, or what /proc says to a new file.
    expect(run.stderr).toMatch(
      new RegExp(`^nn-train: --save ${save}: directory ${target} is not writable \\(.+\\)\n$`),
    );
    expect(await fs.readdir(readOnly)).toEqual([]);
  });
});

describe('nn-train output', () => {
  it('--json prints exactly one JSON document of the run on stdout', () => {
    const run = runTrain([...SMALL, '--iters', '25', '--seed', '7', '--json']);
    expect(run.status).toBe(0);
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(
      expect.arrayContaining(['config', 'seed', 'epochs', 'final', 'durationMs']),
    );
    expect(document.seed).toBe(7);
    expect(document.config).toEqual({
      iters: 25,
      batchSize: 100,
      network: {
        class: 'TwoLayerNet',
        inputSize: 784,
        hiddenSizeList: [50],
        outputSize: 10,
        activation: 'sigmoid',
        weightInitStd: 0.01,
        weightDecayLambda: 0,
      },
      optimizer: { class: 'SGD', learningRate: 0.1 },
      grad: 'backprop',
      evalEvery: 10,
      trainSize: 1000,
      testSize: 500,
    });
    const epochs = document.epochs as Record<string, number>[];
    expect(epochs.map((row) => row.iter)).toEqual([0, 10, 20]);
    for (const row of epochs) {
      expect(Object.keys(row).sort()).toEqual(
        ['elapsedMs', 'epoch', 'iter', 'loss', 'testAcc', 'trainAcc'].sort(),
      );
    }
    expect(document.final).toEqual({
      trainAcc: expect.any(Number),
      testAcc: expect.any(Number),
    });
    expect(run.stderr).toBe('');
  });

  it('without --seed picks one, prints it, and that seed repeats the run', () => {
    const first = runTrain([...SMALL, '--iters', '21']);
    expect(first.status).toBe(0);
    const seed = /repeat with --seed (\d+)/.exec(first.stdout)?.[1];
    expect(seed).toBeDefined();
    expect(first.stdout).toMatch(new RegExp(`seed ${seed}$`, 'm'));
    const rows = [...first.stdout.matchAll(/train acc, test acc \| ([\d.]+), ([\d.]+)/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(rows).toHaveLength(3);
    const again = JSON.parse(
      runTrain([...SMALL, '--iters', '21', '--seed', String(seed), '--json']).stdout,
    ) as {
      epochs: { trainAcc: number; testAcc: number }[];
    };
    expect(again.epochs.map((r) => [r.trainAcc.toFixed(4), r.testAcc.toFixed(4)])).toEqual(rows);
  });

  it('prints no escape codes when stdout is not a terminal, and honours NO_COLOR and --no-color', () => {
    const plain = runTrain([...SMALL, '--iters', '3', '--seed', '1']);
    expect(plain.stdout).toContain('train acc, test acc |');
    expect(plain.stdout + plain.stderr).not.toContain(ESCAPE);
    const forced = runTrain(
      [...SMALL, '--iters', '3', '--seed', '1'],
      cleanEnv({ FORCE_COLOR: '1' }),
    );
    expect(forced.stdout).toContain(ESCAPE);
    const noColor = runTrain(
      [...SMALL, '--iters', '3', '--seed', '1'],
      cleanEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }),
    );
    expect(noColor.stdout).not.toContain(ESCAPE);
    const flag = runTrain(
      [...SMALL, '--iters', '3', '--seed', '1', '--no-color'],
      cleanEnv({ FORCE_COLOR: '1' }),
    );
    expect(flag.stdout).not.toContain(ESCAPE);
  });

  it('--quiet prints only the summary', () => {
    const run = runTrain([...SMALL, '--iters', '12', '--seed', '2', '--quiet']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^done: 12 iterations in .* · seed 2$/);
    expect(lines[1]).toMatch(/^final test acc 0\.\d{4} · train acc 0\.\d{4}/);
  });

  it('--help shows each option with its default and example command lines', () => {
    const run = runTrain(['--help']);
    expect(run.status).toBe(0);
    for (const text of [
      /--iters <n>.*\(default: 10000\)/,
      /--batch-size <n>.*\(default: 100\)/,
      /--lr <rate>.*\(default: 0\.1\)/,
      /--hidden <n>.*\(default: 50\)/,
      /default: "sigmoid"/,
      /--weight-init-std <s>.*\(default: 0\.01\)/,
      /Examples:\n {2}\$ nn-train/,
    ]) {
      expect(run.stdout).toMatch(text);
    }
  });
});

describe('nn-train --save', () => {
  it('writes a model whose own evaluation gives the final test accuracy the run reported', async () => {
    const save = join(dir, 'model.json');
    const run = runTrain([
      ...SMALL,
      '--iters',
      '30',
      '--seed',
      '11',
      '--hidden',
      '20',
      '--json',
      '--save',
      save,
    ]);
    expect(run.status).toBe(0);
    const reported = JSON.parse(run.stdout) as { final: { testAcc: number } };
    const model = parseModel(readFileSync(save, 'utf8'), save);
    expect(model.architecture).toEqual({
      class: 'TwoLayerNet',
      inputSize: 784,
      hiddenSizeList: [20],
      outputSize: 10,
      activation: 'sigmoid',
      weightInitStd: 0.01,
      weightDecayLambda: 0,
    });
    expect(model.seed).toBe(11);
    expect(model.metrics?.status).toBe('completed');
    expect(model.metrics?.final).toEqual(reported.final);

    // Evaluate the loaded network on the first 500 test images, independently of the trainer.
    const { test } = await bundledMnist();
    const net = netOfModel(model);
    const x = new Matrix(500, IMAGE_SIZE);
    test.gatherRange(x.data, 0, 500);
    expect(net.countCorrect(x.data, test.labels, 500) / 500).toBe(reported.final.testAcc);
    expect(run.stderr).toBe(`nn-train: saved the model to ${save}\n`);
  });
});

describe('nn-train stops cleanly', () => {
  it('diverging: the epochs so far, the summary, a one-line hint at --lr on stderr, exit 1, no save', () => {
    const save = join(dir, 'diverged.json');
    const run = runTrain([
      ...SMALL,
      '--iters',
      '50',
      '--seed',
      '1',
      '--activation',
      'relu',
      '--lr',
      '1e300',
      '--save',
      save,
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^epoch 0 · iter {1,2}0 ·/m);
    expect(run.stdout).toMatch(/^diverged at iteration \d+ \(loss NaN\)/m);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/training diverged; try a smaller --lr \(this run used 1e\+300\)/);
    expect(existsSync(save)).toBe(false);
  });

  it('Ctrl-C: finishes the iteration, prints the summary, writes --save, exits 130', async () => {
    const save = join(dir, 'interrupted.json');
    const child = spawnTrain([...SMALL, '--iters', '1000000', '--seed', '5', '--save', save]);
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Progress: two epochs are done, so the loop is running.
      if (!signalled && /^epoch +2 ·/m.test(stdout)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(signalled).toBe(true);
    expect(code).toBe(130);
    expect(stdout).toMatch(/^interrupted after \d+ of 1000000 iterations in .* · seed 5$/m);
    expect(stdout).toMatch(/^final test acc 0\.\d{4} · train acc 0\.\d{4}/m);
    expect(stdout).toContain(`saved the model to ${save}`);
    expect(stderr).toContain('interrupted: stopping after this iteration');
    const model = parseModel(readFileSync(save, 'utf8'), save);
    expect(model.metrics?.status).toBe('interrupted');
    expect(model.metrics?.iterationsDone).toBeGreaterThanOrEqual(21);
    expect(model.metrics?.epochs.length).toBeGreaterThanOrEqual(3);
  });
});

describe('nn-train --grad numerical', () => {
  it('estimates the time first, then trains with the chapter-4 method', () => {
    const run = runTrain([
      '--source',
      'bundled',
      '--grad',
      'numerical',
      '--hidden',
      '3',
      '--batch-size',
      '2',
      '--iters',
      '2',
      '--train-size',
      '20',
      '--test-size',
      '20',
      '--seed',
      '1',
      '--json',
    ]);
    expect(run.status).toBe(0);
    // 2 × (784·3 + 3 + 3·10 + 10) perturbed losses, and the batch loss itself.
    expect(run.stderr).toMatch(
      /^nn-train: numerical gradients: 4791 loss evaluations per iteration, ≈ .+ per iteration, ≈ .+ for 2 iterations\n$/,
    );
    const document = JSON.parse(run.stdout) as { status: string; config: { grad: string } };
    expect(document.status).toBe('completed');
    expect(document.config.grad).toBe('numerical');
  });

  it('refuses a run estimated over 10 minutes without --yes and suggests one that finishes', () => {
    const run = runTrain(['--source', 'bundled', '--grad', 'numerical']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/≈ .+ per iteration, ≈ .+ for 10000 iterations$/);
    expect(lines[1]).toMatch(
      /over 10 min: add --yes to run it anyway, or try --grad numerical --hidden 10 --batch-size 10 --iters 20 --train-size 1000/,
    );
  });
});
