// A cli-progress bar, the package loaded when the first bar starts: only a terminal gets a bar,
// and loading cli-progress costs every other run (a pipe, a file, CI, --quiet) about 10 ms of
// start-up. The package is CommonJS, so it can be required right there, synchronously, from
// inside the reporters' event handlers.

import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';

const require = createRequire(import.meta.url);

export function singleBar(options: CliProgress.Options): CliProgress.SingleBar {
  const { SingleBar } = require('cli-progress') as typeof CliProgress;
  return new SingleBar(options);
}
