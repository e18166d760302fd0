// nn-demo <topic>: the chapter's worked examples, one commander subcommand per topic, each
// printing the book's numbers (or, with --json, one JSON document) and optionally a figure.

import { Command, Option } from 'commander';
import { ConfigError } from '../core/errors.js';
import { batchDemo } from '../demo/batch.js';
import { BOOK_DESCENT_RUNS, descentRun, type DescentRun } from '../demo/descent.js';
import { diffDemo, gradientDemo, gradientField, partialDemo } from '../demo/derivatives.js';
import { lossDemo } from '../demo/loss.js';
import { optimizersDemo } from '../demo/optimizers.js';
import {
  activationSettings,
  activationsDemo,
  HIDDEN_ACTIVATIONS,
  type HiddenActivation,
  type WeightInit,
} from '../demo/activations.js';
import { simpleNetDemo } from '../demo/simplenet.js';
import { writeFileAtomic, whyNotWritable } from '../io/atomic-write.js';
import { descentFigure, diffFigure, gradientFigure } from '../report/demo-figures.js';
import { sourceDescription } from '../report/paths.js';
import { activationsFigure, optimizersFigure } from '../report/chapter6-demo-figures.js';
import { activationsText, optimizersText } from '../report/chapter6-demo-text.js';
import {
  batchText,
  descentText,
  diffText,
  gradientText,
  lossText,
  partialText,
  simpleNetText,
} from '../report/demo-text.js';
import { addDataOptions, loadMnistFor, type DataOptionValues } from './data-options.js';
import type { Io } from './io.js';
import {
  integerParser,
  numberListParser,
  numberParser,
  svgFileParser,
  weightInitParser,
} from './parsers.js';
import { configureProgram, runMain, type CliCommand } from './run.js';

const NAME = 'nn-demo';
interface OutputOptions {
  json?: boolean;
  plot?: string;
}

/** Prints the text lines, or the data as JSON; writes the figure when --plot asked for one. */
async function emit(
  options: OutputOptions,
  data: unknown,
  lines: () => string[],
  io: Io,
  figure?: () => string,
): Promise<void> {
  if (options.plot !== undefined && figure) {
    const why = await whyNotWritable(options.plot);
    if (why !== undefined) throw new ConfigError(`cannot write ${options.plot}: ${why}`);
    await writeFileAtomic(options.plot, figure(), { what: 'the figure' });
    io.err.write(`${NAME}: wrote ${options.plot}\n`);
  }
  io.out.write(options.json ? `${JSON.stringify(data, null, 2)}\n` : `${lines().join('\n')}\n`);
}

function jsonOption(): Option {
  return new Option('--json', 'print the numbers as one JSON document');
}

function plotOption(figure: string): Option {
  return new Option('--plot <file.svg>', `also draw ${figure} as a standalone SVG file`).argParser(
    svgFileParser,
  );
}

function seedOption(what: string): Option {
  return new Option('--seed <n>', `seed numpy's RandomState before drawing ${what}`).argParser(
    integerParser({ min: 0, max: 0xffffffff }),
  );
}

export function buildDemoProgram(io: Io): Command {
  const program = configureProgram(
    new Command(NAME)
      .description("the worked examples of chapters 4 and 6 of 'Deep Learning from Scratch'")
      .usage('<topic> [options]'),
    io,
  );

  program
    .command('loss')
    .description('sum of squares and cross-entropy error on the book example (4.2.1-4.2.2)')
    .addOption(jsonOption())
    .action(async (options: OutputOptions) => {
      const demo = lossDemo();
      await emit(options, demo, () => lossText(demo), io);
    });

  addDataOptions(
    program
      .command('batch')
      .description('the training set shapes and a mini-batch of 10 drawn with choice (4.2.3)')
      .addOption(jsonOption())
      .addOption(seedOption('the batch').default(0)),
  ).action(async (options: OutputOptions & DataOptionValues & { seed: number }) => {
    const loaded = await loadMnistFor(options, io);
    const demo = batchDemo(loaded.dataset, options.seed);
    const source = sourceDescription(loaded.source, loaded.location);
    await emit(options, { ...demo, source: loaded.source }, () => batchText(demo, source), io);
  });

  program
    .command('diff')
    .description('numerical derivative of 0.01x^2 + 0.1x at 5 and 10 (4.3.2, fig. 4-7)')
    .addOption(jsonOption())
    .addOption(plotOption('the function and its tangents (fig. 4-7)'))
    .action(async (options: OutputOptions) => {
      const demo = diffDemo();
      await emit(
        options,
        demo,
        () => diffText(demo),
        io,
        () => diffFigure(demo),
      );
    });

  program
    .command('partial')
    .description('partial derivatives of x0^2 + x1^2 at (3, 4) (4.3.3)')
    .addOption(jsonOption())
    .action(async (options: OutputOptions) => {
      const demo = partialDemo();
      await emit(options, demo, () => partialText(demo), io);
    });

  program
    .command('gradient')
    .description('numerical gradient of x0^2 + x1^2 at three points (4.4, fig. 4-9)')
    .addOption(jsonOption())
    .addOption(plotOption('the field of -gradient as arrows (fig. 4-9)'))
    .action(async (options: OutputOptions) => {
      const demo = gradientDemo();
      await emit(
        options,
        demo,
        () => gradientText(demo),
        io,
        () => gradientFigure(gradientField()),
      );
    });

  program
    .command('descent')
    .description('gradient descent on x0^2 + x1^2 with lr 0.1, 10 and 1e-10 (4.4.1, fig. 4-10)')
    .addOption(jsonOption())
    .addOption(plotOption('the path over contour lines (fig. 4-10)'))
    .addOption(
      new Option(
        '--lr <rate>',
        "learning rate (default: the book's three runs; 0.1 with --steps or --init)",
      ).argParser(numberParser({ min: 0, exclusiveMin: true })),
    )
    .addOption(
      new Option('--steps <n>', 'number of steps (default 100)').argParser(
        integerParser({ min: 1, max: 100_000 }),
      ),
    )
    .addOption(
      new Option('--init <x0,x1>', 'starting point (default -3,4)').argParser(numberListParser(2)),
    )
    .action(async (options: OutputOptions & { lr?: number; steps?: number; init?: number[] }) => {
      const isCustom = [options.lr, options.steps, options.init].some((v) => v !== undefined);
      const settings = isCustom
        ? [
            {
              lr: options.lr ?? 0.1,
              steps: options.steps ?? 100,
              init: options.init ?? [-3, 4],
            },
          ]
        : BOOK_DESCENT_RUNS;
      const runs: DescentRun[] = settings.map(descentRun);
      await emit(
        options,
        { runs },
        () => descentText(runs),
        io,
        () => descentFigure(runs[0]),
      );
    });

  program
    .command('simplenet')
    .description("simpleNet's loss and its gradient with respect to W (4.4.2)")
    .addOption(jsonOption())
    .addOption(seedOption('W = randn(2, 3) (default: the W the book prints)'))
    .action(async (options: OutputOptions & { seed?: number }) => {
      const demo = simpleNetDemo(options.seed);
      await emit(options, demo, () => simpleNetText(demo), io);
    });

  program
    .command('optimizers')
    .description('SGD, Momentum, AdaGrad and Adam on x^2/20 + y^2 from (-7, 2) (6.1.7, fig. 6-8)')
    .addOption(jsonOption())
    .addOption(plotOption('the four paths over contour lines (fig. 6-8)'))
    .action(async (options: OutputOptions) => {
      const demo = optimizersDemo();
      await emit(
        options,
        demo,
        () => optimizersText(demo),
        io,
        () => optimizersFigure(demo),
      );
    });

  program
    .command('activations')
    .description(
      'histograms of 5 hidden layers by weight scale (6.2.2-6.2.3, figs. 6-10 to 6-14);\n' +
        "with neither --init nor --activation, the book's six settings",
    )
    .addOption(jsonOption())
    .addOption(plotOption('a row of five histograms per setting'))
    .addOption(
      new Option(
        '--init <scale>',
        'weights: std1, std0.01 (or another std), xavier, he, or all (the default with ' +
          '--activation)',
      ).argParser(weightInitParser),
    )
    .addOption(
      new Option('--activation <name>', 'hidden activation (default with --init: both)').choices(
        HIDDEN_ACTIVATIONS,
      ),
    )
    .addOption(seedOption('the inputs and the weights').default(0))
    .action(
      async (
        options: OutputOptions & {
          init?: WeightInit | 'all';
          activation?: HiddenActivation;
          seed: number;
        },
      ) => {
        const settings = activationSettings(options.init, options.activation);
        const demo = activationsDemo(settings, options.seed);
        await emit(
          options,
          demo,
          () => activationsText(demo),
          io,
          () => activationsFigure(demo),
        );
      },
    );

  // an unknown topic is named with the list of topics, on one line
  program.on('command:*', (operands: string[]) => {
    const topics = program.commands.map((command) => command.name());
    throw new ConfigError(`unknown topic '${operands[0]}' (topics: ${topics.join(', ')})`);
  });
  program.addHelpText(
    'after',
    '\nEvery topic takes --json; diff, gradient, descent, optimizers and activations\n' +
      'take --plot FILE.svg.',
  );
  return program;
}

export const demoCommand: CliCommand = { name: NAME, build: buildDemoProgram };

export async function main(argv: string[]): Promise<void> {
  await runMain(demoCommand, argv);
}
