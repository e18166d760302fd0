// nn-train: the book's ch04/train_neuralnet.py as a command. Options are parsed and checked
// before anything loads or trains; the run is reported by the terminal or JSON reporter; Ctrl-C
// ends it after the current iteration with the summary and the --save file still written.

import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { ConfigError, DivergenceError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import { loadMnist } from '../data/load.js';
import {
  BACKEND_NAMES,
  defaultBackendName,
  loadBackend,
  type BackendName,
} from '../fast/load-backend.js';
import { PRECISIONS, type Precision } from '../fast/precision.js';
import { writeFileAtomic, whyNotWritable } from '../io/atomic-write.js';
import { modelOfNet, serializeModel } from '../nn/model-file.js';
import { ACTIVATIONS, type Activation } from '../nn/shape.js';
import { sourceDescription } from '../report/paths.js';
import { trainingPicture } from '../report/terminal-chart.js';
import { trainingPlotSvg } from '../report/train-plot.js';
import { attachTerminalReporter, formatDuration } from '../report/train-terminal.js';
import { trainResultDocument } from '../report/train-json.js';
import {
  GRAD_MODES,
  STEP_KINDS,
  TRAIN_DEFAULTS,
  trainConfigFrom,
  type GradMode,
  type StepKind,
  type TrainConfig,
} from '../train/config.js';
import {
  estimateNumericalRun,
  estimateQuickRun,
  QUICK_NUMERICAL,
} from '../train/numerical-estimate.js';
import { Trainer, type TrainResult } from '../train/trainer.js';
import { makeChalk } from './color.js';
import { addDataOptions, loadOptionsFrom, type DataOptionValues } from './data-options.js';
import { integerParser, numberParser, svgFileParser } from './parsers.js';
import { configureProgram, EXIT_INTERRUPTED, ExitRequest, runCommand } from './run.js';

const NAME = 'nn-train';
/** Longest numerical-gradient run started without --yes. */
const NUMERICAL_LIMIT_MS = 10 * 60 * 1000;

interface TrainOptions extends DataOptionValues {
  iters: number;
  batchSize: number;
  lr: number;
  hidden: number;
  activation: Activation;
  weightInitStd: number;
  grad: GradMode;
  step: StepKind;
  seed?: number;
  evalEvery?: number;
  trainSize?: number;
  testSize?: number;
  json?: boolean;
  quiet?: boolean;
  color: boolean;
  save?: string;
  plot?: string;
  yes?: boolean;
  backend?: BackendName;
  threads: number;
  precision: Precision;
}

const positiveInteger = integerParser({ min: 1 });
const positiveNumber = numberParser({ min: 0, exclusiveMin: true });

const EXAMPLES = `
Examples:
  $ nn-train                                   the book's run: 10000 iterations, sigmoid, lr 0.1
  $ nn-train --activation relu --seed 0 --save model.json
  $ nn-train --iters 1201 --seed 0 --json      the first three epochs, as one JSON document
  $ nn-train --iters 1201 --seed 0 --step book the same rows from the book's own step, slower
  $ nn-train --grad numerical --hidden 10 --batch-size 10 --iters 20 --train-size 1000`;

export function buildTrainProgram(): Command {
  const program = configureProgram(new Command(NAME));
  program
    .description(
      "Train the chapter's TwoLayerNet on MNIST by mini-batch SGD (Deep Learning from Scratch, 4.5).",
    )
    .addOption(
      new Option('--iters <n>', 'iterations (mini-batch updates)')
        .argParser(positiveInteger)
        .default(TRAIN_DEFAULTS.iters),
    )
    .addOption(
      new Option('--batch-size <n>', 'samples per mini-batch')
        .argParser(positiveInteger)
        .default(TRAIN_DEFAULTS.batchSize),
    )
    .addOption(new Option('--lr <rate>', 'learning rate').argParser(positiveNumber).default(0.1))
    .addOption(
      new Option('--hidden <n>', 'neurons in the hidden layer')
        .argParser(positiveInteger)
        .default(TRAIN_DEFAULTS.hiddenSize),
    )
    .addOption(
      new Option(
        '--activation <name>',
        'hidden activation: sigmoid (chapter 4) or relu (chapter 5)',
      )
        .choices(ACTIVATIONS)
        .default(TRAIN_DEFAULTS.activation),
    )
    .addOption(
      new Option('--weight-init-std <s>', 'initial weights are s * randn')
        .argParser(positiveNumber)
        .default(TRAIN_DEFAULTS.weightInitStd),
    )
    .addOption(
      new Option('--grad <method>', 'backprop (chapter 5) or numerical (chapter 4, very slow)')
        .choices(GRAD_MODES)
        .default(TRAIN_DEFAULTS.grad),
    )
    .addOption(
      new Option(
        '--step <kind>',
        "book (TwoLayerNet.gradient and SGD.update as the book's script runs them, float64, one thread) or fused (the same numbers, fast)",
      )
        .choices(STEP_KINDS)
        .default('fused'),
    )
    .addOption(
      new Option(
        '--seed <n>',
        "np.random.seed(n): repeats the numpy script's run exactly (default: random, printed)",
      ).argParser(integerParser({ min: 0, max: 2 ** 32 - 1 })),
    )
    .addOption(
      new Option(
        '--eval-every <n>',
        'iterations between accuracy evaluations (default: one epoch, max(train size / batch size, 1))',
      ).argParser(positiveInteger),
    )
    .addOption(
      new Option('--train-size <n>', 'use the first n training samples (default: all)').argParser(
        positiveInteger,
      ),
    )
    .addOption(
      new Option('--test-size <n>', 'use the first n test samples (default: all)').argParser(
        positiveInteger,
      ),
    )
    .addOption(
      new Option(
        '--backend <name>',
        'kernels: wasm (WebAssembly SIMD) or js (default: wasm if it loads)',
      ).choices(BACKEND_NAMES),
    )
    .addOption(
      new Option(
        '--threads <n>',
        'threads: one trains, the others run the accuracy passes alongside (1: all on one)',
      )
        .argParser(integerParser({ min: 1, max: 64 }))
        .default(availableParallelism(), 'the available cores'),
    )
    .addOption(
      new Option('--precision <type>', "f64 (the book's, reproduces numpy) or f32 (faster)")
        .choices(PRECISIONS)
        .default('f64'),
    )
    .option('--json', 'print one JSON document of the run on stdout, nothing else')
    .option('--quiet', 'no progress bar and no epoch lines: only the summary')
    .option('--no-color', 'no colour (also when NO_COLOR is set)')
    .option('--save <file>', 'write the trained model here (JSON, docs/model-format.md)')
    .option(
      '--plot <file.svg>',
      'also draw the loss and accuracy curves as an SVG file',
      svgFileParser,
    )
    .option('--yes', 'start a numerical-gradient run even if it is estimated to take long');
  addDataOptions(program);
  program.addHelpText('after', EXAMPLES);
  program.action(async (options: TrainOptions) => {
    await trainAction(options);
  });
  return program;
}

function configFrom(options: TrainOptions, dataset: Dataset): TrainConfig {
  return trainConfigFrom({ ...options, hidden: [options.hidden] }, dataset);
}

async function checkNumericalRun(
  config: TrainConfig,
  dataset: Dataset,
  options: TrainOptions,
): Promise<void> {
  const train = dataset.train.head(config.trainSize);
  const estimate = await estimateNumericalRun(config, train, options.step);
  process.stderr.write(
    `${NAME}: numerical gradients: ${estimate.lossesPerIteration} loss evaluations per iteration, ` +
      `≈ ${formatDuration(estimate.msPerIteration)} per iteration, ` +
      `≈ ${formatDuration(estimate.msTotal)} for ${config.iters} iterations\n`,
  );
  if (estimate.msTotal > NUMERICAL_LIMIT_MS && !options.yes) {
    const quick = QUICK_NUMERICAL;
    throw new ConfigError(
      `a numerical-gradient run estimated at ≈ ${formatDuration(estimate.msTotal)} is over ` +
        `${formatDuration(NUMERICAL_LIMIT_MS)}: add --yes to run it anyway, or try ` +
        `--grad numerical --hidden ${quick.hiddenSize} --batch-size ${quick.batchSize} ` +
        `--iters ${quick.iters} --train-size ${quick.trainSize} ` +
        `(≈ ${formatDuration(estimateQuickRun(estimate, config))})`,
    );
  }
}

/** First Ctrl-C: stop after this iteration. A second one: stop now. */
function interruptOnSigint(
  controller: AbortController,
  stopBar: () => void,
  isIterationDropped: boolean,
): () => void {
  // A fused numerical iteration can take minutes: it is abandoned rather than finished.
  const what = isIterationDropped ? 'dropping this iteration' : 'stopping after this iteration';
  const onSigint = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\n');
      process.exit(EXIT_INTERRUPTED);
    }
    controller.abort();
    // The bar goes first: it would otherwise redraw over the message.
    stopBar();
    process.stderr.write(`${NAME}: interrupted: ${what} (Ctrl-C again to quit at once)\n`);
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

async function trainAction(options: TrainOptions): Promise<void> {
  // Everything that can be refused is refused before the data loads.
  if (options.save !== undefined) {
    const reason = await whyNotWritable(options.save);
    if (reason !== undefined) throw new ConfigError(`--save ${options.save}: ${reason}`);
  }
  if (options.plot !== undefined) {
    const reason = await whyNotWritable(options.plot);
    if (reason !== undefined) throw new ConfigError(`--plot ${options.plot}: ${reason}`);
  }
  if (options.precision === 'f32' && options.grad === 'numerical') {
    throw new ConfigError('--precision f32 is for backprop runs; numerical gradients need float64');
  }
  if (options.precision === 'f32' && options.step === 'book') {
    throw new ConfigError("--precision f32 is for the fused step; the book's step runs in float64");
  }
  const loadStarted = performance.now();
  const loaded = await loadMnist(loadOptionsFrom(options, { name: NAME }));
  const loadMs = performance.now() - loadStarted;
  const config = configFrom(options, loaded.dataset);
  const backendName = options.backend ?? (await defaultBackendName());
  const backend = await loadBackend(backendName);
  if (config.grad === 'numerical') await checkNumericalRun(config, loaded.dataset, options);

  const isSeedRandom = options.seed === undefined;
  const seed = options.seed ?? randomInt(0, 2 ** 32);
  const controller = new AbortController();
  const trainer = new Trainer({
    config,
    seed,
    dataset: loaded.dataset,
    signal: controller.signal,
    backend,
    step: options.step,
    precision: options.precision,
    threads: options.threads,
  });
  const isJson = options.json === true;
  const isQuiet = options.quiet === true;
  const stopBar = attachTerminalReporter(trainer, {
    out: process.stdout,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    progress:
      process.stderr.isTTY && !isQuiet
        ? { stream: process.stderr, columns: process.stderr.columns }
        : undefined,
    chalk: makeChalk({ color: options.color, stream: process.stdout }),
    showHeader: !isJson && !isQuiet,
    showEpochs: !isJson && !isQuiet,
    showSummary: !isJson,
    dataDescription: sourceDescription(loaded.source, loaded.location),
    isSeedRandom,
  });

  // Listening until the outputs are written: a second Ctrl-C during the save quits through
  // process.exit, whose exit hook removes the half-written temporary file.
  const isIterationDropped = config.grad === 'numerical' && options.step === 'fused';
  const stopListening = interruptOnSigint(controller, stopBar, isIterationDropped);
  try {
    let result: TrainResult;
    try {
      result = await trainer.run();
    } finally {
      stopBar();
    }

    if (isJson) {
      const document = {
        ...trainResultDocument(result),
        backend: backendName,
        step: options.step,
        precision: options.precision,
        threads: options.threads,
        timings: { loadMs, ...result.timings },
      };
      process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else if (!isQuiet && process.stdout.isTTY) {
      const chalk = makeChalk({ color: options.color, stream: process.stdout });
      const picture = trainingPicture(result, { columns: process.stdout.columns || 80, chalk });
      process.stdout.write(`\n${picture.join('\n')}\n`);
    }
    // Written before a divergence is reported: the curves show how it went wrong.
    if (options.plot !== undefined) {
      await writeFileAtomic(options.plot, trainingPlotSvg(result), { what: 'the figure' });
      process.stderr.write(`${NAME}: wrote ${options.plot}\n`);
    }
    if (result.status === 'diverged') {
      throw new DivergenceError(
        `the loss became ${result.losses[result.iterationsDone - 1]} at iteration ` +
          `${result.divergedAt}: training diverged; try a smaller --lr (this run used ${config.optimizer.learningRate})` +
          (options.save === undefined ? '' : `; nothing was saved to ${options.save}`),
      );
    }
    if (options.save !== undefined) await save(options.save, result, isJson);
    if (result.status === 'interrupted') throw new ExitRequest(EXIT_INTERRUPTED);
  } finally {
    stopListening();
  }
}

async function save(path: string, result: TrainResult, isJson: boolean): Promise<void> {
  const document = trainResultDocument(result);
  const model = modelOfNet(result.net, result.config.network, {
    seed: result.seed,
    config: { ...result.config },
    metrics: {
      status: document.status,
      iterationsDone: document.iterationsDone,
      epochs: document.epochs,
      final: document.final,
    },
  });
  await writeFileAtomic(path, serializeModel(model), { what: 'the model' });
  const message = `saved the model to ${path}\n`;
  if (isJson) process.stderr.write(`${NAME}: ${message}`);
  else process.stdout.write(message);
}

export async function main(argv: string[]): Promise<void> {
  await runCommand(NAME, async () => {
    await buildTrainProgram().parseAsync(argv);
  });
}
