// The cache directory a download writes into: checked (and created if need be) before any
// download starts, swept of the temporary files of killed processes, and removed again when the
// download that created it fails, so that a failed first fetch leaves the disk as it found it.

import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../core/errors.js';
import { whyNotWritable } from '../io/atomic-write.js';

/**
 * Fails before any download starts when `dir` cannot take the files, creating it if need be.
 * Returns whether it created `dir`.
 */
export async function prepareCacheDir(dir: string): Promise<boolean> {
  let isCreated = true;
  try {
    await fs.mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DataError(`cannot create cache directory ${dir}: its parent does not exist`);
    }
    if (code !== 'EEXIST') {
      throw new DataError(`cannot create cache directory ${dir} (${code ?? String(error)})`);
    }
    isCreated = false;
  }
  const reason = await whyNotWritable(join(dir, '.probe'));
  if (reason !== undefined) {
    if (isCreated) await fs.rmdir(dir).catch(() => undefined);
    throw new DataError(`cache directory unusable: ${reason}`);
  }
  await removeOrphans(dir);
  return isCreated;
}

/**
 * Removes `dir`, which a download created and then failed to fill, with the `files` it did put
 * there; left as it is when anything else has appeared in it since.
 */
export async function removeCreatedCacheDir(dir: string, files: readonly string[]): Promise<void> {
  const entries = await fs.readdir(dir).catch(() => undefined);
  if (entries === undefined || entries.some((entry) => !files.includes(entry))) return;
  for (const entry of entries) await fs.rm(join(dir, entry), { force: true });
  // Something written meanwhile makes this fail with ENOTEMPTY: then the directory is in use.
  await fs.rmdir(dir).catch(() => undefined);
}

// temporaryPathFor's names: .<file>.<pid>.<hex>.tmp
const TEMPORARY_NAME = /^\.(?:train|t10k)-(?:images|labels)-idx[13]-ubyte\.(\d+)\.[0-9a-f]+\.tmp$/;

/**
 * Removes temporary files left by a download whose process was killed (no finally block runs on
 * SIGKILL or an unhandled Ctrl-C). Those of a live process may be a download under way: kept.
 */
async function removeOrphans(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir)) {
    const match = TEMPORARY_NAME.exec(entry);
    if (match && !isAlive(Number(match[1]))) await fs.rm(join(dir, entry), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
