// Whether to colour a stream: --no-color and NO_COLOR (https://no-color.org) win, then
// FORCE_COLOR, then whether the stream is a terminal. chalk 5 does not read NO_COLOR itself.

import { Chalk, type ChalkInstance } from 'chalk';

export interface ColorChoice {
  /** false when --no-color was given */
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  stream?: { isTTY?: boolean };
}

export function shouldColor({
  color,
  env = process.env,
  stream = process.stdout,
}: ColorChoice): boolean {
  if (color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true;
}

export function makeChalk(choice: ColorChoice): ChalkInstance {
  return new Chalk({ level: shouldColor(choice) ? 2 : 0 });
}
