import type { DirectoryProfile } from '../../core/people/index.ts';
import type { StoredAccount, SyncState, SyncStateStore } from '../../directory-sync/index.ts';
import type { Database } from '../database.ts';

interface AccountRow {
  account_id: string;
  email: string;
  manager_account_id: string | null;
  office: string | null;
  profile: DirectoryProfile;
}

const accountColumns = 'account_id, email, manager_account_id, office, profile';

function fromRow(row: AccountRow): StoredAccount {
  return {
    id: row.account_id,
    email: row.email,
    managerId: row.manager_account_id,
    office: row.office,
    profile: row.profile,
  };
}

const batchSize = 2_000;

/** Where each council's directory sync stands (directory_sync_state) and the accounts it read (directory_accounts). */
export function createSyncStateStore(db: Database): SyncStateStore {
  return {
    async state(council) {
      const rows = await db.query<{
        council: string;
        delta_link: string | null;
        next_link: string | null;
        full_run: string | null;
        finished_at: Date | null;
        last_error: string | null;
      }>(
        'select council, delta_link, next_link, full_run, finished_at, last_error from directory_sync_state where council = $1',
        [council],
      );
      const row = rows[0];
      return row
        ? ({
            council: row.council,
            deltaLink: row.delta_link,
            nextLink: row.next_link,
            fullRun: row.full_run,
            finishedAt: row.finished_at,
            lastError: row.last_error,
          } satisfies SyncState)
        : null;
    },

    async startFullRun(council, run) {
      await db.query(
        `insert into directory_sync_state (council, delta_link, next_link, full_run, started_at, last_error)
         values ($1, null, null, $2, now(), null)
         on conflict (council) do update set delta_link = null, next_link = null, full_run = $2, started_at = now(), last_error = null`,
        [council, run],
      );
    },

    async accounts(council, ids) {
      if (ids.length === 0) return [];
      const rows = await db.query<AccountRow>(
        `select ${accountColumns} from directory_accounts where council = $1 and account_id in (select jsonb_array_elements_text($2::jsonb))`,
        [council, JSON.stringify(ids)],
      );
      return rows.map(fromRow);
    },

    async emailsOf(council, ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.query<{ account_id: string; email: string }>(
        'select account_id, email from directory_accounts where council = $1 and account_id in (select jsonb_array_elements_text($2::jsonb))',
        [council, JSON.stringify([...new Set(ids)])],
      );
      return new Map(rows.map((row) => [row.account_id, row.email]));
    },

    async savePage(council, page) {
      await db.transaction(async (tx) => {
        for (let start = 0; start < page.accounts.length; start += batchSize) {
          const batch = page.accounts.slice(start, start + batchSize).map((account) => ({
            account_id: account.id,
            email: account.email,
            manager_account_id: account.managerId,
            office: account.office,
            profile: account.profile,
          }));
          await tx.query(
            `insert into directory_accounts (council, account_id, email, manager_account_id, office, profile, seen_in)
             select $1, account_id, email, manager_account_id, office, profile, $3
             from jsonb_to_recordset($2::jsonb) as x(account_id text, email text, manager_account_id text, office text, profile jsonb)
             on conflict (council, account_id) do update set email = excluded.email, manager_account_id = excluded.manager_account_id,
               office = excluded.office, profile = excluded.profile, seen_in = coalesce(excluded.seen_in, directory_accounts.seen_in)`,
            [council, JSON.stringify(batch), page.run],
          );
        }
        if (page.deleted.length > 0) {
          await tx.query(
            'delete from directory_accounts where council = $1 and account_id in (select jsonb_array_elements_text($2::jsonb))',
            [council, JSON.stringify(page.deleted)],
          );
        }
        await tx.query(
          `insert into directory_sync_state (council, next_link, started_at) values ($1, $2, now())
           on conflict (council) do update set next_link = $2`,
          [council, page.nextLink],
        );
      });
    },

    async unseen(council, run) {
      const rows = await db.query<AccountRow>(
        `select ${accountColumns} from directory_accounts where council = $1 and seen_in is distinct from $2`,
        [council, run],
      );
      return rows.map(fromRow);
    },

    async managersToResolve(council) {
      const rows = await db.query<AccountRow & { manager_email: string }>(
        `select a.account_id, a.email, a.manager_account_id, a.office, a.profile, m.email as manager_email
         from directory_accounts a
         join directory_accounts m on m.council = a.council and m.account_id = a.manager_account_id
         where a.council = $1 and (a.profile->>'managerEmail') is distinct from m.email`,
        [council],
      );
      return rows.map((row) => ({ account: fromRow(row), managerEmail: row.manager_email }));
    },

    async finish(council, deltaLink, report) {
      await db.query(
        `update directory_sync_state set delta_link = $2, next_link = null, full_run = null, finished_at = now(), last_error = null, last_report = $3::jsonb
         where council = $1`,
        [council, deltaLink, JSON.stringify(report)],
      );
    },

    async fail(council, error) {
      await db.query(
        `insert into directory_sync_state (council, last_error) values ($1, $2)
         on conflict (council) do update set last_error = $2`,
        [council, error.slice(0, 1000)],
      );
    },
  };
}
