import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser.ts';
import { sampleNamesAndEmails } from '../support/test-pont.ts';
import { quotingResponder, startFakeOpenAI, type ChatResponder, type FakeOpenAI } from '../support/fake-openai.ts';
import { startWebTestServer, type WebTestServer } from '../channels/web/web-test-pont.ts';

let model: FakeOpenAI;
let web: WebTestServer;
let browser: Browser | undefined;
let cookie = '';

async function chat(text: string) {
  const response = await fetch(`${web.url}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', cookie },
    body: JSON.stringify({ text }),
  });
  expect(response.status).toBe(200);
  return (await response.json()).reply;
}

beforeAll(async () => {
  model = await startFakeOpenAI();
  web = await startWebTestServer({ OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'gpt-test' });
  const signIn = await fetch(`${web.url}/api/identity`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'sian.morgan@torfaen.gov.uk' }),
  });
  expect(signIn.status).toBe(200);
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await model?.close();
});
beforeEach(() => model.reset());

describe('the web chat with a language model', () => {
  it("routes free text to the counterpart tool, sending the model no one's profile", async () => {
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'find_counterpart', arguments: { of: 'me', council: 'blaenau-gwent' } }],
    });
    const reply = await chat('my opposite number in BG for bins?');
    expect(reply.kind).toBe('people');
    expect(reply.people.length).toBeGreaterThan(0);
    expect(reply.people.every((person: { council: string }) => person.council === 'blaenau-gwent')).toBe(true);
    expect(model.chatRequests()).toHaveLength(1);
    const sent = JSON.stringify(model.requests);
    for (const detail of sampleNamesAndEmails) expect(sent).not.toContain(detail);
  });

  it('answers a documents question fluently, with checked citations', async () => {
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }],
    });
    const reply = await chat('who is running both councils now?');
    expect(reply.kind).toBe('answer');
    expect(reply.answer.answered).toBe(true);
    expect(reply.answer.model).toBe('gpt-test');
    expect(reply.answer.citations[0].quote).toMatch(/Stephen Vickers/);
    expect(model.chatRequests()).toHaveLength(2);
    expect(model.chatRequests()[1]!.body.tools).toBeUndefined();
  });

  it('only proposes a sharing request the model suggests', async () => {
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'open_sharing_request', arguments: { request: 'How do you plan your waste collection rota?' } }],
    });
    const reply = await chat('could you ask blaenau how they plan the bin rota');
    expect(reply).toMatchObject({ kind: 'confirm-share', request: 'How do you plan your waste collection rota?' });
    expect(await web.pont.sharing.list()).toEqual([]);
  });
});

const fabricated = 'Both councils will merge into a single authority in 2027';

/**
 * The quoting answer written a word at a time, with background sentences and one sentence citing a passage
 * the model was never sent (Pont drops it from the final reply).
 */
function slowAnswer(pauseMs: number): ChatResponder {
  return (request) => {
    const quoted = quotingResponder(request);
    if (quoted.kind !== 'text' || !quoted.text.includes('\nSOURCES\n')) return quoted;
    const [answer, sources] = quoted.text.split('\nSOURCES\n');
    const background = Array.from(
      { length: 12 },
      (_, index) => `Background point ${index + 1} is set out in the same arrangements.`,
    ).join(' ');
    return {
      kind: 'text',
      pauseMs,
      text: `${answer} ${fabricated} [99]. ${background}\nSOURCES\n${sources}\n[99] "a quotation that no passage holds"`,
    };
  };
}

function askTheModelAboutTheChiefExecutive(pauseMs: number): void {
  model.enqueue({
    kind: 'tool',
    calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }],
  });
  model.respondWith(slowAnswer(pauseMs));
}

function postChat(text: string, accept: string): Promise<Response> {
  return fetch(`${web.url}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept, cookie },
    body: JSON.stringify({ text }),
  });
}

describe('the web chat streaming a model-written answer', () => {
  it('streams the provisional text as NDJSON, then the checked reply without the made-up citation', async () => {
    askTheModelAboutTheChiefExecutive(2);
    const response = await postChat('who is running both councils now?', 'application/x-ndjson');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    const events = lines.map(
      (line) =>
        JSON.parse(line) as {
          type: string;
          text?: string;
          reply?: { kind: string; answer: { answer: string; citations: { quote: string }[] }; answerId?: string };
        },
    );
    const texts = events.slice(0, -1);
    expect(texts.length).toBeGreaterThan(10);
    expect(texts.every((event) => event.type === 'text')).toBe(true);
    const streamed = texts.map((event) => event.text).join('');
    expect(streamed).toMatch(/Stephen Vickers/);
    expect(streamed).toContain(fabricated);
    expect(streamed).not.toContain('SOURCES');

    const final = events.at(-1)!;
    expect(final.type).toBe('reply');
    expect(final.reply!.kind).toBe('answer');
    expect(final.reply!.answer.answer).toMatch(/Stephen Vickers/);
    expect(final.reply!.answer.answer).toContain('Background point 12');
    expect(final.reply!.answer.answer).not.toContain(fabricated);
    expect(final.reply!.answer.citations.map((citation) => citation.quote).join(' ')).not.toContain('no passage holds');
    expect(final.reply!.answer.citations[0]!.quote).toMatch(/Stephen Vickers/);
    expect(final.reply!.answerId).toBeTruthy();
  });

  it('answers with the whole reply as JSON when the client does not ask for a stream', async () => {
    askTheModelAboutTheChiefExecutive(0);
    const response = await postChat('who is running both councils now?', 'application/json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['reply']);
    expect(body.reply.kind).toBe('answer');
    expect(body.reply.answer.answer).toMatch(/Stephen Vickers/);
    expect(body.reply.answer.answer).not.toContain(fabricated);
  });

  it('keeps working when the page goes away while an answer streams', async () => {
    askTheModelAboutTheChiefExecutive(5);
    const leaving = new AbortController();
    const response = await fetch(`${web.url}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson', cookie },
      body: JSON.stringify({ text: 'who is running both councils now?' }),
      signal: leaving.signal,
    });
    const first = await response.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toContain('"type":"text"');
    leaving.abort();
    // The model goes on writing for a while (unless Pont stops reading it); once it is done, the next question is
    // answered as usual.
    await model.idle();
    model.reset();
    const reply = await chat('skills GIS');
    expect(reply.kind).toBe('people');
  });

  it('refuses a message that is too long with the usual JSON error and status, even when a stream was asked for', async () => {
    const response = await postChat('x'.repeat(4001), 'application/x-ndjson');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await response.json()).error).toMatch(/too long/i);
  });

  it('shows the answer in the chat page as it is written, then only the checked answer with sources and feedback', async () => {
    browser = await launchBrowser();
    const page = await browser.newPage({ locale: 'en-GB' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(web.url + '/');
    await page.getByLabel('Your work email').fill('sian.morgan@torfaen.gov.uk');
    await page.getByRole('button', { name: 'Use this email' }).click();
    await expect.poll(() => page.locator('#identity-status').textContent()).toContain('sian.morgan@torfaen.gov.uk');

    askTheModelAboutTheChiefExecutive(40);
    await page.getByLabel('Your question or request').fill('who is running both councils now?');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('.turn.pont').last();

    // While the model writes, its words appear in the reply, which stays busy for screen readers.
    const provisionalText = async () => (await reply.locator('.provisional').allTextContents()).join('');
    await expect.poll(provisionalText, { timeout: 10_000 }).toMatch(/Stephen Vickers/);
    expect(await reply.getAttribute('aria-busy')).toBe('true');
    const early = await provisionalText();
    expect(early).not.toContain('Background point 12');
    expect(await reply.locator('.thinking').count()).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // At the end the checked answer replaces the provisional text.
    await reply.and(page.locator(':not([aria-busy])')).waitFor({ timeout: 20_000 });
    expect(await reply.locator('.provisional').count()).toBe(0);
    const shown = (await reply.textContent()) ?? '';
    expect(shown).toMatch(/Stephen Vickers/);
    expect(shown).toContain('Background point 12');
    expect(shown).not.toContain(fabricated);
    expect(shown).not.toContain('no passage holds');
    expect(await reply.locator('ol.sources li').count()).toBeGreaterThan(0);
    expect(await reply.locator('ol.sources').textContent()).toMatch(/Stephen Vickers/);
    await expect.poll(() => reply.getByRole('button', { name: 'This helped', exact: true }).count()).toBe(1);
    expect(await reply.getByRole('button', { name: 'This did not help', exact: true }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
