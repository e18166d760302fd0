import { describe, expect, it } from 'vitest';
import { matmul } from '../../../src/core/kernels/products.js';
import { matmulReference } from '../../../src/core/kernels/reference/products.js';
import { randomArray } from './cases.js';

describe('products', () => {
  it('matmul of the identity returns its input (an independent check of the reference)', () => {
    const a = randomArray(12);
    const eye = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const out = new Float64Array(12);
    matmulReference(out, a, eye, 4, 3, 3);
    expect(Array.from(out)).toEqual(Array.from(a));
  });

  it('sum in the dense order, so skipping zeros changes no bit', () => {
    const a = randomArray(6 * 40, 0.81);
    const b = randomArray(40 * 9);
    const sparse = new Float64Array(6 * 9);
    const dense = new Float64Array(6 * 9);
    matmul(sparse, a, b, 6, 40, 9);
    matmulReference(dense, a, b, 6, 40, 9);
    expect(Array.from(sparse)).toEqual(Array.from(dense));
  });
});
