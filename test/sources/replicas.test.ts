import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPont, type Pont } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import { sourcesOf, startSourceScheduler } from '../../src/sources/index.ts';
import { createSourceStore } from '../../src/store/sources/index.ts';
import { testConfig } from '../support/config.ts';
import { councilPage, startFakeWebsite, type FakeWebsite } from '../support/fake-website.ts';
import { storeTargets } from '../support/stores.ts';

const operator = { email: null, isAdminOf: () => false };

describe.each(await storeTargets())(
  'scheduled source syncs on several replicas ($name)',
  { timeout: 180_000 },
  (target) => {
    let db: Awaited<ReturnType<typeof target.open>>;
    let replicas: Pont[];
    let site: FakeWebsite;
    let id: string;
    const pages = ['/en/a', '/en/b', '/en/c', '/en/d'];

    beforeAll(async () => {
      db = await target.open();
      site = await startFakeWebsite();
      site.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' });
      site.set('/sitemap.xml', {
        type: 'application/xml',
        body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${pages.map((page) => `<url><loc>${site.url}${page}</loc></url>`).join('')}</urlset>`,
      });
      for (const page of pages)
        site.set(page, {
          type: 'text/html',
          body: councilPage({
            title: `Page ${page}`,
            language: 'en',
            body: [`The ${page.slice(4)} service opens at nine o'clock on weekdays.`],
          }),
        });
      replicas = await Promise.all(
        [0, 1].map(() => createPont(testConfig({ PONT_FETCH_ALLOW: '127.0.0.1' }), { db, logger: silentLogger })),
      );
      const added = await createSourceStore(db).add({
        kind: 'website',
        url: `${site.url}/sitemap.xml`,
        council: 'torfaen',
        settings: { rate: 100 },
        everySeconds: 3600,
        createdBy: null,
      });
      id = added!.id;
    });

    afterAll(async () => {
      for (const replica of replicas ?? []) await replica.close();
      await site?.close();
      await db?.drop();
    });

    it('syncs a due source once, whichever replica takes it, and schedules the next sync', async () => {
      const schedulers = replicas.map((replica) => startSourceScheduler(sourcesOf(replica), { pollMs: 3_600_000 }));
      // NOTE: each scheduler looks for due sources as it starts; stop() waits for that look and the sync it began.
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      expect(pages.map((page) => site.requests.filter((request) => request.path === page).length)).toEqual([
        1, 1, 1, 1,
      ]);
      const source = await createSourceStore(db).get(id);
      expect(source).toMatchObject({
        documents: 4,
        lastError: null,
        lastResult: { added: 4, updated: 0, removed: 0, unchanged: 0, failed: [] },
      });
      expect(Date.parse(source!.nextSyncAt!) - Date.parse(source!.lastFinishedAt!)).toBeGreaterThanOrEqual(3_599_000);
      expect(await sourcesOf(replicas[1]!).syncDue()).toBeUndefined();
    });

    it('resumes a run whose replica died: what it had read is not fetched again, and nothing is removed', async () => {
      const store = createSourceStore(db);
      // A replica took the source, read /en/a, and died: its lease ran out.
      const crashed = await store.begin(id, 'replica-that-died', 1);
      await store.touch(id, `${site.url}/en/a`, crashed!.run, { error: null });
      const before = site.requests.length;
      const [report] = await sourcesOf(replicas[0]!).sync(operator, [id]);
      expect(report).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 4, failed: [] });
      const fetched = site.requests.slice(before).filter((request) => request.path.startsWith('/en/'));
      expect(fetched.map((request) => request.path).sort()).toEqual(['/en/b', '/en/c', '/en/d']);
      expect(fetched.every((request) => request.status === 304)).toBe(true);
    });

    it('keeps a page that fails to fetch, and tells the other replica the source is busy while one syncs it', async () => {
      site.set('/en/b', { type: 'text/html', body: 'Service unavailable', status: 503 });
      const [report] = await sourcesOf(replicas[1]!).sync(operator, [id]);
      expect(report).toMatchObject({
        removed: 0,
        unchanged: 3,
        failed: [{ url: `${site.url}/en/b`, reason: 'unreachable (HTTP 503)' }],
      });
      const found = await replicas[0]!.knowledge.search('b service opens weekdays');
      expect(found.map((result) => result.source)).toContain(`${site.url}/en/b`);

      const store = createSourceStore(db);
      await store.begin(id, 'replica-syncing-now', 60_000);
      const [busy] = await sourcesOf(replicas[0]!).sync(operator, [id]);
      expect(busy).toMatchObject({ id, error: 'another Pont process is syncing this source now' });
    });
  },
);
