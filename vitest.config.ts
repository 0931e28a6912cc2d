import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // NOTE: which files run is said by each project below (a project extending this config adds to its lists).
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // NOTE: two cores; more workers only make PGlite start-up fight for CPU.
    maxWorkers: 2,
    // NOTE: the local Entra ID and Graph servers speak https (their clients insist on it) with a self-signed
    // certificate; Node reads this when a test worker starts.
    env: { NODE_EXTRA_CA_CERTS: path.resolve('test/fixtures/graph/localhost-cert.pem') },
    // NOTE: files run without isolation (one process and module graph per worker, see each project); this puts back
    // before and after each file what a file may change in the process (councils, environment, timers, spies).
    setupFiles: ['test/support/fresh-process.ts'],
    projects: [
      {
        extends: true,
        // NOTE: the core's tests use fakes, no database, servers or processes; a worker runs them one after another
        // without re-importing the modules for each file, which took most of their time (test/core: 39–54 s isolated,
        // 15 s not, at load average 20–27).
        test: { name: 'core', include: ['test/core/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'everything else',
          include: ['test/**/*.test.ts'],
          exclude: ['test/core/**'],
          // NOTE: as for the core: a worker imports Pont's modules and the SDKs once, not once per file (88 s of a
          // 521 s run on a quiet machine went to importing). A file must leave the process as it found it: close its
          // servers, databases and browsers in afterAll; test/support/fresh-process.ts resets the shared state.
          isolate: false,
          // NOTE: migrates one embedded database before the files run; test databases start as copies of it
          // (test/support/pglite-template.ts), which skips initdb and the migrations for each.
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
