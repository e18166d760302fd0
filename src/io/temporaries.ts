// The temporary files written beside an output before it is renamed into place, and their removal
// on every way out. A name is registered the moment it is made, before the file exists, so an exit
// at any later point — an error, Ctrl-C, SIGTERM — removes it, as long as the exit goes through
// process.exit or the end of the program: src/cli hooks removeTemporariesSync to 'exit'.

import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * A temporary name is never longer than the target's own name, or than this many bytes when the
 * target's is shorter: so it is legal wherever the target's name is (every file system allows 64
 * bytes; most allow 255), and a target name just under the limit still gets a temporary file.
 */
const SHORT_NAME_BYTES = 64;

const live = new Set<string>();

/**
 * A temporary path in the target's own directory (so the final rename never crosses devices),
 * hidden and ending in .tmp: `.<name>.<pid>.<random hex>.tmp`, with <name> cut short when the
 * whole would be longer than allowed above. The path is registered for removal at exit until
 * releaseTemporary.
 */
export function temporaryPathFor(target: string): string {
  const path = resolve(target);
  const name = basename(path);
  const tail = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const limit = Math.max(Buffer.byteLength(name), SHORT_NAME_BYTES);
  const whole = `.${name}${tail}`;
  const temporary = join(
    dirname(path),
    Buffer.byteLength(whole) <= limit ? whole : shortened(name, tail, limit),
  );
  live.add(temporary);
  return temporary;
}

/** `.<the longest whole-character prefix of name that fits><tail>`, at most `limit` bytes. */
function shortened(name: string, tail: string, limit: number): string {
  const room = limit - 1 - Buffer.byteLength(tail);
  let stem = '';
  let bytes = 0;
  for (const character of name) {
    const size = Buffer.byteLength(character);
    if (bytes + size > room) break;
    stem += character;
    bytes += size;
  }
  return `.${stem}${tail}`;
}

/** The temporary file was renamed into place or removed: nothing is left to clean up at exit. */
export function releaseTemporary(path: string): void {
  live.delete(path);
}

/**
 * Removes every registered temporary file that still exists. Synchronous, for process.on('exit'),
 * where nothing asynchronous runs any more; never throws.
 */
export function removeTemporariesSync(): void {
  for (const path of live) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Gone already or not removable: nothing better can be done on the way out.
    }
  }
  live.clear();
}
