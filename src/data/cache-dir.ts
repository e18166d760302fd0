// The cache directory a download writes into: checked (and created if need be) before any
// download starts, swept of the temporary files of killed processes, and removed again when the
// download that created it fails, so that a failed first fetch leaves the disk as it found it.

import { promises as fs } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DataError } from '../core/errors.js';
import { whyNotWritable } from '../io/atomic-write.js';
import type { CacheLocation } from './sources.js';

/** What a user whose cache cannot be used can do about it. */
const ELSEWHERE = 'choose another directory with --data-dir DIR or MNIST_DIR';

/**
 * Fails before any download starts when the cache cannot take the files, creating it if need
 * be: the user's default cache with its missing parents (~/.cache may not exist yet), a
 * directory the user named only when its parent exists (a typo should not make a tree).
 * Returns the first directory it created, or undefined when it created none.
 */
export async function prepareCacheDir(location: CacheLocation): Promise<string | undefined> {
  const dir = location.path;
  const toMake = location.origin === 'default' ? await missingDirectories(dir) : [dir];
  let created: string | undefined;
  for (const path of toMake) {
    try {
      await fs.mkdir(path);
      created ??= path;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // There already, or made meanwhile by another process: nothing to do.
      if (code === 'EEXIST') continue;
      if (created !== undefined) await removeCreated(dirname(path), created);
      if (code === 'ENOENT' && location.origin !== 'default') {
        throw new DataError(`cannot create cache directory ${dir}: its parent does not exist`);
      }
      throw new DataError(
        `cannot create cache directory ${dir} (${code ?? String(error)}); ${ELSEWHERE}`,
      );
    }
  }
  const reason = await whyNotWritable(join(dir, '.probe'));
  if (reason !== undefined) {
    if (created !== undefined) await removeCreated(dir, created);
    throw new DataError(`cache directory unusable: ${reason}; ${ELSEWHERE}`);
  }
  await removeOrphans(dir);
  return created;
}

/**
 * The directories of `dir`'s path that do not exist yet, outermost first. (Node's own recursive
 * mkdir never returns where a parent exists but refuses children, as /proc does.)
 */
async function missingDirectories(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    try {
      await fs.stat(current);
      break;
    } catch (error) {
      // Anything but absence (a file on the way, no permission) is for mkdir to report.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') break;
    }
    missing.push(current);
    if (dirname(current) === current) break;
  }
  return missing.reverse();
}

/**
 * Removes `dir`, which a download created and then failed to fill, with the `files` it did put
 * there, and the parents it created with it, up to `created`; left as it is when anything else
 * has appeared in it since.
 */
export async function removeCreatedCacheDir(
  dir: string,
  files: readonly string[],
  created: string,
): Promise<void> {
  const entries = await fs.readdir(dir).catch(() => undefined);
  if (entries === undefined || entries.some((entry) => !files.includes(entry))) return;
  for (const entry of entries) await fs.rm(join(dir, entry), { force: true });
  await removeCreated(dir, created);
}

/** Removes the empty `dir` and its parents up to `created`, stopping at one that is in use. */
async function removeCreated(dir: string, created: string): Promise<void> {
  let current = dir;
  for (;;) {
    try {
      // Something written meanwhile makes this fail with ENOTEMPTY: then the directory is in use.
      await fs.rmdir(current);
    } catch {
      return;
    }
    if (current === created || relative(created, current).startsWith('..')) return;
    current = dirname(current);
  }
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
