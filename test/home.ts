// A home directory of the tests' own. No test reads or writes the real user's cache: every
// command a test runs, in this process or spawned, gets HOME and XDG_CACHE_HOME below the
// system's temporary directory, removed when the test process ends.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'nn-home-'));
process.on('exit', () => rmSync(home, { recursive: true, force: true }));

/** HOME and XDG_CACHE_HOME for a command run by a test. */
export const TEST_HOME: Readonly<NodeJS.ProcessEnv> = Object.freeze({
  HOME: home,
  XDG_CACHE_HOME: join(home, '.cache'),
});
