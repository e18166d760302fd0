import { promises as fs, readFileSync, existsSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/cli/limits.js';
import { trainCommand } from '../../src/cli/train.js';
import { Matrix } from '../../src/core/matrix.js';
import { IMAGE_SIZE } from '../../src/data/dataset.js';
import { netOfModel, parseModel } from '../../src/nn/model-file.js';
import { displayWidth } from '../../src/report/text-width.js';
import { trainingMemory } from '../../src/train/memory-estimate.js';
import { QUICK_NUMERICAL } from '../../src/train/numerical-estimate.js';
import { bundledMnist } from '../train/bundled-mnist.js';
import { runInProcess, runWith, standIn, type StandInOptions } from './in-process.js';
import { run as spawnRun } from './spawn-cli.js';
import { BIN, cleanEnv, SMALL } from './train-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'nn-train-test-'));
});
afterAll(async () => {
  await fs.chmod(join(dir, 'read-only'), 0o755).catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
});

const ESCAPE = '\u001b[';

function nnTrain(args: string[], options?: StandInOptions) {
  return runInProcess(trainCommand, args, options);
}

describe('nn-train bad input: one line on stderr, exit 2, nothing written, nothing trained', () => {
  const cases: [string, string[], RegExp][] = [
    ['--iters 0', ['--iters', '0'], /^nn-train: --iters 0: must be a whole number of at least 1$/m],
    ['--iters 1.5', ['--iters', '1.5'], /--iters <n>.*'1\.5' is invalid\. Expected a whole number/],
    ['--lr -1', ['--lr', '-1'], /^nn-train: --lr -1: must be a number greater than 0$/m],
    ['--lr abc', ['--lr', 'abc'], /--lr <rate>.*'abc' is invalid\. Expected a finite number/],
    [
      '--batch-size 0',
      ['--batch-size', '0'],
      /--batch-size 0: must be a whole number of at least 1/,
    ],
    [
      '--batch-size 70000',
      ['--batch-size', '70000'],
      /--batch-size 70000 is larger than the training set \(60000 samples\)/,
    ],
    ['--hidden 0', ['--hidden', '0'], /--hidden 0: each size must be a whole number of at least 1/],
    ['--activation tanh', ['--activation', 'tanh'], /Allowed choices are sigmoid, relu/],
    ['an unknown flag', ['--epoch', '3'], /unknown option '--epoch' \(did you mean --epochs\?\)/],
    [
      '--train-size 0',
      ['--train-size', '0'],
      /--train-size 0: must be a whole number of at least 1/,
    ],
    ['--train-size 70000', ['--train-size', '70000'], /--train-size 70000 is more than the 60000/],
    // Chapter 6's options.
    [
      '--hidden 100,,100',
      ['--hidden', '100,,100'],
      /'100,,100' is invalid\. Expected whole numbers separated by commas, e\.g\. 100,100\./,
    ],
    ['--hidden 0,100', ['--hidden', '0,100'], /--hidden 0,100: each size must be a whole number/],
    [
      '21 hidden layers',
      ['--hidden', Array.from({ length: 21 }, () => '10').join(',')],
      /--hidden gives 21 sizes: at most 20 hidden layers/,
    ],
    [
      '--dropout 1',
      ['--hidden', '10,10', '--dropout', '1'],
      /--dropout 1: the ratio must be at least 0 and below 1/,
    ],
    [
      '--dropout -0.1',
      ['--hidden', '10,10', '--dropout', '-0.1'],
      /--dropout -0\.1: the ratio must be at least 0 and below 1/,
    ],
    [
      '--weight-decay -0.1',
      ['--hidden', '10,10', '--weight-decay', '-0.1'],
      /--weight-decay -0\.1: λ must be a number of at least 0/,
    ],
    [
      '--weight-decay -1',
      ['--hidden', '10,10', '--weight-decay', '-1'],
      /--weight-decay -1: λ must be a number of at least 0/,
    ],
    ['--optimizer foo', ['--optimizer', 'foo'], /'foo' is invalid\. Allowed choices are sgd,/],
    ['--optimizer adamw', ['--optimizer', 'adamw'], /Allowed choices are sgd, momentum, nesterov/],
    [
      '--momentum 0.9 --optimizer adam',
      ['--momentum', '0.9', '--optimizer', 'adam'],
      /--momentum applies to momentum and nesterov, not to adam/,
    ],
    [
      '--batch-norm with one hidden size',
      ['--batch-norm'],
      /--batch-norm needs two or more hidden sizes \(e\.g\. --hidden 100,100\)/,
    ],
    [
      '--epochs beside --iters',
      ['--epochs', '3', '--iters', '10'],
      /--iters and --epochs both say how long to train: give one of them/,
    ],
    [
      '--weight-init-std beside --weight-init he',
      ['--hidden', '10,10', '--weight-init', 'he', '--weight-init-std', '0.1'],
      /--weight-init-std goes with --weight-init std, not with --weight-init he/,
    ],
    [
      'numerical gradients of a dropout network',
      ['--hidden', '10,10', '--dropout', '0.5', '--grad', 'numerical'],
      /--grad numerical with --dropout: every loss draws new dropout masks/,
    ],
    [
      '--precision f32 for a network the fused step does not train',
      ['--optimizer', 'adam', '--precision', 'f32'],
      /--precision f32 is for the fused step, which trains one hidden layer with SGD only/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const save = join(dir, `${what.replace(/\W+/g, '-')}.json`);
      const run = await nnTrain([...args, '--source', 'bundled', '--save', save]);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^nn-train: /);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(existsSync(save)).toBe(false);
    });
  }

  it('--save into a missing directory', async () => {
    const save = join(dir, 'missing', 'model.json');
    const run = await nnTrain([...SMALL, '--iters', '3', '--save', save]);
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
    const run = await nnTrain([...SMALL, '--iters', '3', '--save', save]);
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
  it('--json prints exactly one JSON document of the run on stdout', async () => {
    const run = await nnTrain([...SMALL, '--iters', '25', '--seed', '7', '--json']);
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
        [
          'elapsedMs',
          'epoch',
          'iter',
          'loss',
          'testAcc',
          'testLoss',
          'trainAcc',
          'trainLoss',
        ].sort(),
      );
      expect(Number.isFinite(row.trainLoss) && Number.isFinite(row.testLoss)).toBe(true);
    }
    expect(document.final).toEqual({
      trainAcc: expect.any(Number),
      testAcc: expect.any(Number),
    });
    // Three passes over 1500 images: evaluated on the training thread, no --threads needed.
    expect(document.threads).toBe(1);
    expect(run.stderr).toBe('');
  });

  it('without --seed picks one, prints it, and that seed repeats the run', async () => {
    const first = await nnTrain([...SMALL, '--iters', '21']);
    expect(first.status).toBe(0);
    const seed = /repeat with --seed (\d+)/.exec(first.stdout)?.[1];
    expect(seed).toBeDefined();
    expect(first.stdout).toMatch(new RegExp(`seed ${seed}$`, 'm'));
    const rows = [...first.stdout.matchAll(/train acc, test acc \| ([\d.]+), ([\d.]+)/g)].map(
      (m) => [m[1], m[2]],
    );
    expect(rows).toHaveLength(3);
    const again = JSON.parse(
      (await nnTrain([...SMALL, '--iters', '21', '--seed', String(seed), '--json'])).stdout,
    ) as {
      epochs: { trainAcc: number; testAcc: number }[];
    };
    expect(again.epochs.map((r) => [r.trainAcc.toFixed(4), r.testAcc.toFixed(4)])).toEqual(rows);
  });

  it('prints no escape codes when stdout is not a terminal, and honours NO_COLOR and --no-color', async () => {
    const args = [...SMALL, '--iters', '3', '--seed', '1'];
    const plain = await nnTrain(args);
    expect(plain.stdout).toContain('train acc, test acc |');
    expect(plain.stdout + plain.stderr).not.toContain(ESCAPE);
    const forced = await nnTrain(args, { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESCAPE);
    const noColor = await nnTrain(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain(ESCAPE);
    const flag = await nnTrain([...args, '--no-color'], { env: { FORCE_COLOR: '1' } });
    expect(flag.stdout).not.toContain(ESCAPE);
  });

  it('on a terminal, colours the lines and follows the run with a chart as wide as it', async () => {
    const run = await nnTrain([...SMALL, '--iters', '30', '--seed', '1'], { columns: 60 });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(ESCAPE);
    const plain = stripVTControlCharacters(run.stdout);
    const after = plain.slice(plain.indexOf('final test acc'));
    const chart = after.split('\n').slice(2);
    expect(chart.length).toBeGreaterThan(3);
    for (const line of chart) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('--quiet prints only the summary', async () => {
    const run = await nnTrain([...SMALL, '--iters', '12', '--seed', '2', '--quiet']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^done: 12 iterations in .* · seed 2$/);
    expect(lines[1]).toMatch(/^final test acc 0\.\d{4} · train acc 0\.\d{4}/);
  });

  it('--help shows each option with its default and example command lines', async () => {
    const run = await nnTrain(['--help']);
    expect(run.status).toBe(0);
    for (const text of [
      /--iters <n>.*\(default: 10000\)/,
      /--epochs <n> +instead of --iters/,
      /--batch-size <n>.*\(default: 100\)/,
      /--optimizer <name>[^]*default: "sgd"/,
      /--lr <rate> +learning rate \(default: 0\.1 for sgd/,
      /--hidden <sizes>[^]*\(default: 50\)/,
      /--activation <name> +hidden activation \(default: sigmoid for one hidden/,
      /--weight-init-std <s>[^]*\(default: 0\.01\)/,
      /--dropout <ratio>/,
      /--batch-norm/,
      /--threads <n>[^]*\(default:\s+the\s+cores\s+when[^]*else\s+1\)/,
      /Examples:\n {2}# .+\n {2}\$ nn-train\n/,
      /# ch06\/overfit_dropout\.py\n +\$ nn-train --hidden 100,100,100,100,100,100 --dropout 0\.2 --lr 0\.01 \\\n +--train-size 300 --epochs 301 --seed 0/,
    ]) {
      expect(run.stdout).toMatch(text);
    }
    for (const line of run.stdout.trimEnd().split('\n')) {
      expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    }
    // The quick numerical run, as the refusal suggests it, continued over two lines.
    const quick = QUICK_NUMERICAL;
    expect(run.stdout).toContain(
      `$ nn-train --grad numerical --hidden ${quick.hiddenSize} --batch-size ${quick.batchSize} \\\n` +
        `      --iters ${quick.iters} --lr ${quick.learningRate} --train-size ${quick.trainSize}\n`,
    );
  });

  it('-V and --version print the package version', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    for (const flag of ['-V', '--version']) {
      expect(await nnTrain([flag])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});

describe('nn-train --jsonl', () => {
  type Line = Record<string, unknown> & { type: string };
  const parseLines = (stdout: string): Line[] =>
    stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Line);
  /** A row without its timing, which no two runs share. */
  const untimed = ({ elapsedMs: _elapsed, ...row }: Record<string, unknown>) => row;

  it('--iters 201 --jsonl: an object a line, start, the rows of --json, done', async () => {
    const args = [...SMALL, '--iters', '201', '--seed', '0'];
    const run = await nnTrain([...args, '--jsonl']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.endsWith('\n')).toBe(true);
    const lines = parseLines(run.stdout);
    const document = JSON.parse((await nnTrain([...args, '--json'])).stdout) as {
      config: Record<string, unknown>;
      epochs: Record<string, unknown>[];
      status: string;
      iterationsDone: number;
      final: unknown;
      best: unknown;
    };

    const [start, ...rest] = lines;
    expect(start).toEqual({
      type: 'start',
      ...document.config,
      seed: 0,
      backend: expect.any(String),
      step: 'fused',
      precision: 'f64',
      threads: 1,
    });
    const epochs = rest.slice(0, -1);
    expect(epochs.map((line) => line.type)).toEqual(epochs.map(() => 'epoch'));
    // 1000 samples in batches of 100: a row after iterations 0, 10, …, 200
    expect(epochs).toHaveLength(21);
    expect(epochs.map(({ type: _type, ...row }) => untimed(row))).toEqual(
      document.epochs.map(untimed),
    );
    for (const row of epochs) expect(row.elapsedMs).toEqual(expect.any(Number));

    const done = lines.at(-1) as Line;
    expect(done).toEqual({
      type: 'done',
      seed: 0,
      status: 'completed',
      iterationsDone: 201,
      final: document.final,
      best: document.best,
      durationMs: expect.any(Number),
      timings: expect.objectContaining({ loadMs: expect.any(Number) }),
    });
  });

  it('and --json together are a usage error', async () => {
    const run = await nnTrain([...SMALL, '--iters', '3', '--json', '--jsonl']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^nn-train: option '--jsonl' cannot be used with option '--json'\n$/,
    );
  });

  it('writes each line as it happens, and Ctrl-C still ends with the done line', async () => {
    const stand = standIn();
    const running = runWith(stand, trainCommand, [
      ...SMALL,
      '--iters',
      '1000000',
      '--seed',
      '4',
      '--threads',
      '2',
      '--jsonl',
    ]);
    // The rows arrive while the run goes on.
    while (!stand.stdout.text.includes('"epoch":2,')) await new Promise((r) => setTimeout(r, 5));
    // Rows from the worker thread still on their way when the signal comes.
    expect(parseLines(stand.stdout.text)[0]).toMatchObject({ type: 'start', threads: 2 });
    stand.signal('SIGINT');
    const run = await running;
    expect(run.status).toBe(130);
    const lines = parseLines(run.stdout);
    const done = lines.at(-1) as Line;
    expect(done).toMatchObject({ type: 'done', status: 'interrupted', seed: 4 });
    expect(lines.filter((line) => line.type === 'done')).toHaveLength(1);
    expect(done.iterationsDone).toBeGreaterThanOrEqual(21);
    expect(lines.slice(1, -1).every((line) => line.type === 'epoch')).toBe(true);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^nn-train: .*: stopping after this iteration/),
    ]);
  });
});

describe('nn-train --threads', () => {
  // With next to no memory free every run is refused before the data loads, naming what its
  // estimate counts for the threads it would start.
  const cramped = { memory: { totalBytes: 16 * 1024 ** 3, availableBytes: 1024 ** 2 } };
  const estimate = (threads: number, iters: number, samples: number) =>
    trainingMemory({
      layerSizes: [784, 50, 10],
      batchSize: 100,
      iters,
      precision: 'f64',
      threads,
      grad: 'backprop',
      samples,
      isSaved: false,
    });
  const refusal = async (args: string[]) => {
    const run = await nnTrain(['--source', 'bundled', ...args], cramped);
    expect(run.status).toBe(2);
    return run.stderr;
  };
  const cores = availableParallelism();

  it("without it, the book's run evaluates on every core, and its memory counts them", async () => {
    const needs = formatBytes(estimate(cores, 10000, 70000).bytes);
    const part = cores > 1 ? 'copies for the evaluation threads' : 'the evaluation pass';
    expect(await refusal([])).toMatch(
      new RegExp(`^nn-train: --hidden 50 needs about ${needs} of memory \\(${part} `),
    );
  });

  it('without it, a short run of 1500 images evaluates on the training thread', async () => {
    const needs = formatBytes(estimate(1, 25, 1500).bytes);
    expect(await refusal([...SMALL.slice(2), '--iters', '25'])).toMatch(
      new RegExp(`^nn-train: --hidden 50 needs about ${needs} of memory \\(the evaluation pass `),
    );
  });

  it('given, is used as it is', async () => {
    const needs = formatBytes(estimate(3, 25, 1500).bytes);
    expect(await refusal([...SMALL.slice(2), '--iters', '25', '--threads', '3'])).toMatch(
      new RegExp(`^nn-train: --hidden 50 needs about ${needs} of memory \\(copies for the `),
    );
  });
});

describe('nn-train --save', () => {
  it('writes a model whose own evaluation gives the final test accuracy the run reported', async () => {
    const save = join(dir, 'model.json');
    const run = await nnTrain([
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

  it('is written before --plot, so a figure that cannot be written never costs the model', async () => {
    const save = join(dir, 'before-plot.json');
    const plot = join(dir, 'plot-dir');
    await fs.mkdir(plot);
    const run = await nnTrain([...SMALL, '--iters', '12', '--save', save, '--plot', plot]);
    expect(run.status).toBe(2);
    expect(existsSync(save)).toBe(false);
    // The figure's target becomes a directory once training runs, after the check at the start.
    const late = join(dir, 'late.svg');
    const stand = standIn();
    const running = runWith(stand, trainCommand, [
      ...SMALL,
      '--iters',
      '200',
      '--save',
      join(dir, 'late.json'),
      '--plot',
      late,
    ]);
    while (!/^epoch +0 ·/m.test(stand.stdout.text)) await new Promise((r) => setTimeout(r, 5));
    await fs.mkdir(late);
    const outcome = await running;
    expect(outcome.status).toBe(1);
    expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(outcome.stdout).toContain(`saved the model to ${join(dir, 'late.json')}`);
    expect(parseModel(readFileSync(join(dir, 'late.json'), 'utf8')).metrics?.status).toBe(
      'completed',
    );
  });
});

describe('nn-train stops cleanly', () => {
  it('diverging: the epochs so far, the summary, a one-line hint at --lr on stderr, exit 1, no save', async () => {
    const save = join(dir, 'diverged.json');
    const run = await nnTrain([
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
    expect(run.stderr).not.toContain('--weight-init-std');
    expect(existsSync(save)).toBe(false);
  });

  it('diverging from a huge --weight-init-std names it beside --lr', async () => {
    const run = await nnTrain([
      ...SMALL,
      '--iters',
      '5',
      '--seed',
      '1',
      '--activation',
      'relu',
      '--weight-init-std',
      '1e200',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /training diverged; try a smaller --lr \(this run used 0\.1\) or a --weight-init-std nearer the book's 0\.01 \(this run used 1e\+200\)$/,
      ),
    ]);
  });

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal}: finishes the iteration, prints the summary, writes --save, exits ${code}`, async () => {
      const save = join(dir, `${signal}.json`);
      const stand = standIn();
      const running = runWith(stand, trainCommand, [
        ...SMALL,
        '--iters',
        '1000000',
        '--seed',
        '5',
        '--save',
        save,
      ]);
      // Two epochs are done: the loop is running.
      while (!/^epoch +2 ·/m.test(stand.stdout.text)) await new Promise((r) => setTimeout(r, 5));
      stand.signal(signal);
      const run = await running;
      expect(run.status).toBe(code);
      expect(stand.exits).toEqual([]);
      expect(run.stdout).toMatch(/^interrupted after \d+ of 1000000 iterations in .* · seed 5$/m);
      expect(run.stdout).toMatch(/^final test acc 0\.\d{4} · train acc 0\.\d{4}/m);
      expect(run.stdout).toContain(`saved the model to ${save}`);
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        expect.stringMatching(
          /^nn-train: .*: stopping after this iteration \(.* again to quit at once\)$/,
        ),
      ]);
      const model = parseModel(readFileSync(save, 'utf8'), save);
      expect(model.metrics?.status).toBe('interrupted');
      expect(model.metrics?.iterationsDone).toBeGreaterThanOrEqual(21);
      expect(model.metrics?.epochs.length).toBeGreaterThanOrEqual(3);
    });
  }

  it('a second signal asks to quit at once', async () => {
    const stand = standIn();
    const running = runWith(stand, trainCommand, [...SMALL, '--iters', '1000000']);
    while (!/^epoch +1 ·/m.test(stand.stdout.text)) await new Promise((r) => setTimeout(r, 5));
    stand.signal('SIGINT');
    stand.signal('SIGTERM');
    expect(stand.exits).toEqual([143]);
    expect((await running).status).toBe(130);
  });
});

describe('nn-train --grad numerical', () => {
  it('estimates the time first, then trains with the chapter-4 method', async () => {
    const run = await nnTrain([
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

  it('refuses a run estimated over 10 minutes without --yes and suggests one that finishes', async () => {
    const run = await nnTrain(['--source', 'bundled', '--grad', 'numerical']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/≈ .+ per iteration, ≈ .+ for 10000 iterations$/);
    const quick = QUICK_NUMERICAL;
    expect(lines[1]).toContain(
      'over 10 min: add --yes to run it anyway, or try --grad numerical ' +
        `--hidden ${quick.hiddenSize} --batch-size ${quick.batchSize} --iters ${quick.iters} ` +
        `--lr ${quick.learningRate} --train-size ${quick.trainSize} (≈ `,
    );
  });
});

describe('nn-train as built', () => {
  it('runs from bin/ and saves a model that nn-train reports as saved', async () => {
    const save = join(dir, 'built.json');
    const run = await spawnRun(
      BIN,
      [...SMALL, '--iters', '12', '--seed', '3', '--json', '--save', save],
      cleanEnv(),
    );
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { seed: number }).seed).toBe(3);
    expect(run.stderr).toBe(`nn-train: saved the model to ${save}\n`);
    expect(parseModel(readFileSync(save, 'utf8'), save).seed).toBe(3);
  });
});
