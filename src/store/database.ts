/**
 * The one database interface the stores use. Two implementations run the same SQL: node-postgres against a
 * PostgreSQL server (DATABASE_URL) and PGlite embedded in the process.
 *
 * NOTE: both are set up so that int8 and numeric come back as JS numbers, timestamptz as Date and json(b)
 * as parsed values, so a store reads rows the same way on either.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs several statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Whether the pgvector extension is installed and usable. */
  readonly vectorSupport: boolean;
  /** Runs `work` in one transaction: all of it is committed, or none. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Connections kept for writes a platform's acknowledgement waits on (recording a delivery), so they never queue
   * behind the workers' queries. Absent where there is one connection anyway (PGlite): use the database itself.
   */
  readonly acknowledgements?: Queryable;
  /**
   * The embedded database, opened lazily and not yet started by this process: the value `recordOnClose` recorded
   * under `name` when it was last closed cleanly, which nothing can have changed since. Undefined once the engine has
   * started, after a process stopped without closing, or for a PostgreSQL server (absent there).
   */
  unchangedValue?(name: string): string | undefined;
  /** The embedded database: records what `read` returns under `name` when the engine closes cleanly. */
  recordOnClose?(name: string, read: (db: Queryable) => Promise<string>): void;
  close(): Promise<void>;
}
