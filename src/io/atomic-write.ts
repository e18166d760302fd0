// Files the tool writes (models, plots, cached data) appear whole or not at all, and nothing that
// was there is destroyed. A regular file (or a new one) is written to a temporary file beside it,
// flushed, then renamed over it in one step: an interrupted or failed write leaves the old file as
// it was, and the temporary file is removed on every way out (see temporaries.ts). A symbolic link
// is written through, a character device or a FIFO written into (see output-target.ts).

import { promises as fs, constants, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { codeOf, FileError, reasonOf } from './file-error.js';
import { outputTarget, type OutputTarget } from './output-target.js';
import { releaseTemporary, temporaryPathFor } from './temporaries.js';

export { temporaryPathFor } from './temporaries.js';

export interface WriteOptions {
  /** What the file holds, for the failure message: "the model" → "…; the model was not saved". */
  what?: string;
}

/** Writes `data` to `target` as described above; a failure is a FileError naming `target`. */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const fail = (reason: string, code?: string): never => {
    const lost = options.what === undefined ? '' : `; ${options.what} was not saved`;
    throw new FileError(`cannot write ${target}: ${reason}${lost}`, target, reason, code);
  };
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let output: OutputTarget;
  try {
    output = await outputTarget(target);
  } catch (error) {
    return fail(reasonOf(error), codeOf(error));
  }
  if (output.kind === 'refused') return fail(output.reason);
  try {
    if (output.kind === 'stream') await writeInto(output.path, output.stats, bytes);
    else await replace(output.path, output.kind === 'file' ? output.stats : undefined, bytes);
  } catch (error) {
    fail(reasonOf(error), codeOf(error));
  }
}

async function replace(path: string, existing: Stats | undefined, bytes: Uint8Array) {
  const temporary = temporaryPathFor(path);
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(temporary, 'wx');
  } catch (error) {
    // Nothing was created (EEXIST would be another's file of the same name: not ours to remove).
    releaseTemporary(temporary);
    throw error;
  }
  try {
    if (existing !== undefined) await keepModeAndOwner(handle, existing);
    await handle.writeFile(bytes);
    // On disk before the rename, so a crash never leaves the new name with missing contents.
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temporary, path);
    releaseTemporary(temporary);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    // If even this fails, the name stays registered and the exit hook tries again.
    await fs.rm(temporary, { force: true }).then(
      () => releaseTemporary(temporary),
      () => undefined,
    );
    throw error;
  }
}

/** The replacement keeps the permissions (and, where allowed, the owner) of the file it replaces. */
async function keepModeAndOwner(handle: FileHandle, existing: Stats): Promise<void> {
  await handle.chmod(existing.mode & 0o7777);
  if (existing.uid === process.getuid?.() && existing.gid === process.getgid?.()) return;
  await handle.chown(existing.uid, existing.gid).catch((error: unknown) => {
    if (codeOf(error) !== 'EPERM' && codeOf(error) !== 'EINVAL') throw error;
  });
}

/**
 * Writes into a character device or a FIFO in place: no temporary file, no rename, no unlink.
 * The descriptor is non-blocking, so no thread ever waits inside the system and an exit is never
 * held up; a FIFO with no reader yet is waited for (as the shell's `>` waits), by retrying.
 */
async function writeInto(path: string, stats: Stats, bytes: Uint8Array): Promise<void> {
  const handle = await openWithoutBlocking(path, stats.isFIFO());
  try {
    const opened = await handle.stat();
    // Replaced by a regular file since it was looked at: that is replaced whole, never overwritten.
    if (opened.isFile()) return await replace(path, opened, bytes);
    let offset = 0;
    let pause = 1;
    while (offset < bytes.length) {
      try {
        offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
        pause = 1;
      } catch (error) {
        if (codeOf(error) !== 'EAGAIN') throw error;
        await delay(pause);
        pause = Math.min(pause * 2, 50);
      }
    }
  } finally {
    await handle.close();
  }
}

async function openWithoutBlocking(path: string, isFifo: boolean): Promise<FileHandle> {
  // O_NONBLOCK is 0 where the platform has none (Windows, which has no FIFOs either).
  const flags = constants.O_WRONLY | (constants.O_NONBLOCK ?? 0);
  let pause = 10;
  for (;;) {
    try {
      return await fs.open(path, flags);
    } catch (error) {
      // ENXIO: a FIFO that no process has open for reading.
      if (!isFifo || codeOf(error) !== 'ENXIO') throw error;
      await delay(pause);
      pause = Math.min(pause * 2, 200);
    }
  }
}

/**
 * Why `target` could not be written, or undefined if it can: checked before long work starts so
 * that an hour of training never ends in "directory not found". Decided by stat, and by creating
 * (and removing) a temporary file where one will be needed; a device or a FIFO is never opened.
 */
export async function whyNotWritable(target: string): Promise<string | undefined> {
  const path = resolve(target);
  const dirFault = await whyNotADirectory(dirname(path));
  if (dirFault !== undefined) return dirFault;
  let output: OutputTarget;
  try {
    output = await outputTarget(path);
  } catch (error) {
    return reasonOf(error);
  }
  if (output.kind === 'refused') return `${output.path} ${output.reason}`;
  if (output.kind === 'stream') {
    try {
      await fs.access(output.path, constants.W_OK);
      return undefined;
    } catch (error) {
      return `${output.path} is not writable (${reasonOf(error)})`;
    }
  }
  // A link's target may live in another directory: that one takes the temporary file.
  const dir = dirname(output.path);
  return (await whyNotADirectory(dir)) ?? (await whyNoFileIn(dir, output.path));
}

async function whyNotADirectory(dir: string): Promise<string | undefined> {
  try {
    const stats = await fs.stat(dir);
    return stats.isDirectory() ? undefined : `${dir} is not a directory`;
  } catch (error) {
    return codeOf(error) === 'ENOENT'
      ? `directory ${dir} does not exist`
      : `directory ${dir}: ${reasonOf(error)}`;
  }
}

/** Permission bits do not bind root and say nothing of read-only mounts: try a real file. */
async function whyNoFileIn(dir: string, path: string): Promise<string | undefined> {
  const probe = temporaryPathFor(path);
  try {
    await (await fs.open(probe, 'wx')).close();
  } catch (error) {
    releaseTemporary(probe);
    return `directory ${dir} is not writable (${reasonOf(error)})`;
  }
  await fs.rm(probe, { force: true });
  releaseTemporary(probe);
  return undefined;
}
