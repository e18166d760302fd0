// The promise every fault case checks, whatever the fault: one line on stderr (no stack trace),
// the exit code the fault deserves, no temporary file left behind, and no good file changed.
// The cases themselves live beside this file, one test file per kind of fault.

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** What a stack trace or an uncaught error looks like when Node prints one. */
const STACK_LINE = /^\s+at .+[(:]\d+|^node:internal|^(?:Type|Range|Reference|Assertion)Error\b/m;

/** stderr is exactly one line, under the command's name, and matches `message` when given. */
export function expectOneLine(stderr: string, command: string, message?: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0].startsWith(`${command}: `), stderr).toBe(true);
  expect(stderr).not.toMatch(STACK_LINE);
  if (message) expect(lines[0]).toMatch(message);
}

/**
 * stderr without a download's progress lines (one as each file starts and one as it finishes,
 * when stderr is no terminal): what is left is what the command had to say about the fault.
 */
export function withoutProgress(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^[\w-]+: download(?:ing|ed) /.test(line))
    .join('\n');
}

/** The sha256 of every regular file below `dir`, by path relative to it. */
export async function fingerprint(dir: string): Promise<Map<string, string>> {
  const prints = new Map<string, string>();
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const hash = createHash('sha256')
      .update(await fs.readFile(path))
      .digest('hex');
    prints.set(path.slice(dir.length + 1), hash);
  }
  return prints;
}

/** Every file `before` held is still there, byte for byte. */
export async function expectUnchanged(dir: string, before: Map<string, string>): Promise<void> {
  const after = await fingerprint(dir);
  for (const [path, hash] of before) expect(after.get(path), path).toBe(hash);
}

/** The names below `dir` that look like a temporary file the tool writes (`.name.<pid>.<hex>.tmp`). */
export async function temporaries(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir, { recursive: true });
  return names.filter((name) => /(?:^|\/)\..+\.tmp$/.test(name));
}

export async function expectNoTemporaries(dir: string): Promise<void> {
  expect(await temporaries(dir)).toEqual([]);
}
