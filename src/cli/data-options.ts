// The data options every command that loads MNIST shares (--source, --data-dir, --mirror,
// --timeout, --min-rate), and the wiring from them to loadMnist: notes go to the command's
// stderr, and a download draws a progress bar when that is a terminal, a line per file started
// and finished when it is not (a log file, CI).

import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SingleBar } from 'cli-progress';
import { NnError } from '../core/errors.js';
import { normaliseMirrors } from '../data/mirrors.js';
import { formatBytes } from '../data/pace.js';
import { singleBar } from '../report/progress-bar.js';
import {
  loadMnist,
  SOURCE_CHOICES,
  type DownloadProgress,
  type LoadOptions,
  type LoadResult,
  type SourceChoice,
} from '../data/load.js';
import type { Io, Output } from './io.js';
import { numberParser } from './parsers.js';

/** The values commander parses from the options addDataOptions declares. */
export interface DataOptionValues {
  source?: SourceChoice;
  dataDir?: string;
  mirror?: string[];
  timeout?: number;
  minRate?: number;
}

function collectMirror(value: string, previous: string[] | undefined): string[] {
  try {
    normaliseMirrors([value]);
  } catch (error) {
    if (error instanceof NnError) throw new InvalidArgumentError('Expected an http(s) URL.');
    throw error;
  }
  return [...(previous ?? []), value];
}

export function sourceOption(): Option {
  return new Option('--source <source>', 'where MNIST comes from (auto: cache, bundled, download)')
    .choices(SOURCE_CHOICES)
    .default('auto');
}

export function dataDirOption(): Option {
  return new Option(
    '--data-dir <dir>',
    'cache directory (default: $MNIST_DIR, else nn-scratch in $XDG_CACHE_HOME or ~/.cache)',
  );
}

export function mirrorOption(): Option {
  return new Option(
    '--mirror <url>',
    'download from this mirror (repeatable; default: $MNIST_MIRROR, else the standard two)',
  ).argParser(collectMirror);
}

export function timeoutOption(): Option {
  return new Option(
    '--timeout <seconds>',
    'give up on a mirror silent for this long (default 30)',
  ).argParser(numberParser({ min: 0, exclusiveMin: true, max: 3600 }));
}

export function minRateOption(): Option {
  return new Option(
    '--min-rate <kB/s>',
    'give up on a mirror slower than this over a --timeout period (default 10; 0: any pace)',
  ).argParser(numberParser({ min: 0 }));
}

/** Adds --source, --data-dir, --mirror (repeatable), --timeout and --min-rate to `command`. */
export function addDataOptions(command: Command): Command {
  return command
    .addOption(sourceOption())
    .addOption(dataDirOption())
    .addOption(mirrorOption())
    .addOption(timeoutOption())
    .addOption(minRateOption());
}

/**
 * LoadOptions from parsed data options: $MNIST_DIR, $MNIST_MIRROR, the proxies and the user's
 * cache directory from the command's environment, notes and a download bar on its stderr.
 */
export function loadOptionsFrom(values: DataOptionValues, io: Io): LoadOptions {
  return {
    source: values.source ?? 'auto',
    dataDir: values.dataDir,
    env: io.env,
    mirrors: values.mirror,
    timeoutMs: values.timeout === undefined ? undefined : Math.round(values.timeout * 1000),
    minBytesPerSecond: values.minRate === undefined ? undefined : values.minRate * 1000,
    onNote: (message) => io.err.write(`${io.name}: ${message}\n`),
    onProgress: progressReporter(io.err, io.name),
  };
}

/**
 * Loads MNIST as the data options say. A stop signal meanwhile (a download can take minutes)
 * aborts it and ends the command with one line: `name: interrupted while loading MNIST<tail>`.
 */
export function loadMnistFor(values: DataOptionValues, io: Io, tail = ''): Promise<LoadResult> {
  return io.stops.stoppable(
    (signal) => loadMnist({ ...loadOptionsFrom(values, io), signal }),
    ` while loading MNIST${tail}`,
  );
}

/** The line a finished file leaves: where it came from, its size, how long it took. */
function finishedLine(event: DownloadProgress, elapsedMs: number): string {
  const took = elapsedMs < 1000 ? `${elapsedMs} ms` : `${(elapsedMs / 1000).toFixed(1)} s`;
  const rate = formatBytes((event.receivedBytes * 1000) / elapsedMs);
  return (
    `downloaded ${event.file} from ${event.url}: ` +
    `${formatBytes(event.receivedBytes)} in ${took} (${rate}/s)`
  );
}

/**
 * On a terminal, a bar per file that gives way to the file's finished line; elsewhere a line as
 * each file starts and one as it finishes (a failure's own message follows from the command).
 */
function progressReporter(output: Output, name: string): (event: DownloadProgress) => void {
  let bar: SingleBar | undefined;
  let startedAt = 0;
  return (event) => {
    const elapsedMs = Math.max(Date.now() - startedAt, 1);
    if (event.phase === 'start') {
      startedAt = Date.now();
      if (output.isTTY) {
        bar = startBar(output.stream, event);
      } else {
        const size = event.totalBytes === undefined ? '' : ` (${formatBytes(event.totalBytes)})`;
        output.write(`${name}: downloading ${event.url}${size}\n`);
      }
      return;
    }
    if (event.phase === 'data') {
      bar?.update(event.receivedBytes, barValues(event.receivedBytes, elapsedMs));
      return;
    }
    bar?.stop();
    bar = undefined;
    if (event.phase === 'done') output.write(`${name}: ${finishedLine(event, elapsedMs)}\n`);
  };
}

/** A cli-progress bar: bytes, rate and ETA, or only bytes and rate when the size is unknown. */
function startBar(stream: NodeJS.WritableStream, event: DownloadProgress): SingleBar {
  const format =
    event.totalBytes === undefined
      ? `${event.file} {received} MB | {speed} MB/s`
      : `${event.file} [{bar}] {percentage}% | {received} MB | {speed} MB/s | ETA {eta_formatted}`;
  const bar = singleBar({ stream, format, hideCursor: true, clearOnComplete: true });
  bar.start(event.totalBytes ?? 0, event.receivedBytes, barValues(event.receivedBytes, 1));
  return bar;
}

function barValues(receivedBytes: number, elapsedMs: number): Record<string, string> {
  return {
    received: (receivedBytes / 1e6).toFixed(1),
    speed: (receivedBytes / 1e3 / elapsedMs).toFixed(1),
  };
}
