// Where downloads go: the user's cache directory by default, never the install folder; a cache
// that cannot be used says how to choose another; a failed first download leaves no directory.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { prepareCacheDir } from '../../src/data/cache-dir.js';
import { loadMnist } from '../../src/data/load.js';
import { resolveCacheDir, userCacheDir } from '../../src/data/sources.js';

const scratch = mkdtempSync(join(tmpdir(), 'nn-cache-dir-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the default cache directory', () => {
  it('is nn-scratch in $XDG_CACHE_HOME when that is absolute', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/var/cache/ada', HOME: '/home/ada' })).toBe(
      '/var/cache/ada/nn-scratch',
    );
  });

  it('is ~/.cache/nn-scratch without $XDG_CACHE_HOME, or with a relative one', () => {
    expect(userCacheDir({ HOME: '/home/ada' })).toBe('/home/ada/.cache/nn-scratch');
    expect(userCacheDir({ HOME: '/home/ada', XDG_CACHE_HOME: 'cache' })).toBe(
      '/home/ada/.cache/nn-scratch',
    );
  });

  it('gives way to $MNIST_DIR, and both to the directory the caller names', () => {
    const env = { HOME: '/home/ada', MNIST_DIR: '/data/mnist' };
    expect(resolveCacheDir(undefined, { HOME: '/home/ada' })).toEqual({
      path: '/home/ada/.cache/nn-scratch',
      origin: 'default',
    });
    expect(resolveCacheDir(undefined, env)).toEqual({ path: '/data/mnist', origin: 'MNIST_DIR' });
    expect(resolveCacheDir('/elsewhere', env)).toEqual({ path: '/elsewhere', origin: 'dataDir' });
  });
});

describe('prepareCacheDir', () => {
  it('makes the default cache with its missing parents and says which it made first', async () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const path = userCacheDir({ HOME: home });
    expect(await prepareCacheDir({ path, origin: 'default' })).toBe(join(home, '.cache'));
    expect(readdirSync(path)).toEqual([]);
    expect(await prepareCacheDir({ path, origin: 'default' })).toBeUndefined();
  });

  it('refuses a named directory whose parent is missing, making nothing', async () => {
    const path = join(scratch, 'no-parent', 'mnist');
    const made = prepareCacheDir({ path, origin: 'dataDir' });
    await expect(made).rejects.toThrow(/its parent does not exist/);
    expect(existsSync(join(scratch, 'no-parent'))).toBe(false);
  });

  it('names --data-dir and MNIST_DIR when the default cache cannot be made', async () => {
    // A file where a directory should be stops root as well as anyone (unlike permissions).
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a directory');
    const made = prepareCacheDir({ path: join(file, 'nn-scratch'), origin: 'default' });
    await expect(made).rejects.toThrow(DataError);
    await expect(made).rejects.toThrow(/--data-dir DIR or MNIST_DIR$/);
  });
});

describe('a first download into the default cache that fails', () => {
  it('leaves no directory behind, not even ~/.cache', async () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    mkdirSync(join(home, 'keep'));
    const load = loadMnist({
      source: 'download',
      env: { HOME: home },
      // Port 1 on the loopback refuses at once: no network, no wait.
      mirrors: ['http://127.0.0.1:1/'],
    });
    await expect(load).rejects.toThrow(/could not download/);
    expect(readdirSync(home)).toEqual(['keep']);
  });
});
