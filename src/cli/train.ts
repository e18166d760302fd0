// nn-train: the book's ch04/train_neuralnet.py as a command. Options are parsed and checked
// before anything loads or trains; the run is reported by the terminal or JSON reporter; Ctrl-C
// (or SIGTERM, SIGHUP) ends it after the current iteration with the summary and the --save file
// still written. A failing stdout costs only the output: the run goes on and the model is saved.

import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import {
  BACKEND_NAMES,
  defaultBackendName,
  loadBackend,
  type BackendName,
} from '../fast/load-backend.js';
import { PRECISIONS, type Precision } from '../fast/precision.js';
import { ConfigError, DivergenceError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import { writeFileAtomic, whyNotWritable } from '../io/atomic-write.js';
import { modelOfNet, serializeModel } from '../nn/model-file.js';
import { ACTIVATIONS, type Activation } from '../nn/shape.js';
import { sourceDescription } from '../report/paths.js';
import { trainingPicture } from '../report/terminal-chart.js';
import { trainingPlotSvg } from '../report/train-plot.js';
import { attachTerminalReporter, formatDuration } from '../report/train-terminal.js';
import { trainResultDocument, trainRunDocument, type RunSettings } from '../report/train-json.js';
import { attachJsonlReporter } from '../report/train-jsonl.js';
import {
  bookEvalEvery,
  GRAD_MODES,
  TRAIN_DEFAULTS,
  type GradMode,
  type TrainConfig,
} from '../train/config.js';
import {
  estimateNumericalRun,
  estimateQuickRun,
  QUICK_NUMERICAL,
} from '../train/numerical-estimate.js';
import { STEP_KINDS, type StepKind } from '../train/steps.js';
import { Trainer, type TrainResult } from '../train/trainer.js';
import { addDataOptions, loadMnistFor, type DataOptionValues } from './data-options.js';
import type { Io } from './io.js';
import { checkTrainingMemory, NUMERICAL_LIMIT_MS } from './limits.js';
import { integerParser, numberParser, svgFileParser } from './parsers.js';
import { configureProgram, runMain, type CliCommand } from './run.js';
import { againToQuit, describeSignal } from './signals.js';

const NAME = 'nn-train';

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
  jsonl?: boolean;
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

const quick = QUICK_NUMERICAL;
// Each line fits an 80-column terminal.
const EXAMPLES = `
Examples:
  # the book's run: 10000 iterations of 100 images, sigmoid, lr 0.1
  $ nn-train
  # chapter 5's network, repeatable, saved for nn-eval
  $ nn-train --activation relu --seed 0 --save model.json
  # the first three epochs, as one JSON document
  $ nn-train --iters 1201 --seed 0 --json
  # the same rows from the book's own step, slower
  $ nn-train --iters 1201 --seed 0 --step book
  # each epoch's test accuracy, as the run goes
  $ nn-train --jsonl | jq -c 'select(.type == "epoch") | [.epoch, .testAcc]'
  # chapter 4's numerical gradients: a minute, to a test accuracy of about 0.8
  $ nn-train --grad numerical --hidden ${quick.hiddenSize} --batch-size ${quick.batchSize} \\
      --iters ${quick.iters} --lr ${quick.learningRate} --train-size ${quick.trainSize}`;

export function buildTrainProgram(io: Io): Command {
  const program = configureProgram(new Command(NAME), io);
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
    .addOption(
      new Option('--lr <rate>', 'learning rate')
        .argParser(positiveNumber)
        .default(TRAIN_DEFAULTS.learningRate),
    )
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
    .addOption(
      new Option(
        '--jsonl',
        'print the run on stdout as JSON Lines while it trains: start, a line per epoch, done',
      ).conflicts('json'),
    )
    .option('--quiet', 'no progress bar and no epoch lines: only the summary')
    .option('--no-color', 'no colour (also when NO_COLOR is set)')
    .option('--save <file>', 'write the trained model here (JSON, docs/model-format.md)')
    .option(
      '--plot <file.svg>',
      'also draw the loss and accuracy curves as an SVG file',
      svgFileParser,
    )
    .option(
      '--yes',
      'start a run estimated to take long (numerical gradients) or to need more memory than is free now',
    );
  addDataOptions(program);
  program.addHelpText('after', EXAMPLES);
  program.action(async (options: TrainOptions) => {
    await trainAction(options, io);
  });
  return program;
}

function sizeFault(option: string, asked: number | undefined, available: number, what: string) {
  if (asked !== undefined && asked > available) {
    return `${option} ${asked} is more than the ${available} ${what}`;
  }
  return undefined;
}

function configFrom(options: TrainOptions, dataset: Dataset): TrainConfig {
  const fault =
    sizeFault('--train-size', options.trainSize, dataset.train.count, 'training samples') ??
    sizeFault('--test-size', options.testSize, dataset.test.count, 'test samples');
  if (fault) throw new ConfigError(fault);
  const trainSize = options.trainSize ?? dataset.train.count;
  if (options.batchSize > trainSize) {
    throw new ConfigError(
      `--batch-size ${options.batchSize} is larger than the training set (${trainSize} samples)`,
    );
  }
  return Object.freeze({
    iters: options.iters,
    batchSize: options.batchSize,
    learningRate: options.lr,
    hiddenSize: options.hidden,
    activation: options.activation,
    weightInitStd: options.weightInitStd,
    grad: options.grad,
    evalEvery: options.evalEvery ?? bookEvalEvery(trainSize, options.batchSize),
    trainSize,
    testSize: options.testSize ?? dataset.test.count,
  });
}

async function checkNumericalRun(
  config: TrainConfig,
  dataset: Dataset,
  options: TrainOptions,
  io: Io,
): Promise<void> {
  const train = dataset.train.head(config.trainSize);
  const estimate = await estimateNumericalRun(config, train, options.step);
  io.err.write(
    `${NAME}: numerical gradients: ${estimate.lossesPerIteration} loss evaluations per iteration, ` +
      `≈ ${formatDuration(estimate.msPerIteration)} per iteration, ` +
      `≈ ${formatDuration(estimate.msTotal)} for ${config.iters} iterations\n`,
  );
  if (estimate.msTotal > NUMERICAL_LIMIT_MS && !options.yes) {
    throw new ConfigError(
      `a numerical-gradient run estimated at ≈ ${formatDuration(estimate.msTotal)} is over ` +
        `${formatDuration(NUMERICAL_LIMIT_MS)}: add --yes to run it anyway, or try ` +
        `--grad numerical --hidden ${quick.hiddenSize} --batch-size ${quick.batchSize} ` +
        `--iters ${quick.iters} --lr ${quick.learningRate} --train-size ${quick.trainSize} ` +
        `(≈ ${formatDuration(estimateQuickRun(estimate, config))})`,
    );
  }
}

async function trainAction(options: TrainOptions, io: Io): Promise<void> {
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
  checkTrainingMemory(io, options);
  const loadStarted = performance.now();
  const loaded = await loadMnistFor(options, io, '; nothing was trained');
  const loadMs = performance.now() - loadStarted;
  const config = configFrom(options, loaded.dataset);
  const backendName = options.backend ?? (await defaultBackendName());
  const backend = await loadBackend(backendName);
  if (config.grad === 'numerical') await checkNumericalRun(config, loaded.dataset, options, io);

  const isSeedRandom = options.seed === undefined;
  const seed = options.seed ?? randomInt(0, 2 ** 32);
  // A closed pipe (`| head`) ends the output; with no file to write, nothing is left to do.
  const reader = new AbortController();
  if (options.save === undefined && options.plot === undefined) {
    io.out.onStop((state) => {
      if (state === 'closed') reader.abort();
    });
  }
  const trainer = new Trainer({
    config,
    seed,
    dataset: loaded.dataset,
    signal: AbortSignal.any([io.stops.signal, reader.signal]),
    backend,
    step: options.step,
    precision: options.precision,
    threads: options.threads,
  });
  const isJson = options.json === true;
  const isJsonl = options.jsonl === true;
  // JSON on stdout is all that goes there: no header, rows or summary as text.
  const isMachine = isJson || isJsonl;
  const isQuiet = options.quiet === true;
  const settings: RunSettings = {
    backend: backendName,
    step: options.step,
    precision: options.precision,
    threads: options.threads,
  };
  if (isJsonl) attachJsonlReporter(trainer, io.out, { settings, loadMs });
  const stopBar = attachTerminalReporter(trainer, {
    out: io.out,
    columns: io.out.columns,
    progress:
      io.err.isTTY && !isQuiet
        ? { stream: io.err.stream, columns: io.err.columns ?? 80 }
        : undefined,
    chalk: io.chalk(options.color),
    showHeader: !isMachine && !isQuiet,
    showEpochs: !isMachine && !isQuiet,
    showSummary: !isMachine,
    dataDescription: sourceDescription(loaded.source, loaded.location),
    isSeedRandom,
  });

  // From here to the end a signal lets the run end well: the iteration finished, the files
  // written. A numerical iteration can take minutes: it is abandoned rather than finished.
  const isIterationDropped = config.grad === 'numerical' && options.step === 'fused';
  let stage = isIterationDropped ? 'dropping this iteration' : 'stopping after this iteration';
  io.stops.graceful((signal) => {
    // The bar goes first: it would otherwise redraw over the message.
    stopBar();
    io.err.write(`${NAME}: ${describeSignal(signal)}: ${stage} (${againToQuit(signal)})\n`);
  });
  trainer.on('done', () => {
    stage = options.save === undefined ? 'finishing' : `saving ${options.save} first`;
  });
  let result: TrainResult;
  try {
    result = await trainer.run();
  } finally {
    stopBar();
  }

  if (isJson) {
    const document = trainRunDocument(result, settings, loadMs);
    io.out.write(`${JSON.stringify(document, null, 2)}\n`);
  } else if (!isMachine && !isQuiet && io.out.isTTY) {
    const chalk = io.chalk(options.color);
    const picture = trainingPicture(result, { columns: io.out.columns || 80, chalk });
    io.out.write(`\n${picture.join('\n')}\n`);
  }
  const isDiverged = result.status === 'diverged';
  // A run stopped before its first update has nothing worth replacing a file with.
  const isTrained = !isDiverged && result.iterationsDone > 0;
  if (options.save !== undefined && isTrained) await save(options.save, result, isMachine, io);
  // After the model, so a failing figure never costs it; after a divergence too: the curves
  // show how it went wrong.
  if (options.plot !== undefined) {
    await writeFileAtomic(options.plot, trainingPlotSvg(result), { what: 'the figure' });
    io.err.write(`${NAME}: wrote ${options.plot}\n`);
  }
  if (isDiverged) {
    throw new DivergenceError(
      `the loss became ${result.losses[result.iterationsDone - 1]} at iteration ` +
        `${result.divergedAt}: training diverged; ${divergenceHint(config)}` +
        (options.save === undefined ? '' : `; nothing was saved to ${options.save}`),
    );
  }
}

/** An initial scale this far above the book's overflows on its own, whatever the rate. */
const INIT_STD_SUSPECT = 10 * TRAIN_DEFAULTS.weightInitStd;

function divergenceHint(config: TrainConfig): string {
  const lr = `a smaller --lr (this run used ${config.learningRate})`;
  if (config.weightInitStd < INIT_STD_SUSPECT) return `try ${lr}`;
  return (
    `try ${lr} or a --weight-init-std nearer the book's ${TRAIN_DEFAULTS.weightInitStd} ` +
    `(this run used ${config.weightInitStd})`
  );
}

async function save(path: string, result: TrainResult, isMachine: boolean, io: Io): Promise<void> {
  const document = trainResultDocument(result);
  const model = modelOfNet(result.net, {
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
  if (isMachine) io.err.write(`${NAME}: ${message}`);
  else io.out.write(message);
}

export const trainCommand: CliCommand = { name: NAME, build: buildTrainProgram };

export async function main(argv: string[]): Promise<void> {
  await runMain(trainCommand, argv);
}
