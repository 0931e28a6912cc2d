import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../logger.ts';

const levels: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/** Bolt's logger interface over Pont's pino logger, so Slack's own messages land in the same log. */
export function createBoltLogger(logger: Logger): SlackLogger {
  const child = logger.child({ channel: 'slack' });
  let level = levels[logger.level] ?? LogLevel.INFO;
  const line = (values: unknown[]) =>
    values
      .map((value) =>
        typeof value === 'string' ? value : value instanceof Error ? value.message : JSON.stringify(value),
      )
      .join(' ');
  return {
    // NOTE: Bolt and the Web API client log at debug level on every call: build the line only when it is kept.
    debug: (...values) => {
      if (child.isLevelEnabled('debug')) child.debug(line(values));
    },
    info: (...values) => {
      if (child.isLevelEnabled('info')) child.info(line(values));
    },
    warn: (...values) => child.warn(line(values)),
    error: (...values) => child.error(line(values)),
    setLevel(next) {
      level = next;
    },
    getLevel: () => level,
    setName() {},
  };
}
