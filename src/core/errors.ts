// Typed errors: code below src/cli/ throws these, and src/cli/ maps each kind to an exit code
// (usage 2, runtime 1) and a one-line message.

export class NnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The user asked for something that cannot be: bad option values, impossible combinations. */
export class ConfigError extends NnError {}

/** The data set could not be found, read, downloaded or verified. */
export class DataError extends NnError {}

/** A saved model or an input file is malformed, truncated or of an unknown version. */
export class ModelError extends NnError {}

/** Training stopped because the numbers went bad (NaN or infinite loss). */
export class DivergenceError extends NnError {}
