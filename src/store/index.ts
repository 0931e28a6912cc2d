import path from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Database, Queryable } from './database.ts';
export { migrate, readMigrations } from './migrate.ts';
export { openPglite } from './pglite.ts';
export { openPostgres, redactUrl } from './postgres.ts';

/**
 * Opens the configured database and brings its schema up to date: PostgreSQL when DATABASE_URL is set,
 * embedded PGlite in PONT_DATA_DIR otherwise.
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(path.join(config.dataDir, 'pglite'));
  await migrate(db);
  return db;
}
