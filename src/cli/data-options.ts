// The data options every command that loads MNIST shares (--source, --data-dir, --mirror,
// --timeout), and the wiring from them to loadMnist: notes go to the command's stderr, and a
// download draws a progress bar when that is a terminal.

import { InvalidArgumentError, Option, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { NnError } from '../core/errors.js';
import { mirrorsFromEnv, normaliseMirrors } from '../data/download.js';
import {
  loadMnist,
  SOURCE_CHOICES,
  type DownloadProgress,
  type LoadOptions,
  type LoadResult,
  type SourceChoice,
} from '../data/load.js';
import { resolveCacheDir } from '../data/sources.js';
import type { Io } from './io.js';
import { numberParser } from './parsers.js';

/** The values commander parses from the options addDataOptions declares. */
export interface DataOptionValues {
  source?: SourceChoice;
  dataDir?: string;
  mirror?: string[];
  timeout?: number;
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
    'cache directory (default: $MNIST_DIR, else the package data/)',
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

/** Adds --source, --data-dir, --mirror (repeatable) and --timeout to `command`. */
export function addDataOptions(command: Command): Command {
  return command
    .addOption(sourceOption())
    .addOption(dataDirOption())
    .addOption(mirrorOption())
    .addOption(timeoutOption());
}

/**
 * LoadOptions from parsed data options: $MNIST_DIR and $MNIST_MIRROR from the command's
 * environment, notes and a download bar on its stderr.
 */
export function loadOptionsFrom(values: DataOptionValues, io: Io): LoadOptions {
  return {
    source: values.source ?? 'auto',
    dataDir: resolveCacheDir(values.dataDir, io.env),
    mirrors: values.mirror ?? mirrorsFromEnv(io.env.MNIST_MIRROR),
    timeoutMs: values.timeout === undefined ? undefined : Math.round(values.timeout * 1000),
    onNote: (message) => io.err.write(`${io.name}: ${message}\n`),
    onProgress: io.err.isTTY ? progressBar(io.err.stream) : undefined,
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

/** One cli-progress bar per file: bytes, rate and ETA (when the server sent the size). */
function progressBar(stream: NodeJS.WritableStream): (event: DownloadProgress) => void {
  let bar: SingleBar | undefined;
  let startedAt = 0;
  return (event) => {
    if (event.phase === 'start') {
      bar = new SingleBar({
        stream,
        format: `${event.file} [{bar}] {percentage}% | {received} MB | {speed} MB/s | ETA {eta_formatted}`,
        hideCursor: true,
      });
      startedAt = Date.now();
      bar.start(event.totalBytes ?? 0, 0, { received: '0.0', speed: '0.0' });
      return;
    }
    if (!bar) return;
    const elapsed = (Date.now() - startedAt) / 1000 || 1;
    bar.update(event.receivedBytes, {
      received: (event.receivedBytes / 1e6).toFixed(1),
      speed: (event.receivedBytes / 1e6 / elapsed).toFixed(1),
    });
    if (event.phase !== 'data') {
      bar.stop();
      bar = undefined;
    }
  };
}
