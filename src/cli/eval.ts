// nn-eval MODEL.json: how a model saved by nn-train --save does on a split of MNIST — accuracy,
// the confusion matrix, per-class precision and recall, and the digits it is surest of and gets
// wrong — or, with --image, what it makes of one 28 × 28 picture.

import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, ModelError } from '../core/errors.js';
import { CLASS_COUNT, IMAGE_COLS, IMAGE_ROWS, IMAGE_SIZE } from '../data/dataset.js';
import { classifyImage, evaluateSplit } from '../eval/model-predictions.js';
import {
  IMAGE_FILE_MAX_BYTES,
  invertPixels,
  looksInverted,
  parseImageFile,
} from '../eval/image-file.js';
import { summarize, type EvalSummary, type SetName } from '../eval/summary.js';
import { writeFileAtomic, whyNotWritable } from '../io/atomic-write.js';
import { readRegularFile } from '../io/read-file.js';
import { netOfModel, parseModel, type SavedModel } from '../nn/model-file.js';
import { evalReportLines, imageReportLines, modelLine } from '../report/eval-text.js';
import { sourceDescription } from '../report/paths.js';
import { addDataOptions, loadMnistFor, type DataOptionValues } from './data-options.js';
import type { Io } from './io.js';
import { integerParser, svgFileParser } from './parsers.js';
import { configureProgram, runMain, type CliCommand } from './run.js';

const NAME = 'nn-eval';
const SETS: readonly SetName[] = ['test', 'train'];

interface EvalOptions extends DataOptionValues {
  set: SetName;
  limit?: number;
  mistakes: number;
  json?: boolean;
  plot?: string;
  image?: string;
  invert?: boolean;
  color: boolean;
}

const EXAMPLES = `
Examples:
  $ nn-train --seed 0 --save model.json && nn-eval model.json
  $ nn-eval model.json --mistakes 12 --plot eval.svg
  $ nn-eval model.json --set train --json
  $ nn-eval model.json --image my-digit.pgm --invert   a digit drawn dark on light`;

export function buildEvalProgram(io: Io): Command {
  const program = configureProgram(new Command(NAME), io);
  program
    .description('Evaluate a model saved by nn-train --save on MNIST, or classify one image.')
    .argument('<model>', 'a model file written by nn-train --save')
    .addOption(new Option('--set <set>', 'the split to evaluate').choices(SETS).default('test'))
    .addOption(
      new Option(
        '--limit <n>',
        'only the first n samples of the set (as nn-train --test-size n)',
      ).argParser(integerParser({ min: 1 })),
    )
    .addOption(
      new Option('--mistakes <n>', 'how many of the surest mistakes to draw')
        .argParser(integerParser({ min: 0 }))
        .default(6),
    )
    .option('--json', 'print one JSON document on stdout, nothing else')
    .option(
      '--plot <file.svg>',
      'also draw the confusion heat map and the mistakes as an SVG file',
      svgFileParser,
    )
    .option('--image <file>', 'classify one 28 × 28 image: PGM (P2 or P5) or raw 784 bytes')
    .option(
      '--invert',
      'with --image: the picture is dark ink on a light page (MNIST is the reverse)',
    )
    .option('--no-color', 'no colour (also when NO_COLOR is set)');
  addDataOptions(program);
  program.addHelpText('after', EXAMPLES);
  program.action(async (modelPath: string, options: EvalOptions) => {
    checkCombinations(program, options);
    if (options.plot !== undefined) {
      const reason = await whyNotWritable(options.plot);
      if (reason !== undefined) throw new ConfigError(`--plot ${options.plot}: ${reason}`);
    }
    const model = await readModel(modelPath);
    if (options.image !== undefined) {
      await classifyAction(modelPath, model, options.image, options, io);
    } else {
      await evaluateAction(modelPath, model, options, io);
    }
  });
  return program;
}

/** Options that only mean something with or without --image, refused before any work. */
function checkCombinations(program: Command, options: EvalOptions): void {
  const given = (name: string) => program.getOptionValueSource(name) === 'cli';
  if (options.image === undefined) {
    if (options.invert) throw new ConfigError('--invert applies only with --image');
    return;
  }
  for (const [name, flag] of [
    ['plot', '--plot'],
    ['set', '--set'],
    ['limit', '--limit'],
    ['mistakes', '--mistakes'],
  ] as const) {
    if (given(name)) throw new ConfigError(`${flag} does not apply with --image`);
  }
}

/** A model saved by nn-train: about 20 bytes a parameter, so ≈ 13 million parameters. */
const MODEL_MAX_BYTES = 256 * 1024 * 1024;

/** The model, checked to be one that reads MNIST: 784 pixels in, 10 classes out. */
async function readModel(path: string): Promise<SavedModel> {
  const bytes = await readRegularFile(path, {
    maxBytes: MODEL_MAX_BYTES,
    what: 'model',
    limitFor: 'a model file',
  });
  const model = parseModel(new TextDecoder().decode(bytes), path);
  const { inputSize, outputSize } = model.architecture;
  if (inputSize !== IMAGE_SIZE || outputSize !== CLASS_COUNT) {
    throw new ModelError(
      `${path}: the network maps ${inputSize} inputs to ${outputSize} classes; MNIST needs ${IMAGE_SIZE} to ${CLASS_COUNT}`,
    );
  }
  return model;
}

async function evaluateAction(
  modelPath: string,
  model: SavedModel,
  options: EvalOptions,
  io: Io,
): Promise<void> {
  const loaded = await loadMnistFor(options, io);
  const whole = loaded.dataset[options.set];
  const split = options.limit === undefined ? whole : whole.head(options.limit);
  const net = netOfModel(model);
  const predictions = io.stops.whileBusy(() => evaluateSplit(net, split));
  const summary = summarize(predictions, split.labels, options.set, options.mistakes);
  if (options.plot !== undefined) {
    // The figure is named by the model's file name: its directories are this machine's business.
    const title = modelLine(basename(modelPath), model);
    // Imported here: the figure's code is for --plot runs only.
    const { evalPlotSvg } = await import('../report/eval-plot.js');
    await writeFileAtomic(options.plot, evalPlotSvg(summary, split, title), { what: 'the figure' });
    io.err.write(`${NAME}: wrote ${options.plot}\n`);
  }
  if (options.json) {
    io.out.write(
      `${JSON.stringify(evalDocument(modelPath, model, summary, loaded.source), null, 2)}\n`,
    );
    return;
  }
  const chalk = io.chalk(options.color);
  const lines = evalReportLines({
    summary,
    split,
    model,
    modelPath,
    source: sourceDescription(loaded.source, loaded.location),
    chalk,
    columns: io.out.columns,
  });
  io.out.write(`${lines.join('\n')}\n`);
}

function modelDocument(modelPath: string, model: SavedModel) {
  return { file: modelPath, ...model.architecture, seed: model.seed ?? null };
}

function evalDocument(modelPath: string, model: SavedModel, summary: EvalSummary, source: string) {
  return { model: modelDocument(modelPath, model), source, ...summary };
}

async function classifyAction(
  modelPath: string,
  model: SavedModel,
  imagePath: string,
  options: EvalOptions,
  io: Io,
): Promise<void> {
  const bytes = await readRegularFile(imagePath, {
    maxBytes: IMAGE_FILE_MAX_BYTES,
    what: 'image',
    limitFor: `a ${IMAGE_COLS} × ${IMAGE_ROWS} image`,
  });
  const image = parseImageFile(bytes, imagePath);
  const pixels = options.invert ? invertPixels(image.pixels) : image.pixels;
  const result = classifyImage(netOfModel(model), pixels);
  if (!options.invert && looksInverted(pixels)) {
    io.err.write(
      `${NAME}: ${imagePath} looks dark on light; MNIST digits are light on dark (try --invert)\n`,
    );
  }
  if (options.json) {
    const document = {
      model: modelDocument(modelPath, model),
      image: { file: imagePath, format: image.format, inverted: options.invert === true },
      predicted: result.predicted,
      top: result.top,
      probabilities: Array.from(result.probabilities),
    };
    io.out.write(`${JSON.stringify(document, null, 2)}\n`);
    return;
  }
  const chalk = io.chalk(options.color);
  const lines = imageReportLines({ imagePath, format: image.format, pixels, result, chalk });
  io.out.write(`${lines.join('\n')}\n`);
}

export const evalCommand: CliCommand = { name: NAME, build: buildEvalProgram };

export async function main(argv: string[]): Promise<void> {
  await runMain(evalCommand, argv);
}
