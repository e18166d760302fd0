import { describe, expect, it } from 'vitest';
import { Io } from '../../src/cli/io.js';
import {
  checkGradientCheckMemory,
  checkTrainingMemory,
  formatBytes,
  type TrainSizeOptions,
} from '../../src/cli/limits.js';
import { ConfigError } from '../../src/core/errors.js';
import { trainingMemory } from '../../src/train/memory-estimate.js';
import { standIn } from './in-process.js';

const GB = 1024 ** 3;

function ioWith(totalBytes: number, availableBytes: number): Io {
  return new Io('nn-test', standIn({ memory: { totalBytes, availableBytes } }).terminal);
}

const BOOK: TrainSizeOptions = {
  hidden: [50],
  batchSize: 100,
  iters: 10000,
  precision: 'f64',
  threads: 2,
  grad: 'backprop',
};

function needs(options: TrainSizeOptions): number {
  return trainingMemory({
    layerSizes: [784, ...options.hidden, 10],
    batchSize: Math.min(options.batchSize, 60000),
    iters: options.iters,
    precision: options.precision,
    threads: options.threads,
    grad: options.grad,
    samples: 70000,
    isSaved: options.save !== undefined,
  }).bytes;
}

function refusal(io: Io, options: TrainSizeOptions): string {
  try {
    checkTrainingMemory(io, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('formatBytes', () => {
  it('gives two figures and the unit', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(5.92 * GB)).toBe('5.9 GB');
    expect(formatBytes(35.4 * GB)).toBe('35 GB');
    expect(formatBytes(8.4 * 1024 * GB)).toBe('8.4 TB');
  });
});

describe('checkTrainingMemory', () => {
  it("lets the book's run through on a small machine", () => {
    expect(refusal(ioWith(2 * GB, 1 * GB), BOOK)).toBe('accepted');
  });

  it('refuses a width over total memory, naming the need, the machine and a width that fits', () => {
    const options = { ...BOOK, hidden: [1_000_000] };
    const message = refusal(ioWith(16 * GB, 16 * GB), options);
    expect(message).toMatch(
      /^--hidden 1000000 needs about \d+ GB of memory \(.+\); this machine has 16 GB: try --hidden \d+ or less$/,
    );
    const suggested = Number(/try --hidden (\d+)/.exec(message)?.[1]);
    expect(needs({ ...options, hidden: [suggested] })).toBeLessThanOrEqual(16 * GB);
    expect(needs({ ...options, hidden: [Math.ceil(suggested * 1.1)] })).toBeGreaterThan(16 * GB);
  });

  it('names --batch-size when the batch is what does not fit', () => {
    const options = { ...BOOK, hidden: [100_000], batchSize: 60000 };
    const message = refusal(ioWith(16 * GB, 16 * GB), options);
    expect(message).toMatch(
      /^--batch-size 60000 needs about .* \(batch activations .*: try --batch-size \d+ or less$/,
    );
    const suggested = Number(/try --batch-size (\d+)/.exec(message)?.[1]);
    expect(needs({ ...options, batchSize: suggested })).toBeLessThanOrEqual(16 * GB);
  });

  it('over what is free now but not over the machine: refused unless --yes', () => {
    const options = { ...BOOK, hidden: [100_000] };
    const need = needs(options);
    const io = ioWith(2 * need, need / 2);
    expect(refusal(io, options)).toMatch(
      /; only .* of this machine's .* is free now: try --hidden \d+ or less, or add --yes to start it anyway$/,
    );
    expect(refusal(io, { ...options, yes: true })).toBe('accepted');
    expect(refusal(ioWith(need / 2, need / 2), { ...options, yes: true })).toMatch(
      /this machine has/,
    );
  });

  it('counts the run as asked: threads, precision and --save change the need', () => {
    const wide = { ...BOOK, hidden: [20000] };
    expect(needs({ ...wide, threads: 4 })).toBeGreaterThan(needs(wide));
    expect(needs({ ...wide, precision: 'f32' })).toBeLessThan(needs(wide));
    expect(needs({ ...wide, save: 'model.json' })).toBeGreaterThan(needs(wide));
  });

  it('refuses a --save too large for one file, before any training', () => {
    const message = refusal(ioWith(1024 * GB, 1024 * GB), {
      ...BOOK,
      hidden: [40000],
      save: 'model.json',
    });
    expect(message).toMatch(
      /^--save: a model with --hidden 40000 can take \d+ MB as JSON, more than the 512 MB one file can hold; try --hidden (\d+) or less$/,
    );
    const suggested = Number(/try --hidden (\d+)/.exec(message)?.[1]);
    expect(
      refusal(ioWith(1024 * GB, 1024 * GB), { ...BOOK, hidden: [suggested], save: 'm.json' }),
    ).toBe('accepted');
  });
});

describe('checkTrainingMemory of chapter-6 networks', () => {
  it("counts the book's step: optimizer state, batch norm and dropout buffers", () => {
    const deep = { ...BOOK, hidden: [2000, 2000, 2000], threads: 1 };
    const book = { optimizerStates: 0, batchNorm: false, dropout: false };
    const withStep = (step: Partial<typeof book>) =>
      trainingMemory({
        layerSizes: [784, 2000, 2000, 2000, 10],
        batchSize: 100,
        iters: 10000,
        precision: 'f64',
        threads: 1,
        grad: 'backprop',
        samples: 70000,
        isSaved: false,
        bookStep: { ...book, ...step },
      }).bytes;
    expect(withStep({ optimizerStates: 2 })).toBeGreaterThan(withStep({}));
    expect(withStep({ batchNorm: true })).toBeGreaterThan(withStep({}));
    expect(withStep({ dropout: true })).toBeGreaterThan(withStep({}));
    expect(refusal(ioWith(16 * GB, 16 * GB), { ...deep, bookStep: book })).toBe('accepted');
  });

  it('names a list of hidden sizes that fits, every size capped', () => {
    const message = refusal(ioWith(16 * GB, 16 * GB), {
      ...BOOK,
      hidden: [100, 300_000, 300_000],
      bookStep: { optimizerStates: 2, batchNorm: true, dropout: false },
    });
    expect(message).toMatch(
      /^--hidden 100,300000,300000 needs about [\d.]+ TB of memory \(.+\); this machine has 16 GB: try --hidden 100,(\d+),\1 or less$/,
    );
    const capped = Number(/try --hidden 100,(\d+),/.exec(message)?.[1]);
    expect(capped).toBeGreaterThan(1000);
    const fitting = { ...BOOK, hidden: [100, capped, capped] };
    expect(
      refusal(ioWith(16 * GB, 16 * GB), {
        ...fitting,
        bookStep: { optimizerStates: 2, batchNorm: true, dropout: false },
      }),
    ).toBe('accepted');
  });
});

describe('checkGradientCheckMemory', () => {
  it('refuses what the machine cannot hold and passes what it can', () => {
    expect(() => checkGradientCheckMemory(ioWith(16 * GB, 16 * GB), [1_000_000], false)).toThrow(
      /^--hidden 1000000 needs about \d+ GB of memory .*this machine has 16 GB: try --hidden \d+ or less$/,
    );
    expect(() => checkGradientCheckMemory(ioWith(16 * GB, 16 * GB), [50], false)).not.toThrow();
  });
});
