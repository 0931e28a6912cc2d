import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleDirectoryCsv } from '../support/test-pont.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.ts';
import { startWebTestServer, type WebTestServer } from '../channels/web/web-test-pont.ts';

let model: FakeOpenAI;
let web: WebTestServer;
let cookie = '';

/** Every name and email in the sample directory, hidden profiles included. */
const everyone = fs
  .readFileSync(sampleDirectoryCsv, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .flatMap((line) => line.split(',').slice(0, 2));

async function chat(text: string) {
  const response = await fetch(`${web.url}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie }, body: JSON.stringify({ text }) });
  expect(response.status).toBe(200);
  return (await response.json()).reply;
}

beforeAll(async () => {
  model = await startFakeOpenAI();
  web = await startWebTestServer({ OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'gpt-test' });
  const signIn = await fetch(`${web.url}/api/identity`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'sian.morgan@torfaen.gov.uk' }) });
  expect(signIn.status).toBe(200);
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
});
afterAll(async () => {
  await web?.stop();
  await model?.close();
});
beforeEach(() => model.reset());

describe('the web chat with a language model', () => {
  it('routes free text to the counterpart tool, sending the model no one\'s profile', async () => {
    model.enqueue({ kind: 'tool', calls: [{ name: 'find_counterpart', arguments: { of: 'me', council: 'blaenau-gwent' } }] });
    const reply = await chat('my opposite number in BG for bins?');
    expect(reply.kind).toBe('people');
    expect(reply.people.length).toBeGreaterThan(0);
    expect(reply.people.every((person: { council: string }) => person.council === 'blaenau-gwent')).toBe(true);
    expect(model.chatRequests()).toHaveLength(1);
    const sent = JSON.stringify(model.requests);
    for (const detail of everyone) expect(sent).not.toContain(detail);
  });

  it('answers a documents question fluently, with checked citations', async () => {
    model.enqueue({ kind: 'tool', calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }] });
    const reply = await chat('who is running both councils now?');
    expect(reply.kind).toBe('answer');
    expect(reply.answer.answered).toBe(true);
    expect(reply.answer.model).toBe('gpt-test');
    expect(reply.answer.citations[0].quote).toMatch(/Stephen Vickers/);
    expect(model.chatRequests()).toHaveLength(2);
    expect(model.chatRequests()[1]!.body.tools).toBeUndefined();
  });

  it('only proposes a sharing request the model suggests', async () => {
    model.enqueue({ kind: 'tool', calls: [{ name: 'open_sharing_request', arguments: { request: 'How do you plan your waste collection rota?' } }] });
    const reply = await chat('could you ask blaenau how they plan the bin rota');
    expect(reply).toMatchObject({ kind: 'confirm-share', request: 'How do you plan your waste collection rota?' });
    expect(await web.pont.sharing.list()).toEqual([]);
  });
});
