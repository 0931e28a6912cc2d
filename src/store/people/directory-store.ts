import type { AuditEntry, Council, Directory, StoredPerson } from '../../core/people/index.ts';
import type { Database, Queryable } from '../database.ts';

interface PersonRow {
  email: string;
  name: string;
  council: Council;
  job_title: string;
  service_area: string;
  team: string | null;
  manager_email: string | null;
  skills: string[];
  welsh_level: number;
  slack_user_id: string | null;
  teams_user_id: string | null;
  visible: boolean;
  hidden_by_self: boolean;
  self_edited: string[];
}

const columns =
  'email, name, council, job_title, service_area, team, manager_email, skills, welsh_level, slack_user_id, teams_user_id, visible, hidden_by_self, self_edited';

function fromRow(row: PersonRow): StoredPerson {
  return {
    email: row.email,
    name: row.name,
    council: row.council,
    jobTitle: row.job_title,
    serviceArea: row.service_area,
    team: row.team,
    managerEmail: row.manager_email,
    skills: row.skills,
    welshLevel: row.welsh_level,
    slackUserId: row.slack_user_id,
    teamsUserId: row.teams_user_id,
    visible: row.visible,
    hiddenBySelf: row.hidden_by_self,
    selfEdited: row.self_edited,
  };
}

function toRow(person: StoredPerson): PersonRow {
  return {
    email: person.email,
    name: person.name,
    council: person.council,
    job_title: person.jobTitle,
    service_area: person.serviceArea,
    team: person.team,
    manager_email: person.managerEmail,
    skills: person.skills,
    welsh_level: person.welshLevel,
    slack_user_id: person.slackUserId,
    teams_user_id: person.teamsUserId,
    visible: person.visible,
    hidden_by_self: person.hiddenBySelf,
    self_edited: person.selfEdited,
  };
}

// NOTE: rows travel as one JSON parameter (jsonb_to_recordset), so 10,000 profiles are a handful of statements
// and the SQL is the same on PGlite and PostgreSQL.
const batchSize = 2_000;

async function writeAudit(tx: Queryable, entries: AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += batchSize) {
    const batch = entries.slice(start, start + batchSize).map((entry) => ({
      actor_email: entry.actorEmail,
      via: entry.via,
      action: entry.action,
      subject: entry.subject,
      detail: entry.detail,
    }));
    await tx.query(
      `insert into audit_log (actor_email, via, action, subject, detail)
       select actor_email, via, action, subject, detail
       from jsonb_to_recordset($1::jsonb) as x(actor_email text, via text, action text, subject text, detail jsonb)`,
      [JSON.stringify(batch)],
    );
  }
}

async function bumpVersion(tx: Queryable): Promise<void> {
  await tx.query(
    'update people_directory_version set version = version + 1, stamp = md5(random()::text || clock_timestamp()::text) where id = 1',
  );
}

/** The staff directory in PostgreSQL (server or embedded): table people, plus audit_log. */
export function createDirectoryStore(db: Database): Directory {
  const readVersion = async (from: Queryable) => {
    const [row] = await from.query<{ version: number; stamp: string }>(
      'select version, stamp from people_directory_version where id = 1',
    );
    return row ? `${row.version}:${row.stamp}` : '0:';
  };
  // NOTE: the embedded database records the version when it closes, so the next command can use the profiles kept on
  // disk at that version without starting the engine (see `unchangedValue`).
  db.recordOnClose?.('directory-version', readVersion);
  return {
    async version() {
      return db.unchangedValue?.('directory-version') ?? readVersion(db);
    },

    async listVisible() {
      const rows = await db.query<PersonRow>(
        `select ${columns} from people where visible and not hidden_by_self order by email`,
      );
      return rows.map(fromRow);
    },

    async get(email) {
      const rows = await db.query<PersonRow>(`select ${columns} from people where email = $1`, [email]);
      return rows[0] ? fromRow(rows[0]) : null;
    },

    async getMany(emails) {
      if (emails.length === 0) return [];
      const rows = await db.query<PersonRow>(
        `select ${columns} from people where email in (select jsonb_array_elements_text($1::jsonb))`,
        [JSON.stringify(emails)],
      );
      return rows.map(fromRow);
    },

    async findByChannelUser(channel, userId) {
      const column = channel === 'slack' ? 'slack_user_id' : 'teams_user_id';
      const rows = await db.query<PersonRow>(
        `select ${columns} from people where ${column} = $1 order by email limit 1`,
        [userId],
      );
      return rows[0] ? fromRow(rows[0]) : null;
    },

    async save(people, audit) {
      await db.transaction(async (tx) => {
        for (let start = 0; start < people.length; start += batchSize) {
          const batch = people.slice(start, start + batchSize).map(toRow);
          await tx.query(
            `insert into people (${columns})
             select ${columns}
             from jsonb_to_recordset($1::jsonb) as x(email text, name text, council text, job_title text, service_area text,
               team text, manager_email text, skills jsonb, welsh_level integer, slack_user_id text, teams_user_id text,
               visible boolean, hidden_by_self boolean, self_edited jsonb)
             on conflict (email) do update set
               name = excluded.name, council = excluded.council, job_title = excluded.job_title,
               service_area = excluded.service_area, team = excluded.team, manager_email = excluded.manager_email,
               skills = excluded.skills, welsh_level = excluded.welsh_level, slack_user_id = excluded.slack_user_id,
               teams_user_id = excluded.teams_user_id, visible = excluded.visible,
               hidden_by_self = excluded.hidden_by_self, self_edited = excluded.self_edited, updated_at = now()`,
            [JSON.stringify(batch)],
          );
        }
        await writeAudit(tx, audit);
        if (people.length > 0) await bumpVersion(tx);
      });
    },

    async erase(email, audit) {
      return db.transaction(async (tx) => {
        const deleted = await tx.query('delete from people where email = $1 returning email', [email]);
        if (deleted.length === 0) return false;
        // NOTE: UK GDPR erasure: earlier entries keep who did what and when, but no details about the person.
        await tx.query(`update audit_log set detail = '{}'::jsonb where subject = $1 and action like 'people.%'`, [
          email,
        ]);
        await writeAudit(tx, [audit]);
        await bumpVersion(tx);
        return true;
      });
    },

    async audit(entry) {
      await writeAudit(db, [entry]);
    },

    async auditTrail(options = {}) {
      const rows = await db.query<{
        at: Date;
        actor_email: string | null;
        via: string;
        action: string;
        subject: string | null;
        detail: Record<string, unknown>;
      }>(
        `select at, actor_email, via, action, subject, detail from audit_log
         where action like 'people.%' and ($1::text is null or subject = $1)
         order by id desc limit $2`,
        [options.subject ?? null, options.limit ?? 100],
      );
      return rows.map((row) => ({
        at: row.at,
        actorEmail: row.actor_email,
        via: row.via,
        action: row.action,
        subject: row.subject,
        detail: row.detail,
      }));
    },

    async erasedAmong(emails) {
      if (emails.length === 0) return [];
      const rows = await db.query<{ subject: string }>(
        `select subject from audit_log
         where action in ('people.erase', 'people.import.added')
           and subject in (select jsonb_array_elements_text($1::jsonb))
         group by subject
         having max(case when action = 'people.erase' then id end) > coalesce(max(case when action = 'people.import.added' then id end), 0)`,
        [JSON.stringify(emails)],
      );
      return rows.map((row) => row.subject);
    },

    async hasImported() {
      const rows = await db.query<{ found: boolean }>(
        `select exists (select 1 from audit_log where action = 'people.import') as found`,
      );
      return rows[0]?.found ?? false;
    },

    async count() {
      const rows = await db.query<{ count: number }>('select count(*)::int as count from people');
      return rows[0]?.count ?? 0;
    },
  };
}
