// The built commands as the fault cases run them: spawned like a user's, each with a time limit
// so that a command that hangs fails its case, and nn-train kept tiny.

import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type Run } from '../cli/spawn-cli.js';
import { cleanEnv, SMALL } from '../cli/train-cli.js';

export type Command = 'nn-train' | 'nn-eval' | 'nn-demo';

export const binOf = (command: Command) =>
  fileURLToPath(new URL(`../../bin/${command}.js`, import.meta.url));

/** Three iterations on a thousand bundled samples: a second or so, whatever the case. */
export const TINY_TRAINING = [...SMALL, '--iters', '3', '--seed', '0', '--quiet'];

/** Longer than any case needs on a busy machine; a hang ends here. */
const TIME_LIMIT_MS = 50_000;

export function runCommand(command: Command, args: string[]): Promise<Run> {
  return run(binOf(command), args, cleanEnv({ NO_COLOR: '1' }), { timeoutMs: TIME_LIMIT_MS });
}

export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'nn-fault-'));
}

/** A model saved by a tiny nn-train run, made once per test file and copied where a case wants it. */
export async function trainModel(dir: string): Promise<string> {
  const path = join(dir, 'model.json');
  const outcome = await runCommand('nn-train', [...TINY_TRAINING, '--save', path]);
  if (outcome.status !== 0) throw new Error(`nn-train could not make a model: ${outcome.stderr}`);
  return path;
}

export function copyModel(model: string, to: string): string {
  copyFileSync(model, to);
  return to;
}
