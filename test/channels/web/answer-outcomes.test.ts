import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

// A member of staff on the chat page asking questions the documents answer fully, partly or not at all.
let web: WebTestServer;
let cookie: string;

beforeAll(async () => {
  web = await startWebTestServer();
  const response = await fetch(`${web.url}/api/identity`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'ieuan.rowlands@blaenau-gwent.gov.uk' }),
  });
  expect(response.status).toBe(200);
  cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}, 120_000);

afterAll(async () => web?.stop());

async function ask(
  text: string,
): Promise<{ outcome: string; answered: boolean; answer: string; language: string; citations: { quote: string }[] }> {
  const response = await fetch(`${web.url}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', cookie },
    body: JSON.stringify({ text }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    reply: {
      kind: string;
      answer: { outcome: string; answered: boolean; answer: string; language: string; citations: { quote: string }[] };
    };
  };
  expect(body.reply.kind).toBe('answer');
  return body.reply.answer;
}

describe('answer outcomes on the chat page', () => {
  it('gives the page the outcome of each answer: answered, closest or refused', async () => {
    expect(await ask('Who reviewed the trial of sharing a boss?')).toMatchObject({
      answered: true,
      outcome: 'answered',
    });
    const closest = await ask('When did Damien McCann retire and what is his salary?');
    expect(closest).toMatchObject({ answered: false, outcome: 'closest' });
    expect(closest.answer).toMatch(/^The documents answer only part of that:\nWhen did Damien McCann retire\? “/);
    expect(closest.answer.split('\n')).toContain(
      'What is his salary? I found no clear answer to this in the documents.',
    );
    expect(closest.citations[0]!.quote).toContain('retired in June 2024');
    expect(await ask('What is on the canteen menu?')).toMatchObject({
      answered: false,
      outcome: 'refused',
      citations: [],
    });
  });

  it('answers a Welsh question in Welsh on an English page, typed with straight apostrophes', async () => {
    // Its only Welsh function words carry a clitic ("mae'r", "cynghorau'n"), as a keyboard types them.
    const answer = await ask("Pa mor aml mae'r cynghorau'n cyfarfod?");
    expect(answer.language).toBe('cy');
    expect(answer.answer).not.toMatch(/\bThe documents\b|\bHere is\b/);
  });
});
