// What a command reads from and writes to its process, handed to it as one value: main() hands
// in the real process, tests hand in stand-ins and run the command in-process.

import type { ChalkInstance } from 'chalk';
import { makeChalk } from './color.js';

/** process.stdout or process.stderr, or a stand-in with the same few members. */
export type TerminalStream = NodeJS.WritableStream & {
  readonly isTTY?: boolean;
  readonly columns?: number;
};

/** process, or a stand-in that emits the signals a test sends. */
export interface SignalSource {
  on(signal: 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGINT', listener: () => void): unknown;
}

export interface Terminal {
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  readonly env: NodeJS.ProcessEnv;
  /** Where Ctrl-C arrives. */
  readonly signals: SignalSource;
  /** Ends the process now, with its 'exit' hooks (a second Ctrl-C does not wait). */
  exit(code: number): void;
}

export function processTerminal(): Terminal {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signals: process,
    exit: (code) => process.exit(code),
  };
}

/** One of the command's two output streams: writes go through until the reader closes it. */
export class Output {
  /** Whether the reader closed the pipe (`| head`): output ends there, quietly. */
  isClosed = false;

  constructor(readonly stream: TerminalStream) {
    // `nn-data show 0 --json | head` closes the pipe early: that ends the output, it is no crash.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      this.isClosed = true;
    });
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  get columns(): number | undefined {
    return this.stream.isTTY ? this.stream.columns : undefined;
  }

  write(text: string): void {
    if (!this.isClosed) this.stream.write(text);
  }
}

/** Everything a command talks to, for one run: its name, its outputs, env and signals. */
export class Io {
  readonly out: Output;
  readonly err: Output;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly name: string,
    readonly terminal: Terminal,
  ) {
    this.env = terminal.env;
    this.out = new Output(terminal.stdout);
    this.err = new Output(terminal.stderr);
  }

  /** A chalk for `stream` (stdout by default) as --no-color, NO_COLOR and FORCE_COLOR say. */
  chalk(color: boolean | undefined, stream: Output = this.out): ChalkInstance {
    return makeChalk({ color, env: this.env, stream });
  }
}
