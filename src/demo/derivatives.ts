// book 4.3: the numerical derivative, partial derivatives, and the gradient of x0^2 + x1^2.

import { numericalDiff, numericalGradient } from '../nn/numerical.js';
import { function1, function1Derivative, function2 } from './book-functions.js';

export interface DiffPoint {
  x: number;
  numerical: number;
  exact: number;
  /** f(x), where the tangent touches the curve */
  y: number;
}

export interface DiffDemo {
  points: DiffPoint[];
}

/** numerical_diff(function_1, 5) and (function_1, 10), beside the exact 0.2 and 0.3. */
export function diffDemo(): DiffDemo {
  return {
    points: [5, 10].map((x) => ({
      x,
      numerical: numericalDiff(function1, x),
      exact: function1Derivative(x),
      y: function1(x),
    })),
  };
}

export interface PartialDemo {
  at: [number, number];
  /** ∂f/∂x0 with x1 held at 4, and ∂f/∂x1 with x0 held at 3, by numericalDiff */
  partials: { variable: string; numerical: number; exact: number }[];
}

/** book 4.3.3: each partial derivative as a one-variable function with the other held fixed. */
export function partialDemo(): PartialDemo {
  // function_tmp1 and function_tmp2 of the book: 4.0 ** 2.0 and 3.0 ** 2.0 are exact constants
  const functionTmp1 = (x0: number) => x0 * x0 + 4.0 ** 2.0;
  const functionTmp2 = (x1: number) => 3.0 ** 2.0 + x1 * x1;
  return {
    at: [3, 4],
    partials: [
      { variable: 'x0', numerical: numericalDiff(functionTmp1, 3.0), exact: 6 },
      { variable: 'x1', numerical: numericalDiff(functionTmp2, 4.0), exact: 8 },
    ],
  };
}

export interface GradientPoint {
  at: number[];
  gradient: number[];
  exact: number[];
}

export interface GradientDemo {
  points: GradientPoint[];
}

/** numerical_gradient(function_2, ...) at the book's three points. */
export function gradientDemo(): GradientDemo {
  return {
    points: [
      [3, 4],
      [0, 2],
      [3, 0],
    ].map((at) => ({
      at,
      gradient: Array.from(numericalGradient(function2, Float64Array.from(at))),
      exact: at.map((v) => 2 * v),
    })),
  };
}

export interface GradientField {
  /** grid points (x0, x1) and −∇f at each, as the book's quiver plot (fig. 4-9) */
  arrows: { x0: number; x1: number; dx0: number; dx1: number }[];
}

/** −∇f of x0^2 + x1^2 every 0.25 from −2 to 2 on both axes (the part of the book's grid it shows). */
export function gradientField(): GradientField {
  const ticks = Array.from({ length: 17 }, (_, i) => -2 + 0.25 * i);
  const arrows: GradientField['arrows'] = [];
  for (const x1 of ticks) {
    for (const x0 of ticks) {
      const grad = numericalGradient(function2, Float64Array.of(x0, x1));
      arrows.push({ x0, x1, dx0: -grad[0], dx1: -grad[1] });
    }
  }
  return { arrows };
}
