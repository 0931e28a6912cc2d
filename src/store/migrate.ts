import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

/** The SQL migrations in order: files named `NNN-name.sql`. */
export function readMigrations(dir: string = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d{3}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: file.slice(0, 3),
      name: file.slice(4, -4),
      sql: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/**
 * Applies pending migrations, each in its own transaction. On a server, a transaction-level advisory lock makes
 * two processes starting at once take turns; the second finds the work done.
 */
export async function migrate(db: Database, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const applied: string[] = [];
  // NOTE: what is already applied is read once, so opening an up-to-date database (every command, every start) costs
  // two queries rather than a transaction a migration; a pending one is still checked again under the lock below.
  const done = await appliedVersions(db);
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    const ran = await db.transaction(async (tx) => {
      if (db.kind === 'postgres') {
        await tx.query(`select pg_advisory_xact_lock(hashtext('pont-migrations:' || current_schema()))`);
      }
      await tx.exec(`create table if not exists schema_migrations (
        version text primary key,
        name text not null,
        applied_at timestamptz not null default now()
      )`);
      const existing = await tx.query('select 1 from schema_migrations where version = $1', [migration.version]);
      if (existing.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(`${migration.version}-${migration.name}`);
  }
  return applied;
}

/**
 * The versions recorded in the current schema's `schema_migrations`, or none when it has none yet. NOTE: looked up in
 * the current schema only: a server's search path also names `public`, whose table would speak for another schema.
 */
async function appliedVersions(db: Database): Promise<Set<string>> {
  const [table] = await db.query<{ found: boolean }>(
    `select exists (select 1 from pg_tables where schemaname = current_schema() and tablename = 'schema_migrations') as found`,
  );
  if (!table?.found) return new Set();
  const rows = await db.query<{ version: string }>('select version from schema_migrations');
  return new Set(rows.map((row) => row.version));
}
