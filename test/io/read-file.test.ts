import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError } from '../../src/io/file-error.js';
import { formatBytes, readRegularFile, type ReadLimits } from '../../src/io/read-file.js';
import { makeDevice, makeFifo, whyNoDevices, whyNoFifos } from './special-files.js';

const MODEL: ReadLimits = { maxBytes: 1024, what: 'model', limitFor: 'a model file' };

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'nn-read-'));
}

async function failureOf(path: string, limits = MODEL): Promise<FileError> {
  const failure = await readRegularFile(path, limits).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(FileError);
  return failure as FileError;
}

describe('readRegularFile', () => {
  it('reads a regular file whole, through a link too', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'model.json'), '{"format":1}');
    symlinkSync('model.json', join(dir, 'link.json'));
    expect(Buffer.from(await readRegularFile(join(dir, 'model.json'), MODEL)).toString()).toBe(
      '{"format":1}',
    );
    expect((await readRegularFile(join(dir, 'link.json'), MODEL)).length).toBe(12);
  });

  it('reads a file of exactly the limit, and refuses one byte more before reading it', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'exact'), Buffer.alloc(1024, 1));
    writeFileSync(join(dir, 'over'), Buffer.alloc(1025, 1));
    expect((await readRegularFile(join(dir, 'exact'), MODEL)).length).toBe(1024);
    const failure = await failureOf(join(dir, 'over'));
    expect(failure.message).toBe(
      `model ${join(dir, 'over')} is 1025 bytes, over the 1024 bytes limit for a model file`,
    );
    expect(failure.code).toBeUndefined();
  });

  it('refuses a huge sparse file by its size, without reading a byte', async () => {
    const dir = scratch();
    const path = join(dir, 'huge.json');
    writeFileSync(path, '');
    truncateSync(path, 64 * 1024 ** 3);
    const limits = { maxBytes: 256 * 1024 ** 2, what: 'model', limitFor: 'a model file' };
    expect((await failureOf(path, limits)).message).toBe(
      `model ${path} is 64 GiB, over the 256 MiB limit for a model file`,
    );
  });

  it('refuses a directory, naming the file and what it is', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'model.json'));
    const failure = await failureOf(join(dir, 'model.json'));
    expect(failure.message).toBe(`model ${join(dir, 'model.json')} is a directory, not a file`);
    expect(failure.reason).toBe('is a directory, not a file');
  });

  it('refuses a FIFO with no writer at once instead of waiting for one', async (context) => {
    context.skip(whyNoFifos !== undefined, whyNoFifos);
    const dir = scratch();
    makeFifo(join(dir, 'fifo'));
    expect((await failureOf(join(dir, 'fifo'))).reason).toBe('is a FIFO, not a file');
  });

  it('refuses an endless device (a /dev/zero stand-in) without reading it', async (context) => {
    context.skip(whyNoDevices !== undefined, whyNoDevices);
    const dir = scratch();
    makeDevice(join(dir, 'zero'), 'zero');
    symlinkSync('zero', join(dir, 'image.pgm'));
    const failure = await failureOf(join(dir, 'image.pgm'));
    expect(failure.reason).toBe('is a character device, not a file');
  });

  it("reports the system's failures with its code: a missing file", async () => {
    const dir = scratch();
    const failure = await failureOf(join(dir, 'nowhere.json'));
    expect(failure.message).toBe(
      `cannot read model ${join(dir, 'nowhere.json')}: no such file or directory`,
    );
    expect(failure.code).toBe('ENOENT');
  });
});

describe('formatBytes', () => {
  it('is exact below a KiB and keeps one decimal at most above', () => {
    expect(formatBytes(784)).toBe('784 bytes');
    expect(formatBytes(60008)).toBe('58.6 KiB');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(47040016)).toBe('44.9 MiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
  });
});
