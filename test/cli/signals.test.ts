import { describe, expect, it } from 'vitest';
import { Io } from '../../src/cli/io.js';
import {
  againToQuit,
  describeSignal,
  signalExitCode,
  Stopped,
  type StopSignal,
} from '../../src/cli/signals.js';
import { standIn } from './in-process.js';

function listening() {
  const stand = standIn();
  const io = new Io('nn-test', stand.terminal);
  io.stops.listen();
  return { stand, io };
}

describe('stop signals', () => {
  it('exit 128 + the signal number: 130, 143, 129', () => {
    expect((['SIGINT', 'SIGTERM', 'SIGHUP'] as StopSignal[]).map(signalExitCode)).toEqual([
      130, 143, 129,
    ]);
  });

  it('are named the way a person would say them', () => {
    expect(describeSignal('SIGINT')).toBe('interrupted');
    expect(describeSignal('SIGTERM')).toBe('terminated (SIGTERM)');
    expect(describeSignal('SIGHUP')).toBe('hung up (SIGHUP)');
    expect(againToQuit('SIGINT')).toBe('Ctrl-C again to quit at once');
    expect(againToQuit('SIGTERM')).toBe('SIGTERM again to quit at once');
  });

  it('end the process at once, in one line, where nothing can stop cleanly', () => {
    const { stand, io } = listening();
    stand.signal('SIGTERM');
    expect(stand.exits).toEqual([143]);
    expect(stand.stderr.text).toBe('nn-test: terminated (SIGTERM)\n');
    expect(io.stops.signal.aborted).toBe(false);
  });

  it('in a graceful stage, the first aborts the signal and lets the stage say what it does', () => {
    const { stand, io } = listening();
    const said: StopSignal[] = [];
    io.stops.graceful((signal) => said.push(signal));
    stand.signal('SIGHUP');
    expect(said).toEqual(['SIGHUP']);
    expect(io.stops.signal.aborted).toBe(true);
    expect(io.stops.received).toBe('SIGHUP');
    expect(stand.exits).toEqual([]);
    stand.signal('SIGINT');
    expect(stand.exits).toEqual([130]);
    expect(said).toEqual(['SIGHUP']);
  });

  it('a released stage gives the signal back its default', () => {
    const { stand, io } = listening();
    const release = io.stops.graceful(() => undefined);
    release();
    stand.signal('SIGINT');
    expect(stand.exits).toEqual([130]);
  });

  it('after the command, a signal ends the process at once', () => {
    const { stand, io } = listening();
    io.stops.graceful(() => undefined);
    io.stops.end();
    stand.signal('SIGTERM');
    expect(stand.exits).toEqual([143]);
  });

  it('stop a stoppable load: one line, the signal to exit with, whatever the load did', async () => {
    const { stand, io } = listening();
    const aborted = io.stops.stoppable(
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('download stopped')));
          stand.signal('SIGTERM');
        }),
      ' while loading MNIST',
    );
    await expect(aborted).rejects.toEqual(new Stopped('SIGTERM'));
    expect(stand.stderr.text).toBe('nn-test: terminated (SIGTERM) while loading MNIST\n');
    expect(stand.exits).toEqual([]);

    const other = listening();
    const finished = other.io.stops.stoppable(async () => {
      other.stand.signal('SIGINT');
      return 'the data';
    }, '; nothing was trained');
    await expect(finished).rejects.toEqual(new Stopped('SIGINT'));
    expect(other.stand.stderr.text).toBe('nn-test: interrupted; nothing was trained\n');
  });

  it('let a stoppable load that no signal stopped return or fail as it would', async () => {
    const { io } = listening();
    await expect(io.stops.stoppable(async () => 'the data', '')).resolves.toBe('the data');
    await expect(
      io.stops.stoppable(() => Promise.reject(new Error('no mirror')), ''),
    ).rejects.toThrow('no mirror');
  });

  it('step aside during synchronous work, and come back after it', () => {
    const { stand, io } = listening();
    const emitter = stand.terminal.signals as unknown as { listenerCount(name: string): number };
    let countDuring = -1;
    io.stops.whileBusy(() => {
      countDuring = emitter.listenerCount('SIGINT');
    });
    expect(countDuring).toBe(0);
    expect(emitter.listenerCount('SIGINT')).toBe(1);
  });
});
