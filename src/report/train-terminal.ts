// What a person watching nn-train sees: a header, one cli-progress bar on a terminal's stderr for
// the whole run, a line per epoch and a summary. On a terminal every line fits its width and the
// epochs are a table with a column header; into a file or a pipe, the rows keep the book's words
// ("train acc, test acc | 0.7823, 0.7915"), one per line as scripts parse them.
// Text goes to the sinks the command hands in; nothing here picks a stream or reads its width.

import type { SingleBar } from 'cli-progress';
import type { ChalkInstance } from 'chalk';
import type { StepKind, TrainConfig } from '../train/config.js';
import type { EpochRecord, TrainEvents } from '../train/events.js';
import type { TrainResult } from '../train/trainer.js';
import { formatDuration } from './duration.js';
import { networkLabel, optimizerLabel } from './network-label.js';
import { testPaint, trainPaint } from './palette.js';
import { singleBar } from './progress-bar.js';
import { progressLine, RateMeter, type ProgressState } from './progress.js';
import { packParts, padStartVisible } from './text-width.js';

export { formatDuration } from './duration.js';

export interface TextSink {
  write(text: string): unknown;
}

export interface ProgressTarget {
  /** A terminal (stderr when it is one). */
  stream: NodeJS.WritableStream;
  /** Its width in columns. */
  columns: number;
}

export interface TerminalReporterOptions {
  /** Receives the header, the epoch lines and the summary. */
  out: TextSink;
  /**
   * The width of `out` when it is a terminal: lines fit it and the epochs are a table. Undefined
   * when it is not: the book's full rows, as scripts read them.
   */
  columns?: number;
  /** Where to draw the progress bar, or nowhere. */
  progress?: ProgressTarget;
  chalk: ChalkInstance;
  showHeader: boolean;
  showEpochs: boolean;
  showSummary: boolean;
  /** Said in the header: where the data came from. */
  dataDescription?: string;
  /** Whether the seed was drawn at random (then the header says how to repeat the run). */
  isSeedRandom?: boolean;
}

/** What the reporter needs of a trainer: its configuration and its events. */
export interface TrainingRun {
  readonly config: TrainConfig;
  on<K extends keyof TrainEvents<TrainResult>>(
    type: K,
    listener: (event: TrainEvents<TrainResult>[K]) => void,
  ): unknown;
}

/** An epoch row; the losses over the full sets are there when the trainer measured them. */
export type EpochRow = EpochRecord & { trainLoss?: number; testLoss?: number };

const BAR_UPDATE_MS = 100;

export interface HeaderOptions {
  isSeedRandom?: boolean;
  /** The step that trains; the book's is named (the fused one, the usual, is not). */
  step?: StepKind;
  dataDescription?: string;
  /** Lines are packed to this width; without it, each group is one line. */
  columns?: number;
}

/** The network and the run with its seed, then the data and when it is evaluated. */
export function formatHeader(
  config: TrainConfig,
  seed: number,
  chalk: ChalkInstance,
  { isSeedRandom = false, step, dataDescription, columns }: HeaderOptions = {},
): string[] {
  const every = Number.isInteger(config.evalEvery)
    ? String(config.evalEvery)
    : config.evalEvery.toFixed(2);
  const gradient = config.grad === 'numerical' ? ', numerical gradients' : '';
  const repeat = isSeedRandom ? chalk.dim(` (repeat with --seed ${seed})`) : '';
  const run = packParts(
    [
      `${networkLabel(config.network, (name) => chalk.bold(name))}${gradient}`,
      optimizerLabel(config.optimizer),
      `batch ${config.batchSize}`,
      `${config.iters} iterations`,
      `seed ${seed}${repeat}`,
    ],
    columns,
    { separator: ' · ' },
  );
  const data = packParts(
    [
      `data: ${dataDescription ?? 'MNIST'}`,
      `${config.trainSize} train / ${config.testSize} test samples`,
      `evaluated every ${every} iterations`,
      ...(step === 'book' ? ["the book's step"] : []),
    ],
    columns,
    { separator: ' · ', indent: '      ' },
  );
  return [...run, ...data.map((line) => chalk.dim(line))];
}

/** Whether a row carries a loss over a full set (the trainer may not measure them). */
export function carriesSetLosses(row: EpochRow): boolean {
  return row.trainLoss !== undefined || row.testLoss !== undefined;
}

/** A value of the rows, to four decimals; '-' for one the row does not carry. */
function fixed(value: number | undefined): string {
  return value === undefined ? '-' : value.toFixed(4);
}

/**
 * The book's row, as printed into files and pipes: `epoch  1 · iter  600 · loss 1.6845 · …`.
 * The losses over the full sets, when the row has them, come last, so that every field before
 * them stays where scripts look for it: `… · 8.2 s · train loss, test loss | 0.6012, 0.5923`.
 */
export function formatEpochLine(
  record: EpochRow,
  config: TrainConfig,
  chalk: ChalkInstance,
): string {
  const epochWidth = String(Math.floor(config.iters / config.evalEvery)).length;
  const iterWidth = String(config.iters - 1).length;
  const train = trainPaint(chalk);
  const test = testPaint(chalk);
  const setLosses = carriesSetLosses(record)
    ? ` · train loss, test loss | ${train(fixed(record.trainLoss))}, ${test(fixed(record.testLoss))}`
    : '';
  return (
    `epoch ${String(record.epoch).padStart(epochWidth)} · ` +
    `iter ${String(record.iter).padStart(iterWidth)} · ` +
    `loss ${record.loss.toFixed(4)} · ` +
    `train acc, test acc | ${train(record.trainAcc.toFixed(4))}, ` +
    `${test(record.testAcc.toFixed(4))} · ` +
    chalk.dim(formatDuration(record.elapsedMs)) +
    setLosses
  );
}

interface TableColumn {
  label: string;
  width: number;
  value: (row: EpochRow) => string;
}

/**
 * The columns of the terminal's epoch table. `loss` is the mean batch loss since the previous
 * row, as in the book's row; `train loss` and `test loss` (over the full sets) join when the
 * rows carry them. With both, a row is at most 76 columns wide.
 */
function tableColumns(config: TrainConfig, hasSetLosses: boolean, chalk: ChalkInstance) {
  const train = trainPaint(chalk);
  const test = testPaint(chalk);
  const columns: TableColumn[] = [
    {
      label: 'epoch',
      width: Math.max(5, String(Math.floor(config.iters / config.evalEvery)).length),
      value: (row) => String(row.epoch),
    },
    {
      label: 'iter',
      width: Math.max(4, String(config.iters - 1).length),
      value: (row) => String(row.iter),
    },
    { label: 'loss', width: 6, value: (row) => fixed(row.loss) },
  ];
  if (hasSetLosses) {
    columns.push(
      { label: 'train loss', width: 10, value: (row) => train(fixed(row.trainLoss)) },
      { label: 'test loss', width: 9, value: (row) => test(fixed(row.testLoss)) },
    );
  }
  columns.push(
    { label: 'train acc', width: 9, value: (row) => train(fixed(row.trainAcc)) },
    { label: 'test acc', width: 8, value: (row) => test(fixed(row.testAcc)) },
  );
  return columns;
}

/** The terminal's epoch table: `header()` is its column header, `row()` one epoch. */
export function epochTable(config: TrainConfig, hasSetLosses: boolean, chalk: ChalkInstance) {
  const columns = tableColumns(config, hasSetLosses, chalk);
  const join = (cells: string[], time: string) => [...cells, time].join('  ');
  return {
    header: (): string =>
      chalk.dim(
        join(
          columns.map((c) => c.label.padStart(c.width)),
          'time',
        ),
      ),
    row: (row: EpochRow): string =>
      join(
        columns.map((c) => padStartVisible(c.value(row), c.width)),
        chalk.dim(formatDuration(row.elapsedMs)),
      ),
  };
}

export function formatSummary(
  result: TrainResult,
  chalk: ChalkInstance,
  columns?: number,
): string[] {
  const { config, iterationsDone, durationMs } = result;
  const rate = iterationsDone / (durationMs / 1000);
  const timing = `in ${formatDuration(durationMs)} (${rate.toFixed(rate < 10 ? 2 : 0)} it/s)`;
  const pack = (parts: string[]) => packParts(parts, columns, { separator: ' · ' });
  const lines: string[] = [];
  if (result.status === 'completed') {
    lines.push(
      ...pack([
        `${chalk.bold('done')}: ${iterationsDone} iterations ${timing}`,
        `seed ${result.seed}`,
      ]),
    );
  } else if (result.status === 'interrupted') {
    lines.push(
      ...pack([
        `${chalk.yellow.bold('interrupted')} after ${iterationsDone} of ${config.iters} ` +
          `iterations ${timing}`,
        `seed ${result.seed}`,
      ]),
    );
  } else {
    lines.push(
      ...pack([
        `${chalk.red.bold('diverged')} at iteration ${result.divergedAt} ` +
          `(loss ${result.losses[iterationsDone - 1]}) ${timing}`,
        `seed ${result.seed}`,
      ]),
    );
  }
  if (result.final) {
    const parts = [
      `final test acc ${chalk.green.bold(result.final.testAcc.toFixed(4))}`,
      `train acc ${result.final.trainAcc.toFixed(4)}`,
    ];
    if (result.best) {
      parts.push(`best test acc ${result.best.testAcc.toFixed(4)} (iter ${result.best.iter})`);
    }
    lines.push(...pack(parts));
  }
  return lines;
}

// cli-progress saves the cursor when a bar starts and, when it stops, returns there to clear the
// bar. Rows printed while it runs push the bar down, so the saved place is moved down with it.
const CLEAR_LINE = '\r\u001b[2K';
const SAVE_CURSOR = '\u001b7';

/**
 * Subscribes to a trainer and writes as it goes; returns a function that removes the bar. One bar
 * lives for the whole run: an epoch row clears its line, takes its place, and the bar is redrawn
 * below it, so its rate and time left carry on rather than starting again.
 */
export function attachTerminalReporter(
  trainer: TrainingRun,
  options: TerminalReporterOptions,
): () => void {
  const { out, chalk, columns, progress } = options;
  let bar: SingleBar | undefined;
  const meter = new RateMeter();
  let state: ProgressState = { done: 0, total: trainer.config.iters };
  let lastSampleMs = -Infinity;
  let table: ReturnType<typeof epochTable> | undefined;

  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };

  const writeAboveBar = (text: string) => {
    if (!bar || !progress) {
      out.write(text);
      return;
    }
    progress.stream.write(CLEAR_LINE);
    out.write(text);
    progress.stream.write(SAVE_CURSOR);
    bar.render();
  };

  trainer.on('start', ({ config, seed, step }) => {
    if (options.showHeader) {
      const header = formatHeader(config, seed, chalk, {
        isSeedRandom: options.isSeedRandom,
        step,
        dataDescription: options.dataDescription,
        columns,
      });
      for (const line of header) out.write(`${line}\n`);
    }
    state = { done: 0, total: config.iters };
    if (!progress) return;
    bar = singleBar({
      stream: progress.stream,
      format: () => progressLine(state, progress.columns),
      hideCursor: true,
      clearOnComplete: true,
      // Redrawn every frame, not only on change: an epoch row may have just cleared it.
      forceRedraw: true,
      // The terminal keeps wrapping lines (cli-progress would turn that off while the bar runs),
      // so rows printed above the bar on a narrow terminal wrap rather than lose their ends; the
      // bar itself fits, and is cut to the width again if the terminal shrinks.
      linewrap: true,
    });
    bar.start(config.iters, 0);
  });

  trainer.on('iter', ({ iter, loss, elapsedMs }) => {
    if (!bar) return;
    const done = iter + 1;
    // Throttled, but the last iteration is always shown.
    if (elapsedMs - lastSampleMs < BAR_UPDATE_MS && done < state.total) return;
    lastSampleMs = elapsedMs;
    meter.add(done, elapsedMs);
    state = {
      done,
      total: state.total,
      loss,
      perSecond: meter.perSecond(),
      remainingMs: meter.remainingMs(state.total),
    };
    bar.update(done);
  });

  trainer.on('epoch', (record: EpochRow) => {
    // The book evaluates after the first iteration. Run on this thread, that pass holds training
    // up before any rate is known, and is not its pace: the rate is measured from the iteration
    // after it. Run alongside on a worker, it held nothing up, and what was measured stands.
    if (record.epoch === 0 && meter.perSecond() === undefined) meter.restart();
    if (!options.showEpochs) return;
    if (columns === undefined) {
      writeAboveBar(`${formatEpochLine(record, trainer.config, chalk)}\n`);
      return;
    }
    let text = '';
    if (!table) {
      table = epochTable(trainer.config, carriesSetLosses(record), chalk);
      text += `${table.header()}\n`;
    }
    writeAboveBar(`${text}${table.row(record)}\n`);
  });

  trainer.on('done', (result) => {
    stopBar();
    if (options.showSummary) {
      for (const line of formatSummary(result, chalk, columns)) out.write(`${line}\n`);
    }
  });

  return stopBar;
}
