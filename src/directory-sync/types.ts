import type { DirectoryProfile } from '../core/people/index.ts';

/**
 * One account as a directory page gives it. A field left undefined was not in the page: a delta page carries
 * changed fields, so an absent field keeps the value read before.
 */
export interface DirectoryAccount {
  id: string;
  /** The mail address, else the user principal name. */
  email?: string;
  name?: string;
  jobTitle?: string | null;
  department?: string | null;
  office?: string | null;
  /** The manager's account id; null when the manager was removed. */
  managerId?: string | null;
  enabled?: boolean;
  /** A guest from another organisation: never part of this council's directory. */
  guest?: boolean;
}

/** An account that left: `changed` is a soft delete (restorable for 30 days), `deleted` is for good. */
export interface RemovedAccount {
  id: string;
  reason: 'changed' | 'deleted';
}

export interface DirectoryPage {
  accounts: DirectoryAccount[];
  removed: RemovedAccount[];
  /** Where the next page is; null on the last page. */
  nextLink: string | null;
  /** On the last page: where the next sync starts to read only what changed. */
  deltaLink: string | null;
}

/** Reads one council's organisation directory, page by page. Implemented on Microsoft Graph in src/integrations/graph. */
export interface DirectoryReader {
  /** Gets a token: throws ForbiddenError when the credentials are refused, UpstreamError when the sign-in service fails. */
  verify(): Promise<void>;
  /** One page: from the start of a full read when `link` is null, else from a next or delta link. */
  readPage(link: string | null): Promise<DirectoryPage>;
  /**
   * The Microsoft 365 profile skills of these accounts, or null when the tenant does not expose them (the sync then
   * stops asking for the rest of its run).
   */
  readSkills?(ids: string[]): Promise<Map<string, string[]> | null>;
}

/** What is stored about an account between syncs. */
export interface StoredAccount {
  id: string;
  email: string;
  managerId: string | null;
  office: string | null;
  profile: DirectoryProfile;
}

export interface SyncState {
  council: string;
  deltaLink: string | null;
  nextLink: string | null;
  fullRun: string | null;
  finishedAt: Date | null;
  lastError: string | null;
}

/** Where the sync keeps its place and the accounts it has read, per council. */
export interface SyncStateStore {
  state(council: string): Promise<SyncState | null>;
  /** Starts a full read: forgets the delta and next links and remembers the run id. */
  startFullRun(council: string, run: string): Promise<void>;
  accounts(council: string, ids: string[]): Promise<StoredAccount[]>;
  /** Emails of these account ids. */
  emailsOf(council: string, ids: string[]): Promise<Map<string, string>>;
  /**
   * After a page is applied: keeps its accounts (seen in `run` when a full read), drops those deleted for good, and
   * moves the place on, in one transaction.
   */
  savePage(
    council: string,
    page: { accounts: StoredAccount[]; deleted: string[]; run: string | null; nextLink: string | null },
  ): Promise<void>;
  /** Accounts the full read `run` did not see. */
  unseen(council: string, run: string): Promise<StoredAccount[]>;
  /** Accounts whose stored manager email differs from their manager account's email. */
  managersToResolve(council: string): Promise<{ account: StoredAccount; managerEmail: string }[]>;
  finish(council: string, deltaLink: string, report: unknown): Promise<void>;
  fail(council: string, error: string): Promise<void>;
}

/** What one council's sync did (the `--json` contract, plus conflicts and the council's last place). */
export interface CouncilSyncReport {
  council: string;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  errors: number;
  /** Profiles where the HR export and the directory disagreed; the directory's value was kept. */
  conflicts: { email: string; fields: string[] }[];
  /** Erased profiles the directory still lists, left out. */
  skippedErased: number;
  /** Whether the read was a full one (first sync, --full) or changes only. */
  mode: 'full' | 'delta' | 'resumed';
  pages: number;
  /** The error that stopped the sync, when one did; the next sync resumes from the last page read. */
  error?: string;
  /** Whether skills were read from Microsoft 365 profiles. */
  skills: boolean;
}
