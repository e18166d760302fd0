// The fault catalogue's way of running a command: the built bin/ script in a child process, its
// streams piped or pointed at a file or a device, so that a case can watch its output, send it
// signals, or make its writes fail. A full disk is a stand-in made in the case's own directory:
// the character device 1,7, as /dev/full is (mknod needs root or CAP_MKNOD).

import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelOfNet, serializeModel } from '../../src/nn/model-file.js';
import { TwoLayerNet } from '../../src/nn/two-layer-net.js';
import { TEST_HOME } from '../home.js';
import type { Outcome } from './promise.js';

/** Less than vitest's test timeout (60 s). */
const CHILD_TIMEOUT_MS = 50_000;

/** Quick runs: part of the data, one thread (the in-process tests cover evaluation threads). */
export const SMALL = [
  '--source',
  'bundled',
  '--train-size',
  '1000',
  '--test-size',
  '500',
  '--threads',
  '1',
];

export type CommandName = 'nn-train' | 'nn-demo' | 'nn-grad' | 'nn-data' | 'nn-eval';

export function binOf(name: CommandName): string {
  return fileURLToPath(new URL(`../../bin/${name}.js`, import.meta.url));
}

/** The test process's environment without what would change what a command does; the tests' home. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(MNIST_|NN_|FORCE_COLOR$|NO_COLOR$)|proxy/i.test(key)) env[key] = value;
  }
  return { ...env, ...TEST_HOME };
}

/** A full-disk device in `dir`, or why none can be made here. */
export function makeFullDevice(dir: string): { path: string } | { reason: string } {
  const path = join(dir, 'full');
  const made = spawnSync('mknod', [path, 'c', '1', '7'], { encoding: 'utf8' });
  if (made.status === 0) return { path };
  return {
    reason: `no full-disk stand-in: mknod failed (${(made.stderr || made.error?.message || '').trim()})`,
  };
}

export interface Spawned {
  /** What the command printed so far on the streams that are piped. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves as soon as the stream's text matches, in the same turn as the chunk that made it
   * match: a signal sent then reaches the command as close as can be to that point.
   */
  when(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void>;
  /** Stops reading stdout, as the reader of `| head` does when it has its lines. */
  closeStdout(): void;
  kill(signal: NodeJS.Signals): void;
  /** The exit: status is null when a signal ended the process itself. */
  done: Promise<Outcome & { signal: NodeJS.Signals | null }>;
}

export interface SpawnOptions {
  /** A file (or device) to write stdout to, instead of a pipe. */
  stdoutPath?: string;
  stderrPath?: string;
  /** Options for node itself, before the script (--import a probe). */
  nodeOptions?: string[];
  /** Variables added to the clean environment. */
  env?: NodeJS.ProcessEnv;
}

export function spawnCommand(
  name: CommandName,
  args: string[],
  options: SpawnOptions = {},
): Spawned {
  const stdoutFd = options.stdoutPath === undefined ? undefined : openSync(options.stdoutPath, 'w');
  const stderrFd = options.stderrPath === undefined ? undefined : openSync(options.stderrPath, 'w');
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), binOf(name), ...args], {
    env: { ...cleanEnv(), ...options.env },
    stdio: ['ignore', stdoutFd ?? 'pipe', stderrFd ?? 'pipe'],
    // A command gone wrong is ended before the test's own time runs out, not left running.
    timeout: CHILD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  for (const fd of [stdoutFd, stderrFd]) if (fd !== undefined) closeSync(fd);
  const text = { stdout: '', stderr: '' };
  const waiters: { stream: 'stdout' | 'stderr'; pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (!waiter.pattern.test(text[waiter.stream])) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.setEncoding('utf8').on('data', (chunk: string) => {
      text[stream] += chunk;
      check();
    });
  }
  const done = new Promise<Outcome & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, ...text }));
  });
  return {
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    when: (stream, pattern) =>
      new Promise((resolve) => {
        waiters.push({ stream, pattern, resolve });
        check();
      }),
    closeStdout: () => void child.stdout?.destroy(),
    kill: (signal) => void child.kill(signal),
    done,
  };
}

/** A small untrained model file (784-10-10), for commands that read one. */
export function writeModel(path: string): void {
  const architecture = {
    class: 'TwoLayerNet',
    inputSize: 784,
    hiddenSizeList: [10],
    outputSize: 10,
    activation: 'sigmoid',
    weightInitStd: 0.01,
    weightDecayLambda: 0,
  } as const;
  writeFileSync(path, serializeModel(modelOfNet(new TwoLayerNet(784, 10, 10), architecture)));
}

/** Waits (polling) until `condition` holds. */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
