import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFolder, type OpenFolder } from '../support/cli.ts';
import { councilPage, startFakeWebsite, type FakeWebsite } from '../support/fake-website.ts';
import { makePdf } from '../ingest/make-fixtures.ts';

let site: FakeWebsite;
let dataDir: string;
let folder: OpenFolder;
const environment = () => ({
  LOG_LEVEL: 'silent',
  PONT_FETCH_ALLOW: '127.0.0.1',
  PONT_ADMINS: 'it.admin@torfaen.gov.uk',
});
/** The parts of the commands' JSON the tests read. */
interface Printed {
  source: { id: string };
  sources: {
    id: string;
    error?: string;
    lastError?: string;
    lastSync?: string;
    failed: { url: string; reason: string }[];
  }[];
  citations: { source: string; published?: string; twin?: string }[];
  answer: string;
  results?: unknown[];
  removed: unknown;
}
const pont = async (...argv: string[]) => {
  const run = await folder.run([...argv, '--json'], environment());
  return { ...run, json: () => JSON.parse(run.stdout) as Printed };
};
const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: { code: string; message: string } }).error;

function sitemap(paths: string[], changed: Record<string, string> = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>${site.url}${p}</loc><lastmod>${changed[p] ?? '2025-03-01'}</lastmod></url>`).join('')}</urlset>`;
}

function putPages(): void {
  site.set('/robots.txt', { type: 'text/plain', body: 'User-agent: *\nDisallow: /en/private/\n' });
  site.set('/sitemap.xml', {
    type: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${site.url}/sitemap-en.xml</loc></sitemap><sitemap><loc>${site.url}/sitemap-cy.xml</loc></sitemap></sitemapindex>`,
  });
  site.set('/sitemap-en.xml', {
    type: 'application/xml',
    body: sitemap([
      '/en/bins',
      '/en/news/garden-waste',
      '/en/private/salaries',
      '/en/broken',
      '/en/loop',
      '/en/old-page',
    ]),
  });
  site.set('/sitemap-cy.xml', { type: 'application/xml', body: sitemap(['/cy/biniau']) });
  site.set('/en/bins', {
    type: 'text/html; charset=utf-8',
    body: councilPage({
      title: 'Bin collection days',
      language: 'en',
      twin: { language: 'cy', href: `${site.url}/cy/biniau` },
      body: [
        'Recycling boxes are collected every week on the same day as your black bin.',
        'Put your boxes out by 7am on collection day.',
      ],
    }),
  });
  site.set('/cy/biniau', {
    type: 'text/html; charset=utf-8',
    body: councilPage({
      title: 'Diwrnodau casglu biniau',
      language: 'cy',
      twin: { language: 'en', href: `${site.url}/en/bins` },
      body: [
        'Mae blychau ailgylchu yn cael eu casglu bob wythnos ar yr un diwrnod â’ch bin du.',
        'Rhowch eich blychau allan erbyn 7am ar y diwrnod casglu.',
      ],
    }),
  });
  site.set('/en/news/garden-waste', {
    type: 'text/html; charset=utf-8',
    body: councilPage({
      title: 'Garden waste subscriptions open',
      language: 'en',
      published: '2025-02-14',
      body: ['Garden waste collections restart in March for households with a subscription.'],
      links: ['/docs/garden-waste-policy.pdf', '/docs/huge-report.pdf'],
    }),
  });
  site.set('/docs/garden-waste-policy.pdf', {
    type: 'application/pdf',
    body: makePdf([
      'Garden waste policy',
      'A garden waste subscription costs forty pounds a year and covers one brown bin.',
    ]),
  });
  site.set('/docs/huge-report.pdf', {
    type: 'application/pdf',
    body: Buffer.alloc(64 * 1024, 32),
    declaredLength: 2 * 1024 * 1024 * 1024,
  });
  site.set('/en/private/salaries', {
    type: 'text/html',
    body: councilPage({ title: 'Salaries', language: 'en', body: ['Private salary bands that robots.txt keeps out.'] }),
  });
  site.set('/en/broken', { type: 'text/html', body: 'Internal error', status: 500 });
  site.set('/en/loop', { type: 'text/html', body: '', status: 302, location: '/en/loop-back' });
  site.set('/en/loop-back', { type: 'text/html', body: '', status: 302, location: '/en/loop' });
  site.set('/en/old-page', {
    type: 'text/html; charset=utf-8',
    body: councilPage({
      title: 'Bulky waste collections',
      language: 'en',
      bare: true,
      body: ['Bulky waste collections cost twenty pounds for up to three items.'],
    }),
  });
}

// NOTE: the file's commands share one open database (openFolder); each still builds its own Pont.
describe('pont sources: a council website through its sitemap', { timeout: 400_000 }, () => {
  let id = '';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-sources-web-'));
    folder = await openFolder(dataDir);
    site = await startFakeWebsite();
    putPages();
  });

  afterAll(async () => {
    await site.close();
    await folder?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds a website source for a council, refusing bad input and people who do not administer the council', async () => {
    const unknownKind = await pont('sources', 'add', 'ftp', `${site.url}/`, '--council', 'torfaen');
    expect(unknownKind.status).toBe(1);
    expect(errorOf(unknownKind.stderr).message).toBe(
      '"ftp" is not a kind of source: give website, moderngov, sharepoint, feed',
    );
    const badCouncil = await pont('sources', 'add', 'website', `${site.url}/sitemap.xml`, '--council', 'cardiff');
    expect(errorOf(badCouncil.stderr).message).toBe(
      '--council "cardiff" is not a council: give blaenau-gwent or torfaen',
    );
    const notAdmin = await pont(
      'sources',
      'add',
      'website',
      `${site.url}/sitemap.xml`,
      '--council',
      'torfaen',
      '--as',
      'someone@torfaen.gov.uk',
    );
    expect(notAdmin.status).toBe(1);
    expect(errorOf(notAdmin.stderr)).toEqual({
      code: 'forbidden',
      message: 'someone@torfaen.gov.uk is not an admin of torfaen: only its admins manage its sources',
    });

    const added = await pont(
      'sources',
      'add',
      'website',
      `${site.url}/sitemap.xml`,
      '--council',
      'Torfaen',
      '--every',
      '1d',
      '--rate',
      '50',
      '--as',
      'IT.Admin@torfaen.gov.uk',
    );
    expect(added.status).toBe(0);
    id = added.json().source.id;
    expect(added.json()).toEqual({
      source: { id, kind: 'website', url: `${site.url}/sitemap.xml`, council: 'torfaen' },
    });
    const again = await pont('sources', 'add', 'website', `${site.url}/sitemap.xml`, '--council', 'torfaen');
    expect(errorOf(again.stderr).code).toBe('conflict');
  });

  it('reads the sitemap index, honours robots.txt, records broken pages and reads linked PDFs', async () => {
    const sync = await pont('sources', 'sync', id);
    expect(sync.status).toBe(0);
    const [report] = sync.json().sources;
    expect(report).toMatchObject({ id, added: 5, updated: 0, removed: 0, unchanged: 0 });
    const failures = Object.fromEntries(
      report!.failed.map((failure) => [failure.url.replace(site.url, ''), failure.reason]),
    );
    expect(failures).toEqual({
      '/en/broken': 'unreachable (HTTP 500)',
      '/en/loop': 'refused: more than 5 redirects',
      '/docs/huge-report.pdf': 'larger than 25.0 MB (2048.0 MB)',
    });
    expect(site.requests.some((request) => request.path.startsWith('/en/private/'))).toBe(false);

    const answer = await pont('ask', 'How much does a garden waste subscription cost?');
    expect(answer.json().citations[0]).toMatchObject({ source: `${site.url}/docs/garden-waste-policy.pdf` });
    const news = await pont('ask', 'When do garden waste collections restart?');
    expect(news.json().citations[0]).toMatchObject({
      source: `${site.url}/en/news/garden-waste`,
      published: '2025-02-14',
    });
    // A page and its twin are a pair: the answer cites the Welsh page with its English twin, and the other way round.
    const welsh = await pont('ask', 'Pryd mae blychau ailgylchu yn cael eu casglu?');
    expect(welsh.json().citations).toContainEqual(
      expect.objectContaining({ source: `${site.url}/cy/biniau`, twin: `${site.url}/en/bins` }),
    );
    expect(welsh.json().answer).toContain(`yn Saesneg: ${site.url}/en/bins`);
    const english = await pont('ask', 'When are recycling boxes collected?');
    expect(english.json().citations).toContainEqual(
      expect.objectContaining({ source: `${site.url}/en/bins`, twin: `${site.url}/cy/biniau` }),
    );
    expect(english.json().answer).toContain(`in Welsh: ${site.url}/cy/biniau`);
    // The site's chrome is not indexed: the cookie banner and footer are nowhere in the answers' passages.
    const chrome = await pont('search', 'cookies accessibility statement');
    expect(chrome.json().results ?? chrome.json()).toEqual([]);
  });

  it('re-syncs by what changed: pages whose sitemap date is the same are not requested, files are asked conditionally; a change is replaced, a deletion removed', async () => {
    const before = site.requests.length;
    const unchanged = await pont('sources', 'sync', id);
    expect(unchanged.json().sources[0]).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 5 });
    const pageRequests = site.requests
      .slice(before)
      .filter(
        (request) =>
          /^\/(en|cy|docs)\//.test(request.path) &&
          request.status !== 500 &&
          request.status !== 302 &&
          !request.path.includes('huge'),
      );
    expect(pageRequests.map((request) => `${request.path} ${request.status} ${request.conditional}`)).toEqual([
      '/docs/garden-waste-policy.pdf 304 true',
    ]);

    site.set('/en/bins', {
      type: 'text/html; charset=utf-8',
      body: councilPage({
        title: 'Bin collection days',
        language: 'en',
        twin: { language: 'cy', href: `${site.url}/cy/biniau` },
        body: ['Recycling boxes are collected every fortnight on the same day as your black bin.'],
      }),
    });
    site.set('/sitemap-en.xml', {
      type: 'application/xml',
      body: sitemap(['/en/bins', '/en/news/garden-waste', '/en/broken', '/en/loop'], { '/en/bins': '2025-03-20' }),
    });
    const changed = await pont('sources', 'sync', id);
    expect(changed.json().sources[0]).toMatchObject({ added: 0, updated: 1, removed: 1, unchanged: 3 });
    const bins = await pont('ask', 'How often are recycling boxes collected?');
    expect(bins.json().answer).toMatch(/every fortnight/);
    expect(bins.json().answer).not.toMatch(/every week/);
    const bulky = await pont('search', 'bulky waste collections cost');
    expect(JSON.stringify(bulky.json())).not.toContain('/en/old-page');

    // At a terminal, a sync shows a progress bar with counts and rate, then the summary.
    const plain = await folder.run(['sources', 'sync', id], environment());
    expect(plain.status).toBe(0);
    expect(plain.stderr).toMatch(
      new RegExp(
        `source ${id} \\[[^\\]]*\\] 7/7 \\| 0 added, 0 updated, 0 removed, 4 unchanged, 3 failed \\| [\\d.]+/s`,
      ),
    );
    expect(plain.stdout).toMatch(new RegExp(`^source ${id}: 0 added, 0 updated, 0 removed, 4 unchanged, 3 failed\n`));
    expect(plain.stdout).toContain(`\n  ${site.url}/en/broken: unreachable (HTTP 500)\n`);
  });

  it('keeps what was indexed when the sitemap is malformed, and says so on the source', async () => {
    site.set('/sitemap-en.xml', { type: 'application/xml', body: '<?xml version="1.0"?><urlset><url><loc>broken' });
    const sync = await pont('sources', 'sync', id);
    expect(sync.status).toBe(1);
    expect(sync.json().sources[0]).toMatchObject({ id, removed: 0 });
    expect(sync.json().sources[0]!.error).toMatch(/sitemap-en\.xml is not well-formed XML .*nothing was removed/);
    const list = await pont('sources', 'list');
    expect(list.json().sources[0]).toMatchObject({ id, kind: 'website', council: 'torfaen', documents: 4 });
    expect(list.json().sources[0]!.lastError).toMatch(/not well-formed XML/);
    expect(list.json().sources[0]!.lastSync).toMatch(/^\d{4}-\d\d-\d\dT/);
    const still = await pont('ask', 'How much does a garden waste subscription cost?');
    expect(still.json().citations[0]!.source).toBe(`${site.url}/docs/garden-waste-policy.pdf`);
  });

  it('keeps to the fetch policy: without PONT_FETCH_ALLOW a loopback site is refused and nothing changes', async () => {
    const refused = await folder.run(['sources', 'sync', id, '--json'], { LOG_LEVEL: 'silent' });
    expect(refused.status).toBe(1);
    const [report] = (JSON.parse(refused.stdout) as Printed).sources;
    expect(report!.error).toBe(
      `robots.txt of ${site.url} could not be read (refused: 127.0.0.1 is a loopback, private, link-local or other special address; IT can allow it with PONT_FETCH_ALLOW); nothing was fetched`,
    );
    expect((await pont('sources', 'list')).json().sources[0]).toMatchObject({ documents: 4 });
  });

  it('removes a source and the documents only it held', async () => {
    const removed = await pont('sources', 'remove', id);
    expect(removed.json()).toEqual({ removed: { id, documents: 4 } });
    const answer = await pont('ask', 'How much does a garden waste subscription cost?');
    expect(answer.json().citations).toEqual([]);
    expect((await pont('sources', 'list')).json()).toEqual({ sources: [] });
  });
});
