import type { Logger } from '../../logger.ts';
import { startPollingLoop } from '../scheduling/index.ts';
import type { Sharing } from './types.ts';

export interface FollowUpLoop {
  /** Stops polling and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs due sharing follow-ups every `intervalMs` (default one minute). The deadlines live in the database; this
 * timer only decides how often to look, so a restart loses nothing and any number of replicas may run it.
 */
export function startFollowUpLoop(
  sharing: Pick<Sharing, 'runDueFollowUps'>,
  logger: Pick<Logger, 'info' | 'error'>,
  options: { intervalMs?: number } = {},
): FollowUpLoop {
  const loop = startPollingLoop(
    async () => {
      const acted = await sharing.runDueFollowUps();
      if (acted > 0) logger.info({ acted }, `Followed up ${acted} sharing request${acted === 1 ? '' : 's'}`);
    },
    {
      intervalMs: options.intervalMs ?? 60_000,
      onError: (error) =>
        logger.error({ err: error }, 'The sharing follow-up pass failed; it runs again at the next interval'),
    },
  );
  return { stop: loop.stop };
}
