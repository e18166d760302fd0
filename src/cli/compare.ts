// nn-compare: chapter 6's experiments side by side (`nn-compare optimizers`, one per script of
// the book) and free-form comparisons of any nn-train option (`nn-compare --vary lr=0.01,0.1`).
// Everything that can be refused is refused before the data loads; the runs are trained by
// src/compare/; a progress bar for the whole experiment on a terminal; at the end a table, or
// the result as JSON (--json) or one line per run (--jsonl). Ctrl-C stops every run after its
// current iteration, prints the table so far and exits 130.

import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Backend } from '../core/backend.js';
import { ConfigError } from '../core/errors.js';
import type { Dataset } from '../data/dataset.js';
import {
  BACKEND_NAMES,
  defaultBackendName,
  loadBackend,
  type BackendName,
} from '../fast/load-backend.js';
import type { Precision } from '../fast/precision.js';
import { writeFileAtomic, whyNotWritable } from '../io/atomic-write.js';
import { RateMeter, progressLine, type ProgressState } from '../report/progress.js';
import { compareOverlay } from '../report/compare-overlay.js';
import { figureTitle } from '../report/compare-style.js';
import { truncateToWidth } from '../report/text-width.js';
import { compareTable, plainCompareTable } from '../report/compare-table.js';
import { BOOK_EXPERIMENTS, checkTrials, isBookExperiment } from '../compare/experiments.js';
import type { PlannedRun, SeparatePlan } from '../compare/plan.js';
import type { CompareProgress } from '../compare/progress.js';
import type { CompareResult, CompareRun } from '../compare/result.js';
import type { RunOptions } from '../compare/run-experiment.js';
import { parseVary, varyProduct, type VaryCombination } from '../compare/vary.js';
import { checkTrainOptions, trainConfigFrom, type TrainOptions } from '../train/config.js';
import { addDataOptions, loadMnistFor, type DataOptionValues } from './data-options.js';
import { Io } from './io.js';
import { integerParser, svgFileParser } from './parsers.js';
import { configureProgram, runMain, type CliCommand } from './run.js';
import { againToQuit, describeSignal } from './signals.js';
import { buildTrainProgram, trainOptionsOf } from './train.js';

const NAME = 'nn-compare';

/** nn-compare's own options; nn-train's same-named ones are not taken over. */
const OWN_OPTIONS = new Set([
  'json',
  'jsonl',
  'quiet',
  'color',
  'save',
  'plot',
  'yes',
  'seed',
  'threads',
  'backend',
  'help',
  'version',
  'source',
  'dataDir',
  'mirror',
  'timeout',
  'minRate',
]);

interface CompareOptionValues extends DataOptionValues, TrainOptions {
  vary?: string[];
  trials?: number;
  json?: boolean;
  jsonl?: boolean;
  quiet?: boolean;
  color: boolean;
  plot?: string;
  saveDir?: string;
  backend?: BackendName;
  threads: number;
  [option: string]: unknown;
}

const EXAMPLES = `
Experiments (the book's ch06 scripts, their settings and figures):
  ${BOOK_EXPERIMENTS.join(', ')}

Examples:
  $ nn-compare optimizers --seed 0       optimizer_compare_mnist.py, figure 6-9
  $ nn-compare batch-norm --seed 0 --plot bn.svg
                                         batch_norm_test.py's grid, figure 6-18
  $ nn-compare hyperparams --trials 20 --seed 0
  $ nn-compare --vary lr=0.01,0.5 --iters 1201 --seed 0
                                         two nn-train runs, side by side
  $ nn-compare --vary optimizer=sgd,adam --vary "hidden=100,100;50,50"`;

/** The nn-train options nn-compare takes for its --vary runs: nn-train's own declarations. */
function trainOptions(io: Io): Option[] {
  return buildTrainProgram(io).options.filter((option) => !OWN_OPTIONS.has(option.attributeName()));
}

export function buildCompareProgram(io: Io): Command {
  const program = configureProgram(new Command(NAME), io);
  program
    .description(
      "Train several networks side by side and compare them: the book's chapter-6 experiments (exact against its scripts with --seed) or any nn-train options (--vary).",
    )
    .argument('[experiment]', `one of ${BOOK_EXPERIMENTS.join(', ')}`)
    .addOption(
      new Option(
        '--vary <option=values>',
        'an nn-train option and its values, e.g. lr=0.01,0.1 (repeatable: every combination runs; lists of lists with ;)',
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .addOption(
      new Option('--trials <n>', 'hyperparams: random-search trials (default: 100)').argParser(
        integerParser(),
      ),
    );
  for (const option of trainOptions(io)) program.addOption(option);
  program
    .addOption(
      new Option(
        '--seed <n>',
        "np.random.seed(n) before the script: repeats numpy's run exactly (default: random, printed)",
      ).argParser(integerParser()),
    )
    .addOption(
      new Option(
        '--threads <n>',
        'worker threads: runs (or the networks of a shared-batch experiment) spread over them; 1: all on this thread',
      )
        .argParser(integerParser({ min: 1, max: 64 }))
        .default(availableParallelism(), 'the available cores'),
    )
    .addOption(
      new Option(
        '--backend <name>',
        'kernels: wasm (WebAssembly SIMD) or js (default: wasm if it loads)',
      ).choices(BACKEND_NAMES),
    )
    .option('--json', 'print the result as one JSON document on stdout, nothing else')
    .option('--jsonl', 'print one JSON line per run as it ends, then one for the experiment')
    .option('--quiet', 'no progress bar')
    .option('--no-color', 'no colour (also when NO_COLOR is set)')
    .option('--plot <file.svg>', "also draw the experiment's figure as an SVG file", svgFileParser)
    .option('--save-dir <dir>', "write every run's trained model into this directory");
  addDataOptions(program);
  program.addHelpText('after', EXAMPLES);
  program.action(async (experiment: string | undefined, values: CompareOptionValues) => {
    await compareAction(experiment, values, program, io);
  });
  return program;
}

/** What the command line asks for, checked: a book experiment or --vary's runs. */
type Request =
  | { kind: 'book'; experiment: (typeof BOOK_EXPERIMENTS)[number]; precision: Precision }
  | { kind: 'vary'; runs: { combination: VaryCombination; options: TrainOptions }[] };

function requestOf(
  experiment: string | undefined,
  values: CompareOptionValues,
  program: Command,
  io: Io,
): Request {
  const given = trainOptions(io)
    .map((option) => option.attributeName())
    .filter((key) => program.getOptionValueSource(key) === 'cli');
  if (experiment !== undefined) {
    if (values.vary !== undefined) {
      throw new ConfigError(`--vary runs nn-train's runs, not ${experiment}: give one of them`);
    }
    if (!isBookExperiment(experiment)) {
      throw new ConfigError(
        `unknown experiment ${experiment}: the experiments are ${BOOK_EXPERIMENTS.join(', ')}`,
      );
    }
    const refused = given.filter((key) => key !== 'iters' && key !== 'precision');
    if (refused.length > 0) {
      throw new ConfigError(
        `${experiment} runs the script's settings: --${kebab(refused[0])} is for --vary runs ` +
          '(--iters shortens every run, --precision f32 trains in float32)',
      );
    }
    if (given.includes('precision') && experiment === 'hyperparams') {
      throw new ConfigError('--precision is for --vary runs and every experiment but hyperparams');
    }
    if (values.trials !== undefined) {
      if (experiment !== 'hyperparams') {
        throw new ConfigError(`--trials is for hyperparams, not ${experiment}`);
      }
      checkTrials(values.trials);
    }
    const { precision } = checkTrainOptions({
      iters: values.iters,
      seed: values.seed,
      precision: values.precision,
    });
    return { kind: 'book', experiment, precision };
  }
  if (values.vary === undefined) {
    throw new ConfigError(
      `give an experiment (${BOOK_EXPERIMENTS.join(', ')}) or --vary option=values`,
    );
  }
  if (values.trials !== undefined) throw new ConfigError('--trials is for hyperparams');
  const combinations = varyProduct(values.vary.map(parseVary));
  const declared = new Map(trainOptions(io).map((option) => [option.long ?? '', option]));
  const runs = combinations.map((combination) => {
    const run: Record<string, unknown> = { ...values };
    for (const { option, value } of combination.settings) {
      const declaration = declared.get(`--${option}`);
      if (declaration === undefined) {
        throw new ConfigError(
          `--vary ${option}: not an nn-train option (try nn-train --help for the list)`,
        );
      }
      run[declaration.attributeName()] = optionValue(declaration, option, value);
    }
    const options = trainOptionsOf(run as TrainOptions);
    checkTrainOptions(options);
    return { combination, options };
  });
  return { kind: 'vary', runs };
}

/** A --vary value read as nn-train reads its option. */
function optionValue(option: Option, name: string, value: string): unknown {
  if (option.isBoolean()) {
    if (['true', 'on', 'yes'].includes(value)) return !option.negate;
    if (['false', 'off', 'no'].includes(value)) return option.negate;
    throw new ConfigError(`--vary ${name}=${value}: a switch takes true or false`);
  }
  if (option.argChoices !== undefined && !option.argChoices.includes(value)) {
    throw new ConfigError(`--vary ${name}=${value}: not one of ${option.argChoices.join(', ')}`);
  }
  if (option.parseArg === undefined) return value;
  try {
    return option.parseArg(value, undefined);
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      throw new ConfigError(`--vary ${name}=${value}: ${error.message}`);
    }
    throw error;
  }
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** --vary's runs as a plan, each config as nn-train builds it from the same options. */
function varyPlan(
  runs: Extract<Request, { kind: 'vary' }>['runs'],
  dataset: Dataset,
): SeparatePlan {
  return {
    kind: 'separate',
    experiment: 'vary',
    figure: 'losses',
    runs: runs.map(({ combination, options }): PlannedRun => {
      const checked = checkTrainOptions(options);
      return {
        name: combination.name,
        config: trainConfigFrom(options, dataset),
        step: checked.step,
        precision: checked.precision,
      };
    }),
  };
}

async function compareAction(
  experiment: string | undefined,
  values: CompareOptionValues,
  program: Command,
  io: Io,
): Promise<void> {
  const request = requestOf(experiment, values, program, io);
  if (values.plot !== undefined) {
    const reason = await whyNotWritable(values.plot);
    if (reason !== undefined) throw new ConfigError(`--plot ${values.plot}: ${reason}`);
  }
  if (values.saveDir !== undefined) await makeSaveDir(values.saveDir);
  const loaded = await loadMnistFor(values, io, '; nothing was trained');
  const backendName = values.backend ?? (await defaultBackendName());
  const backend = await loadBackend(backendName);
  // The runs' code (trainers, threads) is imported once the data is in, the figure's only with
  // --plot: --help, --version and a refused option load neither.
  const { runBookExperiment, runPlan } = await import('../compare/run-experiment.js');
  const plan = request.kind === 'vary' ? varyPlan(request.runs, loaded.dataset) : undefined;
  const seed = values.seed ?? randomInt(0, 2 ** 32);
  const isMachine = values.json === true || values.jsonl === true;
  if (values.seed === undefined && !isMachine) io.err.write(`${NAME}: seed ${seed}\n`);

  const bar = values.quiet !== true && io.err.isTTY ? new ExperimentBar(io) : undefined;
  io.stops.graceful((signal) => {
    bar?.stop();
    io.err.write(
      `${NAME}: ${describeSignal(signal)}: stopping every run after this iteration (${againToQuit(signal)})\n`,
    );
  });
  const options: RunOptions = {
    dataset: loaded.dataset,
    seed,
    backend,
    threads: values.threads,
    signal: io.stops.signal,
    onProgress: (progress) => bar?.update(progress),
    backendName,
    isSavingModels: values.saveDir !== undefined,
    onRun: async (run, index, model) => {
      if (values.jsonl === true) {
        io.out.write(`${JSON.stringify({ type: 'run', index, ...run })}\n`);
      }
      if (values.saveDir !== undefined && model !== undefined) {
        await saveModel(values.saveDir, run, index, model);
      }
    },
  };
  let result: CompareResult;
  try {
    result =
      request.kind === 'book'
        ? await runBookExperiment(request.experiment, {
            ...options,
            trials: values.trials,
            short: { iters: values.iters },
            precision: request.precision,
          })
        : await runPlan(plan as SeparatePlan, options);
  } finally {
    bar?.stop();
  }
  report(result, values, io, backend);
  if (values.plot !== undefined) {
    const { renderCompareFigure } = await import('../report/compare-figure.js');
    await writeFileAtomic(values.plot, renderCompareFigure(result), { what: 'the figure' });
    io.err.write(`${NAME}: wrote ${values.plot}\n`);
  }
}

function report(
  result: CompareResult,
  values: CompareOptionValues,
  io: Io,
  backend: Backend,
): void {
  if (values.json === true) {
    io.out.write(`${JSON.stringify({ ...result, backend: backend.name }, null, 2)}\n`);
  } else if (values.jsonl === true) {
    const { runs, ...experiment } = result;
    io.out.write(
      `${JSON.stringify({ type: 'experiment', ...experiment, runCount: runs.length })}\n`,
    );
  } else if (io.out.isTTY) {
    const columns = io.out.columns || 80;
    const overlay = compareOverlay(result, columns, OVERLAY_ROWS, io.chalk(values.color));
    const title = truncateToWidth(figureTitle(result), columns);
    io.out.write(`${title}\n${compareTable(result, columns)}\n${overlay.join('\n')}\n`);
  } else {
    io.out.write(`${figureTitle(result)}\n${plainCompareTable(result)}`);
  }
}

/** --save-dir made (with its parents) before anything trains, and found writable. */
async function makeSaveDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`--save-dir ${dir}: ${(error as Error).message}`);
  }
  const reason = await whyNotWritable(join(dir, 'model.json'));
  if (reason !== undefined) throw new ConfigError(`--save-dir ${dir}: ${reason}`);
}

/** --save-dir: one model file per run, as nn-train --save writes it, named by order and run. */
async function saveModel(dir: string, run: CompareRun, index: number, text: string): Promise<void> {
  const file = `${String(index + 1).padStart(3, '0')}-${run.name.replace(/[^\w.=+-]+/g, '_')}.json`;
  await writeFileAtomic(join(dir, file), text, { what: 'the model' });
}

const REDRAW_MS = 100;
/** Rows of the terminal overlay chart under the table. */
const OVERLAY_ROWS = 12;

/** One bar for the whole experiment on stderr, redrawn in place. */
class ExperimentBar {
  private readonly meter = new RateMeter();
  private readonly started = performance.now();
  private isShown = false;
  private drawnAt = -Infinity;

  constructor(private readonly io: Io) {}

  update({ done, total }: CompareProgress): void {
    const now = performance.now();
    this.meter.add(done, now - this.started);
    // A redraw every iteration would cost more than a small run's iteration.
    if (now - this.drawnAt < REDRAW_MS && done < total) return;
    this.drawnAt = now;
    const state: ProgressState = {
      done,
      total,
      perSecond: this.meter.perSecond(),
      remainingMs: this.meter.remainingMs(total),
    };
    this.io.err.write(`\r\x1b[2K${progressLine(state, this.io.err.columns ?? 80)}`);
    this.isShown = true;
  }

  stop(): void {
    if (this.isShown) this.io.err.write('\r\x1b[2K');
    this.isShown = false;
  }
}

export const compareCommand: CliCommand = { name: NAME, build: buildCompareProgram };

export async function main(argv: string[]): Promise<void> {
  await runMain(compareCommand, argv);
}
