// Evaluating a parsed expression, and its exact partial derivatives by forward-mode automatic
// differentiation: each node carries (value, derivative) along one coordinate direction.

import type { Expr, FunctionName } from './parser.js';

/** a^b, with a^2 as a*a: that is what Python's x**2 computes, so results match the book's. */
function power(a: number, b: number): number {
  return b === 2 ? a * a : Math.pow(a, b);
}

function sigmoid(a: number): number {
  return 1 / (1 + Math.exp(-a));
}

const FUNCTIONS: Record<FunctionName, (a: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
};

/** The value at x; outside a function's domain (log of a negative) the result is NaN. */
export function evaluate(tree: Expr, x: ArrayLike<number>): number {
  switch (tree.kind) {
    case 'number':
      return tree.value;
    case 'variable':
      return x[tree.index];
    case 'negate':
      return -evaluate(tree.operand, x);
    case 'call':
      return FUNCTIONS[tree.name](evaluate(tree.argument, x));
    case 'binary': {
      const a = evaluate(tree.left, x);
      const b = evaluate(tree.right, x);
      switch (tree.operator) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return power(a, b);
      }
    }
  }
}

interface Dual {
  value: number;
  derivative: number;
}

/** d/da of each function, given a and its value f(a). */
const DERIVATIVES: Record<FunctionName, (a: number, fa: number) => number> = {
  exp: (_a, fa) => fa,
  log: (a) => 1 / a,
  sqrt: (_a, fa) => 1 / (2 * fa),
  sin: (a) => Math.cos(a),
  cos: (a) => -Math.sin(a),
  tanh: (_a, fa) => 1 - fa * fa,
  sigmoid: (_a, fa) => fa * (1 - fa),
};

function dual(tree: Expr, x: ArrayLike<number>, direction: number): Dual {
  switch (tree.kind) {
    case 'number':
      return { value: tree.value, derivative: 0 };
    case 'variable':
      return { value: x[tree.index], derivative: tree.index === direction ? 1 : 0 };
    case 'negate': {
      const a = dual(tree.operand, x, direction);
      return { value: -a.value, derivative: -a.derivative };
    }
    case 'call': {
      const a = dual(tree.argument, x, direction);
      const value = FUNCTIONS[tree.name](a.value);
      // a zero inner derivative stays zero even where f' is infinite (sqrt at 0, log at 0)
      const derivative =
        a.derivative === 0 ? 0 : DERIVATIVES[tree.name](a.value, value) * a.derivative;
      return { value, derivative };
    }
    case 'binary': {
      const a = dual(tree.left, x, direction);
      const b = dual(tree.right, x, direction);
      switch (tree.operator) {
        case '+':
          return { value: a.value + b.value, derivative: a.derivative + b.derivative };
        case '-':
          return { value: a.value - b.value, derivative: a.derivative - b.derivative };
        case '*':
          return {
            value: a.value * b.value,
            derivative: a.derivative * b.value + a.value * b.derivative,
          };
        case '/':
          return {
            value: a.value / b.value,
            derivative: (a.derivative * b.value - a.value * b.derivative) / (b.value * b.value),
          };
        case '^': {
          const value = power(a.value, b.value);
          // constant exponent: b a^(b-1) a' (defined for negative bases too);
          // otherwise a^b (b' ln a + b a' / a)
          const derivative =
            b.derivative === 0
              ? a.derivative === 0
                ? 0
                : b.value * power(a.value, b.value - 1) * a.derivative
              : value * (b.derivative * Math.log(a.value) + (b.value * a.derivative) / a.value);
          return { value, derivative };
        }
      }
    }
  }
}

/** The exact gradient at x: one forward-mode pass per coordinate. */
export function exactGradient(tree: Expr, x: ArrayLike<number>): Float64Array {
  const gradient = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) gradient[i] = dual(tree, x, i).derivative;
  return gradient;
}
