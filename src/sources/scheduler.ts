import type { Sources, SourcesLogger } from './create-sources.ts';

export interface SourceScheduler {
  /** Stops looking for due sources and waits for the sync in hand. */
  stop(): Promise<void>;
}

/**
 * The server's scheduled syncs: every `pollMs` this process asks the database for a due source nobody holds
 * (`FOR UPDATE SKIP LOCKED` and a lease), syncs it, and asks again; several replicas share the sources and never
 * sync one twice at once. A replica that dies mid-sync loses its lease, and the next one resumes the run.
 */
export function startSourceScheduler(sources: Sources, options: { pollMs?: number; logger?: SourcesLogger } = {}): SourceScheduler {
  const pollMs = options.pollMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const tick = async () => {
    try {
      while (!stopped && (await sources.syncDue())) {
        // NOTE: one source after another, so a replica never runs many syncs at once.
      }
    } catch (error) {
      options.logger?.error({ err: error }, 'Scheduled source sync failed; it is tried again at the next poll');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, pollMs);
    timer.unref();
  };
  running = tick().finally(() => {
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
