// Before each test file: this process's HOME and XDG_CACHE_HOME are the tests' own, so that a
// library call that reads the environment, or a command spawned with it, never reaches the real
// user's cache.

import { TEST_HOME } from './home.js';

Object.assign(process.env, TEST_HOME);
