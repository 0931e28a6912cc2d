import fs from 'node:fs';
import path from 'node:path';
import { createPont, type CreatePontOptions, type Pont } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import type { Database } from '../../src/store/index.ts';
import { testConfig } from './config.ts';
import { openTestPglite } from './pglite-template.ts';

/** The sample HR export and the starter documents every full-stack test starts from. */
export const sampleDirectoryCsv = path.resolve('examples/staff-directory.csv');
export const starterDocuments = path.resolve('data');

/** Every name and email in the sample directory, hidden profiles included: none may reach a language model. */
export const sampleNamesAndEmails: string[] = fs
  .readFileSync(sampleDirectoryCsv, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .flatMap((line) => line.split(',').slice(0, 2));

export interface TestPontOptions {
  /** Extra environment for `testConfig` (SLACK_*, PONT_ADMINS…). */
  environment?: Record<string, string>;
  /** Import examples/staff-directory.csv (default true). */
  directory?: boolean;
  /** Ingest data/ (default true). */
  documents?: boolean;
  /** Inbox timings (retries, polling) for tests that need them short. */
  inbox?: CreatePontOptions['inbox'];
  /** Wraps the database Pont is given (a database that fails on cue, test/support/stopping-database.ts). */
  database?: (db: Database) => Database;
}

/**
 * A whole Pont for tests: PGlite in memory with every migration (a copy of the run's migrated template), `createPont(testConfig(), { db })`, the
 * sample staff directory imported and the starter documents ingested. `close()` also closes the database.
 * Build one per test file (in beforeAll): a PGlite database takes seconds to start.
 */
export async function createTestPont(options: TestPontOptions = {}): Promise<Pont> {
  const db = await openTestPglite();
  const pont = await createPont(testConfig(options.environment), {
    db: options.database ? options.database(db) : db,
    logger: silentLogger,
    ...(options.inbox ? { inbox: options.inbox } : {}),
  });
  try {
    if (options.directory ?? true) {
      await pont.people.importCsv(fs.readFileSync(sampleDirectoryCsv, 'utf8'), {
        email: null,
        isAdmin: true,
        via: 'test',
      });
    }
    if (options.documents ?? true) {
      await pont.knowledge.ingest([starterDocuments]);
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    ...pont,
    async close() {
      await pont.close();
      await db.close();
    },
  };
}
