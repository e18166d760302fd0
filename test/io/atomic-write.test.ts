import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whyNotWritable, writeFileAtomic } from '../../src/io/atomic-write.js';
import { FileError } from '../../src/io/file-error.js';
import {
  makeDevice,
  makeFifo,
  mountTmpfs,
  readFifo,
  remountReadOnly,
  unmount,
  whyNoDevices,
  whyNoFifos,
  whyNoMounts,
} from './special-files.js';

const isRoot = process.getuid?.() === 0;

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'nn-atomic-'));
}

describe('writeFileAtomic', () => {
  it('replaces the target whole and leaves no temporary file', async () => {
    const dir = scratch();
    const target = join(dir, 'model.json');
    writeFileSync(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['model.json']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const dir = scratch();
    const target = join(dir, 'private.json');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    await writeFileAtomic(target, 'new');
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('fails into a missing directory without creating anything', async () => {
    const dir = scratch();
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toThrow(
      /^cannot write .*x\.json: no such file or directory$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes through a symbolic link: the link stays, its target is replaced beside itself', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'model.json'), 'old');
    symlinkSync('real/model.json', join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real/model.json');
    expect(readFileSync(join(dir, 'real', 'model.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real']);
    expect(readdirSync(join(dir, 'real'))).toEqual(['model.json']);
  });

  it('follows a chain of links, each relative to its own real directory', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'model.json'), 'old');
    symlinkSync('../b/model.json', join(dir, 'a', 'second'));
    symlinkSync('a', join(dir, 'via'));
    symlinkSync('via/second', join(dir, 'first'));
    await writeFileAtomic(join(dir, 'first'), 'new');
    expect(readFileSync(join(dir, 'b', 'model.json'), 'utf8')).toBe('new');
    expect(lstatSync(join(dir, 'first')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'a', 'second')).isSymbolicLink()).toBe(true);
  });

  it("creates a dangling link's target, as the shell's > does, and keeps the link", async () => {
    const dir = scratch();
    symlinkSync('made.json', join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'made.json'), 'utf8')).toBe('new');
  });

  it('refuses a loop of links and a directory, naming the file', async () => {
    const dir = scratch();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    await expect(writeFileAtomic(join(dir, 'a'), 'x')).rejects.toThrow(
      /cannot write .*\/a: too many levels of symbolic links/,
    );
    await expect(writeFileAtomic(dir, 'x', { what: 'the model' })).rejects.toThrow(
      /^cannot write .*: is a directory; the model was not saved$/,
    );
  });

  it('writes into a character device in place: still the device, nothing else made', async (context) => {
    context.skip(whyNoDevices !== undefined, whyNoDevices);
    const dir = scratch();
    makeDevice(join(dir, 'null'), 'null');
    await writeFileAtomic(join(dir, 'null'), 'x'.repeat(100_000));
    expect(statSync(join(dir, 'null')).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['null']);
  });

  it('reports a full device as no space left, saying what was not saved', async (context) => {
    context.skip(whyNoDevices !== undefined, whyNoDevices);
    const dir = scratch();
    makeDevice(join(dir, 'full'), 'full');
    const failure = await writeFileAtomic(join(dir, 'full'), 'model', { what: 'the model' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(FileError);
    expect((failure as FileError).message).toBe(
      `cannot write ${join(dir, 'full')}: no space left on device; the model was not saved`,
    );
    expect((failure as FileError).code).toBe('ENOSPC');
    expect(statSync(join(dir, 'full')).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['full']);
  });

  it('writes into a FIFO, waiting for a reader that comes later', async (context) => {
    context.skip(whyNoFifos !== undefined, whyNoFifos);
    const dir = scratch();
    const fifo = join(dir, 'fifo');
    makeFifo(fifo);
    // More than a pipe holds (64 KiB), so the writer also meets a full pipe.
    const text = 'weights '.repeat(100_000);
    const writing = writeFileAtomic(fifo, text);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [read] = await Promise.all([readFifo(fifo), writing]);
    expect(read).toBe(text);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['fifo']);
  });

  it('leaves the old file and no temporary file when the disk fills up', async (context) => {
    context.skip(whyNoMounts !== undefined, whyNoMounts);
    const dir = join(scratch(), 'small');
    mountTmpfs(dir, 32);
    try {
      writeFileSync(join(dir, 'model.json'), 'old');
      await expect(
        writeFileAtomic(join(dir, 'model.json'), 'x'.repeat(200_000), { what: 'the model' }),
      ).rejects.toThrow(/model\.json: no space left on device; the model was not saved$/);
      expect(readFileSync(join(dir, 'model.json'), 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['model.json']);
    } finally {
      unmount(dir);
    }
  });
});

describe('whyNotWritable', () => {
  it('accepts a new file in an existing directory', async () => {
    const dir = scratch();
    expect(await whyNotWritable(join(dir, 'new.json'))).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a missing directory, a file used as a directory, and a directory as target', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), '');
    expect(await whyNotWritable(join(dir, 'missing', 'x.json'))).toMatch(/does not exist/);
    expect(await whyNotWritable(join(dir, 'file', 'x.json'))).toMatch(/not a directory/);
    expect(await whyNotWritable(dir)).toMatch(/is a directory/);
  });

  it('says a name is too long only when the name itself is', async () => {
    const dir = scratch();
    expect(await whyNotWritable(join(dir, `${'a'.repeat(250)}.json`))).toBeUndefined();
    expect(await whyNotWritable(join(dir, `${'é'.repeat(126)}.j`))).toBeUndefined();
    expect(await whyNotWritable(join(dir, `${'a'.repeat(251)}.json`))).toBe('file name too long');
    expect(readdirSync(dir)).toEqual([]);
  });

  it("checks a dangling link's target directory", async () => {
    const dir = scratch();
    symlinkSync('nowhere/model.json', join(dir, 'link.json'));
    expect(await whyNotWritable(join(dir, 'link.json'))).toMatch(/nowhere does not exist/);
  });

  it('accepts a FIFO without a reader at once, by stat, never opening it', async (context) => {
    context.skip(whyNoFifos !== undefined, whyNoFifos);
    const dir = scratch();
    makeFifo(join(dir, 'fifo'));
    expect(await whyNotWritable(join(dir, 'fifo'))).toBeUndefined();
  });

  it('accepts a character device and refuses a block device', async (context) => {
    context.skip(whyNoDevices !== undefined, whyNoDevices);
    const dir = scratch();
    makeDevice(join(dir, 'null'), 'null');
    execFileSync('mknod', [join(dir, 'block'), 'b', '7', '250']);
    expect(await whyNotWritable(join(dir, 'null'))).toBeUndefined();
    expect(await whyNotWritable(join(dir, 'block'))).toMatch(/is a block device; only a file/);
  });

  it('names a read-only file system, even for root', async (context) => {
    context.skip(whyNoMounts !== undefined, whyNoMounts);
    const dir = join(scratch(), 'ro');
    mountTmpfs(dir, 16);
    try {
      writeFileSync(join(dir, 'model.json'), 'old');
      remountReadOnly(dir);
      expect(await whyNotWritable(join(dir, 'model.json'))).toBe(
        `directory ${dir} is not writable (read-only file system)`,
      );
    } finally {
      unmount(dir);
    }
  });

  it('names a read-only directory', async (context) => {
    context.skip(isRoot, 'root writes into a directory whatever its permission bits say');
    const dir = scratch();
    chmodSync(dir, 0o500);
    expect(await whyNotWritable(join(dir, 'x.json'))).toMatch(/not writable/);
  });
});
