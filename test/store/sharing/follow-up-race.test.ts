import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharing, type Notification, type Notifier, type Sharing } from '../../../src/core/sharing/index.ts';
import { migrate, openPostgres, type Database } from '../../../src/store/index.ts';
import { createRequestStore } from '../../../src/store/sharing/index.ts';
import { createFakeKnowledge, createRecordingNotifier, sampleDirectory, silent } from '../../core/sharing/fakes.ts';
import { postgresUrl, storeTargets, uniqueSchema, type StoreTarget } from '../../support/stores.ts';

const due = new Date('2026-03-04T10:00:00Z');
const requests = 240;

/** Seeds `count` routed requests whose reminder is due at `at`, straight in SQL. */
async function seedDueRequests(db: Database, count: number, at: Date, label: string): Promise<void> {
  await db.query(
    `insert into sharing_requests (requester_email, requester_council, title, detail, topic_services, topic_skills, target_councils, status, routed_to, language, created_at, updated_at)
     select 'rhian@blaenau-gwent.gov.uk', 'blaenau-gwent', $3 || n, 'How do you run your waste rota?', '{waste}', '{waste rota}', '{torfaen}', 'routed',
            array['tom@torfaen.gov.uk', 'ann@torfaen.gov.uk'], 'en', $1, $1
     from generate_series(1, $2::int) as n`,
    [new Date(at.getTime() - 2 * 86_400_000), count, label],
  );
  await db.query(
    `insert into sharing_followups (request_id, step, due_at, attempts, updated_at)
     select id, 'remind', $1, 0, $1 from sharing_requests where title like $2 || '%'`,
    [at, label],
  );
}

function worker(
  db: Database,
  batchSize = 16,
  now = due,
  notifier: Notifier & { sent: Notification[] } = createRecordingNotifier(),
) {
  const sharing: Sharing = createSharing(
    {
      store: createRequestStore(db),
      people: sampleDirectory(),
      knowledge: createFakeKnowledge(),
      notifier,
      logger: silent,
    },
    { deadlineWorkingDays: 2, batchSize, clock: () => now },
  );
  return { sharing, notifier };
}

function tally(...workers: { notifier: { sent: Notification[] } }[]) {
  const counts = new Map<string, number>();
  for (const { notifier } of workers) {
    for (const notification of notifier.sent) {
      const key = `${notification.request.id}:${notification.kind}:${notification.recipientEmail}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return { counts, duplicates: [...counts.values()].filter((count) => count > 1).length };
}

/** Two connections to one database: two pools on one PostgreSQL schema, or one PGlite shared by two workers. */
async function openPair(target: StoreTarget): Promise<{ first: Database; second: Database; drop(): Promise<void> }> {
  if (target.name === 'pglite') {
    const db = await target.open();
    return { first: db, second: db, drop: () => db.drop() };
  }
  const schema = uniqueSchema('pont_sharing');
  const first = await openPostgres(postgresUrl, { schema, max: 4 });
  await migrate(first);
  const second = await openPostgres(postgresUrl, { schema, max: 4 });
  return {
    first,
    second,
    async drop() {
      await second.close();
      await first.exec(`drop schema if exists ${schema} cascade`);
      await first.close();
    },
  };
}

describe.each(await storeTargets())('follow-up workers racing on $name', (target) => {
  let pair: Awaited<ReturnType<typeof openPair>>;
  beforeAll(async () => {
    pair = await openPair(target);
  });
  afterAll(async () => pair?.drop());

  it('send every due reminder exactly once when two workers run at the same moment', async () => {
    await seedDueRequests(pair.first, requests, due, 'race-');
    const a = worker(pair.first);
    const b = worker(pair.second);
    const [actedA, actedB] = await Promise.all([a.sharing.runDueFollowUps(due), b.sharing.runDueFollowUps(due)]);
    expect(actedA + actedB).toBe(requests);
    const { counts, duplicates } = tally(a, b);
    expect(duplicates).toBe(0);
    // Two people on each request: every one of them reminded, none missed.
    expect(counts.size).toBe(requests * 2);
    if (target.name === 'postgres') {
      // Separate connections really interleave: both workers did part of the work.
      expect(actedA).toBeGreaterThan(0);
      expect(actedB).toBeGreaterThan(0);
    }
    const [{ count }] = (await pair.first.query<{ count: number }>(
      `select count(*) as count from sharing_events where type = 'reminder-sent'`,
    )) as [{ count: number }];
    expect(count).toBe(requests);
    // The next step waits for its own deadline: running again now does nothing.
    expect(await a.sharing.runDueFollowUps(due)).toBe(0);
  });

  it('lets another worker pick up follow-ups a stopped worker had leased, once its lease runs out', async () => {
    await seedDueRequests(pair.first, 5, due, 'crashed-');
    const store = createRequestStore(pair.first);
    // A worker leases the due rows and then stops before acting on them.
    const leased = await store.leaseDueFollowUps(due, 100, 10 * 60 * 1000, 'stopped-worker');
    expect(leased).toHaveLength(5);
    const b = worker(pair.second);
    expect(await b.sharing.runDueFollowUps(due)).toBe(0);
    expect(await b.sharing.runDueFollowUps(new Date(due.getTime() + 11 * 60 * 1000))).toBe(5);
    expect(tally(b).duplicates).toBe(0);
    expect(b.notifier.sent).toHaveLength(10);
    // The stopped worker's lease is gone: acting on it now changes nothing.
    const late = await store.change(
      leased[0]!.requestId,
      () => ({ events: [{ type: 'reminder-sent', actorEmail: null, via: 'test' }], notifications: [] }),
      due,
      { leaseToken: 'stopped-worker' },
    );
    expect(late).toBeNull();
  });

  it('delivers a notification left undelivered by a stopped process exactly once', async () => {
    const [request] = await pair.first.query<{ id: number }>(`select id from sharing_requests order by id limit 1`);
    await pair.first.query(
      `insert into sharing_notifications (request_id, kind, recipient_email, reasons, status, created_at, lease_until)
       values ($1, 'request-reminder', 'owain@torfaen.gov.uk', '[]', 'sending', $2, $2)`,
      [request!.id, new Date(due.getTime() - 60 * 60 * 1000)],
    );
    const a = worker(pair.first);
    const b = worker(pair.second);
    await Promise.all([a.sharing.runDueFollowUps(due), b.sharing.runDueFollowUps(due)]);
    const delivered = [...a.notifier.sent, ...b.notifier.sent].filter(
      (notification) => notification.recipientEmail === 'owain@torfaen.gov.uk',
    );
    expect(delivered).toHaveLength(1);
    const rows = await pair.first.query<{ status: string; attempts: number }>(
      `select status, attempts from sharing_notifications where recipient_email = 'owain@torfaen.gov.uk'`,
    );
    expect(rows).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('reminds each person once when the process dies halfway through a batch and another takes over', async () => {
    await seedDueRequests(pair.first, 30, due, 'midbatch-');
    const ids = new Set(
      (await pair.first.query<{ id: number }>(`select id from sharing_requests where title like 'midbatch-%'`)).map(
        (row) => String(row.id),
      ),
    );
    // The first process delivers 25 reminders, then dies while sending the 26th: it never returns.
    let calls = 0;
    let died!: () => void;
    const death = new Promise<void>((resolve) => (died = resolve));
    const dying: Notifier & { sent: Notification[] } = {
      sent: [],
      notify(notification) {
        calls += 1;
        if (calls <= 25) {
          dying.sent.push(notification);
          return Promise.resolve();
        }
        died();
        return new Promise<void>(() => undefined);
      },
    };
    void worker(pair.first, 100, due, dying).sharing.runDueFollowUps(due);
    await death;
    expect(dying.sent).toHaveLength(25);

    // Another process starts after the dead one's leases have run out.
    const later = new Date(due.getTime() + 11 * 60 * 1000);
    const restarted = worker(pair.second, 100, later);
    await restarted.sharing.runDueFollowUps(later);

    const ours = (notification: Notification) => ids.has(notification.request.id);
    const { counts, duplicates } = tally(
      { notifier: { sent: dying.sent.filter(ours) } },
      { notifier: { sent: restarted.notifier.sent.filter(ours) } },
    );
    expect(duplicates).toBe(0);
    // Two people on each of the 30 requests: all 60 reminded, the one in flight at the crash included.
    expect(counts.size).toBe(60);
    expect(restarted.notifier.sent.filter(ours)).toHaveLength(35);
  });
});
