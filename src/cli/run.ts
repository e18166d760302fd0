// The one top-level catch of every command: typed errors become a one-line message and an exit
// code (0 ok, 1 runtime failure, 2 usage error, 128 + n for signal n), never a stack trace.

import { readFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { ConfigError, NnError } from '../core/errors.js';
import { removeTemporariesSync } from '../io/temporaries.js';
import { Io, processTerminal, type Terminal } from './io.js';
import { signalExitCode, Stopped } from './signals.js';

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;

// However a command ends (an error, a signal handler's process.exit), no temporary file outlives it.
process.on('exit', removeTemporariesSync);

/** Thrown by a command that already reported what happened and only needs an exit code. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** A command: its name and its commander program, built for one run's Io. */
export interface CliCommand {
  name: string;
  build(io: Io): Command;
}

/** The package's version, from its package.json (two levels up from src/cli/ and dist/cli/). */
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * Makes commander write to the run's streams, report usage errors as `name: message` on one
 * line, and throw instead of exiting.
 */
export function configureProgram(program: Command, io: Io): Command {
  // A subcommand reports under its command's name: `nn-data: ...`, not `info: ...`.
  const commandName = (): string => {
    let root = program;
    while (root.parent) root = root.parent;
    return root.name();
  };
  return program
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.out.write(text),
      writeErr: (text) => io.err.write(text),
      getOutHelpWidth: () => io.out.columns ?? 80,
      getErrHelpWidth: () => io.err.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      // One line: commander puts its "(Did you mean --lr?)" hint on a line of its own.
      outputError: (message, write) =>
        write(
          `${commandName()}: ${message
            .replace(/^error: /, '')
            .replace(/\n\(Did you mean (.*)\?\)\n$/, ' (did you mean $1?)\n')}`,
        ),
    });
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof ExitRequest) return error.exitCode;
  if (error instanceof Stopped) return signalExitCode(error.signal);
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof ConfigError) return EXIT_USAGE;
  return EXIT_RUNTIME;
}

/** The message to print for an error, or undefined when it was already printed. */
export function messageFor(error: unknown): string | undefined {
  if (error instanceof ExitRequest || error instanceof CommanderError) return undefined;
  if (error instanceof Stopped) return undefined;
  if (error instanceof NnError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? error.message : `internal error: ${error.message}`;
  }
  return `internal error: ${String(error)}`;
}

/**
 * Runs a command on `argv` (node, script, arguments...) with the terminal's streams, env and
 * signals, and returns its exit code: the error's, else the first stop signal's, else 1 when
 * stdout failed, else 0.
 */
export async function runCommand(
  command: CliCommand,
  argv: readonly string[],
  terminal: Terminal,
): Promise<number> {
  const io = new Io(command.name, terminal);
  io.stops.listen();
  let exitCode = EXIT_OK;
  try {
    await command.build(io).version(packageVersion()).parseAsync(argv);
    if (io.stops.received !== undefined) exitCode = signalExitCode(io.stops.received);
  } catch (error) {
    const message = messageFor(error);
    if (message !== undefined) io.err.write(`${command.name}: ${message}\n`);
    if (io.env.NN_DEBUG && error instanceof Error && error.stack) {
      io.err.write(`${error.stack}\n`);
    }
    exitCode = exitCodeFor(error);
  } finally {
    io.stops.end();
  }
  await io.settled();
  return exitCode === EXIT_OK && io.isOutputLost ? EXIT_RUNTIME : exitCode;
}

/**
 * The entry a bin/ shim calls: the command on the real process. Sets process.exitCode rather
 * than calling process.exit, so buffered stdout (a JSON document) is never cut short.
 */
export async function runMain(command: CliCommand, argv: string[]): Promise<void> {
  process.exitCode = await runCommand(command, argv, processTerminal());
}
