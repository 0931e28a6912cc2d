import { afterAll, beforeAll, vi } from 'vitest';
import { defaultCouncils, useCouncils } from '../../src/core/councils/index.ts';
import { forgetLoadedTaxonomies } from '../../src/store/people/index.ts';

/**
 * Run before every test file (vitest's `setupFiles`). Test files run without isolation (`isolate: false` in
 * `vitest.config.ts`): a worker runs one file after another in one process and one module graph, so what a file
 * changes outside its own variables would reach the next one. This puts back, before and after each file, what Pont's
 * modules and the tests change in the process: the councils Pont serves (`useCouncils`, which building a Pont calls
 * with its settings), the taxonomy folders read (a new process reads them again, or takes its data folder's kept copy),
 * the environment, fake timers, stubbed globals and environment variables, and spied-on methods.
 */

const environment = { ...process.env };

function restoreEnvironment(): void {
  for (const name of Object.keys(process.env)) {
    if (!(name in environment)) delete process.env[name];
  }
  for (const [name, value] of Object.entries(environment)) {
    if (process.env[name] !== value) process.env[name] = value;
  }
}

function freshProcess(): void {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  restoreEnvironment();
  useCouncils(defaultCouncils);
  forgetLoadedTaxonomies();
}

beforeAll(freshProcess);
afterAll(freshProcess);
