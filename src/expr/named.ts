// Toy functions by name: the book's two, and classic test functions for optimisers.

export interface NamedFunction {
  name: string;
  expression: string;
  /** where `nn-grad NAME` evaluates when --at is not given */
  at: number[];
  about: string;
}

export const NAMED_FUNCTIONS: readonly NamedFunction[] = [
  {
    name: 'function_1',
    expression: '0.01*x^2 + 0.1*x',
    at: [5],
    about: 'book 4.3.2; numerical_diff at 5 is 0.1999999999990898',
  },
  {
    name: 'function_2',
    expression: 'x0^2 + x1^2',
    at: [3, 4],
    about: 'book 4.3.3; its gradient at (3, 4) is (6, 8)',
  },
  {
    name: 'rosenbrock',
    expression: '(1 - x0)^2 + 100*(x1 - x0^2)^2',
    at: [-1.2, 1],
    about: 'a curved valley; minimum 0 at (1, 1)',
  },
  {
    name: 'himmelblau',
    expression: '(x0^2 + x1 - 11)^2 + (x0 + x1^2 - 7)^2',
    at: [1, 1],
    about: 'four minima of 0, one at (3, 2)',
  },
  {
    name: 'beale',
    expression: '(1.5 - x0 + x0*x1)^2 + (2.25 - x0 + x0*x1^2)^2 + (2.625 - x0 + x0*x1^3)^2',
    at: [1, 1],
    about: 'flat plateaus and sharp ridges; minimum 0 at (3, 0.5)',
  },
  {
    name: 'booth',
    expression: '(x0 + 2*x1 - 7)^2 + (2*x0 + x1 - 5)^2',
    at: [0, 0],
    about: 'a quadratic bowl; minimum 0 at (1, 3)',
  },
  {
    name: 'neuron',
    expression: 'sigmoid(0.5*x0 - 1.5*x1 + x2)',
    at: [1, 2, 0.5],
    about: 'one sigmoid unit with weights 0.5 and -1.5 and bias x2',
  },
];

export function findNamedFunction(name: string): NamedFunction | undefined {
  return NAMED_FUNCTIONS.find((f) => f.name === name);
}
