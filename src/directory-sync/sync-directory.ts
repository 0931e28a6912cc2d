import { randomUUID } from 'node:crypto';
import type {
  Actor,
  Council,
  DirectoryApplyReport,
  DirectoryProfile,
  DirectoryProfileChange,
  People,
} from '../core/people/index.ts';
import { ForbiddenError, isPontError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { CouncilSyncReport, DirectoryAccount, DirectoryReader, StoredAccount, SyncStateStore } from './types.ts';

export interface DirectorySyncOptions {
  people: People;
  store: SyncStateStore;
  logger: Logger;
  /** Who the sync acts as (default: Pont itself, an admin of every council); an admin of one council syncs only it. */
  actor?: Actor;
  /** Told after each page, for a progress display. */
  onProgress?: (progress: { council: string; pages: number; accounts: number }) => void;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// NOTE: the sync acts for the organisation, like an HR import run by an administrator.
const syncActor: Actor = { email: null, isAdmin: true, via: 'graph' };

class Tally {
  added = new Set<string>();
  updated = new Set<string>();
  removed = new Set<string>();
  unchanged = new Set<string>();
  conflicts = new Map<string, Set<string>>();
  skippedErased = new Set<string>();

  add(report: DirectoryApplyReport): void {
    for (const email of report.added) this.added.add(email);
    for (const email of report.updated) if (!this.added.has(email)) this.updated.add(email);
    for (const email of report.removed) {
      this.removed.add(email);
      this.added.delete(email);
      this.updated.delete(email);
    }
    for (const email of report.unchanged) this.unchanged.add(email);
    for (const email of report.skippedErased) this.skippedErased.add(email);
    for (const conflict of report.conflicts) {
      const fields = this.conflicts.get(conflict.email) ?? new Set<string>();
      for (const field of conflict.fields) fields.add(field);
      this.conflicts.set(conflict.email, fields);
    }
  }

  unchangedCount(): number {
    return [...this.unchanged].filter(
      (email) => !this.added.has(email) && !this.updated.has(email) && !this.removed.has(email),
    ).length;
  }
}

/** The profile a page's account makes, on top of what was read before (a delta page carries changed fields only). */
function profileOf(
  council: Council,
  account: DirectoryAccount,
  before: StoredAccount | undefined,
  managerEmail: string | null,
): DirectoryProfile | null {
  const email = (account.email ?? before?.email ?? '').trim().toLowerCase();
  if (!emailPattern.test(email)) return null;
  const previous = before?.profile;
  const text = (value: string | null | undefined, fallback: string) =>
    value === undefined ? fallback : (value ?? '').trim();
  return {
    email,
    name: text(account.name, previous?.name ?? '') || email,
    council,
    jobTitle: text(account.jobTitle, previous?.jobTitle ?? ''),
    department: text(account.department, previous?.department ?? ''),
    managerEmail,
    skills: previous?.skills ?? null,
    enabled: account.enabled ?? previous?.enabled ?? true,
  };
}

/**
 * Keeps the staff directory in step with each council's organisation directory: a full read the first time (or with
 * `full`), then only what changed, from the delta link stored per council. Each page is applied and the place saved
 * before the next is read, so a sync that stops halfway resumes where it stopped; a failed page never removes
 * anybody. Accounts a full read did not see are removed only once that read has reached its end.
 */
export function createDirectorySync({ people, store, logger, onProgress, actor = syncActor }: DirectorySyncOptions) {
  async function applyAccounts(
    council: Council,
    accounts: { account: DirectoryAccount; before: StoredAccount | undefined }[],
    erased: string[],
    skills: Map<string, string[]> | null,
    tally: Tally,
  ) {
    const managerIds = accounts
      .map(({ account, before }) => (account.managerId === undefined ? before?.managerId : account.managerId))
      .filter((id): id is string => typeof id === 'string');
    const managerEmails = await store.emailsOf(council, managerIds);
    for (const { account } of accounts)
      if (account.email) managerEmails.set(account.id, account.email.trim().toLowerCase());
    const changes: DirectoryProfileChange[] = [];
    const stored: StoredAccount[] = [];
    for (const { account, before } of accounts) {
      if (account.guest) continue;
      const managerId = account.managerId === undefined ? (before?.managerId ?? null) : account.managerId;
      const profile = profileOf(council, account, before, managerId ? (managerEmails.get(managerId) ?? null) : null);
      if (!profile) {
        logger.warn(
          { council, account: account.id },
          'A directory account has no usable email address; it is left out',
        );
        continue;
      }
      const found = skills?.get(account.id);
      if (found) profile.skills = found;
      changes.push({ profile, previous: before?.profile ?? null });
      stored.push({
        id: account.id,
        email: profile.email,
        managerId,
        office: account.office === undefined ? (before?.office ?? null) : account.office,
        profile,
      });
    }
    tally.add(await people.applyDirectoryProfiles({ accounts: changes, erased }, actor));
    return stored;
  }

  async function syncCouncil(
    council: Council,
    reader: DirectoryReader,
    options: { full?: boolean },
  ): Promise<CouncilSyncReport> {
    const tally = new Tally();
    const state = await store.state(council);
    let mode: CouncilSyncReport['mode'];
    let link: string | null;
    let run: string | null;
    if (options.full || !state || (!state.deltaLink && !state.nextLink)) {
      mode = 'full';
      run = randomUUID();
      link = null;
      await store.startFullRun(council, run);
    } else if (state.nextLink) {
      mode = 'resumed';
      run = state.fullRun;
      link = state.nextLink;
    } else {
      mode = 'delta';
      run = null;
      link = state.deltaLink;
    }

    let pages = 0;
    let readCount = 0;
    let readSkills = reader.readSkills !== undefined;
    const report = (error?: string): CouncilSyncReport => ({
      council,
      added: tally.added.size,
      updated: tally.updated.size,
      removed: tally.removed.size,
      unchanged: tally.unchangedCount(),
      errors: error ? 1 : 0,
      conflicts: [...tally.conflicts].map(([email, fields]) => ({ email, fields: [...fields] })),
      skippedErased: tally.skippedErased.size,
      mode,
      pages,
      skills: readSkills,
      ...(error ? { error } : {}),
    });

    try {
      for (;;) {
        const page = await reader.readPage(link);
        pages += 1;
        const ids = [...page.accounts.map((account) => account.id), ...page.removed.map((removed) => removed.id)];
        const known = new Map((await store.accounts(council, ids)).map((account) => [account.id, account]));
        let skills: Map<string, string[]> | null = null;
        const wanted = page.accounts
          .filter((account) => !account.guest && account.enabled !== false)
          .map((account) => account.id);
        if (readSkills && wanted.length > 0) {
          skills = await reader.readSkills!(wanted);
          if (!skills) readSkills = false;
        }
        const accounts = page.accounts.map((account) => ({ account, before: known.get(account.id) }));
        // NOTE: a soft-deleted account is applied as disabled (hidden, restorable); one deleted for good is erased.
        for (const removed of page.removed) {
          const before = known.get(removed.id);
          if (before && removed.reason === 'changed')
            accounts.push({ account: { id: removed.id, enabled: false }, before });
        }
        const deleted = page.removed.filter((removed) => removed.reason === 'deleted' && known.has(removed.id));
        const saved = await applyAccounts(
          council,
          accounts,
          deleted.map((removed) => known.get(removed.id)!.email),
          skills,
          tally,
        );
        await store.savePage(council, {
          accounts: saved,
          deleted: deleted.map((removed) => removed.id),
          run,
          nextLink: page.nextLink,
        });
        readCount += page.accounts.length + page.removed.length;
        onProgress?.({ council, pages, accounts: readCount });
        if (page.nextLink) {
          link = page.nextLink;
          continue;
        }
        if (!page.deltaLink) throw new Error('the last page carried neither @odata.nextLink nor @odata.deltaLink');

        // NOTE: only a full read that reached its end may conclude that an account it did not see has gone.
        if (run) {
          const gone = await store.unseen(council, run);
          if (gone.length > 0) {
            const saved = await applyAccounts(
              council,
              gone.map((before) => ({ account: { id: before.id, enabled: false }, before })),
              [],
              null,
              tally,
            );
            await store.savePage(council, { accounts: saved, deleted: [], run, nextLink: null });
          }
        }
        // Managers read after the people they manage are filled in once everyone is known.
        const unresolved = await store.managersToResolve(council);
        if (unresolved.length > 0) {
          const changes = unresolved.map(({ account, managerEmail }) => ({
            profile: { ...account.profile, managerEmail },
            previous: account.profile,
          }));
          tally.add(await people.applyDirectoryProfiles({ accounts: changes, erased: [] }, actor));
          await store.savePage(council, {
            accounts: unresolved.map(({ account, managerEmail }) => ({
              ...account,
              profile: { ...account.profile, managerEmail },
            })),
            deleted: [],
            run,
            nextLink: null,
          });
        }
        const finished = report();
        await store.finish(council, page.deltaLink, finished);
        return finished;
      }
    } catch (error) {
      if (error instanceof ForbiddenError) {
        await store.fail(council, error.message);
        throw error;
      }
      const message = isPontError(error) ? error.message : ((error as Error)?.message ?? String(error));
      logger.error(
        { err: error, council, pages },
        'The directory sync stopped; the next sync resumes from the last page read',
      );
      await store.fail(council, message);
      return report(message);
    }
  }

  return {
    /** Syncs each council that has a reader, one after another. A refused credential stops the whole sync. */
    async sync(
      readers: { council: Council; reader: DirectoryReader }[],
      options: { full?: boolean } = {},
    ): Promise<{ councils: CouncilSyncReport[] }> {
      // NOTE: every tenant's credentials are checked before any is read, so a refused one changes nothing.
      for (const { reader } of readers) await reader.verify();
      const councils: CouncilSyncReport[] = [];
      for (const { council, reader } of readers) councils.push(await syncCouncil(council, reader, options));
      return { councils };
    },
  };
}

export type DirectorySync = ReturnType<typeof createDirectorySync>;
