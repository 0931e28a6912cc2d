import type { Logger } from '../../logger.ts';
import type { Sharing } from './types.ts';

export interface FollowUpLoop {
  /** Stops polling and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs due sharing follow-ups every `intervalMs` (default one minute). The deadlines live in the database; this
 * timer only decides how often to look, so a restart loses nothing and any number of replicas may run it.
 */
export function startFollowUpLoop(sharing: Pick<Sharing, 'runDueFollowUps'>, logger: Pick<Logger, 'info' | 'error'>, options: { intervalMs?: number } = {}): FollowUpLoop {
  const intervalMs = options.intervalMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const pass = async () => {
    try {
      const acted = await sharing.runDueFollowUps();
      if (acted > 0) logger.info({ acted }, `Followed up ${acted} sharing request${acted === 1 ? '' : 's'}`);
    } catch (error) {
      logger.error({ err: error }, 'The sharing follow-up pass failed; it runs again at the next interval');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  // NOTE: the first pass runs at start, so follow-ups that fell due while every replica was down go out now.
  running = pass().finally(() => {
    running = undefined;
    schedule();
  });

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
