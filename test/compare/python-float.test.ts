import { describe, expect, it } from 'vitest';
import { pythonFloat } from '../../src/compare/python-float.js';
import { parseVary, varyProduct } from '../../src/compare/vary.js';

// Python 3.11's str() of each value, printed by python3 itself.
const PYTHON: [number, string][] = [
  [1.0, '1.0'],
  [0.5411695265464637, '0.5411695265464637'],
  [1e-4, '0.0001'],
  [0.0001234, '0.0001234'],
  [9.99e-5, '9.99e-05'],
  [1.5081662054491436e-6, '1.5081662054491436e-06'],
  [1e16, '1e+16'],
  [1.2345e16, '1.2345e+16'],
  [123456789012345.6, '123456789012345.6'],
  [0.1, '0.1'],
  [2.0, '2.0'],
  [-3.5e-7, '-3.5e-07'],
  [1e-300, '1e-300'],
  [5e-324, '5e-324'],
  [1e22, '1e+22'],
];

describe('pythonFloat', () => {
  it.each(PYTHON)('%s as Python writes it', (value, text) => {
    expect(pythonFloat(value)).toBe(text);
  });
});

describe('--vary', () => {
  it('splits on commas, or on ; and / when the values are lists', () => {
    expect(parseVary('lr=0.01,0.1')).toEqual({ option: 'lr', values: ['0.01', '0.1'] });
    expect(parseVary('hidden=100,100;50')).toEqual({ option: 'hidden', values: ['100,100', '50'] });
  });

  it('varies the first axis slowest', () => {
    const runs = varyProduct([parseVary('a=1,2'), parseVary('b=x,y,z')]);
    expect(runs.map((run) => run.name)).toEqual([
      'a=1 b=x',
      'a=1 b=y',
      'a=1 b=z',
      'a=2 b=x',
      'a=2 b=y',
      'a=2 b=z',
    ]);
  });
});
