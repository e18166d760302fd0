// Running the built nn-train (bin/nn-train.js over dist/) as a user would, blocking until it
// ends; most command-line tests run it in-process instead (in-process.ts).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_HOME } from '../home.js';

export const BIN = fileURLToPath(new URL('../../bin/nn-train.js', import.meta.url));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A clean environment: no colour forcing from the test runner, no data directory override, the
 * tests' own home.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.MNIST_DIR;
  return { ...env, ...TEST_HOME, ...extra };
}

export function runTrain(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function spawnTrain(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: cleanEnv(), stdio: 'pipe' });
}

/** Small enough to finish in a second or two: 1000 training and 500 test samples. */
export const SMALL = ['--source', 'bundled', '--train-size', '1000', '--test-size', '500'];
