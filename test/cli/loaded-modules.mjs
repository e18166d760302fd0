// Loaded into a command under test with `node --import`: appends to $LOADED_MODULES_FILE, one a
// line, each module the command loads: ES modules by URL as Node's load hook sees them, and at
// exit Node's built-ins (node:name, from process.moduleLoadList) and CommonJS files by path.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env.LOADED_MODULES_FILE;
writeFileSync(file, '');
register('./loaded-modules-hook.mjs', import.meta.url, { data: { file } });

process.on('exit', () => {
  const builtins = process.moduleLoadList
    .filter((entry) => entry.startsWith('NativeModule '))
    .map((entry) => `node:${entry.slice('NativeModule '.length)}`);
  const commonJs = Object.keys(createRequire(import.meta.url).cache);
  appendFileSync(file, [...builtins, ...commonJs].map((line) => `${line}\n`).join(''));
});
