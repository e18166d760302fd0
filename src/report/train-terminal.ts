// What a person watching nn-train sees: a header, a cli-progress bar on a terminal's stderr, one
// line per epoch in the book's words ("train acc, test acc | 0.7823, 0.7915") and a summary.
// Text goes to the sinks the command hands in; nothing here picks a stream by itself.

import { SingleBar } from 'cli-progress';
import type { ChalkInstance } from 'chalk';
import type { TrainConfig } from '../train/config.js';
import type { EpochRecord } from '../train/events.js';
import type { Trainer, TrainResult } from '../train/trainer.js';
import { formatDuration } from './duration.js';

export { formatDuration } from './duration.js';

export interface TextSink {
  write(text: string): unknown;
}

export interface TerminalReporterOptions {
  /** Receives the header, the epoch lines and the summary. */
  out: TextSink;
  /** A terminal to draw the progress bar on (stderr when it is a TTY), or none. */
  progress?: NodeJS.WritableStream;
  chalk: ChalkInstance;
  showHeader: boolean;
  showEpochs: boolean;
  showSummary: boolean;
  /** Said in the header: where the data came from. */
  dataDescription?: string;
  /** Whether the seed was drawn at random (then the header says how to repeat the run). */
  isSeedRandom?: boolean;
}

const BAR_UPDATE_MS = 100;

/** Two lines: the network and the run with its seed, then the data and when it is evaluated. */
export function formatHeader(
  config: TrainConfig,
  seed: number,
  chalk: ChalkInstance,
  isSeedRandom = false,
  dataDescription?: string,
): string[] {
  const every = Number.isInteger(config.evalEvery)
    ? String(config.evalEvery)
    : config.evalEvery.toFixed(2);
  const gradient = config.grad === 'numerical' ? ', numerical gradients' : '';
  const repeat = isSeedRandom ? chalk.dim(` (repeat with --seed ${seed})`) : '';
  const source = dataDescription === undefined ? '' : `${dataDescription} · `;
  return [
    `${chalk.bold('TwoLayerNet')} 784-${config.hiddenSize}-10 ${config.activation}${gradient} · ` +
      `SGD lr ${config.learningRate} · batch ${config.batchSize} · ${config.iters} iterations · ` +
      `seed ${seed}${repeat}`,
    chalk.dim(
      `data: ${source}${config.trainSize} train / ${config.testSize} test samples · ` +
        `evaluated every ${every} iterations`,
    ),
  ];
}

export function formatEpochLine(
  record: EpochRecord,
  config: TrainConfig,
  chalk: ChalkInstance,
): string {
  const epochWidth = String(Math.floor(config.iters / config.evalEvery)).length;
  const iterWidth = String(config.iters - 1).length;
  return (
    `epoch ${String(record.epoch).padStart(epochWidth)} · ` +
    `iter ${String(record.iter).padStart(iterWidth)} · ` +
    `loss ${record.loss.toFixed(4)} · ` +
    `train acc, test acc | ${chalk.cyan(record.trainAcc.toFixed(4))}, ` +
    `${chalk.green(record.testAcc.toFixed(4))} · ` +
    chalk.dim(formatDuration(record.elapsedMs))
  );
}

export function formatSummary(result: TrainResult, chalk: ChalkInstance): string[] {
  const { config, iterationsDone, durationMs } = result;
  const rate = iterationsDone / (durationMs / 1000);
  const timing = `in ${formatDuration(durationMs)} (${rate.toFixed(rate < 10 ? 2 : 0)} it/s)`;
  const lines: string[] = [];
  if (result.status === 'completed') {
    lines.push(
      `${chalk.bold('done')}: ${iterationsDone} iterations ${timing} · seed ${result.seed}`,
    );
  } else if (result.status === 'interrupted') {
    lines.push(
      `${chalk.yellow.bold('interrupted')} after ${iterationsDone} of ${config.iters} iterations ` +
        `${timing} · seed ${result.seed}`,
    );
  } else {
    lines.push(
      `${chalk.red.bold('diverged')} at iteration ${result.divergedAt} ` +
        `(loss ${result.losses[iterationsDone - 1]}) ${timing} · seed ${result.seed}`,
    );
  }
  if (result.final) {
    const best = result.best
      ? ` · best test acc ${result.best.testAcc.toFixed(4)} (iter ${result.best.iter})`
      : '';
    lines.push(
      `final test acc ${chalk.green.bold(result.final.testAcc.toFixed(4))} · ` +
        `train acc ${result.final.trainAcc.toFixed(4)}${best}`,
    );
  }
  return lines;
}

/** Subscribes to a trainer and writes as it goes; returns a function that removes the bar. */
export function attachTerminalReporter(
  trainer: Trainer,
  options: TerminalReporterOptions,
): () => void {
  const { out, chalk } = options;
  let bar: SingleBar | undefined;
  let startedAt = 0;
  let lastBarUpdate = -Infinity;
  let payload = { loss: '-', rate: '-' };

  // cli-progress returns the cursor to where the bar started when it stops, so a line printed
  // under a running bar would be overwritten: the bar is stopped (and its line cleared) before
  // each epoch line and started again below it.
  const startBar = (value: number) => {
    if (!options.progress) return;
    bar = new SingleBar({
      stream: options.progress,
      format:
        'iter {value}/{total} [{bar}] {percentage}% | loss {loss} | {rate} it/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
    });
    bar.start(trainer.config.iters, value, payload);
  };
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };

  trainer.on('start', ({ config, seed }) => {
    if (options.showHeader) {
      const header = formatHeader(
        config,
        seed,
        chalk,
        options.isSeedRandom,
        options.dataDescription,
      );
      for (const line of header) out.write(`${line}\n`);
    }
    startedAt = performance.now();
    startBar(0);
  });

  trainer.on('iter', ({ iter, loss }) => {
    if (!bar) return;
    const time = performance.now();
    if (time - lastBarUpdate < BAR_UPDATE_MS) return;
    lastBarUpdate = time;
    const rate = (iter + 1) / ((time - startedAt) / 1000);
    payload = { loss: loss.toFixed(4), rate: rate.toFixed(rate < 10 ? 2 : 0) };
    bar.update(iter + 1, payload);
  });

  trainer.on('epoch', (record) => {
    if (!options.showEpochs) return;
    const hadBar = bar !== undefined;
    stopBar();
    out.write(`${formatEpochLine(record, trainer.config, chalk)}\n`);
    if (hadBar) startBar(record.iter + 1);
  });

  trainer.on('done', (result) => {
    stopBar();
    if (options.showSummary) {
      for (const line of formatSummary(result, chalk)) out.write(`${line}\n`);
    }
  });

  return stopBar;
}
