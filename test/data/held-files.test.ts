import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TRAIN_IMAGES, TRAIN_LABELS } from '../../src/data/files.js';
import { filesIdentity, heldFiles, holdFiles } from '../../src/data/held-files.js';
import { loadMnist } from '../../src/data/load.js';
import { makeFixtureSet } from './idx-writer.js';

const scratch = mkdtempSync(join(tmpdir(), 'nn-held-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fixture = makeFixtureSet(30, 10);

function filesDir(): string {
  const dir = mkdtempSync(join(scratch, 'd-'));
  for (const [name, bytes] of Object.entries(fixture.raw)) writeFileSync(join(dir, name), bytes);
  return dir;
}

/** The files as a load would have read them: each in a buffer of its own. */
function readCopies(): Map<string, Uint8Array<ArrayBuffer>> {
  return new Map(Object.entries(fixture.raw).map(([name, bytes]) => [name, bytes.slice()]));
}

async function heldAfterChange(change: (dir: string) => void): Promise<unknown> {
  const dir = filesDir();
  const before = await filesIdentity(dir);
  holdFiles(before as string, readCopies());
  change(dir);
  const after = await filesIdentity(dir);
  expect(after).not.toBe(before);
  return heldFiles(after as string);
}

describe('files held for later loads', () => {
  it('lends the very buffers held while the files are unchanged', async () => {
    const dir = filesDir();
    const identity = await filesIdentity(dir);
    const read = readCopies();
    holdFiles(identity as string, read);
    const lent = heldFiles((await filesIdentity(dir)) as string);
    expect([...(lent?.keys() ?? [])].sort()).toEqual([...read.keys()].sort());
    for (const [name, bytes] of read) {
      expect(lent?.get(name)?.buffer).toBe(bytes.buffer);
      expect(lent?.get(name)).toEqual(bytes);
    }
  });

  it('lends nothing once a file is rewritten in place with a new time', async () => {
    const lent = await heldAfterChange((dir) => {
      const path = join(dir, TRAIN_LABELS);
      writeFileSync(
        path,
        fixture.raw[TRAIN_LABELS].map((label) => (label + 1) % 10),
      );
      utimesSync(path, new Date(2001, 0, 1), new Date(2001, 0, 1));
    });
    expect(lent).toBeUndefined();
  });

  it('lends nothing once a file is replaced by another of the same size', async () => {
    const lent = await heldAfterChange((dir) => {
      const path = join(dir, TRAIN_IMAGES);
      writeFileSync(`${path}.new`, fixture.raw[TRAIN_IMAGES]);
      renameSync(`${path}.new`, path);
    });
    expect(lent).toBeUndefined();
  });

  it('has no identity for a directory with a file missing', async () => {
    const dir = filesDir();
    rmSync(join(dir, TRAIN_LABELS));
    expect(await filesIdentity(dir)).toBeUndefined();
  });

  it('lends nothing once a held buffer is detached', async () => {
    const dir = filesDir();
    const identity = (await filesIdentity(dir)) as string;
    const read = readCopies();
    holdFiles(identity, read);
    const images = read.get(TRAIN_IMAGES) as Uint8Array<ArrayBuffer>;
    structuredClone(images.buffer, { transfer: [images.buffer] });
    expect(heldFiles(identity)).toBeUndefined();
  });
});

describe('loadMnist of the bundled files', () => {
  it('shares one load’s bytes with the next, and reads them again to hash them', async () => {
    const first = await loadMnist({ source: 'bundled' });
    const second = await loadMnist({ source: 'bundled' });
    expect(second.dataset.train.images.buffer).toBe(first.dataset.train.images.buffer);
    expect(second.dataset.test.labels.buffer).toBe(first.dataset.test.labels.buffer);
    expect(second.isVerified).toBe(false);
    const hashed = await loadMnist({ source: 'bundled', verifyBundled: true });
    expect(hashed.isVerified).toBe(true);
    expect(hashed.dataset.train.images.buffer).not.toBe(first.dataset.train.images.buffer);
  });
});
