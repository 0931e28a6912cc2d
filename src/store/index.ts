import path from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';

export type { Database, Queryable } from './database.ts';
export { migrate, readMigrations } from './migrate.ts';
export { codeFingerprint, createDataCache, type DataCache } from './data-cache.ts';
export { redactUrl } from './redact-url.ts';
export { createSecretBox, isSealed, parseSecretKey, sealedKeyId, type SecretBox } from './secret-box.ts';

// NOTE: each driver is loaded only when it is opened: a process uses PGlite or pg, never both, and loading either takes
// a noticeable part of a command's time.

/** Opens (or creates) an embedded PostgreSQL in `dataDir`. `memory://` gives a throwaway in-memory database. */
export async function openPglite(
  dataDir: string,
  options: { lazy?: boolean; onStart?: (db: Database) => Promise<void>; template?: Blob } = {},
): Promise<Database> {
  const pglite = await import('./pglite.ts');
  return pglite.openPglite(dataDir, options);
}

/** Connects to a PostgreSQL server; `schema`, when given, is created and used as the search path. */
export async function openPostgres(url: string, options: { schema?: string; max?: number } = {}): Promise<Database> {
  const postgres = await import('./postgres.ts');
  return postgres.openPostgres(url, options);
}

/**
 * Opens the configured database and brings its schema up to date: PostgreSQL when DATABASE_URL is set,
 * embedded PGlite in PONT_DATA_DIR otherwise. With `lazy`, the embedded engine starts (and is migrated) at the first
 * query, so a command answered from what the folder recorded at its last clean close never starts it.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseConnections'>>,
  options: { lazy?: boolean } = {},
): Promise<Database> {
  if (config.databaseUrl) {
    const db = await openPostgres(config.databaseUrl, { max: config.databaseConnections });
    await migrate(db);
    return db;
  }
  return openPglite(path.join(config.dataDir, 'pglite'), {
    lazy: options.lazy === true,
    onStart: async (db) => void (await migrate(db)),
  });
}
