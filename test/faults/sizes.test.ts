// Fault catalogue: sizes that cannot fit. Refused before anything is allocated or loaded, as
// usage errors: one line naming the memory needed, what the machine has and the option to
// change; exit 2; nothing written. Each run's peak memory is measured (a probe loaded with
// --import) to show nothing large was allocated first.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gradientCheckMemory, trainingMemory } from '../../src/train/memory-estimate.js';
import { expectOneLine } from './promise.js';
import { spawnCommand, type CommandName } from './spawn.js';

const PROBE = fileURLToPath(new URL('./peak-memory.mjs', import.meta.url));
/** Node with the modules loaded and no data: well under this. */
const SMALL_PEAK_KB = 200 * 1024;

const scratch = mkdtempSync(join(tmpdir(), 'nn-faults-sizes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The cases run with two threads, and their estimates count two. */
const THREADS = ['--threads', '2'];

function training(hidden: number, batchSize = 100, iters = 10000): number {
  return trainingMemory({
    layerSizes: [784, hidden, 10],
    batchSize,
    iters,
    precision: 'f64',
    threads: 2,
    grad: 'backprop',
    samples: 70000,
    isSaved: false,
  }).bytes;
}

interface Case {
  name: CommandName;
  args: string[];
  /** The least memory the run needs: a machine with this much could run it, not refuse it. */
  needs: number;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'nn-train',
    args: ['--hidden', '1000000', ...THREADS],
    needs: training(1_000_000),
    message:
      /^--hidden 1000000 needs about \d+ GB of memory \(.*\); this machine has .*: try --hidden \d+ or less$/,
  },
  {
    name: 'nn-train',
    args: ['--hidden', '10000000', ...THREADS],
    needs: training(10_000_000),
    message: /^--hidden 10000000 needs about \d+ GB of memory .*: try --hidden \d+ or less$/,
  },
  {
    name: 'nn-train',
    args: ['--batch-size', '60000', '--hidden', '100000', ...THREADS],
    needs: training(100_000, 60000),
    message:
      /^--batch-size 60000 needs about \d+ GB of memory \(batch activations .*: try --batch-size \d+ or less$/,
  },
  {
    name: 'nn-train',
    args: ['--iters', '1000000000000', ...THREADS],
    needs: training(50, 100, 1e12),
    message:
      /^--iters 1000000000000 needs about [\d.]+ TB of memory \(losses .*: try --iters \d+ or less$/,
  },
  {
    name: 'nn-grad',
    args: ['net', '--hidden', '1000000'],
    needs: gradientCheckMemory([784, 1_000_000, 10]).bytes,
    message:
      /^--hidden 1000000 needs about \d+ GB of memory \(.*\); this machine has .*: try --hidden \d+ or less$/,
  },
];

describe('sizes the machine cannot hold', () => {
  for (const { name, args, needs, message } of cases) {
    // Where the machine could hold it, the run would start: no case for this machine.
    const fits = needs <= totalmem();
    const test = fits ? it.skip : it.concurrent;
    const why = fits ? ' (skipped: this machine has the memory for it)' : '';
    test(`${name} ${args.join(' ')}: exit 2, one line, nothing allocated${why}`, async () => {
      const dir = mkdtempSync(join(scratch, 'case-'));
      const peakFile = join(dir, 'peak');
      const plot = name === 'nn-train' ? ['--plot', join(dir, 'plot.svg')] : [];
      const run = spawnCommand(name, [...args, ...plot], {
        nodeOptions: ['--import', PROBE],
        env: { PEAK_MEMORY_FILE: peakFile },
      });
      const outcome = await run.done;
      expect(outcome.status).toBe(2);
      expect(outcome.stdout).toBe('');
      expectOneLine(outcome.stderr, name);
      expect(outcome.stderr.trimEnd().slice(`${name}: `.length)).toMatch(message);
      expect(Number(readFileSync(peakFile, 'utf8'))).toBeLessThan(SMALL_PEAK_KB);
      expect(readdirSync(dir)).toEqual(['peak']);
    });
  }
});

describe('sizes that cannot be', () => {
  it.concurrent(
    'a batch larger than any training set: exit 2 naming the set, nothing written',
    async () => {
      const dir = mkdtempSync(join(scratch, 'case-'));
      const save = join(dir, 'model.json');
      const outcome = await spawnCommand('nn-train', [
        '--source',
        'bundled',
        '--batch-size',
        '9007199254740991',
        '--save',
        save,
      ]).done;
      expect(outcome.status).toBe(2);
      expectOneLine(
        outcome.stderr,
        'nn-train',
        /--batch-size 9007199254740991 is larger than the training set \(60000 samples\)$/,
      );
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it.concurrent(
    'a model too large for one file, with --save: refused before training',
    async () => {
      const dir = mkdtempSync(join(scratch, 'case-'));
      const save = join(dir, 'model.json');
      const outcome = await spawnCommand('nn-train', ['--hidden', '40000', '--save', save]).done;
      expect(outcome.status).toBe(2);
      expect(outcome.stdout).toBe('');
      expectOneLine(
        outcome.stderr,
        'nn-train',
        /--save: a model with --hidden 40000 can take \d+ MB as JSON, more than the 512 MB one file can hold; try --hidden \d+ or less$/,
      );
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
