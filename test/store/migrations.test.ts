import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openPostgres, readMigrations, type Database } from '../../src/store/index.ts';
import { postgresReachable, postgresUrl, storeTargets, uniqueSchema } from '../support/stores.ts';

describe.each(await storeTargets())('the schema on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => db?.drop());

  it('records every migration once and a second run applies nothing', async () => {
    const rows = await db.query<{ version: string }>('select version from schema_migrations order by version');
    expect(rows.map((row) => row.version)).toEqual(readMigrations().map((migration) => migration.version));
    expect(await migrate(db)).toEqual([]);
  });

  it('returns counts as numbers and timestamps as dates on either store', async () => {
    const [row] = await db.query<{ count: number; at: Date }>(
      'select count(*) as count, now() as at from schema_migrations',
    );
    expect(typeof row!.count).toBe('number');
    expect(row!.at).toBeInstanceOf(Date);
  });

  it('rolls a failed transaction back whole', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into audit_log (via, action) values ('test', 'half-written')`);
        throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    const rows = await db.query(`select 1 from audit_log where action = 'half-written'`);
    expect(rows).toHaveLength(0);
  });
});

describe.runIf(await postgresReachable())('migrations on a PostgreSQL server', () => {
  it('are safe when two processes start at once', async () => {
    const schema = uniqueSchema();
    const first = await openPostgres(postgresUrl, { schema, max: 2 });
    const second = await openPostgres(postgresUrl, { schema, max: 2 });
    try {
      const [a, b] = await Promise.all([migrate(first), migrate(second)]);
      expect([...a, ...b].sort()).toEqual(
        readMigrations().map((migration) => `${migration.version}-${migration.name}`),
      );
    } finally {
      await first.exec(`drop schema ${schema} cascade`);
      await first.close();
      await second.close();
    }
  });

  it('stops with a message naming DATABASE_URL when the server cannot be reached', async () => {
    await expect(openPostgres('postgres://nobody:secret@127.0.0.1:1/none')).rejects.toThrow(
      /^DATABASE_URL: cannot connect to postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/,
    );
  });
});
