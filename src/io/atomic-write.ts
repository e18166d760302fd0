// Files the tool writes (models, plots, cached data) appear whole or not at all: the bytes go to
// a temporary file beside the target, then a rename replaces it in one step. An interrupted
// write leaves the old file as it was.

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A temporary path in the target's own directory, so the final rename never crosses devices. */
export function temporaryPathFor(target: string): string {
  const dir = dirname(resolve(target));
  return join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(target);
  try {
    await fs.writeFile(temporary, data, { flag: 'wx' });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Why `target` could not be written, or undefined if it can: checked before long work starts
 * so that an hour of training never ends in "directory not found".
 */
export async function whyNotWritable(target: string): Promise<string | undefined> {
  const path = resolve(target);
  const dir = dirname(path);
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) return `${dir} is not a directory`;
  } catch {
    return `directory ${dir} does not exist`;
  }
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) return `${path} is a directory`;
  } catch {
    // Not there yet: the directory's permissions decide.
  }
  // Permission bits do not bind root and say nothing of read-only mounts: try a real file.
  const probe = temporaryPathFor(path);
  try {
    await fs.writeFile(probe, '', { flag: 'wx' });
  } catch {
    return `directory ${dir} is not writable`;
  }
  await fs.rm(probe, { force: true });
  return undefined;
}
