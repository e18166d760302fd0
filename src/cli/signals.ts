// Stopping a command: SIGINT (Ctrl-C), SIGTERM and SIGHUP, one mechanism for every command.
//
// A stage that can stop cleanly (loading the data, the training loop, a save) says so with
// `graceful`: the first signal then aborts `signal`, the stage ends in its own time (the
// iteration finished, the file written), and the command exits 128 + the signal's number.
// Anywhere else (after the command, too) and at a second signal, the process ends at once,
// through process.exit, so that its 'exit' hooks still run. Long synchronous work steps aside
// (`whileBusy`): no handler could run before it ended, so there a signal keeps its default and
// ends the process itself.

export const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;
const NAMES = Object.keys(STOP_SIGNALS) as StopSignal[];

/** process, or a stand-in that emits the signals a test sends. */
export interface SignalSource {
  on(signal: StopSignal, listener: (signal: StopSignal) => void): unknown;
  off(signal: StopSignal, listener: (signal: StopSignal) => void): unknown;
}

/** What the stop signals need of a command: its name, its stderr, and its process. */
export interface SignalHost {
  readonly name: string;
  readonly err: { readonly isTTY: boolean; write(text: string): void };
  readonly terminal: { readonly signals: SignalSource; exit(code: number): void };
}

export function signalExitCode(signal: StopSignal): number {
  return 128 + STOP_SIGNALS[signal];
}

/** How a message names what happened: "interrupted", "terminated (SIGTERM)", "hung up (SIGHUP)". */
export function describeSignal(signal: StopSignal): string {
  if (signal === 'SIGINT') return 'interrupted';
  return `${signal === 'SIGTERM' ? 'terminated' : 'hung up'} (${signal})`;
}

/** What a second signal does, said when the first one is taken. */
export function againToQuit(signal: StopSignal): string {
  return `${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit at once`;
}

/** Thrown when a stop signal ended the command; its line is already printed. */
export class Stopped extends Error {
  constructor(readonly signal: StopSignal) {
    super(signal);
  }
}

export class StopSignals {
  private readonly controller = new AbortController();
  private first: StopSignal | undefined;
  private onStop: ((signal: StopSignal) => void) | undefined;

  constructor(private readonly io: SignalHost) {}

  /** Aborted by the first stop signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first stop signal received, if any. */
  get received(): StopSignal | undefined {
    return this.first;
  }

  listen(): void {
    for (const name of NAMES) this.io.terminal.signals.on(name, this.handle);
  }

  close(): void {
    for (const name of NAMES) this.io.terminal.signals.off(name, this.handle);
  }

  /** The command is done: from now on a signal ends the process at once (still listening). */
  end(): void {
    this.onStop = undefined;
  }

  /**
   * Until the returned function is called, the first signal aborts `signal` and calls `onStop`
   * (which says what the stage will do) instead of ending the process.
   */
  graceful(onStop: (signal: StopSignal) => void): () => void {
    const previous = this.onStop;
    this.onStop = onStop;
    return () => {
      this.onStop = previous;
    };
  }

  /**
   * Runs `body`, which `signal` can abort (a load, a download). When a signal came meanwhile,
   * whatever the body did, the command ends with one line, `name: <what happened><tail>`.
   */
  async stoppable<T>(body: (signal: AbortSignal) => Promise<T>, tail: string): Promise<T> {
    const release = this.graceful(() => undefined);
    let value: T;
    try {
      value = await body(this.signal);
    } catch (error) {
      this.throwIfStopped(tail);
      throw error;
    } finally {
      release();
    }
    this.throwIfStopped(tail);
    return value;
  }

  /** Synchronous work that would hold a handler off until it ended: the signals' defaults apply. */
  whileBusy<T>(work: () => T): T {
    this.close();
    try {
      return work();
    } finally {
      this.listen();
    }
  }

  private throwIfStopped(tail: string): void {
    if (this.first === undefined) return;
    this.io.err.write(`${this.io.name}: ${describeSignal(this.first)}${tail}\n`);
    throw new Stopped(this.first);
  }

  private readonly handle = (signal: StopSignal): void => {
    if (this.first === undefined && this.onStop !== undefined) {
      this.first = signal;
      this.controller.abort(new Stopped(signal));
      this.onStop(signal);
      return;
    }
    // The line a first signal needs; after a second, the prompt needs a line of its own.
    if (this.first === undefined) this.io.err.write(`${this.io.name}: ${describeSignal(signal)}\n`);
    else if (this.io.err.isTTY) this.io.err.write('\n');
    this.io.terminal.exit(signalExitCode(signal));
  };
}
