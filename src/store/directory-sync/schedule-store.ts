import type { Database } from '../database.ts';

/** A scheduled job as the database holds it. */
export interface ScheduledJob {
  name: string;
  nextRunAt: Date;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
}

/** One council's last directory sync, as the dashboard shows it. */
export interface LastDirectorySync {
  council: string;
  finishedAt: Date | null;
  startedAt: Date | null;
  lastError: string | null;
  /** added, updated, removed, unchanged of the last sync that finished. */
  counts: { added: number; updated: number; removed: number; unchanged: number } | null;
}

interface JobRow {
  name: string;
  next_run_at: Date;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_error: string | null;
}

const fromRow = (row: JobRow): ScheduledJob => ({
  name: row.name,
  nextRunAt: new Date(row.next_run_at),
  lastStartedAt: row.last_started_at ? new Date(row.last_started_at) : null,
  lastFinishedAt: row.last_finished_at ? new Date(row.last_finished_at) : null,
  lastError: row.last_error,
});

/** Leases on scheduled jobs (scheduled_jobs), so one replica at a time runs each. */
export function createScheduleStore(db: Database) {
  return {
    /** Makes sure the job exists; a new job is due at `firstRunAt`. */
    async ensure(name: string, firstRunAt: Date): Promise<void> {
      await db.query('insert into scheduled_jobs (name, next_run_at) values ($1, $2) on conflict (name) do nothing', [name, firstRunAt]);
    },

    /** Takes the job when it is due and no live lease holds it; null when another replica has it or it is not due. */
    async take(name: string, owner: string, leaseMs: number): Promise<ScheduledJob | null> {
      const rows = await db.query<JobRow>(
        `update scheduled_jobs set lease_owner = $2, lease_until = now() + ($3::double precision * interval '1 millisecond'), last_started_at = now()
         where name = $1 and next_run_at <= now() and (lease_until is null or lease_until < now())
         returning name, next_run_at, last_started_at, last_finished_at, last_error`,
        [name, owner, leaseMs],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },

    /** Keeps the lease while the job runs; false when it was lost (it ran out and another replica took the job). */
    async renew(name: string, owner: string, leaseMs: number): Promise<boolean> {
      const rows = await db.query<{ name: string }>(
        `update scheduled_jobs set lease_until = now() + ($3::double precision * interval '1 millisecond') where name = $1 and lease_owner = $2 returning name`,
        [name, owner, leaseMs],
      );
      return rows.length > 0;
    },

    /** Gives the job back, due again in `intervalMs`. */
    async finish(name: string, owner: string, intervalMs: number, error: string | null): Promise<void> {
      await db.query(
        `update scheduled_jobs set lease_owner = null, lease_until = null, last_finished_at = now(), last_error = $4,
           next_run_at = now() + ($3::double precision * interval '1 millisecond')
         where name = $1 and lease_owner = $2`,
        [name, owner, intervalMs, error],
      );
    },

    async get(name: string): Promise<ScheduledJob | null> {
      const rows = await db.query<JobRow>('select name, next_run_at, last_started_at, last_finished_at, last_error from scheduled_jobs where name = $1', [name]);
      return rows[0] ? fromRow(rows[0]) : null;
    },

    /** Each council's last directory sync (directory_sync_state), for the dashboard. */
    async lastDirectorySyncs(): Promise<LastDirectorySync[]> {
      const rows = await db.query<{ council: string; started_at: Date | null; finished_at: Date | null; last_error: string | null; last_report: Record<string, unknown> | null }>(
        'select council, started_at, finished_at, last_error, last_report from directory_sync_state order by council',
      );
      return rows.map((row) => {
        const report = row.last_report;
        const count = (key: string) => (typeof report?.[key] === 'number' ? (report[key] as number) : 0);
        return {
          council: row.council,
          startedAt: row.started_at ? new Date(row.started_at) : null,
          finishedAt: row.finished_at ? new Date(row.finished_at) : null,
          lastError: row.last_error,
          counts: report ? { added: count('added'), updated: count('updated'), removed: count('removed'), unchanged: count('unchanged') } : null,
        };
      });
    },
  };
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;
