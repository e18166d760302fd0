// A recursive-descent parser for the toy-function language (never eval or Function):
//   expression := term (('+' | '-') term)*
//   term       := unary (('*' | '/') unary)*
//   unary      := ('-' | '+') unary | power
//   power      := primary ('^' unary)?          right-associative; -x^2 is -(x^2), 2^-1 works
//   primary    := number | x | x0..xN | function '(' expression ')' | '(' expression ')'

import { ExpressionError } from './errors.js';
import { tokenize, type Token } from './tokenizer.js';

export const FUNCTION_NAMES = ['exp', 'log', 'sqrt', 'sin', 'cos', 'tanh', 'sigmoid'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Deeper nesting (parentheses, signs, powers, calls) is refused rather than risking the stack. */
export const MAX_NESTING = 100;
/** The highest variable index, x0..x99. */
export const MAX_VARIABLE_INDEX = 99;

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; index: number }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr }
  | { kind: 'call'; name: FunctionName; argument: Expr };

export interface ParsedExpression {
  tree: Expr;
  /** one more than the highest variable index used (x counts as x0); 0 for a constant */
  arity: number;
  /** whether the expression writes a lone `x` (so results can be named x rather than x0) */
  usesBareX: boolean;
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'end of expression' : `'${token.text}'`;
}

export function parseExpression(source: string): ParsedExpression {
  const tokens = tokenize(source);
  if (tokens.length === 1) throw new ExpressionError('empty expression');
  let position = 0;
  let nesting = 0;
  let arity = 0;
  let usesBareX = false;
  let usesIndexed = false;

  const peek = (): Token => tokens[position];
  const next = (): Token => tokens[position++];
  const isOperator = (text: string): boolean => {
    const token = peek();
    return token.kind === 'operator' && token.text === text;
  };
  const unexpected = (token: Token): never => {
    throw new ExpressionError(`unexpected ${describe(token)}`, token.column);
  };
  const nested = <T>(token: Token, parse: () => T): T => {
    if (++nesting > MAX_NESTING) {
      throw new ExpressionError(
        `expression nested too deeply (over ${MAX_NESTING} levels)`,
        token.column,
      );
    }
    const result = parse();
    nesting--;
    return result;
  };

  const expression = (): Expr => {
    let left = term();
    while (isOperator('+') || isOperator('-')) {
      const operator = next().text as '+' | '-';
      left = { kind: 'binary', operator, left, right: term() };
    }
    return left;
  };

  const term = (): Expr => {
    let left = unary();
    while (isOperator('*') || isOperator('/')) {
      const operator = next().text as '*' | '/';
      left = { kind: 'binary', operator, left, right: unary() };
    }
    return left;
  };

  const unary = (): Expr => {
    const token = peek();
    if (isOperator('-') || isOperator('+')) {
      next();
      const operand = nested(token, unary);
      return token.text === '-' ? { kind: 'negate', operand } : operand;
    }
    return power();
  };

  const power = (): Expr => {
    const base = primary();
    if (!isOperator('^')) return base;
    const token = next();
    return { kind: 'binary', operator: '^', left: base, right: nested(token, unary) };
  };

  const closing = (open: Token): void => {
    const token = peek();
    if (token.kind === 'end') {
      throw new ExpressionError(`missing ')' for the '(' at column ${open.column}`);
    }
    if (!isOperator(')')) unexpected(token);
    next();
  };

  const variable = (token: Token): Expr => {
    const index = token.text === 'x' ? 0 : Number(token.text.slice(1));
    if (index > MAX_VARIABLE_INDEX) {
      throw new ExpressionError(
        `variable ${token.text} is beyond x${MAX_VARIABLE_INDEX}`,
        token.column,
      );
    }
    if (token.text === 'x') usesBareX = true;
    else usesIndexed = true;
    if (usesBareX && usesIndexed) {
      throw new ExpressionError('write either x or x0, x1, ..., not both', token.column);
    }
    arity = Math.max(arity, index + 1);
    return { kind: 'variable', index };
  };

  const primary = (): Expr => {
    const token = next();
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'operator' && token.text === '(') {
      const inner = nested(token, expression);
      closing(token);
      return inner;
    }
    if (token.kind === 'name') {
      if (/^x(0|[1-9]\d*)?$/.test(token.text)) return variable(token);
      const name = FUNCTION_NAMES.find((f) => f === token.text);
      if (name === undefined) {
        throw new ExpressionError(
          `unknown name '${token.text}' (variables: x or x0, x1, ...; functions: ` +
            `${FUNCTION_NAMES.join(', ')})`,
          token.column,
        );
      }
      const open = peek();
      if (!isOperator('(')) {
        throw new ExpressionError(`expected '(' after '${name}'`, open.column);
      }
      next();
      const argument = nested(open, expression);
      closing(open);
      return { kind: 'call', name, argument };
    }
    return unexpected(token);
  };

  const tree = expression();
  if (peek().kind !== 'end') unexpected(peek());
  return { tree, arity, usesBareX };
}
