// The one top-level catch of every command: typed errors become a one-line message and an exit
// code (0 ok, 1 runtime failure, 2 usage error, 130 interrupted), never a stack trace.

import { CommanderError, type Command } from 'commander';
import { ConfigError, NnError } from '../core/errors.js';
import { removeTemporariesSync } from '../io/temporaries.js';

export const EXIT_OK = 0;
export const EXIT_RUNTIME = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

// However a command ends (an error, a signal handler's process.exit), no temporary file outlives it.
process.on('exit', removeTemporariesSync);

/** Thrown by a command that already reported what happened and only needs an exit code. */
export class ExitRequest extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** Makes commander report usage errors as `name: message` and throw instead of exiting. */
export function configureProgram(program: Command): Command {
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
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  if (error instanceof ConfigError) return EXIT_USAGE;
  return EXIT_RUNTIME;
}

/** The message to print for an error, or undefined when it was already printed. */
export function messageFor(error: unknown): string | undefined {
  if (error instanceof ExitRequest || error instanceof CommanderError) return undefined;
  if (error instanceof NnError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? error.message : `internal error: ${error.message}`;
  }
  return `internal error: ${String(error)}`;
}

/**
 * Runs a command's body and maps whatever it throws to an exit code. Sets process.exitCode
 * rather than calling process.exit, so buffered stdout (a JSON document) is never cut short.
 */
export async function runCommand(name: string, body: () => Promise<void>): Promise<void> {
  // `nn-data show 0 --json | head` closes the pipe early: that ends the output, it is no crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  try {
    await body();
  } catch (error) {
    const message = messageFor(error);
    if (message !== undefined) process.stderr.write(`${name}: ${message}\n`);
    if (process.env.NN_DEBUG && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = exitCodeFor(error);
  }
}
