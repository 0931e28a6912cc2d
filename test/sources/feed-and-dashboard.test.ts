import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcesOf } from '../../src/sources/index.ts';
import { startWebTestServer, type WebTestServer } from '../channels/web/web-test-pont.ts';
import { startFakeWebsite, type FakeWebsite } from '../support/fake-website.ts';

// IT adds Welsh Government's news feed; staff on the web chat get answers cited to the statement and its date,
// and the dashboard shows the source's state.
let web: WebTestServer;
let site: FakeWebsite;
let cookie: string;
const operator = { email: null, isAdminOf: () => false };

const rss = (
  items: { title: string; link: string; date: string; text: string }[],
) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Welsh Government news</title><link>https://www.gov.wales/news</link><language>en-GB</language>
${items.map((item) => `<item><title>${item.title}</title><link>${item.link}</link><guid>${item.link}</guid><pubDate>${item.date}</pubDate><description><![CDATA[<p>${item.text}</p>]]></description></item>`).join('\n')}
</channel></rss>`;

const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="cy"><title>Newyddion</title>
<entry><title>Grant newydd i ganolfannau hamdden</title><link rel="alternate" href="/cy/newyddion/grant-hamdden"/><id>urn:grant-hamdden</id><updated>2025-04-02T09:00:00Z</updated>
<summary>Bydd grant newydd o bum can mil o bunnoedd ar gael i ganolfannau hamdden cymunedol.</summary></entry></feed>`;

describe('news feeds as sources, on the web chat and the dashboard', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    [web, site] = await Promise.all([startWebTestServer({ PONT_FETCH_ALLOW: '127.0.0.1' }), startFakeWebsite()]);
    const response = await fetch(`${web.url}/api/identity`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'ieuan.rowlands@blaenau-gwent.gov.uk' }),
    });
    cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  });

  afterAll(async () => {
    await web?.stop();
    await site?.close();
  });

  it('indexes RSS and Atom entries and cites each to its link and date', async () => {
    site.set('/news/feed', {
      type: 'application/rss+xml',
      body: rss([
        {
          title: 'Free school meals extended',
          link: `${site.url}/news/free-school-meals`,
          date: 'Tue, 11 Mar 2025 10:00:00 GMT',
          text: 'Free school meals are extended to every primary pupil from September 2025.',
        },
        {
          title: 'Road safety grants',
          link: `${site.url}/news/road-safety`,
          date: 'Mon, 03 Mar 2025 09:00:00 GMT',
          text: 'Councils may bid for road safety grants until the end of May.',
        },
      ]),
    });
    site.set('/cy/feed.atom', { type: 'application/atom+xml', body: atom });
    const sources = sourcesOf(web.pont);
    const rssSource = await sources.add(operator, {
      kind: 'feed',
      url: `${site.url}/news/feed`,
      council: 'torfaen',
      settings: { rate: 100 },
    });
    const atomSource = await sources.add(operator, {
      kind: 'feed',
      url: `${site.url}/cy/feed.atom`,
      council: 'blaenau-gwent',
      settings: { rate: 100 },
    });
    // A third source is down: it records its error and the others still sync.
    const down = await startFakeWebsite();
    const downUrl = `${down.url}/feed`;
    await down.close();
    const downSource = await sources.add(operator, {
      kind: 'feed',
      url: downUrl,
      council: 'torfaen',
      settings: { rate: 100 },
    });
    const reports = await sources.sync(operator, []);
    expect(reports.find((report) => report.id === rssSource.id)).toMatchObject({ added: 2, failed: [] });
    expect(reports.find((report) => report.id === atomSource.id)).toMatchObject({ added: 1, failed: [] });
    expect(reports.find((report) => report.id === downSource.id)).toMatchObject({
      added: 0,
      error: 'the feed could not be read (unreachable (ECONNREFUSED)); nothing was changed',
    });

    const response = await fetch(`${web.url}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie },
      body: JSON.stringify({ text: 'Who gets free school meals from September 2025?' }),
    });
    const body = (await response.json()) as {
      reply: { answer: { citations: { source: string; published?: string }[] } };
    };
    expect(body.reply.answer.citations[0]).toMatchObject({
      source: `${site.url}/news/free-school-meals`,
      published: '2025-03-11',
    });
    const welsh = await web.pont.knowledge.search('grant canolfannau hamdden');
    expect(welsh[0]).toMatchObject({
      source: `${site.url}/cy/newyddion/grant-hamdden`,
      language: 'cy',
      published: '2025-04-02',
    });

    // The feed had not changed: a conditional request, and nothing re-indexed.
    const again = await sources.sync(operator, [rssSource.id]);
    expect(again[0]).toMatchObject({ added: 0, updated: 0, unchanged: 0, removed: 0 });
    expect(site.requests.filter((request) => request.path === '/news/feed').map((request) => request.status)).toEqual([
      200, 304,
    ]);
  });

  it('records a malformed feed on the source and shows every source on the dashboard', async () => {
    // Sources of its own, so that it reads the same whichever test runs first.
    site.set('/dashboard-news/feed', {
      type: 'application/rss+xml',
      body: rss([
        {
          title: 'Library opening hours',
          link: `${site.url}/dashboard-news/library-hours`,
          date: 'Wed, 05 Mar 2025 10:00:00 GMT',
          text: 'Libraries open until seven on Thursdays from April.',
        },
        {
          title: 'Bulky waste collections',
          link: `${site.url}/dashboard-news/bulky-waste`,
          date: 'Thu, 06 Mar 2025 10:00:00 GMT',
          text: 'Bulky waste collections can now be booked online.',
        },
      ]),
    });
    site.set('/dashboard-news/feed.atom', {
      type: 'application/atom+xml',
      body: atom
        .replace('urn:grant-hamdden', 'urn:dashboard-grant')
        .replace('/cy/newyddion/grant-hamdden', '/cy/newyddion/grant-dashfwrdd'),
    });
    const down = await startFakeWebsite();
    const downUrl = `${down.url}/feed`;
    await down.close();
    const sources = sourcesOf(web.pont);
    const add = (url: string, council: string) =>
      sources.add(operator, { kind: 'feed', url, council, settings: { rate: 100 } });
    const mine = [
      await add(`${site.url}/dashboard-news/feed`, 'torfaen'),
      await add(`${site.url}/dashboard-news/feed.atom`, 'blaenau-gwent'),
      await add(downUrl, 'torfaen'),
    ];
    await sources.sync(
      operator,
      mine.map((source) => source.id),
    );
    site.set('/dashboard-news/feed', { type: 'application/rss+xml', body: '<rss><channel><item><title>Half a feed' });
    const [report] = await sources.sync(operator, [mine[0]!.id]);
    expect(report!.error).toMatch(/^the feed is not well-formed XML/);

    const dashboard = await fetch(`${web.url}/dashboard/sources.json`, { headers: { cookie } });
    expect(dashboard.status).toBe(200);
    const listed = (
      (await dashboard.json()) as {
        sources: {
          id: string;
          kind: string;
          council: string;
          documents: number;
          lastSync: string | null;
          lastError: string | null;
        }[];
      }
    ).sources.filter((source) => mine.some((one) => one.id === source.id));
    expect(
      listed.map((source) => ({ kind: source.kind, council: source.council, documents: source.documents })),
    ).toEqual([
      { kind: 'feed', council: 'torfaen', documents: 2 },
      { kind: 'feed', council: 'blaenau-gwent', documents: 1 },
      { kind: 'feed', council: 'torfaen', documents: 0 },
    ]);
    expect(listed[2]!.lastError).toMatch(/ECONNREFUSED/);
    expect(listed[0]!.lastError).toMatch(/not well-formed XML/);
    expect(listed[1]!.lastError).toBeNull();
    expect(listed[1]!.lastSync).toMatch(/^\d{4}-/);
  });
});
