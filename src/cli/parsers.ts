// Option parsers for commander: each returns the parsed value or throws InvalidArgumentError,
// which commander turns into `error: option '--x <n>' argument 'abc' is invalid. <reason>`.

import { InvalidArgumentError } from 'commander';

interface IntegerBounds {
  min?: number;
  max?: number;
}

export function integerParser({ min = -Infinity, max = Infinity }: IntegerBounds = {}) {
  return (text: string): number => {
    const trimmed = text.trim();
    if (!/^[-+]?\d+$/.test(trimmed)) throw new InvalidArgumentError('Expected a whole number.');
    const value = Number(trimmed);
    if (!Number.isSafeInteger(value)) throw new InvalidArgumentError('Number too large.');
    if (value < min) throw new InvalidArgumentError(`Must be at least ${min}.`);
    if (value > max) throw new InvalidArgumentError(`Must be at most ${max}.`);
    return value;
  };
}

interface NumberBounds {
  /** Smallest allowed value; with exclusiveMin, the value must be strictly greater. */
  min?: number;
  exclusiveMin?: boolean;
  max?: number;
}

export function numberParser({
  min = -Infinity,
  exclusiveMin = false,
  max = Infinity,
}: NumberBounds = {}) {
  return (text: string): number => {
    const trimmed = text.trim();
    const value = trimmed === '' ? NaN : Number(trimmed);
    if (!Number.isFinite(value)) throw new InvalidArgumentError('Expected a finite number.');
    if (exclusiveMin ? value <= min : value < min) {
      throw new InvalidArgumentError(
        `Must be ${exclusiveMin ? 'greater than' : 'at least'} ${min}.`,
      );
    }
    if (value > max) throw new InvalidArgumentError(`Must be at most ${max}.`);
    return value;
  };
}

/** A comma-separated list of finite numbers, e.g. `--at 3,4`; `count` fixes how many. */
export function numberListParser(count?: number) {
  return (text: string): number[] => {
    const parts = text.split(',').map((part) => part.trim());
    const values = parts.map((part) => (part === '' ? NaN : Number(part)));
    if (values.some((v) => !Number.isFinite(v))) {
      throw new InvalidArgumentError('Expected comma-separated numbers, e.g. 3,4.');
    }
    if (count !== undefined && values.length !== count) {
      throw new InvalidArgumentError(
        `Expected ${count} comma-separated numbers, got ${values.length}.`,
      );
    }
    return values;
  };
}

/** A figure's file name: it must end in .svg (any case), the one format the figures are drawn in. */
export function svgFileParser(text: string): string {
  if (!/\.svg$/i.test(text)) {
    throw new InvalidArgumentError('Expected a file name ending in .svg (figures are SVG only).');
  }
  return text;
}

/**
 * nn-demo activations --init: a weight scale as the book names it (std1, std0.01, xavier, he), a
 * standard deviation (0.1, std0.1), or all.
 */
export function weightInitParser(text: string): number | 'xavier' | 'he' | 'all' {
  const name = text.trim().toLowerCase();
  if (name === 'xavier' || name === 'he' || name === 'all') return name;
  const std = name.startsWith('std') ? name.slice(3) : name;
  const value = std === '' ? NaN : Number(std);
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('Expected std1, std0.01 (any std), xavier, he or all.');
  }
  return value;
}

/**
 * A comma-separated list of whole numbers, e.g. `--hidden 100,100,100`; what the numbers may be
 * is for the command to check.
 */
export function integerListParser(text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part))) {
    throw new InvalidArgumentError('Expected whole numbers separated by commas, e.g. 100,100.');
  }
  return parts.map(Number);
}
