import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInbox, type Inbox, type InboxHandler } from '../../src/inbox/index.ts';
import { silentLogger } from '../../src/logger.ts';
import { openPostgres, type Database } from '../../src/store/index.ts';
import { createInboxStore } from '../../src/store/inbox/index.ts';
import { storeTargets } from '../support/stores.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** Resolves once `check` holds, polling; rejects after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await pause(20);
  }
}

describe.each(await storeTargets())('the inbox on $name', (target) => {
  let db: Awaited<ReturnType<typeof target.open>>;
  const inboxes: Inbox[] = [];
  const open = (options: Partial<Parameters<typeof createInbox>[0]> = {}) => {
    const inbox = createInbox({
      store: createInboxStore(db),
      logger: silentLogger,
      pollMs: 50,
      pauseMs: 0,
      ...options,
    });
    inboxes.push(inbox);
    return inbox;
  };
  const statuses = async () =>
    db.query<{ key: string; status: string; attempts: number; last_error: string | null }>(
      'select key, status, attempts, last_error from inbox order by key',
    );

  beforeAll(async () => {
    db = await target.open();
  });
  beforeEach(async () => {
    for (const inbox of inboxes.splice(0)) await inbox.stop();
    await db.exec('delete from inbox');
  });
  afterAll(async () => {
    for (const inbox of inboxes.splice(0)) await inbox.stop();
    await db?.drop();
  });

  it('records a burst of deliveries in few statements, each once, a key repeated in the burst counting once', async () => {
    const done: string[] = [];
    const statements: string[] = [];
    const counted = (queryable: Pick<Database, 'query'>) =>
      ((sql: string, params?: unknown[]) => (statements.push(sql), queryable.query(sql, params))) as typeof db.query;
    const counting = {
      ...db,
      query: counted(db),
      ...(db.acknowledgements
        ? { acknowledgements: { ...db.acknowledgements, query: counted(db.acknowledgements) } }
        : {}),
    };
    const inbox = createInbox({ store: createInboxStore(counting), logger: silentLogger, pollMs: 50, pauseMs: 0 });
    inboxes.push(inbox);
    inbox.handle<{ text: string }>('test.echo', {
      run: async (payload) => void done.push(payload.text),
      giveUp: async () => undefined,
    });
    const keys = [...Array.from({ length: 40 }, (_, index) => `event:burst:${index}`), 'event:burst:7'];
    const added = await Promise.all(keys.map((key) => inbox.add('test.echo', key, { text: key })));
    expect(added.filter(Boolean)).toHaveLength(40);
    expect(added.at(-1)).toBe(false);
    expect(statements.filter((sql) => sql.startsWith('insert into inbox')).length).toBeLessThanOrEqual(3);
    await inbox.drained();
    expect(done.sort()).toEqual(keys.slice(0, 40).sort());
  });

  it('records a delivery while every worker connection is busy, so its acknowledgement does not wait for them', async () => {
    if (!db.acknowledgements) return; // PGlite has one connection for everything.
    const inbox = open();
    // The workers' connections (four in these tests) are all held by slow queries.
    const busy = Promise.all(Array.from({ length: 8 }, () => db.query('select pg_sleep(3)')));
    let busyDone = false;
    void busy.then(() => (busyDone = true));
    await pause(100);
    expect(await inbox.add('test.echo', 'event:while-busy', { text: 'hello' })).toBe(true);
    expect(busyDone).toBe(false);
    await busy;
    expect((await statuses()).map((row) => row.key)).toEqual(['event:while-busy']);
  });

  it('does a delivery retried by the platform once', async () => {
    const done: string[] = [];
    const inbox = open();
    inbox.handle<{ text: string }>('test.echo', {
      run: async (payload) => void done.push(payload.text),
      giveUp: async () => undefined,
    });
    expect(await inbox.add('test.echo', 'event:1', { text: 'hello' })).toBe(true);
    expect(await inbox.add('test.echo', 'event:1', { text: 'hello' })).toBe(false);
    await inbox.drained();
    expect(done).toEqual(['hello']);
    expect(await statuses()).toEqual([{ key: 'event:1', status: 'done', attempts: 1, last_error: null }]);
  });

  it('works on many items at once: twelve slow items finish well before twelve times one', async () => {
    const latencyMs = 400;
    const inbox = open({ workers: 16 });
    const finished: number[] = [];
    inbox.handle('test.slow', {
      run: async () => void (await pause(latencyMs), finished.push(Date.now())),
      giveUp: async () => undefined,
    });
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, index) => inbox.add('test.slow', `slow:${index}`, {})));
    await until(() => finished.length === 12);
    expect(Math.max(...finished) - started).toBeLessThan(12 * latencyMs);
  });

  it('starts work taken together one item per turn of the event loop, so waiting deliveries are handled in between', async () => {
    const inbox = open({ workers: 16 });
    // Eight items are recorded before this process handles their kind, so they are taken in one go.
    await Promise.all(Array.from({ length: 8 }, (_, index) => inbox.add('test.busy', `busy:${index}`, {})));
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const startedAtTurn: number[] = [];
    inbox.handle('test.busy', {
      run: async () => {
        startedAtTurn.push(turns);
        // NOTE: the first steps of an answer hold the thread (routing, retrieval) before anything is awaited.
        const until = performance.now() + 5;
        while (performance.now() < until);
      },
      giveUp: async () => undefined,
    });
    await until(() => startedAtTurn.length === 8);
    ticking = false;
    for (let index = 1; index < startedAtTurn.length; index += 1)
      expect(startedAtTurn[index]!).toBeGreaterThan(startedAtTurn[index - 1]!);
    await inbox.drained();
  });

  it('takes no work while a delivery is still being recorded, so its acknowledgement goes first', async () => {
    const store = createInboxStore(db);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let gateOpenedAt = Number.POSITIVE_INFINITY;
    const takenAt: number[] = [];
    const inbox = createInbox({
      store: {
        ...store,
        addMany: async (items) => (await gate, store.addMany(items)),
        take: async (...args) => (takenAt.push(performance.now()), store.take(...args)),
      },
      logger: silentLogger,
      pollMs: 10_000,
      pauseMs: 10,
      maxDeferMs: 5_000,
    });
    inboxes.push(inbox);
    // Work recorded earlier is waiting; a delivery arrives and its record is slow to commit.
    expect(await store.add({ key: 'earlier', kind: 'test.echo', payload: {} })).toBe(true);
    inbox.arrived();
    const recording = inbox.add('test.echo', 'arriving', {});
    const done: string[] = [];
    inbox.handle('test.echo', {
      run: async (_payload, attempt) => void done.push(attempt.key),
      giveUp: async () => undefined,
    });
    await pause(150);
    gateOpenedAt = performance.now();
    openGate();
    expect(await recording).toBe(true);
    await until(() => done.length === 2);
    expect(takenAt.length).toBeGreaterThan(0);
    expect(Math.min(...takenAt)).toBeGreaterThanOrEqual(gateOpenedAt);
  });

  it('takes no work while another replica is still recording a burst, so its acknowledgements go first', async () => {
    const store = createInboxStore(db);
    const takenAt: number[] = [];
    const done: string[] = [];
    // This replica has had no delivery of its own: only the other replica's arrivals can hold it back.
    const here = open({
      store: {
        ...store,
        take: async (...args) => {
          const items = await store.take(...args);
          if (items.length > 0) takenAt.push(performance.now());
          return items;
        },
      },
      pollMs: 20,
      pauseMs: 300,
      maxDeferMs: 5_000,
    });
    // The other replica records a delivery every 20 ms for a while; this one starts taking work after the first.
    const elsewhere = createInboxStore(db);
    let lastRecordedAt = 0;
    for (let index = 0; index < 12; index += 1) {
      await elsewhere.add({ key: `elsewhere-${index}`, kind: 'test.echo', payload: {} });
      lastRecordedAt = performance.now();
      if (index === 0)
        here.handle('test.echo', {
          run: async (_payload, attempt) => void done.push(attempt.key),
          giveUp: async () => undefined,
        });
      await pause(20);
    }
    await until(() => done.length === 12);
    expect(Math.min(...takenAt)).toBeGreaterThanOrEqual(lastRecordedAt);
  });

  it('starts new work after a pause in arrivals even while a retry waits its backoff, and still retries', async () => {
    const inbox = open({ pollMs: 60_000, pauseMs: 30, maxDeferMs: 5_000, retryBaseMs: 3_000 });
    const done = new Map<string, number>();
    let failedOnce = false;
    inbox.handle('test.echo', {
      async run(_payload, attempt) {
        if (attempt.key === 'failing' && !failedOnce) {
          failedOnce = true;
          throw new Error('the model is down');
        }
        done.set(attempt.key, performance.now());
      },
      giveUp: async () => undefined,
    });
    await inbox.add('test.echo', 'failing', {});
    await until(() => failedOnce);
    // The failed work waits 3 s for its retry; a new question arrives meanwhile.
    inbox.arrived();
    const addedAt = performance.now();
    await inbox.add('test.echo', 'new', {});
    await until(() => done.has('new'), 8_000);
    expect(done.get('new')! - addedAt).toBeLessThan(1_500);
    // There is no polling to fall back on: the retry's own wake-up was kept.
    await until(() => done.has('failing'), 8_000);
  });

  it('retries failing work, then marks it failed, logs it and tells the person once', async () => {
    const { logger, lines } = recordingLogger();
    const inbox = open({ logger, maxAttempts: 3, retryBaseMs: 10 });
    let attempts = 0;
    const told: string[] = [];
    const handler: InboxHandler<{ who: string }> = {
      async run() {
        attempts += 1;
        throw new Error('the model is down');
      },
      async giveUp(payload, error) {
        told.push(`${payload.who}: ${(error as Error).message}`);
      },
    };
    inbox.handle('test.failing', handler);
    await inbox.add('test.failing', 'event:fails', { who: 'sian' });
    await until(async () => (await statuses())[0]?.status === 'failed');
    await inbox.drained();
    expect(attempts).toBe(3);
    expect(told).toEqual(['sian: the model is down']);
    expect(await statuses()).toEqual([
      { key: 'event:fails', status: 'failed', attempts: 3, last_error: 'the model is down' },
    ]);
    expect(lines.filter((line) => line.level === 50 && line.key === 'event:fails')).toHaveLength(1);
  });

  it('takes up work held by a process that died once its lease runs out', async () => {
    const store = createInboxStore(db);
    await store.add({ key: 'event:orphan', kind: 'test.orphan', payload: { text: 'still here' } });
    // A process takes the item and dies without finishing it.
    expect(await store.take(['test.orphan'], 10, 'dead-process', 300)).toHaveLength(1);
    const done: string[] = [];
    const inbox = open({ leaseMs: 300 });
    inbox.handle<{ text: string }>('test.orphan', {
      run: async (payload) => void done.push(payload.text),
      giveUp: async () => undefined,
    });
    await until(async () => (await statuses())[0]?.status === 'done');
    expect(done).toEqual(['still here']);
    expect((await statuses())[0]).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('hands a later attempt what a dead one noted of its progress, and forgets it once the work is done', async () => {
    const store = createInboxStore(db);
    await store.add({ key: 'event:noted', kind: 'test.noted', payload: {} });
    // A process takes the item, notes the message it posted, and dies.
    const [taken] = await store.take(['test.noted'], 10, 'dead-process', 300);
    expect(taken!.progress).toEqual({});
    await store.note('event:noted', 'dead-process', { message: '1732.0001' });
    const seen: Record<string, unknown>[] = [];
    const inbox = open({ leaseMs: 300 });
    inbox.handle('test.noted', {
      run: async (_payload, attempt) => {
        seen.push({ ...attempt.progress });
        await attempt.note({ part: 1 });
        seen.push({ ...attempt.progress });
      },
      giveUp: async () => undefined,
    });
    await until(async () => (await statuses())[0]?.status === 'done');
    expect(seen).toEqual([{ message: '1732.0001' }, { message: '1732.0001', part: 1 }]);
    const [row] = await db.query<{ progress: unknown }>(`select progress from inbox where key = 'event:noted'`);
    expect(row!.progress).toEqual({});
  });

  it('gives up on work that kept taking its process down, without running it again', async () => {
    const store = createInboxStore(db);
    await store.add({ key: 'event:poison', kind: 'test.poison', payload: {} });
    for (const process of ['first', 'second']) {
      expect(await store.take(['test.poison'], 10, process, 1)).toHaveLength(1);
      await pause(20);
    }
    let ran = 0;
    const told: unknown[] = [];
    const inbox = open({ maxAttempts: 2 });
    inbox.handle('test.poison', {
      run: async () => void (ran += 1),
      giveUp: async (_payload, error) => void told.push(error),
    });
    await until(async () => (await statuses())[0]?.status === 'failed');
    expect(ran).toBe(0);
    expect(told).toHaveLength(1);
  });

  it('on stop, takes nothing new, finishes the work in hand and gives back what outlasts the wait', async () => {
    const finished: string[] = [];
    const inbox = open({ stopTimeoutMs: 300 });
    let releaseStuck!: () => void;
    const stuck = new Promise<void>((resolve) => (releaseStuck = resolve));
    inbox.handle<{ slowMs: number }>('test.stop', {
      run: async (payload, attempt) => {
        if (payload.slowMs < 0) await stuck;
        else await pause(payload.slowMs);
        finished.push(attempt.key);
      },
      giveUp: async () => undefined,
    });
    await inbox.add('test.stop', 'quick', { slowMs: 100 });
    await inbox.add('test.stop', 'stuck', { slowMs: -1 });
    await until(() => inbox.busy === 2);
    await inbox.stop();
    expect(finished).toEqual(['quick']);
    // Added after the stop: recorded for another process, not taken by this one.
    await inbox.add('test.stop', 'later', { slowMs: 0 });
    const rows = await statuses();
    expect(rows.find((row) => row.key === 'quick')).toMatchObject({ status: 'done' });
    // The stuck item is given back uncounted, for the next process.
    expect(rows.find((row) => row.key === 'stuck')).toMatchObject({ status: 'pending', attempts: 0 });
    const next = open();
    next.handle<{ slowMs: number }>('test.stop', {
      run: async (_payload, attempt) => void finished.push(`next:${attempt.key}`),
      giveUp: async () => undefined,
    });
    await next.drained();
    expect(finished.sort()).toEqual(['next:later', 'next:stuck', 'quick']);
    releaseStuck();
  });

  it.runIf(target.name === 'postgres')(
    'shares the work between two replicas without doing any item twice',
    async () => {
      const second: Database = await openPostgres(
        process.env.PONT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        {
          schema: (await db.query<{ schema: string }>('select current_schema() as schema'))[0]!.schema,
          max: 4,
        },
      );
      try {
        const done: string[] = [];
        const byReplica = { a: 0, b: 0 };
        const a = open({ workers: 4 });
        const b = createInbox({
          store: createInboxStore(second),
          logger: silentLogger,
          pollMs: 50,
          pauseMs: 0,
          workers: 4,
        });
        inboxes.push(b);
        for (const [name, inbox] of [
          ['a', a],
          ['b', b],
        ] as const) {
          inbox.handle('test.shared', {
            run: async (_payload, attempt) => void (await pause(30), done.push(attempt.key), (byReplica[name] += 1)),
            giveUp: async () => undefined,
          });
        }
        await Promise.all(Array.from({ length: 40 }, (_, index) => a.add('test.shared', `shared:${index}`, {})));
        await until(() => done.length >= 40);
        await Promise.all([a.drained(), b.drained()]);
        expect(new Set(done).size).toBe(40);
        expect(done).toHaveLength(40);
        expect(byReplica.a).toBeGreaterThan(0);
        expect(byReplica.b).toBeGreaterThan(0);
      } finally {
        for (const inbox of inboxes.splice(0)) await inbox.stop();
        await second.close();
      }
    },
  );
});
