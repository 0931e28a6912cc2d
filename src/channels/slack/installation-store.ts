import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { ConfigurationError } from '../../errors.ts';
import { isSealed, sealedKeyId, type Database, type SecretBox } from '../../store/index.ts';
import { isCouncilId } from '../council-ids.ts';

/** One installed workspace or organisation, as the channel uses it. */
export interface Workspace {
  /** The workspace (team) id; null for an organisation-wide Enterprise Grid install. */
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  botToken: string;
  botUserId: string | undefined;
  botId: string | undefined;
  /** The council whose workspace this is, when known. */
  council: string | undefined;
}

/** What the `installation` column holds: @slack/oauth's installation, or it sealed (PONT_SECRET_KEY) as `{ sealed }`. */
type Stored = Installation | { sealed: string };

interface StoredRow {
  enterprise_id: string;
  team_id: string;
  is_enterprise_install: boolean;
  council: string | null;
  installation: Stored;
}

interface Row extends StoredRow {
  installation: Installation;
}

const sealedOf = (stored: Stored): string | null => {
  const sealed = (stored as { sealed?: unknown }).sealed;
  return isSealed(sealed) ? sealed : null;
};

const toWorkspace = (row: Row): Workspace => ({
  teamId: row.team_id || null,
  enterpriseId: row.enterprise_id || null,
  isEnterpriseInstall: row.is_enterprise_install,
  botToken: row.installation.bot?.token ?? '',
  botUserId: row.installation.bot?.userId,
  botId: row.installation.bot?.id,
  council: row.council ?? undefined,
});

/** The council an install link named (its metadata), if it is a configured council id. */
function councilOf(installation: Installation): string | null {
  const named = installation.metadata?.trim();
  return named && isCouncilId(named) ? named : null;
}

/**
 * @slack/oauth's installation store on Pont's database (PGlite or PostgreSQL, the same SQL): Bolt asks it for the
 * token of the workspace or organisation each delivery comes from. A reinstall replaces the row (new scopes or token).
 */
export function createSlackInstallationStore(
  db: Database,
  options: { secrets?: SecretBox | undefined } = {},
): InstallationStore & {
  deleteInstallation: NonNullable<InstallationStore['deleteInstallation']>;
  list(): Promise<Workspace[]>;
  find(query: { teamId?: string | null; enterpriseId?: string | null }): Promise<Workspace | null>;
  prepare(): Promise<{ sealed: number; plaintext: number }>;
} {
  const { secrets } = options;

  /** The row with its installation opened; a sealed row and no key (or another key) is a ConfigurationError. */
  function opened(row: StoredRow): Row {
    const sealed = sealedOf(row.installation);
    if (!sealed) return row as Row;
    if (!secrets) throw missingKey(1);
    return { ...row, installation: JSON.parse(secrets.open(sealed)) as Installation };
  }

  /** What is written to the `installation` column: sealed when a key is set. */
  function toStored(installation: Installation): string {
    return JSON.stringify(secrets ? { sealed: secrets.seal(JSON.stringify(installation)) } : installation);
  }

  async function lookUp(query: {
    teamId?: string | null | undefined;
    enterpriseId?: string | null | undefined;
    isEnterpriseInstall?: boolean | undefined;
  }): Promise<Row | null> {
    // NOTE: in an organisation-wide install every workspace of the organisation uses the organisation's row; a
    // workspace installed on its own is found by its team id.
    const rows =
      query.isEnterpriseInstall && query.enterpriseId
        ? await db.query<StoredRow>(`select * from slack_installations where enterprise_id = $1 and team_id = ''`, [
            query.enterpriseId,
          ])
        : await db.query<StoredRow>(
            `select * from slack_installations
           where (team_id = $1 and $1 <> '') or (enterprise_id = $2 and $2 <> '' and is_enterprise_install)
           order by (team_id = $1) desc limit 1`,
            [query.teamId ?? '', query.enterpriseId ?? ''],
          );
    return rows[0] ? opened(rows[0]) : null;
  }

  return {
    async storeInstallation(installation: Installation) {
      const enterpriseId = installation.enterprise?.id ?? '';
      const teamId = installation.isEnterpriseInstall ? '' : (installation.team?.id ?? '');
      if (!teamId && !enterpriseId)
        throw new Error('Slack gave an installation with neither a workspace nor an organisation id');
      await db.query(
        `insert into slack_installations (enterprise_id, team_id, is_enterprise_install, council, installation)
         values ($1, $2, $3, $4, $5::jsonb)
         on conflict (enterprise_id, team_id) do update set
           is_enterprise_install = excluded.is_enterprise_install,
           council = coalesce(excluded.council, slack_installations.council),
           installation = excluded.installation,
           updated_at = now()`,
        [
          enterpriseId,
          teamId,
          Boolean(installation.isEnterpriseInstall),
          councilOf(installation),
          toStored(installation),
        ],
      );
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const row = await lookUp(query);
      if (!row)
        throw new Error(
          `Pont is not installed in Slack ${query.isEnterpriseInstall ? `organisation ${query.enterpriseId}` : `workspace ${query.teamId ?? query.enterpriseId}`}`,
        );
      return row.installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await db.query(`delete from slack_installations where enterprise_id = $1 and team_id = $2`, [
        query.enterpriseId ?? '',
        query.isEnterpriseInstall ? '' : (query.teamId ?? ''),
      ]);
    },
    async list() {
      return (await db.query<StoredRow>('select * from slack_installations order by installed_at')).map((row) =>
        toWorkspace(opened(row)),
      );
    },
    /**
     * Checks at start-up that every stored installation can be read: a sealed one needs PONT_SECRET_KEY, and the key
     * it was sealed with. With a key, installations stored in plaintext (before the key was set) are sealed now.
     */
    async prepare() {
      const rows = await db.query<StoredRow>('select * from slack_installations');
      const sealed = rows.filter((row) => sealedOf(row.installation));
      if (sealed.length > 0 && !secrets) throw missingKey(sealed.length);
      for (const row of sealed) {
        const value = sealedOf(row.installation)!;
        if (sealedKeyId(value) !== secrets!.keyId) {
          throw new ConfigurationError(
            `PONT_SECRET_KEY is not the key the Slack installations were encrypted with (they name key ${sealedKeyId(value)}, PONT_SECRET_KEY is key ${secrets!.keyId}): set PONT_SECRET_KEY to the key they were written with`,
          );
        }
        secrets!.open(value);
      }
      const plaintext = rows.filter((row) => !sealedOf(row.installation));
      if (secrets) {
        for (const row of plaintext) {
          // NOTE: only a row still in plaintext is sealed, so replicas starting together seal each row once.
          await db.query(
            `update slack_installations set installation = $3::jsonb, updated_at = now()
             where enterprise_id = $1 and team_id = $2 and installation->>'sealed' is null`,
            [row.enterprise_id, row.team_id, toStored(row.installation as Installation)],
          );
        }
      }
      return { sealed: sealed.length + (secrets ? plaintext.length : 0), plaintext: secrets ? 0 : plaintext.length };
    },
    async find(query) {
      const row = await lookUp(query);
      return row ? toWorkspace(row) : null;
    },
  };
}

function missingKey(count: number): ConfigurationError {
  return new ConfigurationError(
    `PONT_SECRET_KEY is not set, but ${count === 1 ? 'a Slack installation is' : `${count} Slack installations are`} stored encrypted: set PONT_SECRET_KEY to the key they were written with`,
  );
}
