import type { ParsedDocument } from '../core/knowledge/index.ts';

/** The kinds of place Pont keeps itself up to date from. */
export const sourceKinds = ['website', 'moderngov', 'sharepoint', 'feed'] as const;
export type SourceKind = (typeof sourceKinds)[number];

/** What each kind keeps in `settings`, all optional. */
export interface SourceSettings {
  /** Website: the path prefixes a page's path must start with to be read (default: the start URL's folder). */
  prefixes?: string[];
  /** Website: most pages read in one sync. */
  maxPages?: number;
  /** Requests a second to the source at most (default 4). */
  rate?: number;
  /** ModernGov: how many days back and ahead of today meetings are read (default 730 and 60). */
  daysBack?: number;
  daysAhead?: number;
  /** ModernGov: only committees whose title contains one of these (default: every current committee). */
  committees?: string[];
  /** SharePoint: the document library (drive) names to read (default: every library of the site). */
  libraries?: string[];
  /** Longest wait for one response, in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** Counts and failures of one sync: the `pont sources sync --json` contract. */
export interface SyncCounts {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  failed: { url: string; reason: string }[];
}

export interface SyncReport extends SyncCounts {
  id: string;
  /** Why the whole sync stopped early (the source was down, the listing was malformed); what was indexed is kept. */
  error?: string;
}

/** A source as stored. */
export interface SourceRecord {
  id: string;
  kind: SourceKind;
  url: string;
  council: string;
  settings: SourceSettings;
  /** Seconds between scheduled syncs; null when it is synced only on demand. */
  everySeconds: number | null;
  createdBy: string | null;
  createdAt: string;
  nextSyncAt: string | null;
  run: number;
  runFinished: boolean;
  cursor: Record<string, unknown>;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastResult: SyncReport | null;
  lastError: string | null;
  /** How many documents the source holds now. */
  documents: number;
}

/** One item a source holds: a page, a file, a meeting paper. */
export interface SourceItem {
  key: string;
  documentSource: string | null;
  etag: string | null;
  lastModified: string | null;
  version: string | null;
  /** Links a page had when last read (website crawls). */
  links: string[] | null;
  run: number;
  error: string | null;
}

/** Progress of a running sync, for a progress bar. */
export interface SyncProgress {
  sourceId: string;
  /** Items dealt with so far, and the total when it is known. */
  done: number;
  total: number | null;
  counts: SyncCounts;
}

/**
 * What a connector is handed for one run: it lists what the source holds and reports each item; the engine keeps
 * the ledger (what was seen this run, conditional-request validators), writes documents and counts.
 */
export interface SyncContext {
  source: SourceRecord;
  /** The item as the last run left it, if any. */
  known(key: string): Promise<SourceItem | undefined>;
  /** True when this run (resumed after a crash) already dealt with the item. */
  doneThisRun(key: string): Promise<boolean>;
  /** Indexes a document under `key` (added, updated or unchanged as its content says). */
  put(
    key: string,
    document: ParsedDocument,
    validators?: {
      etag?: string | null;
      lastModified?: string | null;
      version?: string | null;
      links?: string[] | null;
    },
  ): Promise<void>;
  /** The item is there and unchanged (a 304, or the same version): keep it, noting its `version` when given. */
  unchanged(key: string, version?: string | null): Promise<void>;
  /** The item could not be read now: keep what was indexed and record why. */
  failed(key: string, url: string, reason: string): Promise<void>;
  /** The source says the item is gone (a 404, a deletion in a delta): remove its document. */
  removed(key: string): Promise<void>;
  /** How many items the run expects, when the listing says. */
  total(count: number): void;
  saveCursor(cursor: Record<string, unknown>): Promise<void>;
}

/** Reads one kind of source. */
export interface Connector {
  /**
   * Lists the source and reports every item to `context`. Returns `complete: true` only when the listing was read
   * whole, so items not seen this run may be removed; a listing that failed part-way removes nothing.
   */
  sync(context: SyncContext): Promise<{ complete: boolean }>;
}
