// The layers of src/ (docs of the design: imports go cli -> train -> nn -> core, and
// train -> fast -> core), read from the source's own import statements, type-only ones included.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

interface Import {
  from: string;
  to: string;
  isTypeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every import and re-export of a file inside src/, static or dynamic, as paths from src/. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const statements = /^(import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gm;
  const dynamic = /import\('(\.[^']+)'\)/g;
  const found = [
    ...Array.from(text.matchAll(statements), (m) => ({ path: m[3], isTypeOnly: !!m[2] })),
    ...Array.from(text.matchAll(dynamic), (m) => ({ path: m[1], isTypeOnly: false })),
  ];
  return found.map(({ path, isTypeOnly }) => ({
    from: relative(SRC, file),
    to: relative(SRC, resolve(dirname(file), path.replace(/\.js$/, '.ts'))),
    isTypeOnly,
  }));
}

const imports = sourceFiles(SRC).flatMap(importsOf);
const folderOf = (path: string) => path.split('/')[0];

describe('the imports of src/', () => {
  it('are found by the reader (so the rules below are not vacuous)', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports).toContainEqual({
      from: 'train/trainer.ts',
      to: 'train/steps.ts',
      isTypeOnly: false,
    });
  });

  it('form no cycle, type-only imports included', () => {
    const edges = new Map<string, string[]>();
    for (const { from, to } of imports) edges.set(from, [...(edges.get(from) ?? []), to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of edges.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  const allowed: Record<string, { folders: string[]; typesFrom?: string[] }> = {
    core: { folders: ['core'] },
    nn: { folders: ['core', 'nn'] },
    fast: { folders: ['core', 'fast'], typesFrom: ['nn'] },
    train: { folders: ['core', 'data', 'nn', 'fast', 'train'] },
  };
  for (const [folder, { folders, typesFrom = [] }] of Object.entries(allowed)) {
    const types = typesFrom.length ? ` (and the types of ${typesFrom.join(', ')}/)` : '';
    it(`of ${folder}/ reach only ${folders.join(', ')}/${types}`, () => {
      const outside = imports.filter(
        ({ from, to, isTypeOnly }) =>
          folderOf(from) === folder &&
          !folders.includes(folderOf(to)) &&
          !(isTypeOnly && typesFrom.includes(folderOf(to))),
      );
      expect(outside).toEqual([]);
    });
  }
});
