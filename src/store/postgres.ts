import pg from 'pg';
import { ConfigurationError } from '../errors.ts';
import type { Database, Queryable } from './database.ts';
import { redactUrl } from './redact-url.ts';

const numberParser = (value: string) => Number(value);
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return numberParser;
    return pg.types.getTypeParser(oid, format);
  },
};

/** Connections kept for recording deliveries (the inbox writes at most two batches at once). */
const acknowledgementConnections = 2;
/** How long a work connection may sit unused before it is closed. */
const idleWorkConnectionMs = 5 * 60_000;

/**
 * Connects to a PostgreSQL server. `schema`, when given, is created and used as the search path: tests use it
 * to keep each suite's tables apart in one database. `max` (PONT_DATABASE_CONNECTIONS, default 10) bounds the
 * connections for work; two more are opened at once and kept open for recording deliveries.
 */
export async function openPostgres(url: string, options: { schema?: string; max?: number } = {}): Promise<Database> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new ConfigurationError(`Invalid schema name "${schema}"`);
  const connect = (max: number, idleTimeoutMillis: number) => {
    const created = new pg.Pool({
      connectionString: url,
      max,
      // NOTE: 0 keeps a connection however long it is unused. An unused connection never keeps a process alive.
      idleTimeoutMillis,
      allowExitOnIdle: true,
      // NOTE: TCP keep-alives, so a firewall or a managed server's gateway does not silently drop a connection kept
      // open through a quiet night (a dropped one is replaced at the next query all the same).
      keepAlive: true,
      types,
      connectionTimeoutMillis: 5_000,
      ...(schema ? { options: `-c search_path=${schema},public` } : {}),
    });
    created.on('error', () => {
      // NOTE: an idle client lost its connection; the pool replaces it on the next query.
    });
    return created;
  };
  // NOTE: work connections stay open through a quiet spell of a few minutes: a burst of deliveries after one would
  // otherwise start its workers by opening connections (a server process each) while the rest are acknowledged.
  const pool = connect(options.max ?? 10, idleWorkConnectionMs);
  // NOTE: connections of their own for recording deliveries: with many workers busy on the main pool, an
  // acknowledgement would otherwise wait its turn behind their queries. They are opened now and never closed for
  // being idle, so no acknowledgement waits for a connection to be made.
  const acknowledgementPool = connect(acknowledgementConnections, 0);
  try {
    if (schema) await pool.query(`create schema if not exists ${schema}`);
    else await pool.query('select 1');
    const opened = await Promise.all(
      Array.from({ length: acknowledgementConnections }, () => acknowledgementPool.connect()),
    );
    for (const client of opened) client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    await acknowledgementPool.end().catch(() => undefined);
    throw new ConfigurationError(
      `DATABASE_URL: cannot connect to ${redactUrl(url)} (${(error as Error).message}). Check the server is running and the URL is right, or unset DATABASE_URL to use the embedded database.`,
      { cause: error },
    );
  }

  let vectorSupport = false;
  try {
    const available = await pool.query(`select 1 from pg_available_extensions where name = 'vector'`);
    if (available.rowCount) {
      await pool.query('create extension if not exists vector');
      vectorSupport = true;
    }
  } catch {
    vectorSupport = false;
  }

  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });

  return {
    kind: 'postgres',
    vectorSupport,
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    acknowledgements: wrap(acknowledgementPool),
    async close() {
      await Promise.all([pool.end(), acknowledgementPool.end()]);
    },
  };
}
