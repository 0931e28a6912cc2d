import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../../src/store/index.ts';
import { postgresReachable, postgresUrl, uniqueSchema } from '../support/stores.ts';

const reachable = await postgresReachable();

describe.runIf(reachable)('PostgreSQL connections of one process', () => {
  const schema = uniqueSchema('pont_connections');
  const opened: Database[] = [];
  afterAll(async () => {
    const last = opened.at(-1);
    await last?.exec(`drop schema if exists ${schema} cascade`);
    for (const db of opened) await db.close();
  });

  /** The server processes that have run a query naming `marker` (running or finished), from another connection. */
  async function backends(observer: Database, marker: string, state?: 'active'): Promise<number> {
    const [row] = await observer.query<{ count: number }>(
      `select count(*)::int as count from pg_stat_activity where query like $1 and pid <> pg_backend_pid() ${state ? `and state = 'active'` : ''}`,
      [`%${marker}%`],
    );
    return row!.count;
  }

  it('never has more than PONT_DATABASE_CONNECTIONS running work, and two more for recording deliveries', async () => {
    const observer = await openPostgres(postgresUrl, { schema, max: 2 });
    opened.push(observer);
    const db = await openPostgres(postgresUrl, { schema, max: 3 });
    opened.push(db);
    const marker = `work_${randomUUID().replace(/-/g, '')}`;
    let peak = 0;
    let running = true;
    const watching = (async () => {
      while (running) peak = Math.max(peak, await backends(observer, marker, 'active'));
    })();
    await Promise.all(Array.from({ length: 9 }, () => db.query(`select pg_sleep(0.2) as ${marker}`)));
    running = false;
    await watching;
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(3);

    // The two kept for recording deliveries are not among them: both answer at once while the work connections are
    // all busy.
    const record = `record_${randomUUID().replace(/-/g, '')}`;
    const busy = Promise.all(Array.from({ length: 3 }, () => db.query(`select pg_sleep(0.5) as ${marker}`)));
    await Promise.all(Array.from({ length: 2 }, () => db.acknowledgements!.query(`select pg_sleep(0.1) as ${record}`)));
    expect(await backends(observer, record)).toBe(2);
    await busy;
  });
});
