import type { Database } from '../database.ts';
import { jobLeases } from '../scheduled-jobs/index.ts';
import type { SourceItem, SourceKind, SourceRecord, SourceSettings, SyncReport } from '../../sources/index.ts';

interface SourceRow {
  id: number;
  kind: SourceKind;
  url: string;
  council: string;
  settings: SourceSettings;
  every_seconds: number | null;
  created_by: string | null;
  created_at: Date | string;
  next_sync_at: Date | string | null;
  run: number;
  run_finished: boolean;
  cursor: Record<string, unknown>;
  last_started_at: Date | string | null;
  last_finished_at: Date | string | null;
  last_result: SyncReport | null;
  last_error: string | null;
  documents: number;
}

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function record(row: SourceRow): SourceRecord {
  return {
    id: String(row.id),
    kind: row.kind,
    url: row.url,
    council: row.council,
    settings: row.settings,
    everySeconds: row.every_seconds,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    nextSyncAt: iso(row.next_sync_at),
    run: row.run,
    runFinished: row.run_finished,
    cursor: row.cursor,
    lastStartedAt: iso(row.last_started_at),
    lastFinishedAt: iso(row.last_finished_at),
    lastResult: row.last_result,
    lastError: row.last_error,
    documents: Number(row.documents),
  };
}

/** A source's job in scheduled_jobs: its next scheduled sync and its lease. */
const jobName = (id: string | number) => `source:${id}`;
const jobPrefix = 'source:';

// NOTE: a source synced only on demand is due at 'infinity', shown as no next sync.
const selectSources = `select s.*, (select count(*) from source_items i where i.source_id = s.id and i.document_source is not null)::int as documents,
    case when j.next_run_at = 'infinity'::timestamptz then null else j.next_run_at end as next_sync_at
  from sources s left join scheduled_jobs j on j.name = 'source:' || s.id`;

export interface NewSource {
  kind: SourceKind;
  url: string;
  council: string;
  settings: SourceSettings;
  everySeconds: number | null;
  createdBy: string | null;
}

/** Sources, their items and their leases in SQL (the same statements on PGlite and PostgreSQL). */
export function createSourceStore(db: Database) {
  return {
    /** Adds a source; undefined when the same kind, URL and council is already a source. */
    async add(source: NewSource): Promise<SourceRecord | undefined> {
      const id = await db.transaction(async (tx) => {
        const rows = await tx.query<{ id: number }>(
          `insert into sources (kind, url, council, settings, every_seconds, created_by)
           values ($1, $2, $3, $4::jsonb, $5, $6)
           on conflict (kind, url, council) do nothing returning id`,
          [
            source.kind,
            source.url,
            source.council,
            JSON.stringify(source.settings),
            source.everySeconds,
            source.createdBy,
          ],
        );
        // NOTE: a scheduled source is due at once, so the server reads it soon after it is added.
        if (rows[0]) await jobLeases.ensure(tx, jobName(rows[0].id), source.everySeconds === null ? null : new Date());
        return rows[0]?.id;
      });
      return id === undefined ? undefined : this.get(String(id));
    },

    async get(id: string): Promise<SourceRecord | undefined> {
      if (!/^\d{1,15}$/.test(id)) return undefined;
      const rows = await db.query<SourceRow>(`${selectSources} where s.id = $1`, [Number(id)]);
      return rows[0] ? record(rows[0]) : undefined;
    },

    async list(): Promise<SourceRecord[]> {
      return (await db.query<SourceRow>(`${selectSources} order by s.id`)).map(record);
    },

    /** Deletes a source and its ledger; returns the document sources it held. */
    async remove(id: string): Promise<string[]> {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ document_source: string }>(
          'select document_source from source_items where source_id = $1 and document_source is not null',
          [Number(id)],
        );
        await tx.query('delete from sources where id = $1', [Number(id)]);
        await jobLeases.remove(tx, jobName(id));
        return rows.map((row) => row.document_source);
      });
    },

    /**
     * Takes the source's lease (its job in scheduled_jobs) for `owner` unless another process holds it. Starts a new
     * run when the last one finished; otherwise the unfinished run goes on under its number (a crash resumes).
     * Undefined when leased.
     */
    async begin(id: string, owner: string, leaseMs: number): Promise<SourceRecord | undefined> {
      if (!/^\d{1,15}$/.test(id)) return undefined;
      const taken = await db.transaction(async (tx) => {
        if ((await tx.query('select id from sources where id = $1', [Number(id)])).length === 0) return false;
        // NOTE: a source whose job is missing gets one here, synced only on demand until a sync finishes.
        await jobLeases.ensure(tx, jobName(id), null);
        if (!(await jobLeases.take(tx, jobName(id), owner, leaseMs, { dueOnly: false }))) return false;
        const rows = await tx.query<{ id: number }>(
          `update sources set run = case when run_finished then run + 1 else run end, run_finished = false, last_started_at = now() where id = $1 returning id`,
          [Number(id)],
        );
        return rows.length > 0;
      });
      return taken ? this.get(id) : undefined;
    },

    /** Keeps the lease while a sync runs; false when it was lost (another process took the source over). */
    async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
      return jobLeases.renew(db, jobName(id), owner, leaseMs);
    },

    /**
     * Records the outcome; `finished` closes the run (the next sync starts a new one). Frees the lease, with the next
     * scheduled sync `every_seconds` from now. Nothing is written when `owner` no longer held the source.
     */
    async finish(id: string, owner: string, report: SyncReport, finished: boolean): Promise<void> {
      const error =
        report.error ??
        (report.failed.length > 0
          ? `${report.failed.length} item(s) could not be read; first: ${report.failed[0]!.url} (${report.failed[0]!.reason})`
          : null);
      await db.transaction(async (tx) => {
        const rows = await tx.query<{ every_seconds: number | null }>(
          'select every_seconds from sources where id = $1',
          [Number(id)],
        );
        if (!rows[0]) return;
        const every = rows[0].every_seconds;
        if (!(await jobLeases.release(tx, jobName(id), owner, every === null ? null : every * 1000, error))) return;
        await tx.query(
          `update sources set run_finished = $2, last_finished_at = now(), last_result = $3::jsonb, last_error = $4 where id = $1`,
          [Number(id), finished, JSON.stringify(report), error],
        );
      });
    },

    /** A source whose scheduled sync is due and that nobody holds, leased to `owner`; undefined when none. */
    async claimDue(owner: string, leaseMs: number): Promise<SourceRecord | undefined> {
      const name = await db.transaction(async (tx) => {
        const due = await jobLeases.firstDue(tx, jobPrefix);
        if (due === undefined) return undefined;
        const rows = await tx.query<{ every_seconds: number | null }>(
          'select every_seconds from sources where id = $1',
          [Number(due.slice(jobPrefix.length))],
        );
        if (!rows[0]) {
          // NOTE: the job of a source removed by an older version; it has nothing to sync.
          await jobLeases.remove(tx, due);
          return undefined;
        }
        // NOTE: the next sync is moved on at once, so a sync that fails before it records anything is not retried in a tight loop.
        await jobLeases.postpone(tx, due, (rows[0].every_seconds ?? 3600) * 1000);
        return due;
      });
      if (name === undefined) return undefined;
      return this.begin(name.slice(jobPrefix.length), owner, leaseMs);
    },

    async saveCursor(id: string, cursor: Record<string, unknown>): Promise<void> {
      await db.query('update sources set cursor = $2::jsonb where id = $1', [Number(id), JSON.stringify(cursor)]);
    },

    async item(sourceId: string, key: string): Promise<SourceItem | undefined> {
      const rows = await db.query<{
        key: string;
        document_source: string | null;
        etag: string | null;
        last_modified: string | null;
        version: string | null;
        links: string[] | null;
        run: number;
        error: string | null;
      }>(
        'select key, document_source, etag, last_modified, version, links, run, error from source_items where source_id = $1 and key = $2',
        [Number(sourceId), key],
      );
      const row = rows[0];
      return row
        ? {
            key: row.key,
            documentSource: row.document_source,
            etag: row.etag,
            lastModified: row.last_modified,
            version: row.version,
            links: row.links,
            run: row.run,
            error: row.error,
          }
        : undefined;
    },

    /** Records an item as seen in `run`; fields not given keep their values. */
    async touch(
      sourceId: string,
      key: string,
      run: number,
      fields: {
        documentSource?: string | null;
        etag?: string | null;
        lastModified?: string | null;
        version?: string | null;
        links?: string[] | null;
        error?: string | null;
      },
    ): Promise<void> {
      await db.query(
        `insert into source_items (source_id, key, document_source, etag, last_modified, version, run, error, links)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $13::jsonb)
         on conflict (source_id, key) do update set run = excluded.run, updated_at = now(),
           document_source = case when $9 then excluded.document_source else source_items.document_source end,
           etag = case when $10 then excluded.etag else source_items.etag end,
           last_modified = case when $11 then excluded.last_modified else source_items.last_modified end,
           version = case when $12 then excluded.version else source_items.version end,
           links = case when $14 then excluded.links else source_items.links end,
           error = excluded.error`,
        [
          Number(sourceId),
          key,
          fields.documentSource ?? null,
          fields.etag ?? null,
          fields.lastModified ?? null,
          fields.version ?? null,
          run,
          fields.error ?? null,
          'documentSource' in fields,
          'etag' in fields,
          'lastModified' in fields,
          'version' in fields,
          fields.links ? JSON.stringify(fields.links) : null,
          'links' in fields,
        ],
      );
    },

    /** Items the run did not see (candidates for removal after a complete listing). */
    async unseen(sourceId: string, run: number): Promise<SourceItem[]> {
      const rows = await db.query<{ key: string; document_source: string | null; run: number }>(
        'select key, document_source, run from source_items where source_id = $1 and run < $2',
        [Number(sourceId), run],
      );
      return rows.map((row) => ({
        key: row.key,
        documentSource: row.document_source,
        etag: null,
        lastModified: null,
        version: null,
        links: null,
        run: row.run,
        error: null,
      }));
    },

    async forget(sourceId: string, keys: string[]): Promise<void> {
      if (keys.length > 0)
        await db.query('delete from source_items where source_id = $1 and key = any($2::text[])', [
          Number(sourceId),
          keys,
        ]);
    },

    /** Of `documentSources`, those no other source still holds (safe to remove from the index). */
    async orphaned(documentSources: string[], exceptSourceId: string): Promise<string[]> {
      if (documentSources.length === 0) return [];
      const rows = await db.query<{ document_source: string }>(
        'select distinct document_source from source_items where document_source = any($1::text[]) and source_id <> $2',
        [documentSources, Number(exceptSourceId)],
      );
      const held = new Set(rows.map((row) => row.document_source));
      return documentSources.filter((source) => !held.has(source));
    },
  };
}

export type SourceStore = ReturnType<typeof createSourceStore>;
