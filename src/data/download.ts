// Downloading the four files into the cache directory. Each `.gz` comes from a mirror (http-get),
// through a pace guard, its gzip layers peeled (unpack) and a sha256, into a temporary file
// beside its target, and is renamed into place only when the raw file's hash matches; any fault
// deletes the temporary file and tries the next mirror. A mirror that could not be reached, went
// silent, crawled or answered 5xx is not tried again for the remaining files, so a dead mirror
// costs one timeout.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ConfigError, DataError } from '../core/errors.js';
import { temporaryPathFor } from '../io/atomic-write.js';
import { httpGet, UnreachableError } from './http-get.js';
import { formatBytes, PaceError, PaceGuard } from './pace.js';
import type { ProxySettings } from './proxy.js';
import { unpack, unpackReason } from './unpack.js';
import { normaliseMirrors } from './mirrors.js';

export interface DownloadProgress {
  /** 'start' once the body opens as gzip; 'done' once the file is verified and in place. */
  phase: 'start' | 'data' | 'done' | 'failed';
  file: string;
  url: string;
  /** Bytes received so far, as sent (compressed). */
  receivedBytes: number;
  /** From Content-Length, when the server sent one. */
  totalBytes: number | undefined;
}

export interface DownloadOptions {
  mirrors: readonly string[];
  checksums: Readonly<Record<string, string>>;
  /** Longest wait for a response or for the next chunk of its body; the rate rule's window. */
  timeoutMs: number;
  /** Slowest acceptable delivery over each `timeoutMs` of a body; 0 accepts any pace. */
  minBytesPerSecond: number;
  proxies: ProxySettings;
  onProgress?: (event: DownloadProgress) => void;
  /** Told of the mirrors that failed for a file that a later mirror then delivered. */
  onNote?: (message: string) => void;
  /** Aborting stops the download at once; the temporary file is removed before the rejection. */
  signal?: AbortSignal;
}

/** A fault that says the mirror itself is failing, not just this file on it. */
class MirrorDown extends Error {}

function isMirrorDown(error: unknown): boolean {
  return (
    error instanceof MirrorDown || error instanceof UnreachableError || error instanceof PaceError
  );
}

/**
 * Downloads `names` into `dir` (which prepareCacheDir has checked), each from the first mirror
 * that delivers it intact; onProgress's 'done' says which.
 */
export async function downloadFiles(
  dir: string,
  names: readonly string[],
  options: DownloadOptions,
): Promise<void> {
  const mirrors = normaliseMirrors(options.mirrors);
  if (mirrors.length === 0) throw new ConfigError('no mirror to download from');
  const deadMirrors = new Map<string, string>();
  for (const name of names) {
    const failures: string[] = [];
    const tried: string[] = [];
    let isDone = false;
    for (const mirror of mirrors) {
      const url = `${mirror}${name}.gz`;
      const dead = deadMirrors.get(mirror);
      if (dead !== undefined) {
        failures.push(`${url}: skipped, ${dead} earlier`);
        continue;
      }
      try {
        await downloadOne(url, dir, name, options);
        if (tried.length > 0) options.onNote?.(`passed over ${tried.join('; ')}`);
        isDone = true;
        break;
      } catch (error) {
        options.signal?.throwIfAborted();
        const message = error instanceof Error ? error.message : String(error);
        if (isMirrorDown(error)) deadMirrors.set(mirror, message);
        failures.push(`${url}: ${message}`);
        tried.push(`${url}: ${message}`);
      }
    }
    if (!isDone) {
      throw new DataError(`could not download ${name} from any mirror: ${failures.join('; ')}`);
    }
  }
}

/** Encodings that are one more gzip layer, which unpack peels; a server may send no other. */
const GZIP_ENCODINGS = new Set(['', 'identity', 'gzip', 'x-gzip']);

async function downloadOne(
  url: string,
  dir: string,
  name: string,
  { checksums, timeoutMs, minBytesPerSecond, proxies, onProgress, signal }: DownloadOptions,
): Promise<void> {
  signal?.throwIfAborted();
  const expected = checksums[name];
  if (expected === undefined) throw new DataError(`no checksum is known for ${name}`);
  const target = join(dir, name);
  const temporary = temporaryPathFor(target);
  let receivedBytes = 0;
  let totalBytes: number | undefined;
  let hasStarted = false;
  const report = (phase: DownloadProgress['phase']) =>
    onProgress?.({ phase, file: name, url, receivedBytes, totalBytes });
  const { status, statusText, body } = await httpGet(url, { proxies, timeoutMs, signal });
  const stop = () => body.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    signal?.throwIfAborted();
    if (status < 200 || status > 299) {
      const why = `HTTP ${status} ${statusText}`.trim();
      throw status >= 500 ? new MirrorDown(why) : new Error(why);
    }
    const encoding = (body.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (!GZIP_ENCODINGS.has(encoding)) {
      throw new Error(`sent with Content-Encoding ${encoding}, which is not gzip`);
    }
    const length = Number(body.headers['content-length']);
    totalBytes = Number.isFinite(length) && length > 0 ? length : undefined;
    const contentType = body.headers['content-type']?.split(';')[0] ?? 'no content type';
    const hash = createHash('sha256');
    // Opened before the stream starts, so the file exists (and is removed below) whatever fails.
    const output = await fs.open(temporary, 'wx');
    await pipeline(
      body,
      new PaceGuard({ silenceMs: timeoutMs, minBytesPerSecond }, (bytes) => {
        receivedBytes = bytes;
        if (hasStarted) report('data');
      }),
      unpack(contentType, () => {
        hasStarted = true;
        report('start');
      }),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          yield chunk;
        }
      },
      output.createWriteStream(),
    ).catch((error: unknown) => {
      signal?.throwIfAborted();
      if (error instanceof PaceError) throw error;
      throw new Error(unpackReason(error) ?? bodyReason(error, receivedBytes, totalBytes));
    });
    const actual = hash.digest('hex');
    if (actual !== expected.toLowerCase()) {
      throw new Error(
        `sha256 of the unpacked file ${actual.slice(0, 12)}… is not the expected ${expected.slice(0, 12)}…`,
      );
    }
    await fs.rename(temporary, target);
    report('done');
  } catch (error) {
    body.destroy();
    if (hasStarted) report('failed');
    throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
    await fs.rm(temporary, { force: true });
  }
}

function bodyReason(error: unknown, receivedBytes: number, totalBytes: number | undefined): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    const of = totalBytes === undefined ? '' : ` of ${formatBytes(totalBytes)}`;
    return `connection closed mid-stream after ${formatBytes(receivedBytes)}${of}`;
  }
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
