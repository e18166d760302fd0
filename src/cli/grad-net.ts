// nn-grad net: the book's gradient_check.py (and ch06/batch_norm_gradient_check.py) as a
// subcommand. A fresh network — TwoLayerNet, or MultiLayerNet(Extend) with weight decay and batch
// norm —, the first few training samples, backprop against central differences; exit 1 when
// they disagree.

import { randomInt } from 'node:crypto';
import { Command, Option } from 'commander';
import { ConfigError } from '../core/errors.js';
import { Matrix } from '../core/matrix.js';
import { RandomState } from '../core/random.js';
import { CLASS_COUNT, IMAGE_SIZE } from '../data/dataset.js';
import { CROSS_ENTROPY_DELTA } from '../nn/functions.js';
import { formatDuration } from '../report/duration.js';
import type { GradientCheckEstimate } from '../train/gradient-check.js';
import { parameterCount } from '../train/memory-estimate.js';
import { networkSpecFrom, type NetworkOptions } from '../train/network-config.js';
import { addDataOptions, loadMnistFor, type DataOptionValues } from './data-options.js';
import type { Io } from './io.js';
import { checkGradientCheckMemory, largestFitting, NUMERICAL_LIMIT_MS } from './limits.js';
import { addNetworkOptions } from './network-options.js';
import { integerParser } from './parsers.js';
import { EXIT_RUNTIME, ExitRequest } from './run.js';

interface GradNetOptions extends DataOptionValues, NetworkOptions {
  seed?: number;
  samples?: number;
  delta: boolean;
  json?: boolean;
  color: boolean;
  yes?: boolean;
}

/** Samples of the check: gradient_check.py's 3, and more where batch norm needs them. */
const SAMPLES = 3;
const BATCH_NORM_SAMPLES = 10;

const EXAMPLES = `
Examples:
  $ nn-grad net                        the book's check: sigmoid, 50 hidden, 3 samples
  $ nn-grad net --activation relu --seed 0
  $ nn-grad net --no-delta             the book's magnitudes (≈ 1e-13…1e-10)
  $ nn-grad net --hidden 100,100 --batch-norm --weight-decay 0.1
                                       ch06/batch_norm_gradient_check.py, on 10 samples`;

export function gradNetCommand(io: Io): Command {
  const command = new Command('net').description(
    'gradient check of TwoLayerNet (book 5.7.3, gradient_check.py) or MultiLayerNet(Extend) (ch06/batch_norm_gradient_check.py): backprop vs numerical gradients',
  );
  addNetworkOptions(command, { dropout: false });
  command
    .addOption(
      new Option(
        '--seed <n>',
        'np.random.seed(n) before the weights are drawn (default: random, printed)',
      ).argParser(integerParser({ min: 0, max: 2 ** 32 - 1 })),
    )
    .addOption(
      new Option(
        '--samples <n>',
        `the first n training samples (default: ${SAMPLES}; ${BATCH_NORM_SAMPLES} with --batch-norm, whose loss curves too sharply over a few samples for central differences)`,
      ).argParser(integerParser({ min: 1, max: 1000 })),
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
  const network = networkSpecFrom(options);
  const isBatchNorm = network.useBatchnorm === true;
  const samples = options.samples ?? (isBatchNorm ? BATCH_NORM_SAMPLES : SAMPLES);
  if (isBatchNorm && samples === 1) {
    throw new ConfigError(
      '--samples 1 with --batch-norm checks nothing: one sample is its own batch mean, so every ' +
        "gradient before a BatchNorm is 0 on both sides (as in the book's " +
        'batch_norm_gradient_check.py); give 2 or more',
    );
  }
  checkGradientCheckMemory(io, network.hiddenSizeList, options.yes === true);
  const { dataset } = await loadMnistFor(options, io);
  if (samples > dataset.train.count) {
    throw new ConfigError(
      `--samples ${samples} is more than the ${dataset.train.count} training samples`,
    );
  }
  // The networks and the check load once a check runs: `nn-grad <expression>` does without.
  const { buildNetwork } = await import('../nn/network.js');
  const { estimateGradientCheck, gradientCheck } = await import('../train/gradient-check.js');
  const seed = options.seed ?? randomInt(0, 2 ** 32);
  const delta = options.delta ? CROSS_ENTROPY_DELTA : 0;
  const net = buildNetwork(network, { random: new RandomState(seed), crossEntropyDelta: delta });
  const x = new Matrix(samples, IMAGE_SIZE);
  dataset.train.gatherRange(x.data, 0, samples);
  const t = dataset.train.labels.subarray(0, samples);
  // Synchronous work, minutes of it at large sizes: a signal ends it at once (nothing is written).
  const estimate = io.stops.whileBusy(() => estimateGradientCheck(net, x, t));
  io.err.write(
    `${io.name}: numerical gradients: ${estimate.losses} losses, ` +
      `${estimate.forwardPasses} of them forward passes, ≈ ${formatDuration(estimate.msTotal)}\n`,
  );
  if (estimate.msTotal > NUMERICAL_LIMIT_MS && !options.yes) {
    refuseLongCheck(estimate, network.hiddenSizeList);
  }
  const result = io.stops.whileBusy(() => gradientCheck(net, x, t));
  const setting = { network, samples, seed, delta };
  if (options.json) {
    io.out.write(`${JSON.stringify({ ...setting, ...result }, null, 2)}\n`);
  } else {
    const chalk = io.chalk(options.color);
    const { gradCheckLines } = await import('../report/train-grad-check.js');
    for (const line of gradCheckLines(result, setting, chalk)) io.out.write(`${line}\n`);
  }
  if (!result.isPassed) throw new ExitRequest(EXIT_RUNTIME);
}

/** Over the limit: a usage error that names a --hidden finishing within it. */
function refuseLongCheck(estimate: GradientCheckEstimate, hidden: readonly number[]): never {
  // A loss costs in proportion to the parameters; a check makes two per parameter, a forward
  // pass for each but those nudging W1's rows over unlit pixels. A narrower network caps every
  // hidden size.
  const parameters = (largest: number) =>
    parameterCount([IMAGE_SIZE, ...hidden.map((size) => Math.min(size, largest)), CLASS_COUNT]);
  const widest = Math.max(...hidden);
  const msFor = (largest: number) => {
    const inert = 2 * estimate.unlitRows * Math.min(hidden[0], largest);
    const { msPerLoss, msPerInert } = estimate;
    const scale = parameters(largest) / parameters(widest);
    return scale * (msPerLoss * (2 * parameters(largest) - inert) + msPerInert * inert);
  };
  const largest = largestFitting(widest, (value) => msFor(value) <= NUMERICAL_LIMIT_MS);
  const narrower = hidden.map((size) => Math.min(size, largest ?? size)).join(',');
  throw new ConfigError(
    `a gradient check estimated at ≈ ${formatDuration(estimate.msTotal)} is over ` +
      `${formatDuration(NUMERICAL_LIMIT_MS)}: add --yes to run it anyway` +
      (largest === undefined
        ? ''
        : `, or try --hidden ${narrower} (≈ ${formatDuration(msFor(largest))})`),
  );
}
