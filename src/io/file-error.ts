// What went wrong with a file, in words, for every reader and writer of src/io: the one place
// where the file system's error codes become the phrases a user reads.

import type { Stats } from 'node:fs';
import { NnError } from '../core/errors.js';

/** A file could not be read or written; the message names the file and says why. */
export class FileError extends NnError {
  constructor(
    message: string,
    readonly path: string,
    /** Why, as a phrase: "no space left on device", "is a FIFO, not a file". */
    readonly reason: string,
    /** The system's error code (ENOSPC, ...), or undefined when the file's kind or size is at fault. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Where the system's own wording would mislead or say too little. */
const PHRASES: Readonly<Record<string, string>> = {
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error (a failing disk or a lost network file system?)',
  EROFS: 'read-only file system',
  EFBIG: 'file too large for the file system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EPIPE: 'the reader closed it before everything was written',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/** Why an operation on a file failed, as a phrase for a one-line message. */
export function reasonOf(error: unknown): string {
  const code = codeOf(error);
  if (code !== undefined && PHRASES[code] !== undefined) return PHRASES[code];
  const message = error instanceof Error ? error.message : String(error);
  // Node's wording is "ENXIO: no such device or address, open '/x'": keep the middle.
  return /^[A-Z0-9_]+: (.*?)(?:, \w+(?: '.*')?)?$/.exec(message)?.[1] ?? message;
}

export function codeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What a file that is not a regular file is, by its stat: "a FIFO", "a directory", ... */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a regular file';
}
