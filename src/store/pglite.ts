import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { ConfigurationError } from '../errors.ts';
import type { Database, Queryable } from './database.ts';

const oneLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 160);

const numberParser = (value: string) => Number(value);
const parsers = { 20: numberParser, 1700: numberParser };

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // NOTE: EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An embedded database may be opened by one process at a time: a second one would corrupt it. The lock is a
 * file beside the data holding the owner's pid; a lock left by a process that has gone is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (owner === process.pid) break;
      if (Number.isInteger(owner) && isRunning(owner)) {
        throw new ConfigurationError(
          `PONT_DATA_DIR (${path.dirname(dataDir)}) is in use by another Pont process (pid ${owner}). Stop it first, give this one another PONT_DATA_DIR, or set DATABASE_URL so several processes share a PostgreSQL server.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  const release = () => {
    try {
      if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.rmSync(lockPath, { force: true });
    } catch {
      // NOTE: already gone: nothing to release.
    }
  };
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}

/**
 * Creates `folder` and any missing parents. NOTE: not `mkdirSync(…, { recursive: true })`, which never returns for a
 * path under /proc on Linux; each missing level is made on its own, so an impossible path fails at once.
 */
function makeFolder(folder: string): void {
  const missing: string[] = [];
  let current = path.resolve(folder);
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) fs.mkdirSync(level);
}

/**
 * Opens (or creates) an embedded PostgreSQL in `dataDir`. `memory://` gives a throwaway in-memory database.
 */
export async function openPglite(dataDir: string): Promise<Database> {
  let unlock = () => {};
  if (!dataDir.startsWith('memory://')) {
    try {
      makeFolder(dataDir);
      fs.accessSync(dataDir, fs.constants.W_OK);
    } catch (error) {
      throw new ConfigurationError(
        `PONT_DATA_DIR (${path.dirname(dataDir)}) is not writable: ${(error as Error).message}. Set PONT_DATA_DIR to a folder Pont may write, or set DATABASE_URL.`,
        { cause: error },
      );
    }
    unlock = lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, extensions: { vector }, parsers });
    await db.exec('create extension if not exists vector');
  } catch (error) {
    unlock();
    // NOTE: PGlite reports a damaged folder as a WebAssembly abort or a PostgreSQL start-up error; either way the fix
    // is the same, and a stack trace would not help the person reading it.
    throw new ConfigurationError(
      `PONT_DATA_DIR (${path.dirname(dataDir)}) holds a database that cannot be opened (${oneLine(error)}). Restore it from a backup, or move the folder aside to start afresh (see Troubleshooting in the README).`,
      { cause: error },
    );
  }

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
    async close() {
      await db.close();
      unlock();
    },
  };
}
