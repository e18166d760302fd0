// The bundled files as this process last read them, lent to every later load while the files on
// disk are still those very files and something still holds their bytes. A test worker runs
// hundreds of commands and a library caller may train in a loop: each would otherwise read the
// 55 MB again and, holding new buffers, scan the images into sparse rows again (that scan is kept
// per buffer, so lending the same buffers spares it too).
//
// Lending is safe because nothing writes to a Dataset's bytes: the steps, evaluators and workers
// gather or copy them into memory of their own. The files are compared by what a change to them
// changes (device, inode, size, modification and status-change times, to the nanosecond), and
// the bytes are held weakly, so a lent set costs no memory once nobody uses it.

import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { MNIST_FILES } from './files.js';

interface HeldFile {
  buffer: WeakRef<ArrayBufferLike>;
  byteOffset: number;
  length: number;
}

interface Held {
  identity: string;
  files: Map<string, HeldFile>;
}

/** One directory's files at a time: the bundle is the only directory ever lent. */
let held: Held | undefined;

/**
 * What the four files in `dir` are on disk, or undefined if one cannot be looked at (the load
 * then reads them, and reports what is wrong).
 */
export async function filesIdentity(dir: string): Promise<string | undefined> {
  try {
    const stats = await Promise.all(
      MNIST_FILES.map((name) => fs.stat(join(dir, name), { bigint: true })),
    );
    const parts = stats.map((s) => [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':'));
    return `${dir}\n${parts.join('\n')}`;
  } catch {
    return undefined;
  }
}

/** The bytes last held for `identity`, if the files are unchanged and still in memory. */
export function heldFiles(identity: string): Map<string, Uint8Array> | undefined {
  if (held?.identity !== identity) return undefined;
  const files = new Map<string, Uint8Array>();
  for (const [name, file] of held.files) {
    const buffer = file.buffer.deref();
    // Gone, or detached by a transfer to a worker (a length of 0): read the disk again.
    if (buffer === undefined || buffer.byteLength < file.byteOffset + file.length) return undefined;
    files.set(name, new Uint8Array(buffer, file.byteOffset, file.length));
  }
  return files;
}

/**
 * Holds the bytes of files read after `identity` was taken: if they changed in between, the
 * identity taken next differs, so they are never lent as the files' present state.
 */
export function holdFiles(identity: string, files: ReadonlyMap<string, Uint8Array>): void {
  held = {
    identity,
    files: new Map(
      [...files].map(([name, bytes]) => [
        name,
        { buffer: new WeakRef(bytes.buffer), byteOffset: bytes.byteOffset, length: bytes.length },
      ]),
    ),
  };
}
