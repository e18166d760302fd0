// docs/book-map.md is the reader's index from the book to the source: every file it names must
// exist, and every name it gives beside a file must be defined (or declared) in that file.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAP = readFileSync(join(ROOT, 'docs', 'book-map.md'), 'utf8');

/** Each `src/...` path with the backticked names that follow it in the same cell. */
function entries(): { path: string; names: string[] }[] {
  const found: { path: string; names: string[] }[] = [];
  for (const cell of MAP.split(/\||\n/)) {
    const tokens = [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    let current: { path: string; names: string[] } | undefined;
    for (const token of tokens) {
      if (token.startsWith('src/')) {
        current = { path: token, names: [] };
        found.push(current);
      } else if (current && /^[A-Za-z_$][\w$]*$/.test(token)) {
        current.names.push(token);
      }
    }
  }
  return found;
}

describe('docs/book-map.md', () => {
  const all = entries();

  it('names the book files and sections a reader of chapters 4, 5 and 6 looks for', () => {
    for (const file of [
      'ch04/two_layer_net.py',
      'ch04/train_neuralnet.py',
      'ch05/two_layer_net.py',
      'common/functions.py',
      'common/gradient.py',
      'common/layers.py',
      'common/optimizer.py',
      'common/trainer.py',
      'ch06/overfit_weight_decay.py',
      'ch06/overfit_dropout.py',
      'ch06/batch_norm_gradient_check.py',
    ]) {
      expect(MAP, file).toContain(file);
    }
    for (const section of ['4.2.1', '4.2.2', '4.2.3', '4.3.1', '4.3.3', '4.4', '4.4.1', '4.5.1']) {
      expect(MAP, section).toMatch(new RegExp(`^\\| ${section.replace(/\./g, '\\.')}\\b`, 'm'));
    }
  });

  it('points at source files that exist', () => {
    expect(all.length).toBeGreaterThan(40);
    for (const { path } of all) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });

  it('gives names that the file beside them defines', () => {
    for (const { path, names } of all.filter((entry) => entry.names.length > 0)) {
      const source = readFileSync(join(ROOT, path), 'utf8');
      for (const name of names) {
        const defined = new RegExp(
          `(?:class|function|const|interface|type|readonly)\\s+${name}\\b|^\\s+(?:async\\s+)?${name}\\s*[(<:]|\\b${name}\\s*=`,
          'm',
        );
        expect(defined.test(source), `${path} defines ${name}`).toBe(true);
      }
    }
  });
});
