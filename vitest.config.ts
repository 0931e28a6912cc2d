import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // NOTE: two cores; more workers only make PGlite start-up fight for CPU.
    maxWorkers: 2,
  },
});
