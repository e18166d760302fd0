// nn-grad net: the book's gradient_check.py as a subcommand. A fresh network, the first few
// training samples, backprop against central differences; exit 1 when they disagree.

import { randomInt } from 'node:crypto';
import { Command, Option } from 'commander';
import { ConfigError } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import { RandomState } from '../core/random.js';
import { IMAGE_SIZE } from '../data/dataset.js';
import { loadMnist } from '../data/load.js';
import { CROSS_ENTROPY_DELTA } from '../nn/functions.js';
import { ACTIVATIONS, type Activation } from '../nn/shape.js';
import { buildNetwork } from '../nn/network.js';
import { gradCheckLines } from '../report/train-grad-check.js';
import { TRAIN_DEFAULTS } from '../train/config.js';
import { gradientCheck } from '../train/gradient-check.js';
import { networkSpecFrom } from '../train/network-config.js';
import { makeChalk } from './color.js';
import { addDataOptions, loadOptionsFrom, type DataOptionValues } from './data-options.js';
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
}

const EXAMPLES = `
Examples:
  $ nn-grad net                        the book's check: sigmoid, 50 hidden, 3 samples
  $ nn-grad net --activation relu --seed 0
  $ nn-grad net --no-delta             the book's magnitudes (≈ 1e-13…1e-10)`;

export function gradNetCommand(): Command {
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
    .option('--no-color', 'no colour (also when NO_COLOR is set)');
  addDataOptions(command);
  command.addHelpText('after', EXAMPLES);
  command.action(async (options: GradNetOptions) => {
    await gradNetAction(options, command.parent?.name() ?? 'nn-grad');
  });
  return command;
}

async function gradNetAction(options: GradNetOptions, name: string): Promise<void> {
  const { dataset } = await loadMnist(loadOptionsFrom(options, { name }));
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
  const result = gradientCheck(net, x, dataset.train.labels.subarray(0, options.samples));
  const setting = { network, samples: options.samples, seed, delta };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...setting, ...result }, null, 2)}\n`);
  } else {
    const chalk = makeChalk({ color: options.color, stream: process.stdout });
    for (const line of gradCheckLines(result, setting, chalk)) process.stdout.write(`${line}\n`);
  }
  if (!result.isPassed) throw new ExitRequest(EXIT_RUNTIME);
}
