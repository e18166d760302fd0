// Running a command in this process, as main() would on the real one, with stand-ins for what it
// reads from the process: streams that record (or fail), an environment, a source of signals,
// and the machine's memory. Most command-line tests run this way; a few spawn the built command.

import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Terminal } from '../../src/cli/io.js';
import { runCommand, type CliCommand } from '../../src/cli/run.js';
import type { StopSignal } from '../../src/cli/signals.js';
import { TEST_HOME } from '../home.js';

const GB = 1024 ** 3;

export interface StandInOptions {
  /** The command's environment; HOME and XDG_CACHE_HOME are the tests' own unless it sets them. */
  env?: NodeJS.ProcessEnv;
  /** Both streams claim to be terminals of this many columns. */
  columns?: number;
  /** Every write to stdout fails with this error code (ENOSPC, EIO, EPIPE). */
  stdoutError?: string;
  stderrError?: string;
  memory?: { totalBytes: number; availableBytes: number };
}

const MESSAGES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EPIPE: 'broken pipe',
};

/** A stream that keeps what is written, or fails each write as a full disk or a closed pipe would. */
class StandInStream extends Writable {
  text = '';
  readonly isTTY: boolean;

  constructor(
    private readonly errorCode: string | undefined,
    readonly columns: number | undefined,
  ) {
    super({ decodeStrings: false });
    this.isTTY = columns !== undefined;
  }

  override _write(chunk: string, _encoding: string, callback: (error?: Error) => void): void {
    if (this.errorCode === undefined) {
      this.text += chunk;
      callback();
      return;
    }
    const error: NodeJS.ErrnoException = new Error(
      `${this.errorCode}: ${MESSAGES[this.errorCode]}, write`,
    );
    error.code = this.errorCode;
    callback(error);
  }
}

export interface StandIn {
  terminal: Terminal;
  stdout: StandInStream;
  stderr: StandInStream;
  /** Sends a signal as the system would. */
  signal(name: StopSignal): void;
  /** The codes the command asked to exit with at once. */
  exits: number[];
}

export function standIn(options: StandInOptions = {}): StandIn {
  const stdout = new StandInStream(options.stdoutError, options.columns);
  const stderr = new StandInStream(options.stderrError, options.columns);
  const signals = new EventEmitter();
  const exits: number[] = [];
  const memory = options.memory ?? { totalBytes: 16 * GB, availableBytes: 16 * GB };
  const terminal: Terminal = {
    stdout,
    stderr,
    env: { ...TEST_HOME, ...options.env },
    signals,
    exit: (code) => void exits.push(code),
    memory: () => memory,
  };
  return {
    terminal,
    stdout,
    stderr,
    signal: (name) => void signals.emit(name, name),
    exits,
  };
}

export interface InProcessRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` with `args` in this process; resolves with its exit code and output. */
export async function runInProcess(
  command: CliCommand,
  args: string[],
  options: StandInOptions = {},
): Promise<InProcessRun> {
  const stand = standIn(options);
  return runWith(stand, command, args);
}

/** The same with a stand-in made beforehand (to send it signals while the command runs). */
export async function runWith(
  stand: StandIn,
  command: CliCommand,
  args: string[],
): Promise<InProcessRun> {
  const status = await runCommand(command, ['node', command.name, ...args], stand.terminal);
  return { status, stdout: stand.stdout.text, stderr: stand.stderr.text };
}
