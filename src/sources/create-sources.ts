import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { KnowledgeService, ParsedDocument } from '../core/knowledge/index.ts';
import { councilIds } from '../core/councils/index.ts';
import { normaliseCouncil } from '../core/people/index.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { SourceStore } from '../store/sources/index.ts';
import { failureReason } from './http.ts';
import {
  sourceKinds,
  type Connector,
  type SourceKind,
  type SourceRecord,
  type SourceSettings,
  type SyncContext,
  type SyncCounts,
  type SyncProgress,
  type SyncReport,
} from './types.ts';

/** Who asks: a person by email, checked against the council's admins, or the operator at the server's console. */
export interface SourceActor {
  email: string | null;
  /** Whether this person administers `council` (PONT_ADMINS, or that council's admins in the councils file). */
  isAdminOf(council: string): boolean;
}

export interface SourcesLogger {
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

export interface CreateSourcesOptions {
  store: SourceStore;
  knowledge: KnowledgeService;
  /** The connector for a source (each kind reads its own protocol). */
  connector(source: SourceRecord): Promise<Connector>;
  logger?: SourcesLogger;
  /** How long a sync's lease lasts without renewal; another process may take over a source after it. Default 2 min. */
  leaseMs?: number;
  /** This process's name on leases. */
  owner?: string;
}

export interface AddSource {
  kind: string;
  url: string;
  council?: string;
  settings?: SourceSettings;
  /** Seconds between scheduled syncs; null syncs only on demand. */
  everySeconds?: number | null;
}

/** `--every 1d`, `12h`, `30m`, `off`: seconds between syncs, or null. */
export function parseEvery(text: string): number | null {
  if (/^(off|never|manual)$/i.test(text)) return null;
  const match = /^(\d{1,5})\s*(m|h|d|w)$/i.exec(text.trim());
  if (!match) throw new ValidationError(`--every "${text}" is not a period: write e.g. 30m, 6h, 1d or 1w (or off)`);
  const seconds =
    Number(match[1]) * { m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2]!.toLowerCase() as 'm' | 'h' | 'd' | 'w'];
  if (seconds < 15 * 60)
    throw new ValidationError(`--every ${text} is too often: a source is synced at most every 15 minutes`);
  return seconds;
}

/** The council a source belongs to: an id or name from the councils file. */
function checkCouncil(text: string): string {
  const council = normaliseCouncil(text);
  if (!council) throw new ValidationError(`--council "${text}" is not a council: give ${councilIds().join(' or ')}`);
  return council;
}

function checkUrl(kind: SourceKind, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(
      `"${text}" is not a web address: give the ${kind === 'sharepoint' ? 'site' : kind === 'feed' ? 'feed' : kind === 'moderngov' ? 'ModernGov site' : 'website'}'s full https:// address`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ValidationError(`"${text}" is not an http(s) address`);
  if (url.username || url.password)
    throw new ValidationError('the address carries a user name or password: give it without them');
  if (kind === 'sharepoint' && url.protocol !== 'https:')
    throw new ValidationError('a SharePoint site address starts with https://');
  url.hash = '';
  return url.toString();
}

const emptyCounts = (): SyncCounts => ({ added: 0, updated: 0, removed: 0, unchanged: 0, failed: [] });

/**
 * Sources: where Pont keeps itself up to date from. Adding, listing and removing check the council and that the
 * person administers it; a sync leases the source (so one process at a time syncs it), walks it through its
 * connector, writes what changed, and removes what disappeared only after a complete listing.
 */
export function createSources(options: CreateSourcesOptions) {
  const { store, knowledge, logger } = options;
  const leaseMs = options.leaseMs ?? 120_000;
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  function mayManage(actor: SourceActor, council: string): void {
    if (actor.email === null) return;
    if (!actor.isAdminOf(council))
      throw new ForbiddenError(`${actor.email} is not an admin of ${council}: only its admins manage its sources`);
  }

  async function found(id: string): Promise<SourceRecord> {
    const source = await store.get(id);
    if (!source) throw new NotFoundError(`no source ${id}: "pont sources list" shows them`);
    return source;
  }

  async function removeDocuments(sourceId: string, documentSources: (string | null)[]): Promise<number> {
    const wanted = [...new Set(documentSources.filter((value): value is string => value !== null))];
    const orphaned = await store.orphaned(wanted, sourceId);
    if (orphaned.length > 0) await knowledge.removeDocuments(orphaned);
    return orphaned.length;
  }

  /** One sync of a leased source. Never throws for the source's own faults: they end up in the report. */
  async function runSync(source: SourceRecord, onProgress?: (progress: SyncProgress) => void): Promise<SyncReport> {
    const counts = emptyCounts();
    const run = source.run;
    let done = 0;
    let total: number | null = null;
    const progress = () => onProgress?.({ sourceId: source.id, done, total, counts });
    const renewal = setInterval(
      () => {
        store
          .renew(source.id, owner, leaseMs)
          .catch((error: unknown) => logger?.warn({ err: error, source: source.id }, 'Could not renew a source lease'));
      },
      Math.max(1000, Math.floor(leaseMs / 3)),
    );
    renewal.unref();

    const context: SyncContext = {
      source,
      known: (key) => store.item(source.id, key),
      async doneThisRun(key) {
        const item = await store.item(source.id, key);
        return item !== undefined && item.run === run && item.error === null;
      },
      async put(key, document: ParsedDocument, validators = {}) {
        const before = await store.item(source.id, key);
        const outcome = await knowledge.putDocument({
          ...document,
          metadata: { ...document.metadata, sourceId: source.id, sourceKind: source.kind, council: source.council },
        });
        done += 1;
        if (outcome.status === 'empty') {
          counts.failed.push({ url: document.source, reason: outcome.reason });
          await store.touch(source.id, key, run, { error: outcome.reason });
        } else {
          counts[outcome.status] += 1;
          await store.touch(source.id, key, run, {
            documentSource: document.source,
            etag: validators.etag ?? null,
            lastModified: validators.lastModified ?? null,
            version: validators.version ?? null,
            links: validators.links ?? null,
            error: null,
          });
          if (before?.documentSource && before.documentSource !== document.source)
            await removeDocuments(source.id, [before.documentSource]);
        }
        progress();
      },
      async unchanged(key, version) {
        done += 1;
        counts.unchanged += 1;
        await store.touch(source.id, key, run, version === undefined ? { error: null } : { error: null, version });
        progress();
      },
      async failed(key, url, reason) {
        done += 1;
        counts.failed.push({ url, reason });
        await store.touch(source.id, key, run, { error: reason });
        progress();
      },
      async removed(key) {
        const item = await store.item(source.id, key);
        done += 1;
        if (item) {
          await store.forget(source.id, [key]);
          if (item.documentSource && (await removeDocuments(source.id, [item.documentSource])) > 0) counts.removed += 1;
        }
        progress();
      },
      total(count) {
        total = count;
        progress();
      },
      saveCursor: (cursor) => store.saveCursor(source.id, cursor),
    };

    const report: SyncReport = { id: source.id, ...counts };
    try {
      const connector = await options.connector(source);
      const { complete } = await connector.sync(context);
      if (complete) {
        // NOTE: only a listing read whole says what is gone; an item that failed to fetch was seen, so it stays.
        const unseen = await store.unseen(source.id, run);
        await store.forget(
          source.id,
          unseen.map((item) => item.key),
        );
        counts.removed += await removeDocuments(
          source.id,
          unseen.map((item) => item.documentSource),
        );
      }
    } catch (error) {
      report.error = failureReason(error).replace(/^could not be read \((.*)\)$/, '$1');
      logger?.warn(
        { err: error, source: source.id, kind: source.kind },
        'A source sync stopped; what was indexed is kept',
      );
    } finally {
      clearInterval(renewal);
    }
    Object.assign(report, counts, { id: source.id });
    await store.finish(source.id, owner, report, true);
    logger?.info(
      {
        source: source.id,
        added: counts.added,
        updated: counts.updated,
        removed: counts.removed,
        unchanged: counts.unchanged,
        failed: counts.failed.length,
      },
      'Source synced',
    );
    return report;
  }

  return {
    owner,

    async add(actor: SourceActor, input: AddSource): Promise<SourceRecord> {
      if (!(sourceKinds as readonly string[]).includes(input.kind))
        throw new ValidationError(`"${input.kind}" is not a kind of source: give ${sourceKinds.join(', ')}`);
      const kind = input.kind as SourceKind;
      const url = checkUrl(kind, input.url);
      if (input.council === undefined)
        throw new ValidationError(`say which council the source belongs to: --council ${councilIds().join('|')}`);
      const council = checkCouncil(input.council);
      mayManage(actor, council);
      const added = await store.add({
        kind,
        url,
        council,
        settings: input.settings ?? {},
        everySeconds: input.everySeconds === undefined ? 86_400 : input.everySeconds,
        createdBy: actor.email,
      });
      if (!added)
        throw new ConflictError(`${url} is already a ${kind} source of ${council}: "pont sources list" shows it`);
      return added;
    },

    async list(): Promise<SourceRecord[]> {
      return store.list();
    },

    get: found,

    async remove(actor: SourceActor, id: string): Promise<{ source: SourceRecord; documents: number }> {
      const source = await found(id);
      mayManage(actor, source.council);
      const held = await store.remove(id);
      // NOTE: the source's ledger is gone now, so orphaned() counts only other sources' claims.
      const documents = await removeDocuments(id, held);
      return { source, documents };
    },

    /**
     * Syncs the sources named (all when none), one after another; a source another process is syncing is
     * reported as such and left to it.
     */
    async sync(
      actor: SourceActor,
      ids: string[],
      onProgress?: (progress: SyncProgress) => void,
    ): Promise<SyncReport[]> {
      const targets = ids.length > 0 ? await Promise.all(ids.map(found)) : await store.list();
      for (const source of targets) mayManage(actor, source.council);
      const reports: SyncReport[] = [];
      for (const source of targets) {
        const leased = await store.begin(source.id, owner, leaseMs);
        if (!leased) {
          reports.push({ id: source.id, ...emptyCounts(), error: 'another Pont process is syncing this source now' });
          continue;
        }
        reports.push(await runSync(leased, onProgress));
      }
      return reports;
    },

    /** Syncs one due source, if any is due and free (the server's scheduler calls this). */
    async syncDue(): Promise<SyncReport | undefined> {
      const source = await store.claimDue(owner, leaseMs);
      return source ? runSync(source) : undefined;
    },
  };
}

export type Sources = ReturnType<typeof createSources>;
