import pino from 'pino';

/**
 * One structured logger for the process. It writes to stderr so that `pont … --json` keeps stdout clean.
 */
export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'pont' } }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
