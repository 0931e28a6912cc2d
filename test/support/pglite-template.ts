import fs from 'node:fs';
import { inject } from 'vitest';
import { migrate, openPglite, type Database } from '../../src/store/index.ts';

let template: Blob | undefined;

/**
 * The migrated database `test/support/global-setup.ts` saved for this run, read once per test worker; none outside a
 * test run (a benchmark using the test set-up), where the database is created and migrated from nothing.
 */
function migratedTemplate(): Blob | undefined {
  if (!process.env.VITEST) return undefined;
  template ??= new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
  return template;
}

/**
 * A new, migrated PGlite database, in memory unless `dataDir` is given. It starts as a copy of the database migrated
 * once for the run, so it opens in a fraction of the time `initdb` and the migrations take; `migrate` still runs and
 * finds nothing to do. Use it wherever a test needs an empty migrated database; a test about creating or migrating a
 * database opens one with `openPglite` and `migrate` instead.
 */
export async function openTestPglite(dataDir = 'memory://'): Promise<Database> {
  const migrated = migratedTemplate();
  const db = await openPglite(dataDir, migrated ? { template: migrated } : {});
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
