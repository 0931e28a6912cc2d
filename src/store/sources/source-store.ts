import type { Database } from '../database.ts';
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

const selectSources = `select s.*, (select count(*) from source_items i where i.source_id = s.id and i.document_source is not null)::int as documents from sources s`;

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
      const rows = await db.query<{ id: number }>(
        `insert into sources (kind, url, council, settings, every_seconds, created_by, next_sync_at)
         values ($1, $2, $3, $4::jsonb, $5, $6, case when $5::int is null then null else now() end)
         on conflict (kind, url, council) do nothing returning id`,
        [source.kind, source.url, source.council, JSON.stringify(source.settings), source.everySeconds, source.createdBy],
      );
      return rows[0] ? this.get(String(rows[0].id)) : undefined;
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
        const rows = await tx.query<{ document_source: string }>('select document_source from source_items where source_id = $1 and document_source is not null', [Number(id)]);
        await tx.query('delete from sources where id = $1', [Number(id)]);
        return rows.map((row) => row.document_source);
      });
    },

    /**
     * Takes the source's lease for `owner` unless another process holds it. Starts a new run when the last one
     * finished; otherwise the unfinished run goes on under its number (a crash resumes). Undefined when leased.
     */
    async begin(id: string, owner: string, leaseMs: number): Promise<SourceRecord | undefined> {
      const rows = await db.query<{ id: number }>(
        `update sources set lease_owner = $2, lease_until = now() + ($3::int * interval '1 millisecond'),
           run = case when run_finished then run + 1 else run end, run_finished = false, last_started_at = now()
         where id = $1 and (lease_until is null or lease_until < now() or lease_owner = $2) returning id`,
        [Number(id), owner, leaseMs],
      );
      return rows[0] ? this.get(id) : undefined;
    },

    /** Keeps the lease while a sync runs; false when it was lost (another process took the source over). */
    async renew(id: string, owner: string, leaseMs: number): Promise<boolean> {
      const rows = await db.query<{ id: number }>(
        `update sources set lease_until = now() + ($3::int * interval '1 millisecond') where id = $1 and lease_owner = $2 returning id`,
        [Number(id), owner, leaseMs],
      );
      return rows.length > 0;
    },

    /** Records the outcome; `finished` closes the run (the next sync starts a new one), and frees the lease. */
    async finish(id: string, owner: string, report: SyncReport, finished: boolean): Promise<void> {
      await db.query(
        `update sources set run_finished = $3, last_finished_at = now(), last_result = $4::jsonb, last_error = $5,
           next_sync_at = case when every_seconds is null then null else now() + every_seconds * interval '1 second' end,
           lease_owner = null, lease_until = null
         where id = $1 and lease_owner = $2`,
        [Number(id), owner, finished, JSON.stringify(report), report.error ?? (report.failed.length > 0 ? `${report.failed.length} item(s) could not be read; first: ${report.failed[0]!.url} (${report.failed[0]!.reason})` : null)],
      );
    },

    /** A source whose scheduled sync is due and that nobody holds, leased to `owner`; undefined when none. */
    async claimDue(owner: string, leaseMs: number): Promise<SourceRecord | undefined> {
      const rows = await db.transaction(async (tx) => {
        const due = await tx.query<{ id: number }>(
          `select id from sources where next_sync_at <= now() and (lease_until is null or lease_until < now())
           order by next_sync_at limit 1 for update skip locked`,
        );
        if (due.length === 0) return [];
        // NOTE: the next sync is moved on at once, so a sync that fails before it records anything is not retried in a tight loop.
        await tx.query(`update sources set next_sync_at = now() + coalesce(every_seconds, 3600) * interval '1 second' where id = $1`, [due[0]!.id]);
        return due;
      });
      if (rows.length === 0) return undefined;
      return this.begin(String(rows[0]!.id), owner, leaseMs);
    },

    async saveCursor(id: string, cursor: Record<string, unknown>): Promise<void> {
      await db.query('update sources set cursor = $2::jsonb where id = $1', [Number(id), JSON.stringify(cursor)]);
    },

    async item(sourceId: string, key: string): Promise<SourceItem | undefined> {
      const rows = await db.query<{ key: string; document_source: string | null; etag: string | null; last_modified: string | null; version: string | null; links: string[] | null; run: number; error: string | null }>(
        'select key, document_source, etag, last_modified, version, links, run, error from source_items where source_id = $1 and key = $2',
        [Number(sourceId), key],
      );
      const row = rows[0];
      return row ? { key: row.key, documentSource: row.document_source, etag: row.etag, lastModified: row.last_modified, version: row.version, links: row.links, run: row.run, error: row.error } : undefined;
    },

    /** Records an item as seen in `run`; fields not given keep their values. */
    async touch(sourceId: string, key: string, run: number, fields: { documentSource?: string | null; etag?: string | null; lastModified?: string | null; version?: string | null; links?: string[] | null; error?: string | null }): Promise<void> {
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
      const rows = await db.query<{ key: string; document_source: string | null; run: number }>('select key, document_source, run from source_items where source_id = $1 and run < $2', [Number(sourceId), run]);
      return rows.map((row) => ({ key: row.key, documentSource: row.document_source, etag: null, lastModified: null, version: null, links: null, run: row.run, error: null }));
    },

    async forget(sourceId: string, keys: string[]): Promise<void> {
      if (keys.length > 0) await db.query('delete from source_items where source_id = $1 and key = any($2::text[])', [Number(sourceId), keys]);
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
