import type { Language } from '../../core/language/index.ts';
import type { Council } from '../../core/people/index.ts';
import type {
  AppliedChange,
  DeliveryResult,
  FollowUpStep,
  LeasedFollowUp,
  NewRequest,
  PendingNotification,
  RequestChange,
  RequestEvent,
  RequestStatus,
  RequestStore,
  SharingFigures,
  StoredRequest,
} from '../../core/sharing/index.ts';
import type { Database, Queryable } from '../database.ts';

interface RequestRow {
  id: number;
  client_key: string | null;
  requester_email: string;
  requester_council: Council;
  title: string;
  detail: string;
  topic_services: string[];
  topic_skills: string[];
  target_councils: Council[];
  status: RequestStatus;
  routed_to: string[];
  claimed_by: string | null;
  claimed_by_council: Council | null;
  answer: string | null;
  answered_by: string | null;
  answered_by_council: Council | null;
  consent_to_share: boolean | null;
  helpful: boolean | null;
  shared_as: string | null;
  language: Language;
  created_at: Date;
  updated_at: Date;
  ever_routed?: string[] | null;
}

/** How long a notification written with a change is held for its delivery when the caller gives no lease. */
const defaultLeaseMs = 10 * 60 * 1000;

function toRequest(row: RequestRow): StoredRequest {
  return {
    id: String(row.id),
    requesterEmail: row.requester_email,
    requesterCouncil: row.requester_council,
    title: row.title,
    detail: row.detail,
    topic: { services: row.topic_services ?? [], skills: row.topic_skills ?? [] },
    targetCouncils: row.target_councils ?? [],
    status: row.status,
    routedTo: row.routed_to ?? [],
    claimedBy: row.claimed_by,
    answer: row.answer,
    answeredBy: row.answered_by,
    helpful: row.helpful,
    language: row.language,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    sharedAs: row.shared_as,
    claimedByCouncil: row.claimed_by_council,
    answeredByCouncil: row.answered_by_council,
    consentToShare: row.consent_to_share,
    everRouted: row.ever_routed ?? [],
  };
}

const selectStored = `select r.*, coalesce((select array_agg(route.email order by route.round, route.email) from sharing_routes route where route.request_id = r.id), '{}'::text[]) as ever_routed
  from sharing_requests r`;

async function readStored(db: Queryable, id: string): Promise<StoredRequest | null> {
  const [row] = await db.query<RequestRow>(`${selectStored} where r.id = $1`, [id]);
  return row ? toRequest(row) : null;
}

// Columns a change may set, and the request field each comes from.
const settable = [
  ['status', 'status'],
  ['claimedBy', 'claimed_by'],
  ['claimedByCouncil', 'claimed_by_council'],
  ['answer', 'answer'],
  ['answeredBy', 'answered_by'],
  ['answeredByCouncil', 'answered_by_council'],
  ['consentToShare', 'consent_to_share'],
  ['helpful', 'helpful'],
  ['sharedAs', 'shared_as'],
  ['routedTo', 'routed_to'],
] as const satisfies readonly (readonly [keyof RequestChange, string])[];

/**
 * Writes one decided change in a single statement (data-modifying CTEs): the request's fields, new routes, a
 * decline, events, the follow-up and the notifications. Returns the notifications written.
 */
async function applyChange(
  tx: Queryable,
  id: string,
  change: RequestChange,
  at: Date,
  leaseMs: number,
): Promise<PendingNotification[]> {
  const params: unknown[] = [id, at];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const assignments = ['updated_at = $2'];
  for (const [field, column] of settable) {
    if (change[field] !== undefined) assignments.push(`${column} = ${param(change[field])}`);
  }
  if (change.status === 'claimed') assignments.push('first_claimed_at = coalesce(first_claimed_at, $2)');
  if (change.status === 'answered') assignments.push('answered_at = $2');
  if (change.status === 'closed' || change.status === 'cancelled' || change.status === 'expired')
    assignments.push('finished_at = $2');

  const steps = [`updated as (update sharing_requests set ${assignments.join(', ')} where id = $1 returning id)`];
  if (change.addRoutes?.length) {
    const routes = change.addRoutes;
    steps.push(`routes as (
      insert into sharing_routes (request_id, email, council, round, basis, score, reasons, routed_at)
      select $1, route.email, route.council, (select coalesce(max(round), 0) + 1 from sharing_routes where request_id = $1),
             route.basis, route.score, route.reasons::jsonb, $2
      from unnest(${param(routes.map((route) => route.email))}::text[], ${param(routes.map((route) => route.council))}::text[],
                  ${param(routes.map((route) => route.basis))}::text[], ${param(routes.map((route) => route.score))}::float8[],
                  ${param(routes.map((route) => JSON.stringify(route.reasons)))}::text[]) as route(email, council, basis, score, reasons)
      on conflict (request_id, email) do nothing)`);
  }
  if (change.declinedBy) {
    steps.push(
      `declined as (update sharing_routes set declined_at = $2 where request_id = $1 and email = ${param(change.declinedBy)})`,
    );
  }
  if (change.events.length) {
    steps.push(`events as (
      insert into sharing_events (request_id, type, actor_email, via, at, detail)
      select $1, event.type, event.actor_email, event.via, $2, event.detail::jsonb
      from unnest(${param(change.events.map((event) => event.type))}::text[], ${param(change.events.map((event) => event.actorEmail))}::text[],
                  ${param(change.events.map((event) => event.via))}::text[], ${param(change.events.map((event) => JSON.stringify(event.detail ?? {})))}::text[])
           with ordinality as event(type, actor_email, via, detail, position)
      order by event.position)`);
  }
  if (change.followUp === null) {
    steps.push('followup as (delete from sharing_followups where request_id = $1)');
  } else if (change.followUp) {
    steps.push(`followup as (
      insert into sharing_followups (request_id, step, due_at, attempts, lease_token, updated_at) values ($1, ${param(change.followUp.step)}, ${param(change.followUp.dueAt)}, 0, null, $2)
      on conflict (request_id) do update set step = excluded.step, due_at = excluded.due_at, attempts = 0, lease_token = null, updated_at = excluded.updated_at)`);
  }
  let final =
    'select null::bigint as id, null::text as kind, null::text as recipient_email, null::jsonb as reasons where false';
  if (change.notifications.length) {
    final = `insert into sharing_notifications (request_id, kind, recipient_email, reasons, created_at, lease_until)
      select $1, notification.kind, notification.recipient, notification.reasons::jsonb, $2, ${param(new Date(at.getTime() + leaseMs))}::timestamptz
      from unnest(${param(change.notifications.map((notification) => notification.kind))}::text[],
                  ${param(change.notifications.map((notification) => notification.recipientEmail))}::text[],
                  ${param(change.notifications.map((notification) => JSON.stringify(notification.reasons ?? [])))}::text[])
           with ordinality as notification(kind, recipient, reasons, position)
      order by notification.position
      returning id, kind, recipient_email, reasons`;
  }
  const rows = await tx.query<{
    id: number;
    kind: PendingNotification['kind'];
    recipient_email: string;
    reasons: string[];
  }>(`with ${steps.join(',\n')}\n${final}`, params);
  return rows
    .sort((a, b) => a.id - b.id)
    .map((row) => ({
      id: String(row.id),
      requestId: id,
      kind: row.kind,
      recipientEmail: row.recipient_email,
      reasons: row.reasons?.length ? row.reasons : undefined,
    }));
}

/** The request after `change`, worked out without reading it back. */
function merge(current: StoredRequest, change: RequestChange, at: Date): StoredRequest {
  const next: StoredRequest = { ...current, updatedAt: at.toISOString() };
  const target = next as unknown as Record<string, unknown>;
  for (const [field] of settable) {
    if (change[field] !== undefined) target[field] = change[field];
  }
  if (change.addRoutes?.length)
    next.everRouted = [...new Set([...current.everRouted, ...change.addRoutes.map((route) => route.email)])];
  return next;
}

/**
 * Sharing requests in PostgreSQL (PGlite or a server, the same SQL). Every change runs in one transaction
 * under a row lock; follow-up workers lease due rows with FOR UPDATE SKIP LOCKED, so several processes can run
 * them at once without sending anything twice.
 */
export function createRequestStore(db: Database): RequestStore {
  return {
    async findByClientKey(clientKey) {
      const [row] = await db.query<RequestRow>(`${selectStored} where r.client_key = $1`, [clientKey]);
      return row ? toRequest(row) : null;
    },

    async create(request: NewRequest, change, at, options = {}): Promise<AppliedChange & { created: boolean }> {
      return db.transaction(async (tx) => {
        const inserted = await tx.query<{ id: number }>(
          `insert into sharing_requests (client_key, requester_email, requester_council, title, detail, topic_services, topic_skills,
             target_councils, status, language, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $10)
           on conflict (client_key) do nothing
           returning id`,
          [
            request.clientKey,
            request.requesterEmail,
            request.requesterCouncil,
            request.title,
            request.detail,
            request.topic.services,
            request.topic.skills,
            request.targetCouncils,
            request.language,
            at,
          ],
        );
        if (inserted.length === 0) {
          // NOTE: a concurrent retry with the same key won the insert; hand back its request, write nothing.
          const [row] = await tx.query<RequestRow>(`${selectStored} where r.client_key = $1`, [request.clientKey]);
          return { request: toRequest(row!), notifications: [], created: false };
        }
        const id = String(inserted[0]!.id);
        const notifications = await applyChange(tx, id, change, at, options.leaseMs ?? defaultLeaseMs);
        return { request: (await readStored(tx, id))!, notifications, created: true };
      });
    },

    get: (id) => readStored(db, id),

    async list(options) {
      const rows = await db.query<RequestRow>(
        `${selectStored}
         where ($1::text is null or r.status = $1)
           and ($2::text is null or r.requester_email = $2 or r.claimed_by = $2 or r.answered_by = $2 or r.routed_to @> array[$2::text])
           and ($4::boolean is not true or r.shared_as is not null)
         order by r.id desc
         limit $3`,
        [options.status ?? null, options.involving ?? null, options.limit ?? 500, options.shared ?? null],
      );
      return rows.map(toRequest);
    },

    async events(id) {
      const rows = await db.query<{
        request_id: number;
        type: string;
        actor_email: string | null;
        at: Date;
        detail: Record<string, unknown>;
        via: string;
      }>(
        'select request_id, type, actor_email, via, at, detail from sharing_events where request_id = $1 order by id',
        [id],
      );
      return rows.map((row): RequestEvent => ({
        requestId: String(row.request_id),
        type: row.type,
        actorEmail: row.actor_email,
        at: row.at.toISOString(),
        detail: { ...row.detail, via: row.via },
      }));
    },

    async openLoad(emails) {
      const load = new Map<string, number>();
      if (emails.length === 0) return load;
      const wanted = emails.map((email) => email.toLowerCase());
      const rows = await db.query<{ email: string; open: number }>(
        `select email, count(*) as open from (
           select unnest(routed_to) as email from sharing_requests where status = 'routed' and routed_to && $1::text[]
           union all
           select claimed_by as email from sharing_requests where status = 'claimed' and claimed_by = any($1::text[])
         ) as held
         where email = any($1::text[])
         group by email`,
        [wanted],
      );
      for (const row of rows) load.set(row.email, row.open);
      return load;
    },

    async change(id, decide, at, options = {}) {
      return db.transaction(async (tx) => {
        // One statement locks the request (and, for a worker, its leased follow-up) and reads it.
        const [row] = options.leaseToken
          ? await tx.query<RequestRow>(
              `${selectStored} join sharing_followups followup on followup.request_id = r.id and followup.lease_token = $2 where r.id = $1 for update`,
              [id, options.leaseToken],
            )
          : await tx.query<RequestRow>(`${selectStored} where r.id = $1 for update`, [id]);
        if (!row) return null;
        const current = toRequest(row);
        const decided = decide(current);
        if (!decided) return { request: current, notifications: [] };
        const notifications = await applyChange(tx, id, decided, at, options.leaseMs ?? defaultLeaseMs);
        return { request: merge(current, decided, at), notifications };
      });
    },

    async changeMany(items, at, leaseToken, options = {}) {
      if (items.length === 0) return [];
      return db.transaction(async (tx) => {
        const rows = await tx.query<RequestRow>(
          `${selectStored} join sharing_followups followup on followup.request_id = r.id and followup.lease_token = $2
           where r.id = any($1::bigint[]) order by r.id for update`,
          [items.map((item) => item.id), leaseToken],
        );
        const byId = new Map(rows.map((row) => [String(row.id), row]));
        const results: (AppliedChange | null)[] = [];
        for (const item of items) {
          const row = byId.get(item.id);
          if (!row) {
            results.push(null);
            continue;
          }
          const current = toRequest(row);
          const decided = item.decide(current);
          if (!decided) {
            results.push({ request: current, notifications: [] });
            continue;
          }
          const notifications = await applyChange(tx, item.id, decided, at, options.leaseMs ?? defaultLeaseMs);
          results.push({ request: merge(current, decided, at), notifications });
        }
        return results;
      });
    },

    async leaseDueFollowUps(now, limit, leaseMs, leaseToken): Promise<LeasedFollowUp[]> {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{ request_id: number; step: FollowUpStep; due_at: Date; attempts: number }>(
          `with due as (
             select request_id, due_at from sharing_followups
             where due_at <= $1
             order by due_at, request_id
             limit $2
             for update skip locked
           )
           update sharing_followups followup
           set due_at = $3, lease_token = $4, attempts = followup.attempts + 1, updated_at = $1
           from due
           where followup.request_id = due.request_id
           returning followup.request_id, followup.step, due.due_at, followup.attempts`,
          [now, limit, new Date(now.getTime() + leaseMs), leaseToken],
        );
        return rows
          .sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || a.request_id - b.request_id)
          .map((row) => ({
            requestId: String(row.request_id),
            step: row.step,
            dueAt: row.due_at,
            attempts: row.attempts,
            leaseToken,
          }));
      });
    },

    async leaseStaleNotifications(now, limit, leaseMs) {
      return db.transaction(async (tx) => {
        const rows = await tx.query<{
          id: number;
          request_id: number;
          kind: PendingNotification['kind'];
          recipient_email: string;
          reasons: string[];
        }>(
          `with stale as (
             select id from sharing_notifications
             where status = 'sending' and lease_until < $1
             order by id
             limit $2
             for update skip locked
           )
           update sharing_notifications notification
           set lease_until = $3, attempts = notification.attempts + 1
           from stale
           where notification.id = stale.id
           returning notification.id, notification.request_id, notification.kind, notification.recipient_email, notification.reasons`,
          [now, limit, new Date(now.getTime() + leaseMs)],
        );
        return rows
          .sort((a, b) => a.id - b.id)
          .map((row) => ({
            id: String(row.id),
            requestId: String(row.request_id),
            kind: row.kind,
            recipientEmail: row.recipient_email,
            reasons: row.reasons?.length ? row.reasons : undefined,
          }));
      });
    },

    async finishNotifications(results: DeliveryResult[], at) {
      if (results.length === 0) return;
      await db.query(
        `update sharing_notifications notification
         set status = case when result.error is null then 'sent' else 'failed' end, error = result.error, finished_at = $3
         from unnest($1::bigint[], $2::text[]) as result(id, error)
         where notification.id = result.id and notification.status = 'sending'`,
        [results.map((result) => result.id), results.map((result) => result.error), at],
      );
    },

    async replacePerson(email, pseudonym) {
      // NOTE: details are JSON; the email is replaced where it is a whole string value (a route, a recipient, a
      // claimer), never inside another address that happens to end with it.
      const quoted = JSON.stringify(email);
      const replacement = JSON.stringify(pseudonym);
      return db.transaction(async (tx) => {
        const named = await tx.query<{ id: number }>(
          `update sharing_requests set
             client_key = case when requester_email = $1 then null else client_key end,
             requester_email = case when requester_email = $1 then $2 else requester_email end,
             claimed_by = case when claimed_by = $1 then $2 else claimed_by end,
             answered_by = case when answered_by = $1 then $2 else answered_by end,
             routed_to = array_replace(routed_to, $1, $2)
           where requester_email = $1 or claimed_by = $1 or answered_by = $1 or routed_to @> array[$1::text]
           returning id`,
          [email, pseudonym],
        );
        const routed = await tx.query<{ request_id: number }>(
          'update sharing_routes set email = $2 where email = $1 returning request_id',
          [email, pseudonym],
        );
        await tx.query(
          `update sharing_events set
             actor_email = case when actor_email = $1 then $2 else actor_email end,
             detail = replace(detail::text, $3, $4)::jsonb
           where actor_email = $1 or strpos(detail::text, $3) > 0`,
          [email, pseudonym, quoted, replacement],
        );
        await tx.query('update sharing_notifications set recipient_email = $2 where recipient_email = $1', [
          email,
          pseudonym,
        ]);
        return new Set([...named.map((row) => row.id), ...routed.map((row) => row.request_id)]).size;
      });
    },

    async connectionPeople(options) {
      const rows = await db.query<{ email: string }>(
        `select e.actor_email as email from sharing_events e join sharing_requests r on r.id = e.request_id
           where e.type = 'request-claimed' and e.actor_email is not null and e.detail->>'council' <> r.requester_council
             and ($1::timestamptz is null or r.created_at >= $1)
         union
         select r.requester_email as email from sharing_events e join sharing_requests r on r.id = e.request_id
           where e.type = 'request-claimed' and e.detail->>'council' <> r.requester_council
             and ($1::timestamptz is null or r.created_at >= $1)`,
        [options.since ?? null],
      );
      return rows.map((row) => row.email);
    },

    figures: (options) => readFigures(db, options.since, options.hiddenEmails ?? []),
  };
}

async function readFigures(db: Queryable, since: Date | undefined, hiddenEmails: string[]): Promise<SharingFigures> {
  const from = since ?? null;
  // NOTE: a connection with someone whose profile is hidden or erased is not counted (UK GDPR: only visible profiles).
  const visiblePair = `not (e.actor_email = any($2::text[]) or r.requester_email = any($2::text[]))`;
  const window = `($1::timestamptz is null or r.created_at >= $1)`;
  const [statusRows, serviceRows, directionRows, timing, connections, opened, answered, connected] = await Promise.all([
    db.query<{ status: string; count: number }>(
      `select r.status, count(*) as count from sharing_requests r where ${window} group by r.status order by r.status`,
      [from],
    ),
    db.query<{ service: string; count: number }>(
      `select service, count(*) as count from sharing_requests r, unnest(r.topic_services) as service where ${window} group by service order by count desc, service`,
      [from],
    ),
    db.query<{ from_council: Council; to_council: Council; count: number }>(
      `select r.requester_council as from_council, target as to_council, count(*) as count
       from sharing_requests r, unnest(r.target_councils) as target where ${window}
       group by r.requester_council, target order by count desc, from_council, to_council`,
      [from],
    ),
    db.query<{
      claim_hours: number | null;
      answer_hours: number | null;
      total: number;
      answerable: number;
      answered: number;
    }>(
      `select
         percentile_cont(0.5) within group (order by extract(epoch from r.first_claimed_at - r.created_at) / 3600.0) filter (where r.first_claimed_at is not null) as claim_hours,
         percentile_cont(0.5) within group (order by extract(epoch from r.answered_at - r.created_at) / 3600.0) filter (where r.answered_at is not null) as answer_hours,
         count(*) as total,
         count(*) filter (where r.status <> 'cancelled') as answerable,
         count(*) filter (where r.answered_at is not null) as answered
       from sharing_requests r where ${window}`,
      [from],
    ),
    db.query<{ count: number }>(
      `select count(*) as count from (
         select distinct e.request_id, e.actor_email from sharing_events e join sharing_requests r on r.id = e.request_id
         where e.type = 'request-claimed' and e.detail->>'council' <> r.requester_council and ${window} and ${visiblePair}
       ) as connection`,
      [from, hiddenEmails],
    ),
    db.query<{ week: string; count: number }>(
      `select to_char(date_trunc('week', r.created_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*) as count
       from sharing_requests r where ${window} group by week`,
      [from],
    ),
    db.query<{ week: string; count: number }>(
      `select to_char(date_trunc('week', r.answered_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*) as count
       from sharing_requests r where r.answered_at is not null and ${window} group by week`,
      [from],
    ),
    db.query<{ week: string; count: number }>(
      `select to_char(date_trunc('week', first_at at time zone 'UTC'), 'YYYY-MM-DD') as week, count(*) as count from (
         select e.request_id, e.actor_email, min(e.at) as first_at from sharing_events e join sharing_requests r on r.id = e.request_id
         where e.type = 'request-claimed' and e.detail->>'council' <> r.requester_council and ${window} and ${visiblePair}
         group by e.request_id, e.actor_email
       ) as connection group by week`,
      [from, hiddenEmails],
    ),
  ]);

  const weeks = new Map<string, { week: string; opened: number; answered: number; connections: number }>();
  const week = (key: string) => {
    let entry = weeks.get(key);
    if (!entry) {
      entry = { week: key, opened: 0, answered: 0, connections: 0 };
      weeks.set(key, entry);
    }
    return entry;
  };
  for (const row of opened) week(row.week).opened = row.count;
  for (const row of answered) week(row.week).answered = row.count;
  for (const row of connected) week(row.week).connections = row.count;

  const summary = timing[0]!;
  const round = (value: number | null) =>
    value === null || value === undefined ? null : Math.round(Number(value) * 100) / 100;
  return {
    total: summary.total,
    byStatus: Object.fromEntries(statusRows.map((row) => [row.status, row.count])),
    byService: serviceRows.map((row) => ({ service: row.service, count: row.count })),
    byDirection: directionRows.map((row) => ({ from: row.from_council, to: row.to_council, count: row.count })),
    medianHoursToFirstClaim: round(summary.claim_hours),
    medianHoursToAnswer: round(summary.answer_hours),
    shareAnswered: summary.answerable === 0 ? 0 : Math.round((summary.answered / summary.answerable) * 1000) / 1000,
    crossCouncilConnections: connections[0]!.count,
    overTime: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week)),
  };
}
