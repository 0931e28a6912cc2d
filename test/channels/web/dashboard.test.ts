import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Incoming } from '../../../src/core/assistant/types.ts';
import { launchBrowser, seriousAccessibilityViolations } from '../../support/browser.ts';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

let server: WebTestServer;
let browser: Browser;
let page: Page;
/** Script errors and Content-Security-Policy refusals seen in the page. */
const pageProblems: string[] = [];

const adminToken = 'test-admin-token-4f1c-9b2e7d05a8c3f61e';
const chartNames = ['questions', 'gaps', 'services', 'directions', 'response-times', 'connections'];

function incoming(text: string, email: string | null = null): Incoming {
  return { channel: 'web', channelUserId: email, person: null, email, isAdmin: false, text };
}

/** Some activity through the core: questions answered and not, and requests both ways, one of them answered. */
async function seedActivity(): Promise<void> {
  const { assistant, sharing } = server.pont;
  await assistant.handle(incoming('Is the federation a merger?'));
  await assistant.handle(incoming('Who is the Joint Chief Executive?'));
  for (let times = 0; times < 3; times += 1)
    await assistant.handle(incoming('What is the parking allowance for the Ebbw Vale depot?'));
  await assistant.handle(incoming('How many gritting lorries does each council own?'));
  const fromTorfaen = await sharing.open({
    text: 'How do you plan your waste collection rounds?',
    fromEmail: 'gareth.lewis@torfaen.gov.uk',
  });
  await sharing.open({
    text: 'How do you keep your GIS mapping data up to date?',
    fromEmail: 'leanne.smith@blaenau-gwent.gov.uk',
  });
  const helper = { email: fromTorfaen.routedTo[0]!, isAdmin: false, via: 'web' };
  await sharing.claim(fromTorfaen.id, helper);
  await sharing.answer(
    fromTorfaen.id,
    'We plan rounds in our routing tool every spring and review them after each bank holiday.',
    helper,
  );
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startWebTestServer({ PONT_ADMIN_TOKEN: adminToken, PONT_ADMINS: 'gareth.lewis@torfaen.gov.uk' }),
    launchBrowser(),
  ]);
  await seedActivity();
  const context = await browser.newContext({ locale: 'en-GB', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      pageProblems.push(message.text());
  });
  // The admin chooses who they are on the chat page; PONT_ADMINS then opens the dashboard to them.
  await page.goto(server.url + '/');
  await page.getByLabel('Your work email').fill('gareth.lewis@torfaen.gov.uk');
  await page.getByRole('button', { name: 'Use this email' }).click();
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.locator('body[data-dashboard="ready"]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the dashboard', () => {
  it('shows the headline figures from the database', async () => {
    const summary = await page.locator('#summary').textContent();
    expect(summary).toContain('Questions asked');
    expect(await page.locator('#summary dd').first().textContent()).toBe('6');
    expect(summary).toContain('Sharing requests');
  });

  it('draws every chart on its canvas', async () => {
    for (const name of chartNames) {
      const painted = await page.locator(`#chart-${name}`).evaluate((canvas: HTMLCanvasElement) => {
        const context = canvas.getContext('2d')!;
        const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
        let count = 0;
        for (let index = 3; index < data.length; index += 4) if (data[index]! > 0) count += 1;
        return count;
      });
      expect(painted, `chart ${name} has drawn pixels`).toBeGreaterThan(500);
    }
  });

  it('lists the most asked unanswered question as a documentation gap', async () => {
    await page.getByText('Show the figures as a table').nth(1).click();
    const table = page.locator('#table-gaps table');
    expect(await table.locator('tbody tr').first().textContent()).toContain('parking allowance');
    expect(await table.locator('tbody tr').first().locator('td').textContent()).toBe('3');
  });

  it('shows the requests in both directions between the councils', async () => {
    const rows = await page.locator('#table-directions tbody tr').allTextContents();
    expect(rows).toEqual(['TorfaenBlaenau Gwent1', 'Blaenau GwentTorfaen1']);
  });

  it('downloads a chart’s figures as CSV', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-chart="gaps"] a.csv-link').click(),
    ]);
    expect(download.suggestedFilename()).toBe('pont-gaps.csv');
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Question,Times asked');
    expect(lines[1]).toMatch(/parking allowance.*,3$/i);
  });

  it('switches to Welsh, charts and tables included', async () => {
    await page.getByRole('link', { name: 'Cymraeg', exact: true }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    await expect.poll(() => page.locator('#summary').textContent()).toContain('Cwestiynau a ofynnwyd');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cydweithio ar draws y ffederasiwn');
    await expect.poll(() => page.locator('#table-directions thead').textContent()).toContain('Ceisiadau');
    await page.screenshot({ path: '/tmp/pont-dashboard-cy.png', fullPage: true });
  });

  it('has no serious accessibility violations', async () => {
    await page.getByRole('link', { name: 'English', exact: true }).click();
    await page.screenshot({ path: '/tmp/pont-dashboard.png', fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('ran without a script error or a Content-Security-Policy refusal', () => {
    expect(pageProblems).toEqual([]);
  });
});

describe('access over HTTP', () => {
  const fromNetwork = { 'X-Forwarded-For': '203.0.113.7' };

  it('refuses the page, its API and the figures to a request from the network without the token', async () => {
    const pageResponse = await fetch(server.url + '/', { headers: { ...fromNetwork, Accept: 'text/html' } });
    const apiResponse = await fetch(server.url + '/api/chat', {
      method: 'POST',
      headers: { ...fromNetwork, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    const csvResponse = await fetch(server.url + '/dashboard/gaps.csv', { headers: fromNetwork });
    expect([pageResponse.status, apiResponse.status, csvResponse.status]).toEqual([401, 401, 401]);
    const body = await pageResponse.text();
    expect(body).toContain('Admin token');
    expect(body).not.toContain('id="chat-form"');
  });

  it('lets the network in with the admin token as a bearer header', async () => {
    const response = await fetch(server.url + '/dashboard/directions.csv', {
      headers: { ...fromNetwork, Authorization: `Bearer ${adminToken}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Torfaen,Blaenau Gwent,1');
  });

  it('signs in from the network with the admin token and then shows the chat page', async () => {
    const wrong = await fetch(server.url + '/sign-in', {
      method: 'POST',
      redirect: 'manual',
      headers: { ...fromNetwork, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'token=guess&next=%2F',
    });
    expect(wrong.status).toBe(401);
    const signIn = await fetch(server.url + '/sign-in', {
      method: 'POST',
      redirect: 'manual',
      headers: { ...fromNetwork, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: adminToken, email: 'aled.jenkins@torfaen.gov.uk', next: '/' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const chat = await fetch(server.url + '/', { headers: { ...fromNetwork, Cookie: cookie } });
    expect(chat.status).toBe(200);
    const html = await chat.text();
    expect(html).toContain('aled.jenkins@torfaen.gov.uk');
    expect(html).toContain('action="/sign-out"');

    const signOut = await fetch(server.url + '/sign-out', {
      method: 'POST',
      redirect: 'manual',
      headers: { ...fromNetwork, Cookie: cookie },
    });
    expect(signOut.status).toBe(303);
    const afterwards = await fetch(server.url + '/', { headers: { ...fromNetwork, Cookie: cookie } });
    expect(afterwards.status).toBe(401);
  });

  it('shows the sign-in form to a browser on the network, and the chat page once the token is given', async () => {
    const context = await browser.newContext({ locale: 'en-GB', extraHTTPHeaders: fromNetwork });
    const remote = await context.newPage();
    const refused = await remote.goto(server.url + '/');
    expect(refused?.status()).toBe(401);
    expect(await remote.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Pont');
    expect(await seriousAccessibilityViolations(remote)).toEqual([]);
    await remote.getByLabel('Admin token').fill(adminToken);
    await remote.getByLabel('Your work email (optional)').fill('aled.jenkins@torfaen.gov.uk');
    await remote.getByRole('button', { name: 'Sign in' }).click();
    await remote.locator('#chat-form').waitFor();
    await expect.poll(() => remote.locator('#identity-status').textContent()).toContain('Aled Jenkins');
    await context.close();
  });

  it('refuses a form posted from another site', async () => {
    const response = await fetch(server.url + '/sign-in', {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: 'https://attacker.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: adminToken }).toString(),
    });
    expect(response.status).toBe(403);
  });

  it('keeps the dashboard from someone on this computer who is not an admin', async () => {
    const chosen = await fetch(server.url + '/api/identity', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'aled.jenkins@torfaen.gov.uk' }),
    });
    expect(chosen.status).toBe(200);
    const cookie = chosen.headers.get('set-cookie')!.split(';')[0]!;
    const dashboard = await fetch(server.url + '/dashboard', { headers: { Cookie: cookie } });
    const figures = await fetch(server.url + '/dashboard/data.json', { headers: { Cookie: cookie } });
    expect([dashboard.status, figures.status]).toEqual([403, 403]);
    expect(await dashboard.text()).toContain('The dashboard is for admins');
  });
});
