import type { Database } from '../database.ts';
import { jobLeases } from '../scheduled-jobs/index.ts';

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
      await jobLeases.ensure(db, name, firstRunAt);
    },

    /** Takes the job when it is due and no live lease holds it; null when another replica has it or it is not due. */
    async take(name: string, owner: string, leaseMs: number): Promise<ScheduledJob | null> {
      if (!(await jobLeases.take(db, name, owner, leaseMs, { dueOnly: true }))) return null;
      return this.get(name);
    },

    /** Keeps the lease while the job runs; false when it was lost (it ran out and another replica took the job). */
    async renew(name: string, owner: string, leaseMs: number): Promise<boolean> {
      return jobLeases.renew(db, name, owner, leaseMs);
    },

    /** Gives the job back, due again in `intervalMs`. */
    async finish(name: string, owner: string, intervalMs: number, error: string | null): Promise<void> {
      await jobLeases.release(db, name, owner, intervalMs, error);
    },

    async get(name: string): Promise<ScheduledJob | null> {
      const rows = await db.query<JobRow>(
        'select name, next_run_at, last_started_at, last_finished_at, last_error from scheduled_jobs where name = $1',
        [name],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },

    /** Each council's last directory sync (directory_sync_state), for the dashboard. */
    async lastDirectorySyncs(): Promise<LastDirectorySync[]> {
      const rows = await db.query<{
        council: string;
        started_at: Date | null;
        finished_at: Date | null;
        last_error: string | null;
        last_report: Record<string, unknown> | null;
      }>('select council, started_at, finished_at, last_error, last_report from directory_sync_state order by council');
      return rows.map((row) => {
        const report = row.last_report;
        const count = (key: string) => (typeof report?.[key] === 'number' ? (report[key] as number) : 0);
        return {
          council: row.council,
          startedAt: row.started_at ? new Date(row.started_at) : null,
          finishedAt: row.finished_at ? new Date(row.finished_at) : null,
          lastError: row.last_error,
          counts: report
            ? {
                added: count('added'),
                updated: count('updated'),
                removed: count('removed'),
                unchanged: count('unchanged'),
              }
            : null,
        };
      });
    },
  };
}

export type ScheduleStore = ReturnType<typeof createScheduleStore>;
