// nn-grad net: the book's gradient_check.py as a subcommand. A fresh network, the first few
// training samples, backprop against central differences; exit 1 when they disagree.

import { randomInt } from 'node:crypto';
import { Command, Option } from 'commander';
import { ConfigError } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import { RandomState } from '../core/random.js';
import { CLASS_COUNT, IMAGE_SIZE } from '../data/dataset.js';
import { CROSS_ENTROPY_DELTA } from '../nn/functions.js';
import { buildNetwork } from '../nn/network.js';
import { ACTIVATIONS, type Activation } from '../nn/shape.js';
import { gradCheckLines } from '../report/train-grad-check.js';
import { formatDuration } from '../report/train-terminal.js';
import { TRAIN_DEFAULTS } from '../train/config.js';
import {
  estimateGradientCheck,
  gradientCheck,
  type GradientCheckEstimate,
} from '../train/gradient-check.js';
import { parameterCount } from '../train/memory-estimate.js';
import { networkSpecFrom } from '../train/network-config.js';
import { addDataOptions, loadMnistFor, type DataOptionValues } from './data-options.js';
import type { Io } from './io.js';
import { checkGradientCheckMemory, largestFitting, NUMERICAL_LIMIT_MS } from './limits.js';
import { integerParser } from './parsers.js';
import { EXIT_RUNTIME, ExitRequest } from './run.js';

interface GradNetOptions extends DataOptionValues {
  activation: Activation;
  seed?: number;
  hidden: number;
  samples: number;
  delta: boolean;
  json?: boolean;
  color: boolean;
  yes?: boolean;
}

const EXAMPLES = `
Examples:
  $ nn-grad net                        the book's check: sigmoid, 50 hidden, 3 samples
  $ nn-grad net --activation relu --seed 0
  $ nn-grad net --no-delta             the book's magnitudes (≈ 1e-13…1e-10)`;

export function gradNetCommand(io: Io): Command {
  const command = new Command('net')
    .description(
      'gradient check of TwoLayerNet (book 5.7.3, gradient_check.py): backprop vs numerical gradients',
    )
    .addOption(
      new Option('--activation <name>', 'hidden activation')
        .choices(ACTIVATIONS)
        .default(TRAIN_DEFAULTS.activation),
    )
    .addOption(
      new Option(
        '--seed <n>',
        'np.random.seed(n) before the weights are drawn (default: random, printed)',
      ).argParser(integerParser({ min: 0, max: 2 ** 32 - 1 })),
    )
    .addOption(
      new Option('--hidden <n>', 'neurons in the hidden layer')
        .argParser(integerParser({ min: 1 }))
        .default(TRAIN_DEFAULTS.hiddenSize),
    )
    .addOption(
      new Option('--samples <n>', 'the first n training samples')
        .argParser(integerParser({ min: 1, max: 1000 }))
        .default(3),
    )
    .option('--no-delta', "no 1e-7 inside the loss's log: the book's magnitudes")
    .option('--json', 'print one JSON document on stdout')
    .option('--no-color', 'no colour (also when NO_COLOR is set)')
    .option('--yes', 'start a check estimated to take long or to need more memory than is free');
  addDataOptions(command);
  command.addHelpText('after', EXAMPLES);
  command.action(async (options: GradNetOptions) => {
    await gradNetAction(options, io);
  });
  return command;
}

async function gradNetAction(options: GradNetOptions, io: Io): Promise<void> {
  checkGradientCheckMemory(io, [options.hidden], options.yes === true);
  const { dataset } = await loadMnistFor(options, io);
  if (options.samples > dataset.train.count) {
    throw new ConfigError(
      `--samples ${options.samples} is more than the ${dataset.train.count} training samples`,
    );
  }
  const seed = options.seed ?? randomInt(0, 2 ** 32);
  const delta = options.delta ? CROSS_ENTROPY_DELTA : 0;
  const network = networkSpecFrom({ hidden: [options.hidden], activation: options.activation });
  const net = buildNetwork(network, { random: new RandomState(seed), crossEntropyDelta: delta });
  const x = new Matrix(options.samples, IMAGE_SIZE);
  dataset.train.gatherRange(x.data, 0, options.samples);
  const t = dataset.train.labels.subarray(0, options.samples);
  // Synchronous work, minutes of it at large sizes: a signal ends it at once (nothing is written).
  const estimate = io.stops.whileBusy(() => estimateGradientCheck(net, x, t));
  io.err.write(
    `${io.name}: numerical gradients: ${estimate.losses} loss evaluations, ` +
      `≈ ${formatDuration(estimate.msTotal)}\n`,
  );
  if (estimate.msTotal > NUMERICAL_LIMIT_MS && !options.yes) refuseLongCheck(estimate, options);
  const result = io.stops.whileBusy(() => gradientCheck(net, x, t));
  const setting = { network, samples: options.samples, seed, delta };
  if (options.json) {
    io.out.write(`${JSON.stringify({ ...setting, ...result }, null, 2)}\n`);
  } else {
    const chalk = io.chalk(options.color);
    for (const line of gradCheckLines(result, setting, chalk)) io.out.write(`${line}\n`);
  }
  if (!result.isPassed) throw new ExitRequest(EXIT_RUNTIME);
}

/** Over the limit: a usage error that names a --hidden finishing within it. */
function refuseLongCheck(estimate: GradientCheckEstimate, options: GradNetOptions): never {
  // A loss costs in proportion to the hidden width; a check makes two per parameter.
  const msFor = (hidden: number) =>
    ((estimate.msPerLoss * hidden) / options.hidden) *
    2 *
    parameterCount([IMAGE_SIZE, hidden, CLASS_COUNT]);
  const hidden = largestFitting(options.hidden, (value) => msFor(value) <= NUMERICAL_LIMIT_MS);
  throw new ConfigError(
    `a gradient check estimated at ≈ ${formatDuration(estimate.msTotal)} is over ` +
      `${formatDuration(NUMERICAL_LIMIT_MS)}: add --yes to run it anyway` +
      (hidden === undefined
        ? ''
        : `, or try --hidden ${hidden} (≈ ${formatDuration(msFor(hidden))})`),
  );
}
