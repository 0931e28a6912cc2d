import { randomUUID } from 'node:crypto';
import type { Language } from '../../core/language/index.ts';
import type { Database } from '../../store/index.ts';

/** A Slack message that shows a sharing request. */
export interface RequestMessage {
  requestId: string;
  channel: string;
  ts: string;
  role: 'requester' | 'recipient';
  email: string;
  language: Language;
  /** The workspace (and organisation) the message is in: its token updates it. Null with a single bot token. */
  teamId?: string | null;
  enterpriseId?: string | null;
}

/** A private lookup result kept so the user can still share it in the channel. */
export interface StoredLookup {
  id: string;
  userId: string;
  text: string;
  blocks: unknown[];
}

/** What the Slack channel keeps in the database (migration 050-slack.sql). */
export interface SlackStore {
  /** True the first time `key` is seen; false for a retry or a duplicate delivery. */
  firstDelivery(key: string): Promise<boolean>;
  saveRequestMessage(message: RequestMessage): Promise<void>;
  requestMessages(requestId: string): Promise<RequestMessage[]>;
  saveLookup(lookup: Omit<StoredLookup, 'id'>): Promise<string>;
  takeLookup(id: string, userId: string): Promise<StoredLookup | null>;
  /** Forgets deliveries older than `olderThanMs` (default a day: well past Slack's last retry). */
  pruneDeliveries(olderThanMs?: number): Promise<number>;
}

/**
 * How long a delivery is remembered so its retries are recognised. Slack retries within minutes, but a retry
 * can arrive much later after an outage on either side; a day keeps every retry recognised at a few rows a message.
 */
export const deliveryMemoryMs = 24 * 60 * 60 * 1000;

/** The Slack store on Pont's database (PGlite or PostgreSQL: the same SQL). */
export function createSlackStore(db: Database): SlackStore {
  return {
    async firstDelivery(key) {
      const rows = await db.query<{ key: string }>(
        'insert into slack_deliveries (key) values ($1) on conflict (key) do nothing returning key',
        [key],
      );
      return rows.length === 1;
    },
    async saveRequestMessage(message) {
      await db.query(
        `insert into slack_request_messages (request_id, channel, ts, role, email, language, team_id, enterprise_id) values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (channel, ts) do update set request_id = excluded.request_id, role = excluded.role, email = excluded.email, language = excluded.language,
           team_id = excluded.team_id, enterprise_id = excluded.enterprise_id`,
        [
          message.requestId,
          message.channel,
          message.ts,
          message.role,
          message.email.toLowerCase(),
          message.language,
          message.teamId ?? '',
          message.enterpriseId ?? '',
        ],
      );
    },
    async requestMessages(requestId) {
      const rows = await db.query<{
        request_id: string;
        channel: string;
        ts: string;
        role: string;
        email: string;
        language: string;
        team_id: string;
        enterprise_id: string;
      }>(
        'select request_id, channel, ts, role, email, language, team_id, enterprise_id from slack_request_messages where request_id = $1 order by created_at, ts',
        [requestId],
      );
      return rows.map((row) => ({
        requestId: row.request_id,
        channel: row.channel,
        ts: row.ts,
        role: row.role === 'requester' ? 'requester' : 'recipient',
        email: row.email,
        language: row.language === 'cy' ? 'cy' : 'en',
        teamId: row.team_id || null,
        enterpriseId: row.enterprise_id || null,
      }));
    },
    async saveLookup(lookup) {
      const id = randomUUID();
      await db.query('insert into slack_lookups (id, user_id, text, blocks) values ($1, $2, $3, $4)', [
        id,
        lookup.userId,
        lookup.text,
        JSON.stringify(lookup.blocks),
      ]);
      return id;
    },
    async takeLookup(id, userId) {
      // NOTE: only the user who ran the lookup may share it; a lookup is shared once.
      const rows = await db.query<{ id: string; user_id: string; text: string; blocks: unknown[] }>(
        'delete from slack_lookups where id = $1 and user_id = $2 returning id, user_id, text, blocks',
        [id, userId],
      );
      const row = rows[0];
      return row ? { id: row.id, userId: row.user_id, text: row.text, blocks: row.blocks } : null;
    },
    async pruneDeliveries(olderThanMs = deliveryMemoryMs) {
      const rows = await db.query<{ key: string }>(
        "delete from slack_deliveries where received_at < now() - ($1::text || ' milliseconds')::interval returning key",
        [String(olderThanMs)],
      );
      return rows.length;
    },
  };
}
