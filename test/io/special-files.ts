// Stand-ins for the system's special files, made inside a test's own directory so that no test
// touches /dev: character devices made with mknod (c 1 3 behaves as /dev/null, c 1 5 as /dev/zero,
// c 1 7 as /dev/full), FIFOs, and small tmpfs mounts. Each kind is probed once; where the machine
// does not allow it (no root, a nodev mount, no mount rights), the probe says why and the tests
// that need it skip with that reason.

import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Device = 'null' | 'zero' | 'full';

const MINOR: Record<Device, string> = { null: '3', zero: '5', full: '7' };

export function makeDevice(path: string, device: Device): void {
  execFileSync('mknod', [path, 'c', '1', MINOR[device]], { stdio: 'ignore' });
}

export function makeFifo(path: string): void {
  execFileSync('mkfifo', [path], { stdio: 'ignore' });
}

/** Reads a FIFO to its end in another process, as a user's `cat fifo` would. */
export function readFifo(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
}

/** Mounts a tmpfs of `kilobytes` on `dir` (created if need be); read-only when asked. */
export function mountTmpfs(dir: string, kilobytes: number, isReadOnly = false): void {
  mkdirSync(dir, { recursive: true });
  const options = `size=${kilobytes}k,mode=0755${isReadOnly ? ',ro' : ''}`;
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
}

export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' });
}

/** Unmounts `dir`, lazily if something still holds it, so a failed test leaves no mount. */
export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
}

function whyNot(probe: (dir: string) => void, what: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'nn-probe-'));
  try {
    probe(dir);
    return undefined;
  } catch (error) {
    return `${what} is not possible here (${(error as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why stand-in devices cannot be made and used in the temporary directory, or undefined. */
export const whyNoDevices = whyNot((dir) => {
  const full = join(dir, 'full');
  makeDevice(full, 'full');
  // A nodev mount lets the node be made but not opened; a real full device refuses the write.
  const fd = openSync(full, 'w');
  try {
    writeSync(fd, 'x');
    throw new Error('the stand-in for /dev/full accepted a write');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}, 'making a character device with mknod');

export const whyNoFifos = whyNot((dir) => makeFifo(join(dir, 'fifo')), 'making a FIFO');

/** Why a tmpfs cannot be mounted in the temporary directory (not root, a container), or undefined. */
export const whyNoMounts = whyNot((dir) => {
  const mountPoint = join(dir, 'mnt');
  mountTmpfs(mountPoint, 16);
  unmount(mountPoint);
}, 'mounting a tmpfs');
