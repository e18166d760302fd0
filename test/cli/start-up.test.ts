// What a command loads before it does its job: each quick path imports only what it uses, so a
// start costs no download stack (http, https, tls, zlib), no progress bar off a terminal, no
// WebAssembly kernels or figures when nothing trains or draws. An eager import added anywhere
// on the way shows up here as a module that should not be in the list.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './spawn-cli.js';
import { cleanEnv } from './train-cli.js';

const PROBE = fileURLToPath(new URL('./loaded-modules.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nn-start-up-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type CommandName = 'nn-train' | 'nn-data' | 'nn-demo';

/** The modules a command loaded, one a line: node:name, file URLs and CommonJS paths. */
async function modulesLoadedBy(command: CommandName, args: string[]): Promise<string[]> {
  const file = join(scratch, `${command}-${args.join('_').replace(/\W/g, '')}.txt`);
  const bin = fileURLToPath(new URL(`../../bin/${command}.js`, import.meta.url));
  const env = cleanEnv({
    NODE_OPTIONS: `--import=${PROBE}`,
    LOADED_MODULES_FILE: file,
    NO_COLOR: '1',
  });
  const outcome = await run(bin, args, env, { timeoutMs: 50_000 });
  expect(outcome.stderr).toBe('');
  expect(outcome.status).toBe(0);
  return readFileSync(file, 'utf8').split('\n');
}

const has = (modules: string[], pattern: RegExp) => modules.filter((name) => pattern.test(name));

/** The network stack a download needs, as Node names its modules. */
const DOWNLOAD_STACK = /^node:(https?|tls|zlib)$/;
const PROGRESS_BAR = /node_modules\/cli-progress\//;
const WASM_KERNELS = /\/dist\/fast\/wasm-backend\.js$/;
const FIGURES = /\/dist\/report\/svg\.js$/;

describe('start-up', () => {
  it('nn-train --version loads commander and its command, no trainer, kernels or figures', async () => {
    const modules = await modulesLoadedBy('nn-train', ['--version']);
    // The list is real: the command and its parser are in it.
    expect(has(modules, /\/dist\/cli\/train\.js$/)).toHaveLength(1);
    expect(has(modules, /node_modules\/commander\//).length).toBeGreaterThan(0);
    expect(has(modules, /^node:fs$/)).toHaveLength(1);
    expect(has(modules, DOWNLOAD_STACK)).toEqual([]);
    expect(has(modules, PROGRESS_BAR)).toEqual([]);
    expect(has(modules, /\/dist\/train\/trainer\.js$/)).toEqual([]);
    expect(has(modules, WASM_KERNELS)).toEqual([]);
    expect(has(modules, FIGURES)).toEqual([]);
  });

  it('a quiet nn-train run off a terminal loads no download stack, bar, figure or model file', async () => {
    const modules = await modulesLoadedBy('nn-train', [
      ...['--source', 'bundled', '--train-size', '100', '--test-size', '100'],
      ...['--iters', '2', '--threads', '1', '--backend', 'wasm', '--quiet'],
    ]);
    expect(has(modules, /\/dist\/train\/trainer\.js$/)).toHaveLength(1);
    expect(has(modules, WASM_KERNELS)).toHaveLength(1);
    expect(has(modules, DOWNLOAD_STACK)).toEqual([]);
    expect(has(modules, PROGRESS_BAR)).toEqual([]);
    expect(has(modules, FIGURES)).toEqual([]);
    expect(has(modules, /\/dist\/nn\/model-file\.js$/)).toEqual([]);
  });

  it('nn-data info reads the data without the download stack, bar, kernels or figures', async () => {
    const modules = await modulesLoadedBy('nn-data', ['info']);
    expect(has(modules, /\/dist\/data\/load\.js$/)).toHaveLength(1);
    expect(has(modules, DOWNLOAD_STACK)).toEqual([]);
    expect(has(modules, PROGRESS_BAR)).toEqual([]);
    expect(has(modules, WASM_KERNELS)).toEqual([]);
    expect(has(modules, FIGURES)).toEqual([]);
  });

  it('nn-demo loss, a worked example, loads no download stack, bar or kernels', async () => {
    const modules = await modulesLoadedBy('nn-demo', ['loss']);
    expect(has(modules, /\/dist\/demo\/loss\.js$/)).toHaveLength(1);
    expect(has(modules, DOWNLOAD_STACK)).toEqual([]);
    expect(has(modules, PROGRESS_BAR)).toEqual([]);
    expect(has(modules, WASM_KERNELS)).toEqual([]);
  });
});
