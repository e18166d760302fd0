// What a command reads from and writes to its process, handed to it as one value: main() hands
// in the real process, tests hand in stand-ins and run the command in-process.
//
// A failing stdout or stderr never costs the work. A write that fails (a full disk, an I/O
// error) is said once, in one line on stderr while stderr still works, and later writes to that
// stream are dropped; the command goes on, still writes its files, and ends with exit code 1. A
// closed pipe (`| head`) is no failure: the reader has what it wanted, so output just stops.

import { freemem, totalmem } from 'node:os';
import type { ChalkInstance } from 'chalk';
import { makeChalk } from './color.js';
import { StopSignals, type SignalSource } from './signals.js';

/** process.stdout or process.stderr, or a stand-in with the same few members. */
export type TerminalStream = NodeJS.WritableStream & {
  readonly isTTY?: boolean;
  readonly columns?: number;
};

export interface MachineMemory {
  /** What the process could ever have: physical memory, or a lower cgroup limit. */
  totalBytes: number;
  /** What is free for it now (the kernel's MemAvailable). */
  availableBytes: number;
}

export interface Terminal {
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  readonly env: NodeJS.ProcessEnv;
  /** Where SIGINT, SIGTERM and SIGHUP arrive. */
  readonly signals: SignalSource;
  /** Ends the process now, with its 'exit' hooks (a second stop signal does not wait). */
  exit(code: number): void;
  memory(): MachineMemory;
}

export function processTerminal(): Terminal {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signals: process,
    exit: (code) => process.exit(code),
    memory: () => {
      // A cgroup without a limit reports one of 2^64 bytes; only a lower one counts.
      const limit = process.constrainedMemory?.() ?? 0;
      const total = totalmem();
      return {
        totalBytes: limit > 0 && limit < total ? limit : total,
        availableBytes: freemem(),
      };
    },
  };
}

/** "no space left on device (ENOSPC)", from Node's "ENOSPC: no space left on device, write". */
export function describeWriteError(error: NodeJS.ErrnoException): string {
  const reason = /^[A-Z0-9]+: (.*?)(?:, \w+)?$/.exec(error.message)?.[1] ?? error.message;
  return error.code === undefined ? reason : `${reason} (${error.code})`;
}

/**
 * One of the command's two output streams. Writes go through while the stream works; after a
 * closed pipe or a write error they are dropped, and `state` says which happened.
 */
export class Output {
  state: 'open' | 'closed' | 'failed' = 'open';
  private readonly listeners: ((state: 'closed' | 'failed') => void)[] = [];
  /** Writes whose fate is not known yet, and who waits for them. */
  private pending = 0;
  private waiting: (() => void)[] = [];

  constructor(
    readonly stream: TerminalStream,
    private readonly onFailure: (error: NodeJS.ErrnoException) => void,
  ) {
    // Each failed write also comes as an event: without a listener it would crash the process.
    stream.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  get columns(): number | undefined {
    return this.stream.isTTY ? this.stream.columns : undefined;
  }

  write(text: string): void {
    if (this.state !== 'open') return;
    this.pending++;
    this.stream.write(text, (error) => {
      if (error) this.fail(error as NodeJS.ErrnoException);
      if (--this.pending === 0) for (const resolve of this.waiting.splice(0)) resolve();
    });
  }

  /** Calls `listener` when the stream stops taking output. */
  onStop(listener: (state: 'closed' | 'failed') => void): void {
    this.listeners.push(listener);
  }

  /** Resolves when every write so far has succeeded or failed: the state is then final. */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private fail(error: NodeJS.ErrnoException): void {
    if (this.state !== 'open') return;
    this.state = error.code === 'EPIPE' ? 'closed' : 'failed';
    if (this.state === 'failed') this.onFailure(error);
    for (const listener of this.listeners) listener(this.state);
  }
}

/** Everything a command talks to, for one run: its name, its outputs, env, signals, memory. */
export class Io {
  readonly out: Output;
  readonly err: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly stops: StopSignals;

  constructor(
    readonly name: string,
    readonly terminal: Terminal,
  ) {
    this.env = terminal.env;
    this.err = new Output(terminal.stderr, () => undefined);
    this.out = new Output(terminal.stdout, (error) =>
      this.err.write(`${name}: cannot write to standard output: ${describeWriteError(error)}\n`),
    );
    this.stops = new StopSignals(this);
  }

  /** Whether stdout failed: the output is incomplete, so the command ends with exit code 1. */
  get isOutputLost(): boolean {
    return this.out.state === 'failed';
  }

  /** Resolves when the fate of every write so far is known. */
  async settled(): Promise<void> {
    await Promise.all([this.out.settled(), this.err.settled()]);
  }

  /** A chalk for `stream` (stdout by default) as --no-color, NO_COLOR and FORCE_COLOR say. */
  chalk(color: boolean | undefined, stream: Output = this.out): ChalkInstance {
    return makeChalk({ color, env: this.env, stream });
  }
}
