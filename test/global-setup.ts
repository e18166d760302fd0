// Before any test: the built files must be current. Worker threads and spawned commands run
// dist/, not src/, so a source edited since the last build would be tested half old, half new.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function filesBelow(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

function modifiedMs(path: string): number | undefined {
  try {
    return statSync(join(ROOT, path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The WebAssembly module the build compiles assembly/ into, as asconfig.json names it. */
function wasmModulePath(): string {
  const config = JSON.parse(readFileSync(join(ROOT, 'asconfig.json'), 'utf8')) as {
    options: { outFile: string };
  };
  return config.options.outFile;
}

/** What in src/ or assembly/ is newer than the file the build makes of it, if anything. */
export function staleSource(): { source: string; built: string } | undefined {
  const wasm = wasmModulePath();
  const pairs = [
    ...filesBelow('src')
      .filter((path) => path.endsWith('.ts'))
      .map((source) => ({ source, built: source.replace(/^src/, 'dist').replace(/\.ts$/, '.js') })),
    ...filesBelow('assembly').map((source) => ({ source, built: wasm })),
  ];
  return pairs.find(({ source, built }) => {
    const builtMs = modifiedMs(built);
    return builtMs === undefined || (modifiedMs(source) ?? 0) > builtMs;
  });
}

export function setup(): void {
  const stale = staleSource();
  if (stale === undefined) return;
  const error = new Error(
    `dist/ is out of date: ${stale.source} is newer than ${stale.built}; run \`npm run build\``,
  );
  // The message is the whole story: a stack into this file would only hide it.
  error.stack = error.message;
  throw error;
}
