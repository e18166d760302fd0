// What a stranger installs: the tarball `npm pack` makes. It carries a licence, every command's
// shim, the built code with sources its maps point at, and a manifest without the clone's
// build scripts (npm warns of a prepare script in an installed package).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script of the build, without type declarations
import { installedManifest } from '../scripts/pack-manifest.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  main: string;
  scripts: Record<string, string>;
};

function packedFiles(): string[] {
  // --ignore-scripts: list what would be packed from the dist/ `npm test` has just built.
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(output) as { files: { path: string }[] }[];
  return pack.files.map((file) => file.path);
}

describe('the npm package', () => {
  const files = packedFiles();
  const packed = new Set(files);

  it('carries the licence, the README and every command named in bin', () => {
    expect(packed.has('LICENSE')).toBe(true);
    expect(packed.has('README.md')).toBe(true);
    for (const shim of Object.values(manifest.bin)) expect(packed.has(shim), shim).toBe(true);
    expect(packed.has(manifest.main)).toBe(true);
    expect(files.some((path) => path.endsWith('.wasm'))).toBe(true);
  });

  it('ships the source of every line its source maps point at', () => {
    const maps = files.filter((path) => path.endsWith('.js.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(ROOT, map), 'utf8')) as {
        sources: string[];
      };
      for (const source of sources) {
        expect(packed.has(normalize(join(dirname(map), source))), `${map} -> ${source}`).toBe(true);
      }
    }
  });

  it('leaves the tests, the bench and the fixtures out', () => {
    expect(files.filter((path) => /^(test|bench|scripts)\//.test(path))).toEqual([]);
  });

  it('installs a manifest without the scripts that build and test a clone', () => {
    expect(manifest.scripts.prepare).toBeDefined();
    const installed = installedManifest(manifest) as Record<string, unknown>;
    expect(installed.scripts).toBeUndefined();
    for (const [field, value] of Object.entries(manifest)) {
      if (field !== 'scripts') expect(installed[field], field).toEqual(value);
    }
  });
});
