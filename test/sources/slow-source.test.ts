import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../src/app.ts';
import { sourcesOf } from '../../src/sources/index.ts';
import { openFolder } from '../support/cli.ts';
import { councilPage, startFakeWebsite, type FakeWebsite } from '../support/fake-website.ts';
import { createTestPont } from '../support/test-pont.ts';
import { makePdf } from '../ingest/make-fixtures.ts';

// A council website that stops answering, or answers one byte at a time, must not hold up the sync: each slow
// request gives up after PONT_SOURCES_TIMEOUT_SECONDS, what was indexed is kept, and the other sources still sync.
let pont: Pont;
let site: FakeWebsite;
let news: FakeWebsite;
const operator = { email: null, isAdminOf: () => false };

function sitemap(lastmod: Record<string, string>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${Object.entries(
    lastmod,
  )
    .map(([page, date]) => `<url><loc>${site.url}${page}</loc><lastmod>${date}</lastmod></url>`)
    .join('')}</urlset>`;
}

const page = (title: string, text: string) => ({
  type: 'text/html; charset=utf-8',
  body: councilPage({ title, language: 'en', body: [text] }),
});
const rss = (title: string, text: string) => ({
  type: 'application/rss+xml',
  body: `<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><link>${news.url}/</link><item><title>${title}</title><link>${news.url}/news/1</link><pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate><description>${text}</description></item></channel></rss>`,
});

beforeAll(async () => {
  [pont, site, news] = await Promise.all([
    createTestPont({ environment: { PONT_FETCH_ALLOW: '127.0.0.1', PONT_SOURCES_TIMEOUT_SECONDS: '1' } }),
    startFakeWebsite(),
    startFakeWebsite(),
  ]);
}, 120_000);

afterAll(async () => {
  await pont?.close();
  await site?.close();
  await news?.close();
});

describe('a source that is slow', { timeout: 120_000 }, () => {
  it('gives up on requests that never answer or trickle, keeps what was indexed, and syncs the other sources', async () => {
    site.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nAllow: /\n' });
    site.set('/sitemap.xml', {
      type: 'application/xml',
      body: sitemap({ '/en/parking': '2025-03-01', '/en/libraries': '2025-03-01', '/en/pools': '2025-03-01' }),
    });
    site.set(
      '/en/parking',
      page('Parking permits', 'A resident parking permit costs thirty pounds a year in Pontypool town centre.'),
    );
    site.set('/en/libraries', {
      type: 'text/html; charset=utf-8',
      body: councilPage({
        title: 'Library opening hours',
        language: 'en',
        body: ['Cwmbran library opens until eight in the evening on Wednesdays.'],
        links: ['/docs/library-charges.pdf'],
      }),
    });
    site.set('/docs/library-charges.pdf', {
      type: 'application/pdf',
      body: makePdf(['Library charges', 'Borrowing an audiobook costs one pound fifty for three weeks.']),
    });
    site.set(
      '/en/pools',
      page('Swimming pools', 'Pontypool Active Living Centre has lane swimming before work every weekday.'),
    );
    news.set('/feed', rss('Road resurfacing', 'The A4042 is resurfaced at night during April.'));

    const sources = sourcesOf(pont);
    const website = await sources.add(operator, {
      kind: 'website',
      url: `${site.url}/sitemap.xml`,
      council: 'torfaen',
      settings: { rate: 100 },
    });
    const [first] = await sources.sync(operator, [website.id]);
    expect(first).toMatchObject({ added: 4, failed: [] });

    // The library page stops answering and the pools page trickles; a second source never answers at all.
    site.set('/sitemap.xml', {
      type: 'application/xml',
      body: sitemap({ '/en/parking': '2025-03-01', '/en/libraries': '2025-04-01', '/en/pools': '2025-04-01' }),
    });
    site.set('/en/libraries', { ...page('Library opening hours', ''), slow: 'hang' });
    site.set('/en/pools', { ...page('Swimming pools', ''), slow: 'trickle' });
    const silent = await startFakeWebsite();
    silent.set('/feed', { type: 'application/rss+xml', body: '', slow: 'hang' });
    const silentFeed = await sources.add(operator, {
      kind: 'feed',
      url: `${silent.url}/feed`,
      council: 'torfaen',
      settings: { rate: 100 },
    });
    const newsFeed = await sources.add(operator, {
      kind: 'feed',
      url: `${news.url}/feed`,
      council: 'blaenau-gwent',
      settings: { rate: 100 },
    });

    const started = Date.now();
    const reports = await sources.sync(operator, []);
    const seconds = (Date.now() - started) / 1000;
    await silent.close();

    const report = (id: string) => reports.find((candidate) => candidate.id === id)!;
    // The charges PDF is linked only from the page that stopped answering: it is still asked for (a 304), not removed.
    expect(report(website.id)).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 2 });
    expect(report(website.id).failed).toEqual([
      { url: `${site.url}/en/libraries`, reason: 'timed out' },
      { url: `${site.url}/en/pools`, reason: 'timed out' },
    ]);
    expect(report(silentFeed.id).error).toBe('the feed could not be read (timed out); nothing was changed');
    expect(report(newsFeed.id)).toMatchObject({ added: 1, failed: [] });
    // Three slow requests of one second each, not a hang: well under the half minute a request would wait by default.
    expect(seconds).toBeLessThan(20);

    const kept = await pont.knowledge.search('Cwmbran library Wednesdays evening');
    expect(kept[0]?.source).toBe(`${site.url}/en/libraries`);
    const alsoKept = await pont.knowledge.search('lane swimming before work');
    expect(alsoKept[0]?.source).toBe(`${site.url}/en/pools`);
    expect((await pont.knowledge.search('audiobook borrowing charge'))[0]?.source).toBe(
      `${site.url}/docs/library-charges.pdf`,
    );
    const listed = await sources.list();
    expect(listed.find((source) => source.id === website.id)).toMatchObject({
      documents: 4,
      lastError: `2 item(s) could not be read; first: ${site.url}/en/libraries (timed out)`,
    });
    expect(listed.find((source) => source.id === silentFeed.id)?.lastError).toMatch(/timed out/);
  });

  it('takes a source’s own timeout from "pont sources add --timeout", and refuses one that is not 1-600 seconds', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-slow-source-'));
    const folder = await openFolder(dataDir);
    try {
      const environment = { LOG_LEVEL: 'silent', PONT_FETCH_ALLOW: '127.0.0.1' };
      const added = await folder.run(
        ['sources', 'add', 'feed', `${news.url}/feed`, '--council', 'torfaen', '--timeout', '5', '--json'],
        environment,
      );
      expect(added.status).toBe(0);
      const id = (JSON.parse(added.stdout) as { source: { id: string } }).source.id;
      const shown = await folder.run(['sources', 'show', id, '--json'], environment);
      expect(shown.stdout).toContain('"timeoutMs":5000');
      const refused = await folder.run(
        ['sources', 'add', 'feed', `${news.url}/other-feed`, '--council', 'torfaen', '--timeout', '900', '--json'],
        environment,
      );
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('--timeout 900 is too long: give 1-600 seconds');
    } finally {
      await folder.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
