import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../../support/browser.ts';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

let server: WebTestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Script errors and Content-Security-Policy refusals seen in the page. */
const pageProblems: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebTestServer(), launchBrowser()]);
  context = await browser.newContext({ locale: 'en-GB' });
  page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      pageProblems.push(message.text());
  });
  await page.goto(server.url + '/');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function chooseIdentity(email: string): Promise<void> {
  await page.getByLabel('Your work email').fill(email);
  await page.getByRole('button', { name: 'Use this email' }).click();
  await expect.poll(() => page.locator('#identity-status').textContent()).toContain(email);
}

async function ask(text: string): Promise<ReturnType<Page['locator']>> {
  const before = await page.locator('.turn.pont').count();
  await page.getByLabel('Your question or request').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  const reply = page.locator('.turn.pont').nth(before);
  await reply.and(page.locator(':not([aria-busy])')).waitFor();
  return reply;
}

describe('the chat page', () => {
  it('acts for the directory person chosen by email', async () => {
    await chooseIdentity('gareth.lewis@torfaen.gov.uk');
    await expect.poll(() => page.locator('#identity-status').textContent()).toContain('Gareth Lewis');
  });

  it('refuses an email that is not a visible person in the directory', async () => {
    await page.getByLabel('Your work email').fill('robert.king@blaenau-gwent.gov.uk');
    await page.getByRole('button', { name: 'Use this email' }).click();
    await expect.poll(() => page.locator('#identity-message').textContent()).toContain('not in the staff directory');
    await expect.poll(() => page.locator('#identity-status').textContent()).toContain('Gareth Lewis');
  });

  it('answers a question with a cited source that opens', async () => {
    const reply = await ask('Is the federation a merger?');
    await expect.poll(() => reply.textContent()).toContain('not a merger');
    // The quote is shown once: in the answer, not again under its source.
    expect((await reply.textContent())!.match(/two councils of equal status/g)).toHaveLength(1);
    const source = reply.locator('ol.sources a').first();
    expect(await source.textContent()).toContain('fact sheet');
    const [opened] = await Promise.all([context.waitForEvent('page'), source.click()]);
    await opened.waitForLoadState();
    expect(await opened.locator('body').textContent()).toContain('A federation, not a merger');
    await opened.close();
  });

  it('looks up a skill and shows the visible people who have it', async () => {
    const reply = await ask('skills GIS');
    await expect.poll(() => reply.locator('.person').count()).toBeGreaterThan(0);
    const text = await reply.textContent();
    expect(text).toContain('Leanne Smith');
    expect(text).not.toContain('Robert King');
  });

  it('finds my counterpart in the other council', async () => {
    const reply = await ask('counterpart');
    await expect.poll(() => reply.locator('.person').count()).toBeGreaterThan(0);
    expect(await reply.locator('.person').first().textContent()).toContain('Blaenau Gwent');
    expect(await reply.textContent()).toContain('Matthew Jones');
  });

  it('opens a sharing request, lists it, and lets the person it went to pick it up', async () => {
    await page
      .getByLabel('What would you like to learn from the other council?')
      .fill('How do you plan your waste collection rounds?');
    await page.getByRole('button', { name: 'Open the request' }).click();
    const card = page.locator('#requests .request', { hasText: 'waste collection rounds' });
    await card.waitFor();
    const routedTo = await card.locator('dd').nth(2).textContent();
    expect(routedTo).toContain('blaenau-gwent.gov.uk');

    await chooseIdentity(routedTo!.split(',')[0]!.trim());
    const theirCard = page.locator('#requests .request', { hasText: 'waste collection rounds' });
    await theirCard.getByRole('button', { name: 'I will answer this' }).click();
    await expect.poll(() => theirCard.textContent()).toContain('Picked up');
  });

  it('follows the request to an answer that the requester marks helpful and closes', async () => {
    const card = page.locator('#requests .request', { hasText: 'waste collection rounds' });
    await card.getByLabel('Your answer').fill('We plan rounds in our routing tool each spring.');
    await card.getByRole('button', { name: 'Send the answer' }).click();
    await expect.poll(() => card.textContent()).toContain('Answered');

    await chooseIdentity('gareth.lewis@torfaen.gov.uk');
    const requesterCard = page.locator('#requests .request', { hasText: 'waste collection rounds' });
    await expect.poll(() => requesterCard.textContent()).toContain('routing tool each spring');
    await requesterCard.getByRole('button', { name: 'This helped' }).click();
    await expect.poll(() => page.locator('#requests-message').textContent()).toBe('Done.');
    await page
      .locator('#requests .request', { hasText: 'waste collection rounds' })
      .getByRole('button', { name: 'Close the request' })
      .click();
    await expect
      .poll(() => page.locator('#requests .request', { hasText: 'waste collection rounds' }).textContent())
      .toContain('Closed');
  });

  it('switches every fixed string to Welsh and replies in Welsh', async () => {
    await page.getByRole('link', { name: 'Cymraeg', exact: true }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('Pwy ydych chi?');
    expect(await page.getByRole('button', { name: 'Anfon', exact: true }).count()).toBe(1);
    expect(await page.title()).toContain('gofyn');
    const before = await page.locator('.turn.pont').count();
    await page.getByLabel('Eich cwestiwn neu gais').fill('Pwy yw’r Prif Weithredwr ar y Cyd?');
    await page.getByRole('button', { name: 'Anfon', exact: true }).click();
    const reply = page.locator('.turn.pont').nth(before);
    await reply.and(page.locator(':not([aria-busy])')).waitFor();
    expect(await reply.getAttribute('lang')).toBe('cy');
    expect(await reply.locator('.speaker').textContent()).toBe('Pont');
  });

  it('has no serious accessibility violations, in either language', async () => {
    await page.screenshot({ path: '/tmp/pont-chat-cy.png', fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'English', exact: true }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.screenshot({ path: '/tmp/pont-chat.png', fullPage: true });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('can be used from the keyboard: the skip link goes to the main content', async () => {
    await page.reload();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe('Skip to the main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('ran without a script error or a Content-Security-Policy refusal', () => {
    expect(pageProblems).toEqual([]);
  });
});
