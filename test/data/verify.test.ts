import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifySources } from '../../src/data/verify.js';

const scratch = mkdtempSync(join(tmpdir(), 'nn-verify-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('verifySources', () => {
  it('finds the bundled files complete and intact against the published sha256 table', async () => {
    const [cache, bundled] = await verifySources({ dataDir: join(scratch, 'absent') });
    expect(bundled.source).toBe('bundled');
    expect(bundled.isComplete).toBe(true);
    expect(bundled.files.map((f) => [f.name, f.size, f.isVerified])).toEqual([
      ['train-images-idx3-ubyte', 16 + 60000 * 784, true],
      ['train-labels-idx1-ubyte', 8 + 60000, true],
      ['t10k-images-idx3-ubyte', 16 + 10000 * 784, true],
      ['t10k-labels-idx1-ubyte', 8 + 10000, true],
    ]);
    // An absent cache is the state before the first download: incomplete, but no fault.
    expect(cache).toMatchObject({ source: 'cache', isComplete: false, isIntact: true });
    expect(cache.fault).toBe(`${join(scratch, 'absent')} does not exist`);
  });

  it('counts a cache path that is a file as a fault', async () => {
    const file = join(scratch, 'file');
    writeFileSync(file, '');
    const [cache] = await verifySources({ dataDir: file });
    expect(cache).toMatchObject({ isIntact: false, fault: `${file} is not a directory` });
  });

  it('reports a cached file of the wrong content by name, and missing ones as missing', async () => {
    const dir = mkdtempSync(join(scratch, 'cache-'));
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), 'not mnist');
    const [cache] = await verifySources({ dataDir: dir });
    expect(cache.isIntact).toBe(false);
    const faults = Object.fromEntries(cache.files.map((f) => [f.name, f.fault]));
    expect(faults['t10k-labels-idx1-ubyte']).toMatch(
      /^sha256 .* differs from the expected ff7bcfd416de…$/,
    );
    expect(faults['train-images-idx3-ubyte']).toBe('missing');
  });
});
