import { startPollingLoop } from '../core/scheduling/index.ts';
import type { Sources, SourcesLogger } from './create-sources.ts';

export interface SourceScheduler {
  /** Stops looking for due sources and waits for the sync in hand. */
  stop(): Promise<void>;
}

/**
 * The server's scheduled syncs: every `pollMs` this process asks the database for a due source nobody holds (a lease
 * in `scheduled_jobs`, the same leases as the directory sync), syncs it, and asks again; several replicas share the
 * sources and never sync one twice at once. A replica that dies mid-sync loses its lease, and the next one resumes
 * the run.
 */
export function startSourceScheduler(
  sources: Sources,
  options: { pollMs?: number; logger?: SourcesLogger } = {},
): SourceScheduler {
  let stopping = false;
  const loop = startPollingLoop(
    async () => {
      while (!stopping && (await sources.syncDue())) {
        // NOTE: one source after another, so a replica never runs many syncs at once.
      }
    },
    {
      intervalMs: options.pollMs ?? 60_000,
      onError: (error) =>
        options.logger?.error({ err: error }, 'Scheduled source sync failed; it is tried again at the next poll'),
    },
  );
  return {
    async stop() {
      stopping = true;
      await loop.stop();
    },
  };
}
