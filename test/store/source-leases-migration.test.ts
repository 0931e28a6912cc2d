import { describe, expect, it } from 'vitest';
import { migrate, openPglite, readMigrations } from '../../src/store/index.ts';
import { createSourceStore } from '../../src/store/sources/index.ts';

// Migration 130 moves each source's schedule and lease into scheduled_jobs: an upgraded install keeps every source's
// next sync, a source synced only on demand stays so, and a sync under way keeps its lease.
describe('source leases move to scheduled_jobs (migration 130)', () => {
  it('keeps each source’s next sync and lease across the upgrade', async () => {
    const db = await openPglite('memory://');
    try {
      const all = readMigrations();
      await migrate(
        db,
        all.filter((migration) => migration.version < '130'),
      );
      await db.query(
        `insert into sources (id, kind, url, council, every_seconds, next_sync_at, lease_owner, lease_until) values
          (1, 'feed', 'https://www.gov.wales/newsroom/feed', 'torfaen', 3600, now() - interval '5 minutes', null, null),
          (2, 'website', 'https://www.torfaen.gov.uk/sitemap.xml', 'torfaen', null, null, null, null),
          (3, 'moderngov', 'https://democracy.blaenau-gwent.gov.uk/', 'blaenau-gwent', 86400, now() - interval '1 minute', 'replica-a', now() + interval '2 minutes')`,
      );
      await db.query(`select setval('sources_id_seq', 3)`);
      await migrate(db, all);

      const store = createSourceStore(db);
      const listed = await store.list();
      expect(
        listed.map((source) => [
          source.id,
          source.nextSyncAt === null ? null : Date.parse(source.nextSyncAt) < Date.now(),
        ]),
      ).toEqual([
        ['1', true],
        ['2', null],
        ['3', true],
      ]);
      // Source 3 is due but replica-a still holds it: the due source another replica may take is 1.
      expect((await store.claimDue('replica-b', 60_000))?.id).toBe('1');
      expect(await store.claimDue('replica-b', 60_000)).toBeUndefined();
      expect(await store.begin('3', 'replica-b', 60_000)).toBeUndefined();
      expect((await store.begin('3', 'replica-a', 60_000))?.id).toBe('3');
      // A new source gets its job; removing a source removes it.
      const added = await store.add({
        kind: 'feed',
        url: 'https://www.torfaen.gov.uk/news/feed',
        council: 'torfaen',
        settings: {},
        everySeconds: 3600,
        createdBy: null,
      });
      expect(added?.id).toBe('4');
      await store.remove('4');
      expect(
        await db.query(`select name from scheduled_jobs where starts_with(name, 'source:') order by name`),
      ).toEqual([{ name: 'source:1' }, { name: 'source:2' }, { name: 'source:3' }]);
    } finally {
      await db.close();
    }
  });
});
