// The built commands as the fault cases run them: spawned like a user's, each with a time limit
// so that a command that hangs fails its case, and nn-train kept tiny. Cases that need no process
// of their own (no signal, no real stream, nothing that could block the thread) run the same
// command in this process instead, through main()'s own runCommand.

import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCommand } from '../../src/cli/compare.js';
import { demoCommand } from '../../src/cli/demo.js';
import { evalCommand } from '../../src/cli/eval.js';
import type { CliCommand } from '../../src/cli/run.js';
import { trainCommand } from '../../src/cli/train.js';
import { runInProcess } from '../cli/in-process.js';
import { run, type Run } from '../cli/spawn-cli.js';
import { cleanEnv, SMALL } from '../cli/train-cli.js';

export type Command = 'nn-train' | 'nn-eval' | 'nn-demo' | 'nn-compare';

export const binOf = (command: Command) =>
  fileURLToPath(new URL(`../../bin/${command}.js`, import.meta.url));

/**
 * Three iterations on a thousand bundled samples, on one thread (no evaluation worker to start):
 * a second or so, whatever the case.
 */
export const TINY_TRAINING = [...SMALL, '--iters', '3', '--seed', '0', '--threads', '1', '--quiet'];

/** Longer than any case needs on a busy machine; a hang ends here. */
const TIME_LIMIT_MS = 50_000;

export function runCommand(command: Command, args: string[]): Promise<Run> {
  return run(binOf(command), args, cleanEnv({ NO_COLOR: '1' }), { timeoutMs: TIME_LIMIT_MS });
}

const COMMANDS: Record<Command, CliCommand> = {
  'nn-train': trainCommand,
  'nn-eval': evalCommand,
  'nn-demo': demoCommand,
  'nn-compare': compareCommand,
};

/** The same command in this process, on stand-in streams that are no terminal. */
export function runHere(command: Command, args: string[]): Promise<Run> {
  return runInProcess(COMMANDS[command], args, { env: { NO_COLOR: '1' } });
}

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'nn-fault-'));
}

/** A model saved by a tiny nn-train run, made once per test file and copied where a case wants it. */
export async function trainModel(dir: string): Promise<string> {
  const path = join(dir, 'model.json');
  const outcome = await runHere('nn-train', [...TINY_TRAINING, '--save', path]);
  if (outcome.status !== 0) throw new Error(`nn-train could not make a model: ${outcome.stderr}`);
  return path;
}

export function copyModel(model: string, to: string): string {
  copyFileSync(model, to);
  return to;
}
