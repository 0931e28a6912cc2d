import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcesOf } from '../../src/sources/index.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import {
  blaenauGwentAdmin,
  councilsWithTheirAdmins,
  torfaenAdmin,
  writeCouncilsFile,
} from '../support/councils-file.ts';
import { startFakeWebsite, type FakeWebsite } from '../support/fake-website.ts';
import { startWebTestServer, type WebTestServer } from '../channels/web/web-test-pont.ts';

// Each council's admins open the dashboard and see their own council's sources: kind, address, documents, last
// sync, last result or error, and the next sync, in English and Welsh.
let web: WebTestServer;
let site: FakeWebsite;
let folder: string;
const operator = { email: null, isAdminOf: () => false };

const feed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Torfaen news</title><link>https://www.torfaen.gov.uk/news</link>
<item><title>New recycling centre hours</title><link>https://www.torfaen.gov.uk/news/recycling-hours</link><pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate><description>The recycling centre at New Inn opens until 7pm on Thursdays from April.</description></item>
<item><title>Library card amnesty</title><link>https://www.torfaen.gov.uk/news/library-amnesty</link><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate><description>Overdue library books can be returned without a fine during March.</description></item>
</channel></rss>`;

type Table = { title: string; columns: string[]; rows: (string | number | null)[][] };

/** Chooses who the visitor on this computer is, as the chat page does, and returns the session cookie. */
async function cookieFor(email: string): Promise<string> {
  const response = await fetch(`${web.url}/api/identity`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

async function sourcesTable(email: string, language = 'en'): Promise<Table> {
  const response = await fetch(`${web.url}/dashboard/data.json?lang=${language}`, {
    headers: { Cookie: await cookieFor(email) },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sources: Table }).sources;
}

let feedId: string;
let downId: string;
let onDemandId: string;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-sources-dashboard-'));
  [web, site] = await Promise.all([
    startWebTestServer({
      PONT_COUNCILS_FILE: writeCouncilsFile(folder, councilsWithTheirAdmins),
      PONT_FETCH_ALLOW: '127.0.0.1',
    }),
    startFakeWebsite(),
  ]);
  site.set('/news/feed', { type: 'application/rss+xml', body: feed });
  const sources = sourcesOf(web.pont);
  feedId = (
    await sources.add(operator, {
      kind: 'feed',
      url: `${site.url}/news/feed`,
      council: 'torfaen',
      settings: { rate: 100 },
    })
  ).id;
  const down = await startFakeWebsite();
  await down.close();
  downId = (
    await sources.add(operator, {
      kind: 'website',
      url: `${down.url}/sitemap.xml`,
      council: 'blaenau-gwent',
      settings: { rate: 100 },
    })
  ).id;
  onDemandId = (
    await sources.add(operator, {
      kind: 'moderngov',
      url: 'https://democracy.torfaen.gov.uk/',
      council: 'torfaen',
      everySeconds: null,
    })
  ).id;
  await sources.sync(operator, [feedId, downId]);
}, 300_000);

afterAll(async () => {
  await web?.stop();
  await site?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('sources on the dashboard, over HTTP', { timeout: 120_000 }, () => {
  it('shows a council admin their own council’s sources with documents, last result and next sync', async () => {
    const table = await sourcesTable(torfaenAdmin);
    expect(table.title).toBe('Sources kept in sync');
    expect(table.columns).toEqual([
      'Id',
      'Kind',
      'Address',
      'Council',
      'Documents',
      'Last sync',
      'Last result',
      'Problem',
      'Next sync',
    ]);
    expect(table.rows.map((row) => row[0])).toEqual([feedId, onDemandId]);
    const [synced, onDemand] = table.rows as (string | number)[][];
    expect(synced!.slice(1, 5)).toEqual(['News feed', `${site.url}/news/feed`, 'Torfaen', 2]);
    expect(synced![5]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(synced![6]).toBe('2 added, 0 updated, 0 removed, 0 unchanged, 0 failed');
    expect(synced![7]).toBe('');
    expect(Date.parse(String(synced![8]))).toBeGreaterThan(Date.now());
    expect(onDemand!.slice(1, 9)).toEqual([
      'ModernGov',
      'https://democracy.torfaen.gov.uk/',
      'Torfaen',
      0,
      'not synced yet',
      '',
      '',
      'on demand only',
    ]);
  });

  it('shows the other council’s admin only theirs, with the error that stopped its sync', async () => {
    const table = await sourcesTable(blaenauGwentAdmin);
    expect(table.rows.map((row) => row[0])).toEqual([downId]);
    expect(table.rows[0]!.slice(1, 5)).toEqual([
      'Website',
      expect.stringMatching(/\/sitemap\.xml$/),
      'Blaenau Gwent',
      0,
    ]);
    expect(table.rows[0]![7]).toMatch(/ECONNREFUSED/);
    const json = await fetch(`${web.url}/dashboard/sources.json`, {
      headers: { Cookie: await cookieFor(blaenauGwentAdmin) },
    });
    expect(((await json.json()) as { sources: { id: string }[] }).sources.map((source) => source.id)).toEqual([downId]);
  });

  it('words the table in Welsh', async () => {
    const table = await sourcesTable(torfaenAdmin, 'cy');
    expect(table.title).toBe('Ffynonellau a gedwir yn gyfredol');
    expect(table.columns).toContain('Dogfennau');
    expect(table.rows[0]!.slice(1, 2)).toEqual(['Ffrwd newyddion']);
    expect(table.rows[0]![6]).toBe(
      '2 wedi’u hychwanegu, 0 wedi’u diweddaru, 0 wedi’u tynnu, 0 heb newid, 0 wedi methu',
    );
    expect(table.rows[1]![8]).toBe('ar alw yn unig');
  });

  it('keeps every source from staff who administer no council', async () => {
    const cookie = await cookieFor('aled.jenkins@torfaen.gov.uk');
    const [data, json] = await Promise.all([
      fetch(`${web.url}/dashboard/data.json`, { headers: { Cookie: cookie } }),
      fetch(`${web.url}/dashboard/sources.json`, { headers: { Cookie: cookie } }),
    ]);
    expect([data.status, json.status]).toEqual([403, 403]);
    expect(await json.text()).not.toContain('/news/feed');
  });
});

describe('sources on the dashboard page, in a browser', { timeout: 180_000 }, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the admin’s sources in a table, in English and in Welsh', async () => {
    const problems: string[] = [];
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(web.url + '/');
    await page.getByLabel('Your work email').fill(torfaenAdmin);
    await page.getByRole('button', { name: 'Use this email' }).click();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('body[data-dashboard="ready"]').waitFor();

    const section = page.getByRole('region', { name: 'Sources kept in sync' });
    const rows = section.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const feedRow = section.locator(`tr[data-source="${feedId}"]`);
    expect(await feedRow.locator('td').allTextContents()).toEqual([
      'News feed',
      `${site.url}/news/feed`,
      'Torfaen',
      '2',
      expect.stringMatching(/\d{4}/),
      '2 added, 0 updated, 0 removed, 0 unchanged, 0 failed',
      '',
      expect.stringMatching(/\d{4}/),
    ]);
    expect(await feedRow.getByRole('link').getAttribute('href')).toBe(`${site.url}/news/feed`);
    expect(await section.locator(`tr[data-source="${onDemandId}"]`).textContent()).toContain('on demand only');
    expect(await section.textContent()).not.toContain('/sitemap.xml');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Cymraeg', exact: true }).click();
    await expect.poll(() => page.locator('#sources thead').textContent()).toContain('Dogfennau');
    expect(await page.locator(`#sources tr[data-source="${feedId}"]`).textContent()).toContain('Ffrwd newyddion');
    expect(await page.locator('#sources-heading').textContent()).toBe('Ffynonellau a gedwir yn gyfredol');
    expect(problems).toEqual([]);
  });
});
