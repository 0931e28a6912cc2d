import { randomUUID } from 'node:crypto';
import type { Pont } from '../app.ts';
import { startPollingLoop } from '../core/scheduling/index.ts';
import { isPontError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { createScheduleStore, createSyncStateStore, type ScheduleStore } from '../store/directory-sync/index.ts';
import type { CouncilSyncReport } from './types.ts';

/** The name of the directory sync in scheduled_jobs. */
export const directorySyncJob = 'directory-sync';

export interface ScheduleOptions {
  store: ScheduleStore;
  logger: Logger;
  /** Time between the end of one sync and the next. */
  intervalMs: number;
  /** How long a replica that stopped answering keeps the job before another takes it over; renewed while it runs. */
  leaseMs?: number;
  /** How often each replica looks whether the job is due. */
  pollMs?: number;
  /** The work: one sync of every council with Graph credentials. */
  run: () => Promise<{ councils: CouncilSyncReport[] }>;
}

export interface RunningSchedule {
  /** Runs at once if the job is due and free (tests; the loop calls it too); true when this replica ran it. */
  tick(): Promise<boolean>;
  /** Stops looking; a sync under way finishes first. */
  stop(): Promise<void>;
}

/**
 * A durable scheduled job on the database: every replica polls, the one that takes the lease runs it, and the next
 * run time lives in the database, so a restart neither skips nor repeats a sync. A replica that dies mid-sync loses
 * the lease when it runs out; another then takes the job, and the sync resumes from its last page.
 */
export function startSchedule(name: string, options: ScheduleOptions): RunningSchedule {
  const owner = randomUUID();
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? Math.min(options.intervalMs, 60_000);
  const ready = options.store.ensure(name, new Date());

  async function runOnce(): Promise<boolean> {
    await ready;
    const job = await options.store.take(name, owner, leaseMs);
    if (!job) return false;
    const renew = setInterval(
      () => {
        options.store.renew(name, owner, leaseMs).then(
          (held) => {
            if (!held)
              options.logger.warn(
                { job: name },
                "The scheduled job's lease ran out while it ran; another replica may have taken it over",
              );
          },
          (error: unknown) =>
            options.logger.warn({ err: error, job: name }, "Could not renew the scheduled job's lease"),
        );
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    let error: string | null = null;
    try {
      const result = await options.run();
      const failed = result.councils.filter((report) => report.errors > 0);
      if (failed.length > 0) error = failed.map((report) => `${report.council}: ${report.error}`).join('; ');
      options.logger.info(
        {
          job: name,
          councils: result.councils.map(({ council, added, updated, removed, unchanged, errors }) => ({
            council,
            added,
            updated,
            removed,
            unchanged,
            errors,
          })),
        },
        'Scheduled directory sync finished',
      );
    } catch (caught) {
      error = isPontError(caught) ? caught.message : ((caught as Error)?.message ?? String(caught));
      options.logger.error(
        { err: caught, job: name },
        'Scheduled directory sync failed; it runs again at the next interval',
      );
    } finally {
      clearInterval(renew);
    }
    await options.store.finish(name, owner, options.intervalMs, error);
    return true;
  }

  const loop = startPollingLoop(runOnce, {
    intervalMs: pollMs,
    onError: (error) =>
      options.logger.error(
        { err: error, job: name },
        'The scheduled job could not be checked; the next poll tries again',
      ),
  });

  return {
    tick: async () => (await loop.runNow()) ?? false,
    stop: loop.stop,
  };
}

/**
 * The directory sync as a scheduled job of the server: every PONT_DIRECTORY_SYNC_MINUTES, each council with Graph
 * credentials is synced (a delta of what changed since the last sync). Null, and nothing runs, when no council has
 * Graph credentials or the setting is 0.
 */
export async function startDirectorySyncSchedule(
  pont: Pont,
  overrides: Partial<Pick<ScheduleOptions, 'intervalMs' | 'leaseMs' | 'pollMs'>> = {},
): Promise<RunningSchedule | null> {
  const { graph, directorySyncMinutes } = pont.config;
  if (graph.tenants.length === 0 || directorySyncMinutes === 0) return null;
  // NOTE: loaded only when a sync is scheduled, so a server without Graph never loads the Entra ID and Graph libraries.
  const [{ createDirectorySync }, { createGraphDirectoryReader }] = await Promise.all([
    import('./sync-directory.ts'),
    import('../integrations/graph/index.ts'),
  ]);
  const logger = pont.logger.child({ component: 'directory-sync' });
  const sync = createDirectorySync({ people: pont.people, store: createSyncStateStore(pont.db), logger });
  return startSchedule(directorySyncJob, {
    store: createScheduleStore(pont.db),
    logger,
    intervalMs: overrides.intervalMs ?? directorySyncMinutes * 60_000,
    ...(overrides.leaseMs !== undefined ? { leaseMs: overrides.leaseMs } : {}),
    ...(overrides.pollMs !== undefined ? { pollMs: overrides.pollMs } : {}),
    run: () =>
      sync.sync(
        graph.tenants.map((tenant) => ({
          council: tenant.council,
          reader: createGraphDirectoryReader({ graph, tenant }),
        })),
      ),
  });
}
