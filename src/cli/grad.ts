// nn-grad: the numerical gradient of a toy function beside its exact gradient.
//   nn-grad "x0^2 + x1^2" --at 3,4      nn-grad rosenbrock      nn-grad --list
// Subcommands (the network's gradient check) are added in buildGradProgram; an expression
// argument and a subcommand coexist because commander dispatches on a subcommand's name first.

import { Command, Option } from 'commander';
import { ConfigError } from '../core/errors.js';
import { checkGradient } from '../expr/check.js';
import { findNamedFunction, NAMED_FUNCTIONS } from '../expr/named.js';
import { parseExpression } from '../expr/parser.js';
import { NUMERICAL_H } from '../nn/numerical.js';
import { gradCheckText, namedFunctionsText } from '../report/grad-text.js';
import type { Io } from './io.js';
import { numberListParser, numberParser } from './parsers.js';
import { configureProgram, ExitRequest, EXIT_RUNTIME, runMain, type CliCommand } from './run.js';
import { gradNetCommand } from './grad-net.js';

const NAME = 'nn-grad';

interface GradOptions {
  at?: number[];
  h: number;
  list?: boolean;
  json?: boolean;
  color?: boolean;
}

function runCheck(expression: string | undefined, options: GradOptions, io: Io): void {
  const out = io.out;
  if (options.list) {
    out.write(`${namedFunctionsText(NAMED_FUNCTIONS).join('\n')}\n`);
    return;
  }
  if (expression === undefined) {
    throw new ConfigError('give an expression such as "x0^2 + x1^2" --at 3,4, or a name (--list)');
  }
  const named = findNamedFunction(expression.trim());
  const at = options.at ?? named?.at;
  if (at === undefined) {
    // a mistyped name or a malformed expression is the better message
    parseExpression(expression);
    throw new ConfigError('--at is needed with an expression, e.g. --at 3,4');
  }
  const check = checkGradient(named?.expression ?? expression, at, options.h);
  if (options.json) {
    out.write(`${JSON.stringify({ name: named?.name ?? null, ...check }, null, 2)}\n`);
  } else {
    const chalk = io.chalk(options.color);
    const lines = gradCheckText(check, chalk);
    if (named) lines[0] = `${named.name}: ${lines[0]}`;
    out.write(`${lines.join('\n')}\n`);
  }
  if (check.verdict !== 'agree') throw new ExitRequest(EXIT_RUNTIME);
}

/** Subcommands get the program's error handling: `nn-grad: message` and exit codes, no exit(). */
function withInheritedSettings(program: Command): Command {
  for (const command of program.commands) command.copyInheritedSettings(program);
  return program;
}

export function buildGradProgram(io: Io): Command {
  const program = configureProgram(
    new Command(NAME)
      .description('numerical gradient of a toy function beside the exact one')
      // options after a subcommand's name are the subcommand's, even where names are shared
      // (--json, --no-color); the program's own options still follow an expression
      .enablePositionalOptions()
      .argument(
        '[expression]',
        'in x or x0..xN with + - * / ^ ( ) and ' +
          'exp log sqrt sin cos tanh sigmoid, or a name from --list',
      )
      .addOption(
        new Option(
          '--at <x0,x1,...>',
          'the point (default for a named function: its own)',
        ).argParser(numberListParser()),
      )
      .addOption(
        new Option('--h <step>', 'the central-difference step')
          .argParser(numberParser({ min: 0, exclusiveMin: true, max: 1 }))
          .default(NUMERICAL_H),
      )
      .option('--list', 'list the named functions')
      .option('--json', 'print the check as one JSON document')
      .option('--no-color', 'plain text even on a terminal')
      .addHelpText(
        'after',
        '\nAn expression that starts with "-" goes after the options and "--":\n' +
          '  nn-grad --at 2 -- "-x^2"',
      )
      .action((expression: string | undefined, options: GradOptions) =>
        runCheck(expression, options, io),
      ),
    io,
  );
  program.addCommand(gradNetCommand(io));
  return withInheritedSettings(program);
}

export const gradCommand: CliCommand = { name: NAME, build: buildGradProgram };

export async function main(argv: string[]): Promise<void> {
  await runMain(gradCommand, argv);
}
