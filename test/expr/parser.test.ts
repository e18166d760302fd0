import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/expr/errors.js';
import { evaluate } from '../../src/expr/evaluate.js';
import { MAX_NESTING, parseExpression } from '../../src/expr/parser.js';
import { MAX_EXPRESSION_LENGTH, tokenize } from '../../src/expr/tokenizer.js';

const valueOf = (source: string, x: number[] = []) => evaluate(parseExpression(source).tree, x);

function errorOf(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`"${source}" parsed`);
}

describe('tokenize', () => {
  it('reads numbers with fractions and exponents, names and operators, with columns', () => {
    expect(tokenize('1.5e-3*x0 ^ .5').map((t) => [t.kind, t.text, t.column])).toEqual([
      ['number', '1.5e-3', 1],
      ['operator', '*', 7],
      ['name', 'x0', 8],
      ['operator', '^', 11],
      ['number', '.5', 13],
      ['end', '', 15],
    ]);
  });
  it("reads Python's ** as ^", () => {
    expect(valueOf('2**3')).toBe(8);
  });
  it('names an unexpected character and its column', () => {
    expect(errorOf('x0 $ 1').message).toBe("unexpected character '$' at column 4");
    expect(errorOf('x\u0000').message).toBe("unexpected character '\\u0000' at column 2");
  });
});

describe('parseExpression: precedence and associativity', () => {
  it('binds ^ tighter than unary minus, * and +: -2^2 + 3*2 is 2', () => {
    expect(valueOf('-2^2 + 3*2')).toBe(2);
  });
  it('makes ^ right-associative: 2^3^2 is 512', () => {
    expect(valueOf('2^3^2')).toBe(512);
  });
  it('makes - and / left-associative: 8 - 4 - 2 is 2 and 8 / 4 / 2 is 1', () => {
    expect(valueOf('8 - 4 - 2')).toBe(2);
    expect(valueOf('8 / 4 / 2')).toBe(1);
  });
  it('accepts a signed exponent: 2^-1 is 0.5', () => {
    expect(valueOf('2^-1')).toBe(0.5);
  });
  it('evaluates the functions: exp log sqrt sin cos tanh sigmoid', () => {
    expect(valueOf('exp(1)')).toBe(Math.E);
    expect(valueOf('log(exp(2))')).toBe(2);
    expect(valueOf('sqrt(16)')).toBe(4);
    expect(valueOf('sin(0) + cos(0)')).toBe(1);
    expect(valueOf('tanh(0)')).toBe(0);
    expect(valueOf('sigmoid(0)')).toBe(0.5);
  });
  it('reads x as x0 and counts variables up to the highest index', () => {
    expect(parseExpression('x^2').arity).toBe(1);
    expect(parseExpression('x0 + x3').arity).toBe(4);
    expect(valueOf('x0 - x1', [5, 3])).toBe(2);
    expect(parseExpression('42').arity).toBe(0);
  });
});

describe('parseExpression: errors name the column', () => {
  it("reports the book-style example: unexpected ')' at column 7", () => {
    expect(errorOf('(x0 + )').message).toBe("unexpected ')' at column 7");
  });
  it('reports an empty expression', () => {
    expect(errorOf('').message).toBe('empty expression');
    expect(errorOf('   ').message).toBe('empty expression');
  });
  it('reports a missing closing parenthesis at the opening one', () => {
    expect(errorOf('sin(x + 1').message).toBe("missing ')' for the '(' at column 4");
  });
  it('reports trailing input and a missing operand', () => {
    expect(errorOf('x 2').message).toBe("unexpected '2' at column 3");
    expect(errorOf('x +').message).toBe('unexpected end of expression at column 4');
  });
  it('reports unknown names and a function without parentheses', () => {
    expect(errorOf('y + 1').message).toMatch(/^unknown name 'y' .* at column 1$/);
    expect(errorOf('sin x').message).toBe("expected '(' after 'sin' at column 5");
  });
  it('refuses to mix x with x0, x1', () => {
    expect(errorOf('x + x1').message).toBe('write either x or x0, x1, ..., not both at column 5');
  });
  it('refuses a number too large for a double', () => {
    expect(errorOf('1e999').message).toBe('number 1e999 is too large at column 1');
  });
});

describe('parseExpression: bounded work', () => {
  it(`refuses more than ${MAX_EXPRESSION_LENGTH} characters before parsing`, () => {
    expect(errorOf('x+'.repeat(MAX_EXPRESSION_LENGTH)).message).toMatch(/^expression too long/);
  });
  it(`refuses nesting deeper than ${MAX_NESTING} levels without overflowing the stack`, () => {
    const deep = '('.repeat(500) + 'x' + ')'.repeat(500);
    expect(errorOf(deep).message).toMatch(/^expression nested too deeply .* at column 101$/);
    expect(errorOf('-'.repeat(900) + 'x').message).toMatch(/nested too deeply/);
    expect(errorOf('x' + '^x'.repeat(900)).message).toMatch(/nested too deeply/);
  });
  it('parses and evaluates the longest allowed flat sum', () => {
    const terms = Math.floor((MAX_EXPRESSION_LENGTH + 1) / 2);
    expect(valueOf(Array(terms).fill('1').join('+'))).toBe(terms);
  });
  it(`accepts exactly ${MAX_NESTING} levels`, () => {
    expect(valueOf('('.repeat(MAX_NESTING) + '7' + ')'.repeat(MAX_NESTING))).toBe(7);
  });
});
