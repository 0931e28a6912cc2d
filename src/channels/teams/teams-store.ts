import type { ConversationReference } from 'botbuilder';
import type { Notification } from '../../core/sharing/index.ts';
import type { Database } from '../../store/index.ts';

/** A Teams user as Pont remembers them. */
export interface TeamsUser {
  aadObjectId: string;
  teamsUserId: string;
  tenantId: string | null;
  serviceUrl: string;
  email: string | null;
  personEmail: string | null;
  locale: string | null;
  personalReference: Partial<ConversationReference> | null;
  resolvedAt: Date | null;
}

export interface OutboxEntry {
  id: number;
  recipientEmail: string;
  kind: string;
  requestId: string;
  notification: Notification;
  status: 'pending' | 'sent' | 'failed' | 'unreachable';
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  activityId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** What `requeue` did: the ids put back to pending, or why it changed nothing. */
export type RequeueResult =
  | { requeued: number[] }
  | { requeued: []; unknown: number[]; notStopped: { id: number; status: OutboxEntry['status'] }[] };

export interface SentCard {
  conversationId: string;
  activityId: string;
  requestId: string;
  /** Whose card it is; null for the card everyone in a group chat or channel sees. */
  recipientEmail: string | null;
  reference: Partial<ConversationReference>;
}

interface UserRow {
  aad_object_id: string;
  teams_user_id: string;
  tenant_id: string | null;
  service_url: string;
  email: string | null;
  person_email: string | null;
  locale: string | null;
  personal_reference: Partial<ConversationReference> | null;
  resolved_at: Date | null;
}

interface OutboxRow {
  id: number;
  recipient_email: string;
  kind: string;
  request_id: string;
  notification: Notification;
  status: OutboxEntry['status'];
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  activity_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const toUser = (row: UserRow): TeamsUser => ({
  aadObjectId: row.aad_object_id,
  teamsUserId: row.teams_user_id,
  tenantId: row.tenant_id,
  serviceUrl: row.service_url,
  email: row.email,
  personEmail: row.person_email,
  locale: row.locale,
  personalReference: row.personal_reference,
  resolvedAt: row.resolved_at,
});

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  recipientEmail: row.recipient_email,
  kind: row.kind,
  requestId: row.request_id,
  notification: row.notification,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  activityId: row.activity_id,
  createdAt: row.created_at,
  sentAt: row.sent_at,
});

/** Teams' own tables: users and their chat references, cards sent, and the proactive outbox. Same SQL on PGlite and PostgreSQL. */
export function createTeamsStore(db: Database) {
  return {
    /** Records who wrote and where; a personal chat's reference is kept for proactive messages. */
    async rememberUser(user: {
      aadObjectId: string;
      teamsUserId: string;
      tenantId: string | null;
      serviceUrl: string;
      locale: string | null;
      personalReference: Partial<ConversationReference> | null;
    }): Promise<void> {
      await db.query(
        `insert into teams_users (aad_object_id, teams_user_id, tenant_id, service_url, locale, personal_reference)
         values ($1, $2, $3, $4, $5, $6::jsonb)
         on conflict (aad_object_id) do update set
           teams_user_id = excluded.teams_user_id,
           tenant_id = coalesce(excluded.tenant_id, teams_users.tenant_id),
           service_url = excluded.service_url,
           locale = coalesce(excluded.locale, teams_users.locale),
           personal_reference = coalesce(excluded.personal_reference, teams_users.personal_reference),
           updated_at = now()`,
        [
          user.aadObjectId,
          user.teamsUserId,
          user.tenantId,
          user.serviceUrl,
          user.locale,
          user.personalReference ? JSON.stringify(user.personalReference) : null,
        ],
      );
    },

    /** Records that signed Teams traffic proved `serviceUrl` (the token's serviceurl claim matched the activity). */
    async proveServiceUrl(serviceUrl: string): Promise<void> {
      await db.query(
        `insert into teams_proven_service_urls (service_url) values ($1)
         on conflict (service_url) do update set last_proven_at = now()`,
        [serviceUrl],
      );
    },

    /** Whether signed Teams traffic has proven `serviceUrl`. */
    async isProvenServiceUrl(serviceUrl: string): Promise<boolean> {
      const rows = await db.query('select 1 from teams_proven_service_urls where service_url = $1', [serviceUrl]);
      return rows.length > 0;
    },

    async getUser(aadObjectId: string): Promise<TeamsUser | null> {
      const rows = await db.query<UserRow>('select * from teams_users where aad_object_id = $1', [aadObjectId]);
      return rows[0] ? toUser(rows[0]) : null;
    },

    /** Stores what the identity lookup found: the user's email and the directory person, if any. */
    async setIdentity(aadObjectId: string, email: string | null, personEmail: string | null): Promise<void> {
      await db.query(
        'update teams_users set email = $2, person_email = $3, resolved_at = now() where aad_object_id = $1',
        [aadObjectId, email?.toLowerCase() ?? null, personEmail?.toLowerCase() ?? null],
      );
    },

    /** The Teams user behind a directory email, preferring one Pont can already reach in a personal chat. */
    async findByEmail(email: string): Promise<TeamsUser | null> {
      const rows = await db.query<UserRow>(
        `select * from teams_users where person_email = $1 or email = $1
         order by (personal_reference is not null) desc, updated_at desc limit 1`,
        [email.toLowerCase()],
      );
      return rows[0] ? toUser(rows[0]) : null;
    },

    async saveCard(sent: SentCard): Promise<void> {
      await db.query(
        `insert into teams_cards (conversation_id, activity_id, request_id, recipient_email, reference)
         values ($1, $2, $3, $4, $5::jsonb) on conflict (conversation_id, activity_id) do nothing`,
        [
          sent.conversationId,
          sent.activityId,
          sent.requestId,
          sent.recipientEmail?.toLowerCase() ?? null,
          JSON.stringify(sent.reference),
        ],
      );
    },

    async cardsFor(requestId: string): Promise<SentCard[]> {
      const rows = await db.query<{
        conversation_id: string;
        activity_id: string;
        request_id: string;
        recipient_email: string | null;
        reference: Partial<ConversationReference>;
      }>('select * from teams_cards where request_id = $1 order by sent_at', [requestId]);
      return rows.map((row) => ({
        conversationId: row.conversation_id,
        activityId: row.activity_id,
        requestId: row.request_id,
        recipientEmail: row.recipient_email,
        reference: row.reference,
      }));
    },

    async enqueue(notification: Notification): Promise<OutboxEntry> {
      const rows = await db.query<OutboxRow>(
        `insert into teams_outbox (recipient_email, kind, request_id, notification) values ($1, $2, $3, $4::jsonb) returning *`,
        [
          notification.recipientEmail.toLowerCase(),
          notification.kind,
          notification.request.id,
          JSON.stringify(notification),
        ],
      );
      return toEntry(rows[0]!);
    },

    /**
     * Takes up to `limit` due messages and leases them for `leaseMs`, so another replica running the same
     * loop skips them (row locks, SKIP LOCKED) until this one reports back.
     */
    async leaseDue(now: Date, limit: number, leaseMs: number, ids?: number[]): Promise<OutboxEntry[]> {
      return db.transaction(async (tx) => {
        const rows = await tx.query<OutboxRow>(
          `select * from teams_outbox where status = 'pending' and next_attempt_at <= $1
             ${ids ? 'and id = any($3::bigint[])' : ''}
           order by id limit $2 for update skip locked`,
          ids ? [now, limit, ids] : [now, limit],
        );
        if (rows.length > 0) {
          await tx.query('update teams_outbox set next_attempt_at = $2 where id = any($1::bigint[])', [
            rows.map((row) => row.id),
            new Date(now.getTime() + leaseMs),
          ]);
        }
        return rows.map(toEntry);
      });
    },

    async markSent(id: number, attempts: number, activityId: string | null): Promise<void> {
      await db.query(
        `update teams_outbox set status = 'sent', attempts = $2, activity_id = $3, sent_at = now(), last_error = null where id = $1`,
        [id, attempts, activityId],
      );
    },

    async markRetry(id: number, attempts: number, nextAttemptAt: Date, error: string): Promise<void> {
      await db.query(`update teams_outbox set attempts = $2, next_attempt_at = $3, last_error = $4 where id = $1`, [
        id,
        attempts,
        nextAttemptAt,
        error,
      ]);
    },

    async markStopped(id: number, status: 'failed' | 'unreachable', attempts: number, error: string): Promise<void> {
      await db.query(`update teams_outbox set status = $2, attempts = $3, last_error = $4 where id = $1`, [
        id,
        status,
        attempts,
        error,
      ]);
    },

    /** Messages that waited for a person Pont could not reach become due again (they just opened a chat). */
    async requeueUnreachable(email: string): Promise<number> {
      const rows = await db.query(
        `update teams_outbox set status = 'pending', next_attempt_at = now() where recipient_email = $1 and status = 'unreachable' returning id`,
        [email.toLowerCase()],
      );
      return rows.length;
    },

    /** Outbox messages, oldest first; `statuses` keeps only those, `limit` keeps the newest that many. */
    async outbox(
      filter: { requestId?: string; recipientEmail?: string; statuses?: OutboxEntry['status'][]; limit?: number } = {},
    ): Promise<OutboxEntry[]> {
      const rows = await db.query<OutboxRow>(
        `select * from (
           select * from teams_outbox
           where ($1::text is null or request_id = $1) and ($2::text is null or recipient_email = $2)
             and ($3::text[] is null or status = any($3::text[]))
           order by id desc limit $4
         ) newest order by id`,
        [
          filter.requestId ?? null,
          filter.recipientEmail?.toLowerCase() ?? null,
          filter.statuses ?? null,
          filter.limit ?? null,
        ],
      );
      return rows.map(toEntry);
    },

    /** How many outbox messages match, by status (statuses with none are left out). */
    async outboxCounts(
      filter: { requestId?: string; recipientEmail?: string } = {},
    ): Promise<Partial<Record<OutboxEntry['status'], number>>> {
      const rows = await db.query<{ status: OutboxEntry['status']; count: string | number }>(
        `select status, count(*) as count from teams_outbox
         where ($1::text is null or request_id = $1) and ($2::text is null or recipient_email = $2)
         group by status`,
        [filter.requestId ?? null, filter.recipientEmail?.toLowerCase() ?? null],
      );
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
    },

    /**
     * Puts stopped messages (failed or unreachable) back to pending, due now, with a fresh count of attempts;
     * the last error stays until one is sent. `allFailed` takes every failed message. All or nothing: if an id
     * is unknown or not stopped, nothing changes and the result says which.
     */
    async requeue(selection: { ids: number[] } | { allFailed: true }): Promise<RequeueResult> {
      return db.transaction(async (tx) => {
        if ('allFailed' in selection) {
          const rows = await tx.query<{ id: number }>(
            `update teams_outbox set status = 'pending', attempts = 0, next_attempt_at = now() where status = 'failed' returning id`,
          );
          return { requeued: rows.map((row) => Number(row.id)).sort((a, b) => a - b) };
        }
        const ids = [...new Set(selection.ids)];
        const found = await tx.query<{ id: number; status: OutboxEntry['status'] }>(
          'select id, status from teams_outbox where id = any($1::bigint[]) order by id for update',
          [ids],
        );
        const known = new Map(found.map((row) => [Number(row.id), row.status]));
        const unknown = ids.filter((id) => !known.has(id));
        const notStopped = [...known]
          .filter(([, status]) => status !== 'failed' && status !== 'unreachable')
          .map(([id, status]) => ({ id, status }));
        if (unknown.length > 0 || notStopped.length > 0) return { requeued: [], unknown, notStopped };
        await tx.query(
          `update teams_outbox set status = 'pending', attempts = 0, next_attempt_at = now() where id = any($1::bigint[])`,
          [ids],
        );
        return { requeued: ids.sort((a, b) => a - b) };
      });
    },
  };
}

export type TeamsStore = ReturnType<typeof createTeamsStore>;
