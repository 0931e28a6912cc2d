import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { SharingRequest } from '../../../src/core/sharing/types.ts';
import { launchBrowser } from '../../support/browser.ts';
import { monmouthshireStaffCsv, writeThreeCouncilsFile } from '../../support/three-councils.ts';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

// With three councils in the councils file, the chat page's share form offers each of them by name, and the web API
// takes one, several or all of the others.
let server: WebTestServer;
let browser: Browser;
let page: Page;
let councils: ReturnType<typeof writeThreeCouncilsFile>;

beforeAll(async () => {
  councils = writeThreeCouncilsFile();
  [server, browser] = await Promise.all([startWebTestServer(councils.environment), launchBrowser()]);
  await server.pont.people.importCsv(monmouthshireStaffCsv, { email: null, isAdmin: true, via: 'test' });
  const context = await browser.newContext({ locale: 'en-GB' });
  page = await context.newPage();
  await page.goto(server.url + '/');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  councils?.remove();
});

async function chooseIdentity(email: string): Promise<void> {
  await page.locator('#identity-email').fill(email);
  await page.locator('#identity-form button[type="submit"]').click();
  await expect.poll(() => page.locator('#identity-status').textContent()).toContain(email);
}

/** Each council box on the share form: its label and whether it is ticked. */
async function councilBoxes(): Promise<[string, boolean][]> {
  const labels = page.locator('#share-targets label');
  const boxes: [string, boolean][] = [];
  for (let index = 0; index < (await labels.count()); index += 1) {
    const label = labels.nth(index);
    boxes.push([((await label.textContent()) ?? '').trim(), await label.locator('input').isChecked()]);
  }
  return boxes;
}

async function requestWith(text: string): Promise<SharingRequest | undefined> {
  return (await server.pont.sharing.list()).find((request) => request.detail === text);
}

async function apiAs(email: string) {
  const response = await fetch(`${server.url}/api/identity`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return (body: unknown) =>
    fetch(`${server.url}/api/requests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
}

describe('the chat page’s share form with three councils', { timeout: 180_000 }, () => {
  it('offers every other council by name, all ticked, and the requester’s own unticked', async () => {
    await chooseIdentity('sian.morgan@torfaen.gov.uk');
    expect(await councilBoxes()).toEqual([
      ['Blaenau Gwent', true],
      ['Monmouthshire', true],
      ['Torfaen (your own council)', false],
    ]);
  });

  it('sends the request to the one council left ticked', async () => {
    const text = 'How do you plan refuse collection rounds after a bank holiday?';
    await page.getByRole('checkbox', { name: 'Blaenau Gwent' }).uncheck();
    await page.getByLabel('What would you like to learn from the other councils?').fill(text);
    await page.getByRole('button', { name: 'Open the request' }).click();
    await page.locator('#requests .request', { hasText: 'refuse collection rounds' }).waitFor();
    const request = (await requestWith(text))!;
    expect(request.targetCouncils).toEqual(['monmouthshire']);
    expect(request.routedTo.every((email) => email.endsWith('@monmouthshire.gov.uk'))).toBe(true);
  });

  it('keeps the ticks and names the councils in Welsh when the language changes', async () => {
    await page.locator('#language-switch').click();
    expect(await councilBoxes()).toEqual([
      ['Blaenau Gwent', false],
      ['Sir Fynwy', true],
      ['Torfaen (eich cyngor chi)', false],
    ]);
  });

  it('says in Welsh that a council must be chosen, and opens nothing, when none is ticked', async () => {
    const before = (await server.pont.sharing.list()).length;
    await page.getByRole('checkbox', { name: 'Sir Fynwy' }).uncheck();
    await page.locator('#share-text').fill('Sut ydych chi’n cynllunio casgliadau?');
    await page.locator('#share-form button[type="submit"]').click();
    await expect
      .poll(() => page.locator('#share-message').textContent())
      .toBe('Dewiswch o leiaf un cyngor i anfon eich cais ato.');
    expect((await server.pont.sharing.list()).length).toBe(before);
  });

  it('ticks the councils other than the new person’s own when the page acts for someone else', async () => {
    await chooseIdentity('karen.phillips@blaenau-gwent.gov.uk');
    expect(await councilBoxes()).toEqual([
      ['Torfaen', true],
      ['Sir Fynwy', true],
      ['Blaenau Gwent (eich cyngor chi)', false],
    ]);
  });

  it('takes several councils through the API, and refuses one that is not configured', async () => {
    const post = await apiAs('sian.morgan@torfaen.gov.uk');
    const text = 'How do you plan your waste collection rota over Christmas?';
    const opened = await post({ text, target: ['blaenau-gwent', 'monmouthshire'], language: 'en' });
    expect(opened.status).toBe(200);
    const request = ((await opened.json()) as { request: SharingRequest }).request;
    expect([...request.targetCouncils].sort()).toEqual(['blaenau-gwent', 'monmouthshire']);
    expect(new Set(request.routedTo.map((email) => email.split('@')[1]))).toEqual(
      new Set(['blaenau-gwent.gov.uk', 'monmouthshire.gov.uk']),
    );

    const refused = await post({ text: 'How do you plan your rounds?', target: ['cardiff'], language: 'en' });
    expect(refused.status).toBe(400);
    const error = ((await refused.json()) as { error: string }).error;
    expect(error).toContain('cardiff');
    expect(error).toContain('monmouthshire');
  });
});
