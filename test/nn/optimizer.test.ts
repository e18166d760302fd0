import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/core/matrix.js';
import { SGD } from '../../src/nn/optimizer.js';

describe('SGD', () => {
  it('moves every parameter by -lr times its gradient, in place', () => {
    const params = { W: Matrix.fromArrays([[1, 2]]), b: Matrix.rowVector([0.5]) };
    const grads = { W: Matrix.fromArrays([[10, -20]]), b: Matrix.rowVector([1]) };
    const W = params.W.data;
    new SGD(0.1).update(params, grads);
    expect(params.W.data).toBe(W);
    expect(Array.from(params.W.data)).toEqual([1 - 0.1 * 10, 2 - 0.1 * -20]);
    expect(Array.from(params.b.data)).toEqual([0.5 - 0.1]);
  });

  it('descends: repeated steps on f(x) = x² (book 4.4.1) approach the minimum', () => {
    const x = Matrix.rowVector([-3, 4]);
    const grad = Matrix.zeros(1, 2);
    const sgd = new SGD(0.1);
    for (let step = 0; step < 100; step++) {
      grad.data[0] = 2 * x.data[0];
      grad.data[1] = 2 * x.data[1];
      sgd.update({ x }, { x: grad });
    }
    // The book's gradient_descent example ends at about (-6.1e-10, 8.1e-10).
    expect(x.data[0]).toBeCloseTo(-6.111107928998789e-10, 20);
    expect(x.data[1]).toBeCloseTo(8.148143905337951e-10, 20);
  });

  it('refuses a learning rate that is not positive and gradients of the wrong size', () => {
    expect(() => new SGD(0)).toThrow(RangeError);
    expect(() => new SGD(-1)).toThrow(RangeError);
    expect(() => new SGD(0.1).update({ W: Matrix.zeros(1, 2) }, { W: Matrix.zeros(1, 3) })).toThrow(
      RangeError,
    );
  });
});
