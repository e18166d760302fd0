// The toy functions of the book's chapter 4, written with the book's order of operations
// (Python's x**2 is the correctly rounded x*x), so numerical derivatives match to the last digit.

/** book 4.3.2: y = 0.01x^2 + 0.1x */
export function function1(x: number): number {
  return 0.01 * (x * x) + 0.1 * x;
}

/** The exact derivative of function1, 0.02x + 0.1, written (2x + 10) / 100 so that it rounds
 * once: at x = 10 it is 0.3 rather than 0.02 * 10 + 0.1 = 0.30000000000000004. */
export function function1Derivative(x: number): number {
  return (2 * x + 10) / 100;
}

/** book 4.3.3: f(x0, x1) = x0^2 + x1^2 */
export function function2(x: ArrayLike<number>): number {
  return x[0] * x[0] + x[1] * x[1];
}
