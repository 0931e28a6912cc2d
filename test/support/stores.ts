import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate, openPostgres, type Database } from '../../src/store/index.ts';
import { openTestPglite } from './pglite-template.ts';

export const postgresUrl = process.env.PONT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

/** Whether the PostgreSQL test server answers. In CI it must: a missing server fails the run instead of skipping. */
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (process.env.CI) throw new Error(`CI needs PostgreSQL at ${postgresUrl}: ${(error as Error).message}`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated database of this kind; for PostgreSQL, a schema of its own that `drop()` removes. */
  open(): Promise<Database & { drop(): Promise<void> }>;
}

/** A new schema name, unique to one test suite run. */
export function uniqueSchema(prefix = 'pont_test'): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/**
 * A new schema on the PostgreSQL test server for Pont processes that connect by DATABASE_URL: the URL that makes the
 * schema their search path, and `drop()` to remove it with all it holds.
 */
export async function postgresSchema(
  prefix: string,
): Promise<{ schema: string; databaseUrl: string; drop(): Promise<void> }> {
  const schema = uniqueSchema(prefix);
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(`create schema ${schema}`);
  return {
    schema,
    databaseUrl: `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/**
 * The stores a suite runs against: always PGlite; PostgreSQL too when it is reachable (always in CI).
 * Use with `describe.each(await storeTargets())`.
 */
export async function storeTargets(): Promise<StoreTarget[]> {
  const targets: StoreTarget[] = [
    {
      name: 'pglite',
      async open() {
        const db = await openTestPglite();
        return Object.assign(db, { drop: () => db.close() });
      },
    },
  ];
  if (await postgresReachable()) {
    targets.push({
      name: 'postgres',
      async open() {
        const schema = uniqueSchema();
        const db = await openPostgres(postgresUrl, { schema, max: 4 });
        await migrate(db);
        return Object.assign(db, {
          async drop() {
            await db.exec(`drop schema if exists ${schema} cascade`);
            await db.close();
          },
        });
      },
    });
  }
  return targets;
}
