// The one error the expression language throws: a usage error that names where it happened.

import { ConfigError } from '../core/errors.js';

export class ExpressionError extends ConfigError {
  /** 1-based column of the offending character, when there is one */
  readonly column: number | undefined;

  constructor(message: string, column?: number) {
    super(column === undefined ? message : `${message} at column ${column}`);
    this.column = column;
  }
}
