// Every input the tool reads whole — a model, an image, an MNIST file of the cache or the bundle —
// is read here, and only if it is a regular file no larger than what such a file can be: a FIFO
// would hang the read, /dev/zero would never end it, and a huge file would fill the memory.

import { promises as fs, constants, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { codeOf, FileError, kindOf, reasonOf } from './file-error.js';

export interface ReadLimits {
  /** The largest size accepted, checked before any byte is read. */
  maxBytes: number;
  /** What the file is, for messages: "model" gives "model m.json is a FIFO, not a file". */
  what: string;
  /** Whose limit maxBytes is: "a model file" gives "…, over the 256 MiB limit for a model file". */
  limitFor: string;
}

/**
 * The bytes of the regular file at `path`. Anything else, or a file over the limit, is a
 * FileError naming the file and saying what it is; so is every failure of the system's.
 */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Uint8Array> {
  const { what } = limits;
  try {
    // Looked at before it is opened: opening a FIFO waits for a writer, and opening some devices
    // sets them going. The descriptor's own stat decides below; this only spares the opening.
    refuseUnlessSane(path, await fs.stat(path), limits);
    // Non-blocking: should a FIFO have taken the file's place since, the open still returns.
    const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      refuseUnlessSane(path, stats, limits);
      return await readAll(handle, stats.size);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    const reason = reasonOf(error);
    throw new FileError(`cannot read ${what} ${path}: ${reason}`, path, reason, codeOf(error));
  }
}

function refuseUnlessSane(path: string, stats: Stats, { maxBytes, what, limitFor }: ReadLimits) {
  let reason: string | undefined;
  if (!stats.isFile()) reason = `is ${kindOf(stats)}, not a file`;
  else if (stats.size > maxBytes) {
    // Exact when rounding would show the two as equal.
    const isClose = formatBytes(stats.size) === formatBytes(maxBytes);
    const shown = (bytes: number) => (isClose ? `${bytes} bytes` : formatBytes(bytes));
    reason = `is ${shown(stats.size)}, over the ${shown(maxBytes)} limit for ${limitFor}`;
  }
  if (reason !== undefined) throw new FileError(`${what} ${path} ${reason}`, path, reason);
}

/** `size` bytes from the start, or fewer if the file shrank meanwhile; never more. */
async function readAll(handle: FileHandle, size: number): Promise<Uint8Array> {
  const bytes = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  while (offset < size) {
    const { bytesRead } = await handle.read(bytes, offset, size - offset, offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  return offset === size ? bytes : bytes.subarray(0, offset);
}

/** 784 bytes, 64 KiB, 256 MiB, 1.5 GiB: exact below a KiB, one decimal at most above. */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toFixed(1))} ${units[unit]}`;
}
