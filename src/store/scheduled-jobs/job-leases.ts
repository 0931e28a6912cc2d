import type { Queryable } from '../database.ts';

const milliseconds = (parameter: string) => `(${parameter}::double precision * interval '1 millisecond')`;

/**
 * Leases on scheduled jobs (`scheduled_jobs`), the one lease mechanism of Pont's scheduled work: the directory sync
 * is one job, each source another (`source:ID`). A replica takes a job by writing its lease; another takes it over
 * only once the lease has run out (the holder died), so two replicas never run one job at once. A job synced only on
 * demand is due at `infinity`. Each function takes the database or a transaction.
 */
export const jobLeases = {
  /** Makes sure the job exists; a new job is due at `firstRunAt`, or never (on demand only) when it is null. */
  async ensure(db: Queryable, name: string, firstRunAt: Date | null): Promise<void> {
    await db.query(
      `insert into scheduled_jobs (name, next_run_at) values ($1, coalesce($2::timestamptz, 'infinity'::timestamptz)) on conflict (name) do nothing`,
      [name, firstRunAt],
    );
  },

  /**
   * Takes the job for `owner` unless a live lease of another owner holds it; with `dueOnly`, only when it is due.
   * False when it was not taken.
   */
  async take(
    db: Queryable,
    name: string,
    owner: string,
    leaseMs: number,
    options: { dueOnly: boolean },
  ): Promise<boolean> {
    const rows = await db.query<{ name: string }>(
      `update scheduled_jobs set lease_owner = $2, lease_until = now() + ${milliseconds('$3')}, last_started_at = now()
       where name = $1 ${options.dueOnly ? 'and next_run_at <= now()' : ''} and (lease_until is null or lease_until < now() or lease_owner = $2)
       returning name`,
      [name, owner, leaseMs],
    );
    return rows.length > 0;
  },

  /**
   * The due job whose name starts with `prefix` that has waited longest and that no live lease holds, locked for the
   * rest of the transaction `tx` (other replicas skip it); undefined when there is none.
   */
  async firstDue(tx: Queryable, prefix: string): Promise<string | undefined> {
    const rows = await tx.query<{ name: string }>(
      `select name from scheduled_jobs where starts_with(name, $1) and next_run_at <= now() and (lease_until is null or lease_until < now())
       order by next_run_at limit 1 for update skip locked`,
      [prefix],
    );
    return rows[0]?.name;
  },

  /** Moves the job's next run to `inMs` from now (never, when null), leaving any lease as it is. */
  async postpone(db: Queryable, name: string, inMs: number | null): Promise<void> {
    await db.query(
      `update scheduled_jobs set next_run_at = case when $2::double precision is null then 'infinity'::timestamptz else now() + ${milliseconds('$2')} end where name = $1`,
      [name, inMs],
    );
  },

  /** Keeps the lease while the job runs; false when it was lost (it ran out and another replica took the job). */
  async renew(db: Queryable, name: string, owner: string, leaseMs: number): Promise<boolean> {
    const rows = await db.query<{ name: string }>(
      `update scheduled_jobs set lease_until = now() + ${milliseconds('$3')} where name = $1 and lease_owner = $2 returning name`,
      [name, owner, leaseMs],
    );
    return rows.length > 0;
  },

  /**
   * Gives the job back, due again `nextInMs` from now (never, when null), with its outcome. False, and nothing
   * changed, when `owner` no longer held it.
   */
  async release(
    db: Queryable,
    name: string,
    owner: string,
    nextInMs: number | null,
    error: string | null,
  ): Promise<boolean> {
    const rows = await db.query<{ name: string }>(
      `update scheduled_jobs set lease_owner = null, lease_until = null, last_finished_at = now(), last_error = $4,
         next_run_at = case when $3::double precision is null then 'infinity'::timestamptz else now() + ${milliseconds('$3')} end
       where name = $1 and lease_owner = $2 returning name`,
      [name, owner, nextInMs, error],
    );
    return rows.length > 0;
  },

  async remove(db: Queryable, name: string): Promise<void> {
    await db.query('delete from scheduled_jobs where name = $1', [name]);
  },
};
