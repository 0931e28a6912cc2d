import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { ConfigurationError } from '../errors.ts';
import type { Database, Queryable } from './database.ts';

const numberParser = (value: string) => Number(value);
const parsers = { 20: numberParser, 1700: numberParser };

/**
 * Opens (or creates) an embedded PostgreSQL in `dataDir`. `memory://` gives a throwaway in-memory database.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) {
    try {
      fs.mkdirSync(dataDir, { recursive: true });
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch (error) {
      throw new ConfigurationError(
        `PONT_DATA_DIR (${path.dirname(dataDir)}) is not writable: ${(error as Error).message}. Set PONT_DATA_DIR to a folder Pont may write, or set DATABASE_URL.`,
        { cause: error },
      );
    }
  }
  const db = await PGlite.create({ dataDir, extensions: { vector }, parsers });
  await db.exec('create extension if not exists vector');

  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query<Row>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });

  return {
    kind: 'pglite',
    vectorSupport: true,
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}
