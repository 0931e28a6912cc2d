import type { InboxItem, InboxStore } from '../../inbox/index.ts';
import type { Database } from '../database.ts';

const milliseconds = (parameter: string) => `(${parameter}::text || ' milliseconds')::interval`;

/** The inbox on Pont's database (PGlite or PostgreSQL: the same SQL). Times are the database's own clock. */
export function createInboxStore(db: Database): InboxStore {
  return {
    async add(item) {
      const rows = await (db.acknowledgements ?? db).query<{ key: string }>(
        'insert into inbox (key, kind, payload) values ($1, $2, $3::jsonb) on conflict (key) do nothing returning key',
        [item.key, item.kind, JSON.stringify(item.payload)],
      );
      return rows.length === 1;
    },

    async addMany(items) {
      const unique = [...new Map(items.map((item) => [item.key, item])).values()];
      if (unique.length === 0) return new Set();
      const values = unique
        .map((_, index) => `($${index * 3 + 1}, $${index * 3 + 2}, $${index * 3 + 3}::jsonb)`)
        .join(', ');
      // NOTE: on the connections kept for acknowledgements: the platform is waiting for this write.
      const rows = await (db.acknowledgements ?? db).query<{ key: string }>(
        `insert into inbox (key, kind, payload) values ${values} on conflict (key) do nothing returning key`,
        unique.flatMap((item) => [item.key, item.kind, JSON.stringify(item.payload)]),
      );
      return new Set(rows.map((row) => row.key));
    },

    async take(kinds, limit, owner, leaseMs) {
      if (kinds.length === 0 || limit <= 0) return [];
      // NOTE: SKIP LOCKED lets every replica's workers take at once without waiting on, or taking, each other's rows.
      const rows = await db.query<{
        key: string;
        kind: string;
        payload: unknown;
        attempts: number;
        progress: Record<string, unknown> | null;
      }>(
        `with ready as (
           select key from inbox
           where status = 'pending' and kind = any($1::text[]) and available_at <= now()
             and (lease_until is null or lease_until < now())
           order by available_at, created_at
           limit $2
           for update skip locked
         )
         update inbox item
         set attempts = item.attempts + 1, leased_by = $3, lease_until = now() + ${milliseconds('$4')}
         from ready
         where item.key = ready.key
         returning item.key, item.kind, item.payload, item.attempts, item.progress`,
        [kinds, limit, owner, String(leaseMs)],
      );
      return rows.map((row): InboxItem => ({
        key: row.key,
        kind: row.kind,
        payload: row.payload,
        attempts: row.attempts,
        progress: row.progress ?? {},
      }));
    },

    async sinceLatestArrival() {
      const [row] = await db.query<{ ms: number | string | null }>(
        `select extract(epoch from now() - max(created_at)) * 1000 as ms from inbox where created_at > now() - interval '1 minute'`,
      );
      return row?.ms === null || row?.ms === undefined ? 60_000 : Math.max(0, Number(row.ms));
    },

    async renew(keys, owner, leaseMs) {
      if (keys.length === 0) return;
      await db.query(
        `update inbox set lease_until = now() + ${milliseconds('$3')} where key = any($1::text[]) and leased_by = $2 and status = 'pending'`,
        [keys, owner, String(leaseMs)],
      );
    },

    async note(key, owner, entries) {
      await db.query(
        `update inbox set progress = progress || $3::jsonb where key = $1 and leased_by = $2 and status = 'pending'`,
        [key, owner, JSON.stringify(entries)],
      );
    },

    async finish(key, owner) {
      await db.query(
        `update inbox set status = 'done', payload = '{}'::jsonb, progress = '{}'::jsonb, leased_by = null, lease_until = null, last_error = null, finished_at = now()
         where key = $1 and leased_by = $2 and status = 'pending'`,
        [key, owner],
      );
    },

    async retry(key, owner, error, delayMs) {
      await db.query(
        `update inbox set leased_by = null, lease_until = null, last_error = $3, available_at = now() + ${milliseconds('$4')}
         where key = $1 and leased_by = $2 and status = 'pending'`,
        [key, owner, error.slice(0, 1000), String(delayMs)],
      );
    },

    async fail(key, owner, error) {
      const rows = await db.query<{ key: string }>(
        `update inbox set status = 'failed', leased_by = null, lease_until = null, last_error = $3, finished_at = now()
         where key = $1 and leased_by = $2 and status = 'pending' returning key`,
        [key, owner, error.slice(0, 1000)],
      );
      return rows.length === 1;
    },

    async release(keys, owner) {
      if (keys.length === 0) return;
      await db.query(
        `update inbox set leased_by = null, lease_until = null, attempts = greatest(attempts - 1, 0)
         where key = any($1::text[]) and leased_by = $2 and status = 'pending'`,
        [keys, owner],
      );
    },

    async prune(doneMs, failedMs) {
      const rows = await db.query<{ key: string }>(
        `delete from inbox
         where (status = 'done' and finished_at < now() - ${milliseconds('$1')})
            or (status = 'failed' and finished_at < now() - ${milliseconds('$2')})
         returning key`,
        [String(doneMs), String(failedMs)],
      );
      return rows.length;
    },
  };
}
