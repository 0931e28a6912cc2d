import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Database } from '../../store/index.ts';

export interface GuessLimiterOptions {
  /** Wrong guesses one address may make in `windowSeconds` (10). */
  guesses?: number;
  /** The window the guesses are counted over, and how long an address then waits (15 minutes). */
  windowSeconds?: number;
}

/** Counts wrong admin-token guesses per address in PostgreSQL, so every replica sees the same count. */
export interface GuessLimiter {
  /** How long `key` must wait before guessing again, in milliseconds; 0 when it may guess now. */
  waitFor(key: string): Promise<number>;
  /** Records one wrong guess from `key`. */
  wrongGuess(key: string): Promise<void>;
}

/**
 * A limit on wrong admin-token guesses that holds across replicas: rate-limiter-flexible's PostgreSQL store
 * over Pont's own database (node-postgres or PGlite alike; the table comes from migration 086-rate-limits.sql).
 */
export function createGuessLimiter(db: Database, options: GuessLimiterOptions = {}): GuessLimiter {
  const guesses = options.guesses ?? 10;
  // NOTE: the library asks its client for `query({ text, values })` and reads `rows` and `rowCount`; Pont's
  // Database answers the same SQL on either PostgreSQL or PGlite, so it stands in for a pg pool.
  const client = {
    async query(statement: { text: string; values?: unknown[] }) {
      const rows = await db.query(statement.text, statement.values ?? []);
      return { rows, rowCount: rows.length };
    },
  };
  const limiter = new RateLimiterPostgres({
    storeClient: client,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: 'admin-token',
    points: guesses,
    duration: options.windowSeconds ?? 15 * 60,
  });
  return {
    async waitFor(key) {
      const state = await limiter.get(key);
      return state && state.consumedPoints >= guesses ? Math.max(state.msBeforeNext, 1000) : 0;
    },
    async wrongGuess(key) {
      await limiter.penalty(key, 1);
    },
  };
}
