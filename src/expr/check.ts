// The numerical gradient of an expression beside its exact gradient, component by component,
// with a verdict: the check the book's gradient_check.py does for the network, on a toy function.

import { ExpressionError } from './errors.js';
import { evaluate, exactGradient } from './evaluate.js';
import { parseExpression } from './parser.js';
import { NUMERICAL_H, numericalGradient } from '../nn/numerical.js';

/** A component agrees when its relative error or its absolute error is at most these. */
export const RELATIVE_TOLERANCE = 1e-6;
export const ABSOLUTE_TOLERANCE = 1e-8;

export interface ComponentCheck {
  variable: string;
  numerical: number;
  exact: number;
  absoluteError: number;
  /** |numerical - exact| / max(|numerical|, |exact|), 0 when both are 0 */
  relativeError: number;
  agrees: boolean;
}

export type Verdict = 'agree' | 'disagree' | 'not-finite';

export interface GradientCheck {
  expression: string;
  at: number[];
  h: number;
  value: number;
  components: ComponentCheck[];
  verdict: Verdict;
  maxRelativeError: number;
}

function compare(variable: string, numerical: number, exact: number): ComponentCheck {
  const absoluteError = Math.abs(numerical - exact);
  const scale = Math.max(Math.abs(numerical), Math.abs(exact));
  const relativeError = scale === 0 ? 0 : absoluteError / scale;
  return {
    variable,
    numerical,
    exact,
    absoluteError,
    relativeError,
    agrees: relativeError <= RELATIVE_TOLERANCE || absoluteError <= ABSOLUTE_TOLERANCE,
  };
}

export function checkGradient(
  expression: string,
  at: readonly number[],
  h = NUMERICAL_H,
): GradientCheck {
  const parsed = parseExpression(expression);
  if (parsed.arity > at.length) {
    throw new ExpressionError(
      `the expression uses x${parsed.arity - 1} but the point has ${at.length} ` +
        `coordinate${at.length === 1 ? '' : 's'}`,
    );
  }
  if (at.length > Math.max(parsed.arity, 1)) {
    throw new ExpressionError(
      `the expression has ${parsed.arity} variable${parsed.arity === 1 ? '' : 's'} but the ` +
        `point has ${at.length} coordinates`,
    );
  }
  const point = Float64Array.from(at);
  const numerical = numericalGradient((x) => evaluate(parsed.tree, x), point, h);
  const exact = exactGradient(parsed.tree, point);
  const name = (i: number) => (parsed.usesBareX ? 'x' : `x${i}`);
  const components = Array.from(numerical, (n, i) => compare(name(i), n, exact[i]));
  const value = evaluate(parsed.tree, point);
  const isFinite = [value, ...numerical, ...exact].every(Number.isFinite);
  return {
    expression,
    at: [...at],
    h,
    value,
    components,
    verdict: !isFinite ? 'not-finite' : components.every((c) => c.agrees) ? 'agree' : 'disagree',
    maxRelativeError: Math.max(0, ...components.map((c) => c.relativeError)),
  };
}
