import { createHash } from 'node:crypto';
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
 * PostgreSQL's settings for the embedded engine, on top of PGlite's own. NOTE: shared_buffers is 128 MB by default, and
 * the engine sets all of it up in WebAssembly memory each time it starts, which is a good part of the start of every
 * `pont` command; one process is the only user of the embedded database, and the operating system caches its files.
 */
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** What is recorded beside the data when the engine closes cleanly (`<dataDir>.closed.json`). */
interface ClosedState {
  format: 1;
  /** A hash of `global/pg_control`, which every clean shutdown rewrites: a folder restored or changed since differs. */
  control: string;
  values: Record<string, string>;
}

function controlHash(dataDir: string): string | undefined {
  try {
    return createHash('sha256')
      .update(fs.readFileSync(path.join(dataDir, 'global', 'pg_control')))
      .digest('hex');
  } catch {
    return undefined;
  }
}

/** The state recorded at the last clean close, when the folder is still as that close left it. */
function readClosedState(dataDir: string): ClosedState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(`${dataDir}.closed.json`, 'utf8')) as ClosedState;
    if (state.format !== 1 || typeof state.values !== 'object' || state.control !== controlHash(dataDir))
      return undefined;
    return state;
  } catch {
    return undefined;
  }
}

export interface OpenPgliteOptions {
  /**
   * Start the engine at the first query rather than now (the folder is locked now either way). A command that can be
   * answered from what was recorded at the last clean close (see `Database.unchangedValue`) never starts it.
   */
  lazy?: boolean;
  /** Work to do once the engine has started, before any other query runs on it (bringing the schema up to date). */
  onStart?: (db: Database) => Promise<void>;
  /**
   * A new database starts as a copy of this one (a tarball from PGlite's `dumpDataDir`) instead of an empty cluster:
   * the tests start each database from one migrated once per run, skipping `initdb`, which takes most of the seconds a
   * new PGlite needs. Ignored when `dataDir` already holds a database.
   */
  template?: Blob;
}

/**
 * Opens (or creates) an embedded PostgreSQL in `dataDir`. `memory://` gives a throwaway in-memory database.
 *
 * NOTE: values registered with `recordOnClose` are written to `<dataDir>.closed.json` when the engine closes cleanly,
 * with a hash of the folder's control file; the file is removed when the engine starts, so a process that stops
 * without closing leaves none. A later process that holds the folder's lock, finds the file and the same control file
 * knows those values without starting the engine: no other process can have changed the data meanwhile.
 */
export async function openPglite(dataDir: string, options: OpenPgliteOptions = {}): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  let unlock = () => {};
  if (!inMemory) {
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
  const closedFile = `${dataDir}.closed.json`;
  const closed = inMemory || !options.lazy ? undefined : readClosedState(dataDir);
  const recorders = new Map<string, (db: Queryable) => Promise<string>>();

  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query<Row>(sql, params);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });

  async function start(): Promise<PGlite> {
    // NOTE: from here the data can change: what the last close recorded no longer holds.
    if (!inMemory) fs.rmSync(closedFile, { force: true });
    let db: PGlite;
    try {
      const fresh = inMemory || !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
      const loadDataDir = fresh ? options.template : undefined;
      db = await PGlite.create({
        dataDir,
        extensions: { vector },
        parsers,
        startParams,
        ...(loadDataDir ? { loadDataDir } : {}),
      });
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
    try {
      await options.onStart?.({
        kind: 'pglite',
        vectorSupport: true,
        ...wrap(db),
        transaction: (work) => db.transaction((tx) => work(wrap(tx))),
        close: () => Promise.reject(new Error('the database is still starting')),
      });
    } catch (error) {
      await db.close().catch(() => {});
      unlock();
      throw error;
    }
    return db;
  }

  let engine: Promise<PGlite> | undefined;
  const started = () => (engine ??= start());
  if (!options.lazy) await started();

  return {
    kind: 'pglite',
    vectorSupport: true,
    async query<Row>(sql: string, params: unknown[] = []) {
      return wrap(await started()).query<Row>(sql, params);
    },
    async exec(sql: string) {
      await wrap(await started()).exec(sql);
    },
    transaction: async (work) => (await started()).transaction((tx) => work(wrap(tx))),
    unchangedValue: (name) => (engine === undefined ? closed?.values[name] : undefined),
    recordOnClose(name, read) {
      recorders.set(name, read);
    },
    async close() {
      // NOTE: an engine that never started, or failed to (the error went to the query that started it), has nothing
      // to close.
      const db = await engine?.catch(() => undefined);
      if (!db) {
        unlock();
        return;
      }
      const values: Record<string, string> = {};
      try {
        for (const [name, read] of recorders) values[name] = await read(wrap(db));
      } catch {
        // NOTE: nothing is recorded (a table not there yet, say): the next process starts the engine to find out.
        recorders.clear();
      }
      await db.close();
      const control = inMemory ? undefined : controlHash(dataDir);
      if (control && recorders.size > 0) {
        const state: ClosedState = { format: 1, control, values };
        try {
          fs.writeFileSync(`${closedFile}.${process.pid}`, JSON.stringify(state));
          fs.renameSync(`${closedFile}.${process.pid}`, closedFile);
        } catch {
          // NOTE: only a shortcut for the next process is lost.
        }
      }
      unlock();
    },
  };
}
