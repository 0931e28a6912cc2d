import type { Config } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { openDatabase, type Database } from './store/index.ts';

/**
 * Everything a running Pont holds: the database and the core capabilities built on it. Channels (CLI, HTTP,
 * Slack, Teams, web) receive this and nothing else.
 */
export interface Pont {
  config: Config;
  logger: Logger;
  db: Database;
  close(): Promise<void>;
}

export interface CreatePontOptions {
  logger?: Logger;
  /** An already-open database (tests share one per file). It is not closed by `close()`. */
  db?: Database;
}

/** The composition root: opens the store and builds the core on it. */
export async function createPont(config: Config, options: CreatePontOptions = {}): Promise<Pont> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = options.db ?? (await openDatabase(config));
  const ownsDatabase = options.db === undefined;

  return {
    config,
    logger,
    db,
    async close() {
      if (ownsDatabase) await db.close();
    },
  };
}
