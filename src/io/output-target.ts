// Where an output really goes, decided by lstat alone (nothing is opened, so a FIFO never blocks
// here). A symbolic link is followed to the end of its chain: the link stays a link and its final
// target is written; a dangling link's target is created, as the shell's `>` does. Then what sits
// there decides how it is written: nothing or a regular file is replaced through a temporary
// file; a character device or a FIFO is written into; anything else is refused.

import { promises as fs, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { codeOf } from './file-error.js';

export type OutputTarget =
  | { kind: 'new'; path: string }
  | { kind: 'file' | 'stream'; path: string; stats: Stats }
  | { kind: 'refused'; path: string; reason: string };

/** Links followed before giving up, as Linux's MAXSYMLINKS. */
const MAX_LINKS = 40;

/** The path an output is written to, after its links, and how; throws the system's errors. */
export async function outputTarget(target: string): Promise<OutputTarget> {
  let path = resolve(target);
  for (let links = 0; ; links++) {
    let stats: Stats;
    try {
      stats = await fs.lstat(path);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return { kind: 'new', path };
      throw error;
    }
    if (!stats.isSymbolicLink()) return classify(path, stats);
    if (links === MAX_LINKS) {
      throw Object.assign(new Error(`ELOOP: too many symbolic links, open '${path}'`), {
        code: 'ELOOP',
      });
    }
    // Relative to the link's real directory, as the system resolves it ('..' included).
    path = resolve(await fs.realpath(dirname(path)), await fs.readlink(path));
  }
}

function classify(path: string, stats: Stats): OutputTarget {
  if (stats.isFile()) return { kind: 'file', path, stats };
  if (stats.isCharacterDevice() || stats.isFIFO()) return { kind: 'stream', path, stats };
  if (stats.isDirectory()) return { kind: 'refused', path, reason: 'is a directory' };
  // A block device holds a file system or a disk's data; a socket cannot be opened as a file.
  const what = stats.isBlockDevice() ? 'a block device' : 'a socket';
  return {
    kind: 'refused',
    path,
    reason: `is ${what}; only a file, a character device or a FIFO is written`,
  };
}
