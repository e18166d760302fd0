import { mkdtempSync, readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whyNotWritable, writeFileAtomic } from '../../src/io/atomic-write.js';

const isRoot = process.getuid?.() === 0;

describe('writeFileAtomic', () => {
  it('replaces the target whole and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-atomic-'));
    const target = join(dir, 'model.json');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('fails into a missing directory without creating anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-atomic-'));
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('whyNotWritable', () => {
  it('accepts a new file in an existing directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-atomic-'));
    expect(await whyNotWritable(join(dir, 'new.json'))).toBeUndefined();
  });

  it('names a missing directory, a file used as a directory, and a directory as target', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-atomic-'));
    writeFileSync(join(dir, 'file'), '');
    expect(await whyNotWritable(join(dir, 'missing', 'x.json'))).toMatch(/does not exist/);
    expect(await whyNotWritable(join(dir, 'file', 'x.json'))).toMatch(/not a directory/);
    expect(await whyNotWritable(dir)).toMatch(/is a directory/);
  });

  it('names a directory where no file can be created, even for root', async () => {
    expect(await whyNotWritable('/proc/nn-scratch-probe.json')).toMatch(/not writable/);
    expect(readdirSync('/proc').some((name) => name.includes('nn-scratch'))).toBe(false);
  });

  it.skipIf(isRoot)('names a read-only directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-atomic-'));
    chmodSync(dir, 0o500);
    expect(await whyNotWritable(join(dir, 'x.json'))).toMatch(/not writable/);
  });
});
