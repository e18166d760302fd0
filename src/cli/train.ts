// nn-train: the book's ch04/train_neuralnet.py as a command, with chapter 6's networks and
// optimizers (common/trainer.py's). Options are parsed here and checked below the CLI
// (trainConfigFrom) before anything loads or trains; the run is reported by the terminal or JSON reporter; Ctrl-C
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
import { PRECISIONS } from '../fast/precision.js';
import { ConfigError, DivergenceError } from '../core/errors.js';
import { CLASS_COUNT, IMAGE_SIZE, type Dataset } from '../data/dataset.js';
import { writeFileAtomic, whyNotWritable } from '../io/atomic-write.js';
import { sourceDescription } from '../report/paths.js';
import { attachTerminalReporter, formatDuration } from '../report/train-terminal.js';
import type { RunSettings } from '../report/train-json.js';
import {
  checkTrainOptions,
  epochIterations,
  GRAD_MODES,
  hasFusedStep,
  STEP_KINDS,
  TRAIN_DEFAULTS,
  trainConfigFrom,
  type CheckedOptions,
  type TrainConfig,
  type TrainOptions,
} from '../train/config.js';
import {
  estimateNumericalRun,
  estimateQuickRun,
  QUICK_NUMERICAL,
  quickHiddenSizes,
} from '../train/numerical-estimate.js';
import { OPTIMIZER_NAMES } from '../train/optimizer-config.js';
import { defaultThreads, evalEveryOf, THREADED_EVALUATION_WORK } from '../train/thread-choice.js';
import type { TrainResult } from '../train/trainer.js';
import { addDataOptions, loadMnistFor, type DataOptionValues } from './data-options.js';
import { Io, processTerminal } from './io.js';
import {
  checkTrainingMemory,
  MNIST_TEST_COUNT,
  MNIST_TRAIN_COUNT,
  NUMERICAL_LIMIT_MS,
  type TrainSizeOptions,
} from './limits.js';
import { addNetworkOptions } from './network-options.js';
import { integerParser, numberParser, svgFileParser } from './parsers.js';
import { configureProgram, runMain, type CliCommand } from './run.js';
import { againToQuit, describeSignal } from './signals.js';

const NAME = 'nn-train';

/** What commander hands over: the run's options as the library takes them, and the CLI's own. */
interface TrainOptionValues extends DataOptionValues, TrainOptions {
  json?: boolean;
  jsonl?: boolean;
  quiet?: boolean;
  color: boolean;
  save?: string;
  plot?: string;
  yes?: boolean;
  backend?: BackendName;
  threads?: number;
}

// Syntax only: what the numbers may be is trainConfigFrom's to say.
const wholeNumber = integerParser();
const anyNumber = numberParser();

const quick = QUICK_NUMERICAL;
const THREADED_EVALUATION_SHOWN = `${THREADED_EVALUATION_WORK / 1e9} billion`;
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
      --iters ${quick.iters} --lr ${quick.learningRate} --train-size ${quick.trainSize}
  # chapter 6: MultiLayerNet (relu, He) with Adam
  $ nn-train --hidden 100,100,100,100 --optimizer adam --iters 1201 --seed 0
  # ch06/overfit_weight_decay.py
  $ nn-train --hidden 100,100,100,100,100,100 --weight-decay 0.1 --lr 0.01 \\
      --train-size 300 --iters 601 --seed 0
  # ch06/overfit_dropout.py
  $ nn-train --hidden 100,100,100,100,100,100 --dropout 0.2 --lr 0.01 \\
      --train-size 300 --epochs 301 --seed 0`;

export function buildTrainProgram(io: Io): Command {
  const program = configureProgram(new Command(NAME), io);
  program
    .description(
      "Train a network of the book on MNIST by mini-batches (Deep Learning from Scratch, 4.5 and chapter 6): chapter 4's TwoLayerNet, or chapter 6's MultiLayerNet(Extend) with an optimizer, weight decay, dropout or batch norm.",
    )
    .addOption(
      new Option(
        '--iters <n>',
        `iterations (mini-batch updates) (default: ${TRAIN_DEFAULTS.iters})`,
      ).argParser(wholeNumber),
    )
    .addOption(
      new Option(
        '--epochs <n>',
        "instead of --iters: n of the book's epochs of max(train size / batch size, 1) iterations, rounded up to whole iterations",
      ).argParser(wholeNumber),
    )
    .addOption(
      new Option('--batch-size <n>', 'samples per mini-batch')
        .argParser(wholeNumber)
        .default(TRAIN_DEFAULTS.batchSize),
    )
    .addOption(
      new Option('--optimizer <name>', "common/optimizer.py's optimizer")
        .choices(OPTIMIZER_NAMES)
        .default('sgd'),
    )
    .addOption(
      new Option(
        '--lr <rate>',
        "learning rate (default: 0.1 for sgd, as the chapter-4 script; the book's class default for the others, 0.01, and 0.001 for adam)",
      ).argParser(anyNumber),
    )
    .addOption(
      new Option(
        '--momentum <m>',
        'the momentum of momentum and nesterov (default: 0.9)',
      ).argParser(anyNumber),
    );
  addNetworkOptions(program, { dropout: true });
  program
    .addOption(
      new Option('--grad <method>', 'backprop (chapter 5) or numerical (chapter 4, very slow)')
        .choices(GRAD_MODES)
        .default(TRAIN_DEFAULTS.grad),
    )
    .addOption(
      new Option(
        '--step <kind>',
        "book (network.gradient and optimizer.update as the book's script runs them, float64, one thread) or fused (the same numbers, fast: every backprop run but TwoLayerNet's with an optimizer other than sgd, and TwoLayerNet's numerical runs; the rest take the book's step)",
      )
        .choices(STEP_KINDS)
        .default('fused'),
    )
    .addOption(
      new Option(
        '--seed <n>',
        "np.random.seed(n): repeats the numpy script's run exactly (default: random, printed)",
      ).argParser(wholeNumber),
    )
    .addOption(
      new Option(
        '--eval-every <n>',
        'iterations between accuracy evaluations (default: one epoch, max(train size / batch size, 1))',
      ).argParser(wholeNumber),
    )
    .addOption(
      new Option('--train-size <n>', 'use the first n training samples (default: all)').argParser(
        wholeNumber,
      ),
    )
    .addOption(
      new Option('--test-size <n>', 'use the first n test samples (default: all)').argParser(
        wholeNumber,
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
        `threads: one trains, the others run the accuracy passes alongside (default: the cores when the passes reach ${THREADED_EVALUATION_SHOWN} multiply-adds, as the book's run does; else 1)`,
      ).argParser(integerParser({ min: 1, max: 64 })),
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
  program.action(async (options: TrainOptionValues) => {
    await trainAction(options, io);
  });
  return program;
}

/** The run's options as the library takes them, from commander's values (nn-compare's too). */
export function trainOptionsOf(values: TrainOptions): TrainOptions {
  return {
    iters: values.iters,
    epochs: values.epochs,
    batchSize: values.batchSize,
    optimizer: values.optimizer,
    lr: values.lr,
    momentum: values.momentum,
    hidden: values.hidden,
    activation: values.activation,
    weightInit: values.weightInit,
    weightInitStd: values.weightInitStd,
    weightDecay: values.weightDecay,
    dropout: values.dropout,
    batchNorm: values.batchNorm,
    grad: values.grad,
    evalEvery: values.evalEvery,
    trainSize: values.trainSize,
    testSize: values.testSize,
    step: values.step,
    precision: values.precision,
    seed: values.seed,
  };
}

/**
 * The options an nn-train command line asks for, parsed by the command's own program (its action
 * not run): for scripts that train as the command would, such as bench/check-reference.ts.
 */
export async function trainOptionsFromArgs(args: readonly string[]): Promise<TrainOptions> {
  const program = buildTrainProgram(new Io(NAME, processTerminal()));
  let parsed: TrainOptions | undefined;
  program.action((values: TrainOptionValues) => {
    parsed = trainOptionsOf(values);
  });
  await program.parseAsync(['node', NAME, ...args]);
  if (parsed === undefined) throw new ConfigError(`no options parsed from ${args.join(' ')}`);
  return parsed;
}

async function checkNumericalRun(
  config: TrainConfig,
  dataset: Dataset,
  options: TrainOptionValues,
  io: Io,
): Promise<void> {
  const train = dataset.train.head(config.trainSize);
  const estimate = await estimateNumericalRun(
    config,
    train,
    options.step === 'book' ? 'book' : 'fused',
  );
  io.err.write(
    `${NAME}: numerical gradients: ${estimate.lossesPerIteration} loss evaluations per iteration, ` +
      `≈ ${formatDuration(estimate.msPerIteration)} per iteration, ` +
      `≈ ${formatDuration(estimate.msTotal)} for ${config.iters} iterations\n`,
  );
  if (estimate.msTotal > NUMERICAL_LIMIT_MS && !options.yes) {
    throw new ConfigError(
      `a numerical-gradient run estimated at ≈ ${formatDuration(estimate.msTotal)} is over ` +
        `${formatDuration(NUMERICAL_LIMIT_MS)}: add --yes to run it anyway, or try ` +
        `--grad numerical --hidden ${quickHiddenSizes(config).join(',')} ` +
        `--batch-size ${quick.batchSize} --iters ${quick.iters} --lr ${quick.learningRate} ` +
        `--train-size ${quick.trainSize} ` +
        `(≈ ${formatDuration(estimateQuickRun(estimate, config))})`,
    );
  }
}

async function trainAction(options: TrainOptionValues, io: Io): Promise<void> {
  // Everything that can be refused is refused before the data loads.
  const run = trainOptionsOf(options);
  const checked = checkTrainOptions(run);
  if (options.save !== undefined) {
    const reason = await whyNotWritable(options.save);
    if (reason !== undefined) throw new ConfigError(`--save ${options.save}: ${reason}`);
  }
  if (options.plot !== undefined) {
    const reason = await whyNotWritable(options.plot);
    if (reason !== undefined) throw new ConfigError(`--plot ${options.plot}: ${reason}`);
  }
  const sizes = sizeOptions(options, checked);
  checkTrainingMemory(io, sizes);
  const loadStarted = performance.now();
  const loaded = await loadMnistFor(options, io, '; nothing was trained');
  const loadMs = performance.now() - loadStarted;
  const config = trainConfigFrom(run, loaded.dataset);
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
  // What only a run needs is imported where it is needed, each piece only when its option asks
  // for it: --help, --version and a refused option load no trainer, figure or JSON writer.
  const { Trainer } = await import('../train/trainer.js');
  const trainer = new Trainer({
    config,
    seed,
    dataset: loaded.dataset,
    signal: AbortSignal.any([io.stops.signal, reader.signal]),
    backend,
    step: checked.step,
    precision: checked.precision,
    threads: sizes.threads,
  });
  const isJson = options.json === true;
  const isJsonl = options.jsonl === true;
  // JSON on stdout is all that goes there: no header, rows or summary as text.
  const isMachine = isJson || isJsonl;
  const isQuiet = options.quiet === true;
  const settings: RunSettings = {
    backend: backendName,
    step: checked.step,
    precision: checked.precision,
    threads: sizes.threads,
  };
  if (isJsonl) {
    const { attachJsonlReporter } = await import('../report/train-jsonl.js');
    attachJsonlReporter(trainer, io.out, { settings, loadMs });
  }
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
  const isIterationDropped = config.grad === 'numerical' && options.step !== 'book';
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
    const { trainRunDocument } = await import('../report/train-json.js');
    const document = trainRunDocument(result, settings, loadMs);
    io.out.write(`${JSON.stringify(document, null, 2)}\n`);
  } else if (!isMachine && !isQuiet && io.out.isTTY) {
    const chalk = io.chalk(options.color);
    const { trainingPicture } = await import('../report/terminal-chart.js');
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
    const { trainingPlotSvg } = await import('../report/train-plot.js');
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

/**
 * What decides the run's memory: its sizes, the threads it uses (--threads, else as many as its
 * accuracy passes repay), and what the step it takes holds.
 */
function sizeOptions(options: TrainOptionValues, checked: CheckedOptions): TrainSizeOptions {
  const { network, optimizer, grad, step, precision } = checked;
  const trainSize = options.trainSize ?? MNIST_TRAIN_COUNT;
  const batchSize = options.batchSize ?? TRAIN_DEFAULTS.batchSize;
  const iters =
    options.epochs === undefined
      ? (options.iters ?? TRAIN_DEFAULTS.iters)
      : epochIterations(options.epochs, trainSize, Math.min(batchSize, trainSize));
  const isFused = step === 'fused' && hasFusedStep({ network, optimizer, grad });
  const load = {
    layerSizes: [IMAGE_SIZE, ...network.hiddenSizeList, CLASS_COUNT],
    iters,
    evalEvery: evalEveryOf(trainSize, batchSize, options.evalEvery),
    images: trainSize + (options.testSize ?? MNIST_TEST_COUNT),
  };
  const threads = options.threads ?? defaultThreads(load, availableParallelism(), isFused);
  const states = { SGD: 0, Momentum: 1, Nesterov: 1, AdaGrad: 1, RMSprop: 1, Adam: 2 };
  const held = {
    optimizerStates: states[optimizer.class],
    batchNorm: network.useBatchnorm === true,
    dropout: network.useDropout === true,
  };
  return {
    hidden: network.hiddenSizeList,
    batchSize,
    iters,
    precision,
    threads,
    grad,
    trainSize: options.trainSize,
    testSize: options.testSize,
    save: options.save,
    yes: options.yes,
    ...(isFused ? (network.class === 'TwoLayerNet' ? {} : { deepStep: held }) : { bookStep: held }),
  };
}

/** An initial scale this far above the book's overflows on its own, whatever the rate. */
const INIT_STD_SUSPECT = 10 * TRAIN_DEFAULTS.weightInitStd;

function divergenceHint(config: TrainConfig): string {
  const lr = `a smaller --lr (this run used ${config.optimizer.learningRate})`;
  const std = config.network.weightInitStd;
  if (typeof std !== 'number' || std < INIT_STD_SUSPECT) return `try ${lr}`;
  return (
    `try ${lr} or a --weight-init-std nearer the book's ${TRAIN_DEFAULTS.weightInitStd} ` +
    `(this run used ${std})`
  );
}

async function save(path: string, result: TrainResult, isMachine: boolean, io: Io): Promise<void> {
  const { trainResultDocument } = await import('../report/train-json.js');
  const { modelOfNet, serializeModel } = await import('../nn/model-file.js');
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
  if (isMachine) io.err.write(`${NAME}: ${message}`);
  else io.out.write(message);
}

export const trainCommand: CliCommand = { name: NAME, build: buildTrainProgram };

export async function main(argv: string[]): Promise<void> {
  await runMain(trainCommand, argv);
}
