import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Spawned commands and worker threads run the built files: refuse to test a stale build.
    globalSetup: ['test/global-setup.ts'],
    // No test may touch the real user's cache: each worker gets a home of its own.
    setupFiles: ['test/setup-home.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: spawned CLI tests and MNIST loads contend, so keep workers bounded.
    maxWorkers: 2,
    // Each worker runs file after file in one process instead of a fresh one per file (half a
    // second each, a fifth of the suite). No file relies on a fresh module: none mocks modules,
    // and those that set process.env restore it; the suite passes with its files shuffled.
    isolate: false,
  },
});
