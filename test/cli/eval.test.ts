// nn-eval on a model nn-train --save made a moment before (a short run on the bundled MNIST), run
// in this process; one case runs the built command.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval.js';
import { trainCommand } from '../../src/cli/train.js';
import { findAll, parseXml, textOf } from '../eval/xml.js';
import { bundledMnist } from '../train/bundled-mnist.js';
import { runInProcess } from './in-process.js';
import { run as runBin, type Run } from './spawn-cli.js';
import { cleanEnv } from './train-cli.js';

const EVAL_BIN = fileURLToPath(new URL('../../bin/nn-eval.js', import.meta.url));
const TEST_SIZE = 300;
const TRAIN_SIZE = 500;

function runEval(args: string[]): Promise<Run> {
  return runInProcess(evalCommand, args, { env: { NO_COLOR: '1' } });
}

function expectOneLineError(run: Run, status: number, pattern: RegExp): void {
  expect(run.status).toBe(status);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stdout).toBe('');
}

interface TrainDocument {
  final: { trainAcc: number; testAcc: number };
}

interface EvalDocument {
  set: string;
  samples: number;
  correct: number;
  accuracy: number;
  confusion: number[][];
  classes: { digit: number; precision: number | null; recall: number | null; support: number }[];
  worstCells: { actual: number; predicted: number; count: number }[];
  mistakes: {
    index: number;
    label: number;
    predicted: number;
    confidence: number;
    top: { digit: number; probability: number }[];
  }[];
}

interface SavedParams {
  params: Record<'W1' | 'b1' | 'W2' | 'b2', { data: number[] }>;
}

const scratch = mkdtempSync(join(tmpdir(), 'nn-eval-cli-'));
const modelPath = join(scratch, 'model.json');
let trained: TrainDocument;

beforeAll(async () => {
  const run = await runInProcess(trainCommand, [
    '--source',
    'bundled',
    '--seed',
    '0',
    '--iters',
    '60',
    '--train-size',
    String(TRAIN_SIZE),
    '--test-size',
    String(TEST_SIZE),
    '--json',
    '--save',
    modelPath,
  ]);
  expect(run.status, run.stderr).toBe(0);
  trained = JSON.parse(run.stdout) as TrainDocument;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('nn-eval after nn-train --save (round trip)', () => {
  let result: EvalDocument;
  const plotPath = join(scratch, 'eval.svg');

  beforeAll(async () => {
    const run = await runEval([
      modelPath,
      '--source',
      'bundled',
      '--limit',
      String(TEST_SIZE),
      '--json',
      '--plot',
      plotPath,
    ]);
    expect(run.status, run.stderr).toBe(0);
    result = JSON.parse(run.stdout) as EvalDocument;
  });

  it('reports exactly the final test accuracy nn-train printed', () => {
    expect(result.set).toBe('test');
    expect(result.samples).toBe(TEST_SIZE);
    expect(result.accuracy).toBe(trained.final.testAcc);
  });

  it('has a confusion matrix summing to the set size, its diagonal to accuracy × size', () => {
    const sum = result.confusion.flat().reduce((a, b) => a + b, 0);
    const diagonal = result.confusion.reduce((a, row, i) => a + row[i], 0);
    expect(sum).toBe(TEST_SIZE);
    expect(diagonal).toBe(result.correct);
    expect(diagonal).toBe(Math.round(trained.final.testAcc * TEST_SIZE));
  });

  it('has rows that count each digit of the real test labels', async () => {
    const labels = (await bundledMnist()).test.labels.subarray(0, TEST_SIZE);
    result.confusion.forEach((row, digit) => {
      const count = labels.filter((label) => label === digit).length;
      expect(row.reduce((a, b) => a + b, 0)).toBe(count);
      expect(result.classes[digit].support).toBe(count);
    });
  });

  it('gives precision and recall as column and row shares of the diagonal', () => {
    result.classes.forEach(({ digit, precision, recall }) => {
      const hits = result.confusion[digit][digit];
      const column = result.confusion.reduce((a, row) => a + row[digit], 0);
      const row = result.confusion[digit].reduce((a, b) => a + b, 0);
      expect(precision).toBe(column === 0 ? null : hits / column);
      expect(recall).toBe(row === 0 ? null : hits / row);
    });
  });

  it('lists 6 mistakes, surest first, each really wrong', async () => {
    const labels = (await bundledMnist()).test.labels;
    expect(result.mistakes).toHaveLength(6);
    for (const [i, mistake] of result.mistakes.entries()) {
      expect(mistake.label).toBe(labels[mistake.index]);
      expect(mistake.predicted).not.toBe(mistake.label);
      expect(mistake.top[0]).toEqual({ digit: mistake.predicted, probability: mistake.confidence });
      expect(mistake.top).toHaveLength(3);
      if (i > 0) expect(mistake.confidence).toBeLessThanOrEqual(result.mistakes[i - 1].confidence);
    }
  });

  it('draws a heat map whose 100 cells are the confusion matrix, and the same mistakes', () => {
    const svg = parseXml(readFileSync(plotPath, 'utf8'));
    const cells = findAll(svg, (e) => (e.attributes.class ?? '').split(' ').includes('cell'));
    expect(cells).toHaveLength(100);
    let sum = 0;
    let diagonal = 0;
    for (const cell of cells) {
      const actual = Number(cell.attributes['data-actual']);
      const predicted = Number(cell.attributes['data-predicted']);
      const count = Number(cell.attributes['data-count']);
      expect(count).toBe(result.confusion[actual][predicted]);
      // the number printed in the cell, when it is not empty
      expect(textOf(cell)).toBe(count === 0 ? '' : String(count));
      sum += count;
      if (actual === predicted) diagonal += count;
    }
    expect(sum).toBe(TEST_SIZE);
    expect(diagonal).toBe(result.correct);
    const outlined = cells
      .filter((c) => c.attributes.class === 'cell worst')
      .map((c) => [Number(c.attributes['data-actual']), Number(c.attributes['data-predicted'])]);
    expect(outlined).toEqual(
      result.worstCells
        .map((c) => [c.actual, c.predicted])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]),
    );
    const mistakes = findAll(svg, (e) => e.attributes.class === 'mistake');
    expect(mistakes.map((m) => Number(m.attributes['data-index']))).toEqual(
      result.mistakes.map((m) => m.index),
    );
    const title = findAll(svg, (e) => e.attributes.class === 'title').map(textOf)[0];
    expect(title).toBe(
      `test set: ${(trained.final.testAcc * 100).toFixed(2)}% of ${TEST_SIZE} right`,
    );
  });

  it('evaluates the training set with --set train, to nn-train’s final train accuracy', async () => {
    const run = await runEval([
      modelPath,
      '--source',
      'bundled',
      '--set',
      'train',
      '--limit',
      String(TRAIN_SIZE),
      '--json',
      '--mistakes',
      '0',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const train = JSON.parse(run.stdout) as EvalDocument;
    expect(train.accuracy).toBe(trained.final.trainAcc);
    expect(train.samples).toBe(TRAIN_SIZE);
    expect(train.mistakes).toEqual([]);
  });
});

describe('nn-eval of a chapter-6 network (model format 2)', () => {
  it("predicts in test mode, batch norm's running statistics and dropout's scaling: nn-train's final accuracies", async () => {
    const path = join(scratch, 'extend.json');
    const train = await runInProcess(trainCommand, [
      ...['--hidden', '20,20', '--batch-norm', '--dropout', '0.2', '--optimizer', 'adam'],
      ...['--iters', '30', '--train-size', String(TRAIN_SIZE), '--test-size', String(TEST_SIZE)],
      ...['--seed', '0', '--source', 'bundled', '--json', '--save', path],
    ]);
    expect(train.status, train.stderr).toBe(0);
    const reported = (JSON.parse(train.stdout) as TrainDocument).final;
    const saved = JSON.parse(readFileSync(path, 'utf8')) as {
      version: number;
      architecture: Record<string, unknown>;
    };
    expect(saved.version).toBe(2);
    expect(saved.architecture).toMatchObject({
      class: 'MultiLayerNetExtend',
      hiddenSizeList: [20, 20],
      useBatchnorm: true,
      useDropout: true,
      dropoutRatio: 0.2,
    });
    for (const [set, limit, accuracy] of [
      ['test', TEST_SIZE, reported.testAcc],
      ['train', TRAIN_SIZE, reported.trainAcc],
    ] as const) {
      const run = await runEval([path, '--set', set, '--limit', String(limit), '--json']);
      expect(run.status, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as EvalDocument).accuracy).toBe(accuracy);
    }
    const text = await runEval([path, '--limit', String(TEST_SIZE), '--mistakes', '0']);
    expect(text.stdout).toMatch(
      /^model +\S*extend\.json: MultiLayerNetExtend 784-20-20-10 relu He, batch norm, dropout 0\.2, 30 iterations, seed 0$/m,
    );
  });
});

describe('nn-eval of a format-2 model whose arrays do not fit its architecture: exit 1', () => {
  const dir = mkdtempSync(join(scratch, 'v2-'));
  const path = join(dir, 'deep.json');
  type Saved = {
    architecture: { hiddenSizeList: number[]; useBatchnorm: boolean };
    params: Record<string, unknown>;
  };
  let saved: () => Saved;
  beforeAll(async () => {
    const train = await runInProcess(trainCommand, [
      ...['--hidden', '6,5', '--batch-norm', '--iters', '2', '--train-size', '100'],
      ...['--test-size', '100', '--seed', '0', '--source', 'bundled', '--quiet', '--save', path],
    ]);
    expect(train.status, train.stderr).toBe(0);
    const text = readFileSync(path, 'utf8');
    saved = () => JSON.parse(text) as Saved;
  });
  const write = (name: string, model: Saved) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(model));
    return file;
  };

  it.each([
    [
      'a hidden size the arrays do not have',
      (model: Saved) => {
        model.architecture.hiddenSizeList = [6, 7];
        return model;
      },
      /W2 of layer Affine2 has shape \[6,5\], the architecture needs \[6, 7\]/,
    ],
    [
      'a hidden layer more than the arrays',
      (model: Saved) => {
        model.architecture.hiddenSizeList = [6, 5, 5];
        return model;
      },
      /W3 of layer Affine3 has shape \[5,10\], the architecture needs \[5, 5\]/,
    ],
    [
      "batch norm's scale missing",
      (model: Saved) => {
        delete model.params.gamma2;
        return model;
      },
      /gamma2 of layer BatchNorm2 is missing/,
    ],
    [
      'batch norm arrays without batch norm',
      (model: Saved) => {
        model.architecture.useBatchnorm = false;
        return model;
      },
      /holds gamma1, which the architecture has no layer for/,
    ],
  ])('%s', async (name, edit, pattern) => {
    const file = write(`${name.replace(/\W+/g, '-')}.json`, edit(saved()));
    expectOneLineError(await runEval([file, '--limit', '10']), 1, pattern);
  });
});

describe('nn-eval text report', () => {
  it('prints the accuracy, the matrix with starred worst cells, and captioned digits', async () => {
    const run = await runEval([
      modelPath,
      '--source',
      'bundled',
      '--limit',
      String(TEST_SIZE),
      '--mistakes',
      '4',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const percent = `${(trained.final.testAcc * 100).toFixed(2)}%`;
    const correct = Math.round(trained.final.testAcc * TEST_SIZE);
    expect(run.stdout).toContain(
      `accuracy  ${percent} (${correct} of ${TEST_SIZE})  (as nn-train reported)`,
    );
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('true\\pred'));
    expect(lines.slice(header + 1, header + 11).map((l) => l.trim()[0])).toEqual(
      '0123456789'.split(''),
    );
    expect(lines[header + 11]).toMatch(/^precision/);
    expect(run.stdout).toMatch(/\d\*/);
    expect(run.stdout).toMatch(/^most often confused: \d read as \d: \d+ times?/m);
    expect(
      run.stdout
        .match(/^.*true \d, read \d/gm)
        ?.join(' ')
        .match(/true \d, read \d/g),
    ).toHaveLength(4);
    expect(run.stdout).toMatch(/[▀▄█]/);
  });
});

describe('nn-eval --image', () => {
  let pixels: Uint8Array;
  let expected: number[];

  /** The network's probabilities for one image, computed here from the saved numbers. */
  function forward(image: Uint8Array): number[] {
    const { params } = JSON.parse(readFileSync(modelPath, 'utf8')) as SavedParams;
    const x = Array.from(image, (v) => Math.fround(v / 255));
    const hidden = params.b1.data.map((b, j) => {
      let a = b;
      for (let i = 0; i < 784; i++) a += x[i] * params.W1.data[i * 50 + j];
      return 1 / (1 + Math.exp(-a));
    });
    const scores = params.b2.data.map((b, k) =>
      hidden.reduce((a, z, j) => a + z * params.W2.data[j * 10 + k], b),
    );
    const max = Math.max(...scores);
    const exps = scores.map((s) => Math.exp(s - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  }

  beforeAll(async () => {
    pixels = (await bundledMnist()).test.image(0).slice();
    expected = forward(pixels);
  });

  function asciiPgm(values: Uint8Array): string {
    const rows = Array.from({ length: 28 }, (_, r) =>
      Array.from(values.subarray(r * 28, r * 28 + 28)).join(' '),
    );
    return `P2\n# test image 0\n28 28\n255\n${rows.join('\n')}\n`;
  }

  it.concurrent(
    'classifies an ASCII PGM as the saved weights say (the built command)',
    async () => {
      const file = join(scratch, 'seven.pgm');
      writeFileSync(file, asciiPgm(pixels));
      const run = await runBin(EVAL_BIN, [modelPath, '--image', file, '--json'], cleanEnv());
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        predicted: number;
        probabilities: number[];
        top: { digit: number }[];
      };
      result.probabilities.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 12));
      expect(result.predicted).toBe(expected.indexOf(Math.max(...expected)));
      expect(result.top.map((t) => t.digit)).toHaveLength(3);
    },
  );

  it.concurrent(
    'reads binary PGM and raw bytes alike, and prints the digit with the top 3',
    async () => {
      const binary = join(scratch, 'seven-binary.pgm');
      writeFileSync(binary, Buffer.concat([Buffer.from('P5 28 28 255\n'), pixels]));
      const raw = join(scratch, 'seven.raw');
      writeFileSync(raw, pixels);
      const outputs = await Promise.all(
        [binary, raw].map((file) => runEval([modelPath, '--image', file])),
      );
      for (const run of outputs) {
        expect(run.status, run.stderr).toBe(0);
        const best = expected.indexOf(Math.max(...expected));
        expect(run.stdout).toMatch(new RegExp(`^prediction  ${best}$`, 'm'));
        expect(run.stdout).toMatch(
          new RegExp(`^top 3       ${best} ${(expected[best] * 100).toFixed(1)}%`, 'm'),
        );
        expect(run.stdout.split('\n').filter((l) => /[▀▄█]/.test(l)).length).toBeGreaterThan(5);
      }
      expect(outputs[0].stdout).toContain('(binary PGM)');
      expect(outputs[1].stdout).toContain('(raw 784 bytes)');
    },
  );

  it.concurrent(
    'with --invert reads dark-on-light drawings, and hints at it when they look so',
    async () => {
      const file = join(scratch, 'seven-on-paper.raw');
      writeFileSync(
        file,
        pixels.map((v) => 255 - v),
      );
      const inverted = await runEval([modelPath, '--image', file, '--invert', '--json']);
      expect(inverted.status).toBe(0);
      const result = JSON.parse(inverted.stdout) as { probabilities: number[] };
      result.probabilities.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 12));
      const plain = await runEval([modelPath, '--image', file]);
      expect(plain.status).toBe(0);
      expect(plain.stderr).toMatch(/looks dark on light.*--invert/);
    },
  );
});

describe('nn-eval refuses bad input with one line, and writes nothing', () => {
  const dir = mkdtempSync(join(scratch, 'bad-'));
  const plot = join(dir, 'plot.svg');
  const write = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const model = () => JSON.parse(readFileSync(modelPath, 'utf8')) as Record<string, unknown>;

  it.concurrent.each([
    ['an empty model file', () => write('empty.json', ''), /empty file/],
    [
      'a truncated model file',
      () => write('cut.json', readFileSync(modelPath, 'utf8').slice(0, 4000)),
      /not valid JSON \(truncated/,
    ],
    ['a file that is not JSON', () => write('model.txt', 'W1 = [[0.1, 0.2]]'), /not JSON/],
    [
      'an unknown format version',
      () => write('v9.json', JSON.stringify({ ...model(), version: 9 })),
      /version 9 is newer/,
    ],
    [
      'wrong shapes',
      () => {
        const wrong = model() as { params: { W2: { shape: number[] } } };
        wrong.params.W2.shape = [10, 50];
        return write('shape.json', JSON.stringify(wrong));
      },
      /W2 of layer Affine2 has shape \[10,50\], the architecture needs \[50, 10\]/,
    ],
    [
      'a missing model file',
      () => join(dir, 'nowhere.json'),
      /cannot read model .*nowhere\.json: no such file/,
    ],
  ])('%s: exit 1', async (_, make, pattern) => {
    expectOneLineError(await runEval([make(), '--plot', plot]), 1, pattern);
    expect(readdirSync(dir)).not.toContain('plot.svg');
  });

  it.concurrent.each([
    [
      'an image of the wrong size',
      () => write('big.pgm', `P2 32 32 255\n${'0 '.repeat(1024)}`),
      /32 × 32; the network reads 28 × 28/,
    ],
    [
      'an image in another format',
      () => write('digit.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0])),
      /not a PGM \(P2\/P5\) image nor raw 784 bytes/,
    ],
    ['a colour Netpbm image', () => write('digit.ppm', 'P6 28 28 255\n'), /P6 is not a greymap/],
    [
      'a truncated PGM',
      () => write('cut.pgm', Buffer.concat([Buffer.from('P5 28 28 255\n'), Buffer.alloc(100)])),
      /truncated PGM: 100 of 784/,
    ],
  ])('%s: exit 1', async (_, make, pattern) => {
    expectOneLineError(await runEval([modelPath, '--image', make()]), 1, pattern);
  });

  it.concurrent.each([
    [['--mistakes', '-1'], /'--mistakes <n>' argument '-1' is invalid/],
    [['--set', 'validation'], /argument 'validation' is invalid/],
    [['--plot', join(dir, 'missing', 'plot.svg')], /--plot .*: directory .*missing does not exist/],
    [['--image', 'x.pgm', '--plot', 'y.svg'], /--plot does not apply with --image/],
    [['--invert'], /--invert applies only with --image/],
  ])('usage %j: exit 2', async (args, pattern) => {
    expectOneLineError(await runEval([modelPath, ...args]), 2, pattern);
    expect(readdirSync(dir).filter((f) => f.endsWith('.svg'))).toEqual([]);
  });
});
