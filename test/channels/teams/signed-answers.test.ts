import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { startFakeBotFrameworkTenant, type FakeBotFrameworkTenant } from '../../support/fake-bot-framework-tenant.ts';
import { deliverActivity } from '../../support/fake-connector.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { fixture } from './harness.ts';

// Teams with Bot Framework authentication on and a language model: a chat message is acknowledged once its token is
// checked and its work recorded, and not before; a message whose token is not good is neither recorded nor answered.

let tenant: FakeBotFrameworkTenant;
let model: FakeOpenAI;
let pont: Pont;
let server: http.Server;
let url: string;

const people = Array.from({ length: 12 }, (_, index) => ({
  id: `29:signed-${index}`,
  name: `Signed ${index}`,
  aadObjectId: `aad-signed-${index}`,
  chat: `a:signed-chat-${index}`,
}));
const question = 'Who is the permanent Joint Chief Executive?';

function message(person: (typeof people)[number], id: string) {
  return fixture('personal-message', tenant.connector.url, {
    id,
    text: question,
    locale: 'en-GB',
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: `28:${tenant.appId}`, name: 'Pont' },
    conversation: { conversationType: 'personal', tenantId: tenant.tenantId, id: person.chat },
    channelData: { tenant: { id: tenant.tenantId } },
  });
}

const keyOf = (person: (typeof people)[number], id: string) => `teams:activity:${person.chat}:${id}`;

async function recorded(key: string): Promise<number> {
  return (await pont.db.query('select key from inbox where key = $1', [key])).length;
}

/** The answer cards a person sees in their chat now. */
const answerCards = (chat: string) =>
  tenant.connector
    .shown(chat)
    .filter(
      (message) =>
        Array.isArray(message.attachments) && JSON.stringify(message.attachments).includes('Stephen Vickers'),
    ).length;

beforeAll(async () => {
  tenant = await startFakeBotFrameworkTenant({
    tenantId: '5d2b8e41-6a3c-4f97-b0e2-7c9a1d3f5b31',
    appId: '9a7c5e3b-1d4f-4b62-8e0a-6c2f4a8d0e32',
  });
  for (const person of people) tenant.connector.addMember(person);
  model = await startFakeOpenAI();
  pont = await createTestPont({
    environment: {
      ...tenant.environment(1, 'torfaen'),
      OPENAI_BASE_URL: `${model.origin}/v1`,
      OPENAI_MODEL: 'gpt-test',
    },
    inbox: { pollMs: 50 },
  });
  server = await listen(await createHttpApp(pont), 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await pont?.close();
  await model?.close();
  await tenant?.close();
});

describe('Teams chat answers with authentication on', { timeout: 120_000 }, () => {
  it('acknowledges a burst only once each message is recorded, and answers each once, redeliveries included', async () => {
    const sent = people.map((person, index) => ({ person, id: `signed-${index}` }));
    // Bot Framework delivers four of them twice.
    const deliveries = [...sent, ...sent.slice(0, 4)];
    const acknowledged = await Promise.all(
      deliveries.map(async ({ person, id }) => {
        const response = await deliverActivity(url, message(person, id), tenant.authorization());
        // The moment Teams has its 200, the work is in the database: a crash now would lose nothing.
        return { status: response.status, recorded: await recorded(keyOf(person, id)) };
      }),
    );
    expect(acknowledged).toEqual(Array(16).fill({ status: 200, recorded: 1 }));

    await expect.poll(() => people.every((person) => answerCards(person.chat) > 0), { timeout: 60_000 }).toBe(true);
    await pont.inbox.drained();
    expect(people.map((person) => answerCards(person.chat))).toEqual(Array(12).fill(1));
  });

  it('does not acknowledge a message whose record cannot be written; the redelivery is answered once', async () => {
    const person = people[0]!;
    await pont.db.exec('alter table inbox rename to inbox_unwritable');
    let refused: number;
    try {
      refused = (await deliverActivity(url, message(person, 'unwritable-1'), tenant.authorization())).status;
    } finally {
      await pont.db.exec('alter table inbox_unwritable rename to inbox');
    }
    expect(refused).toBe(500);
    const before = answerCards(person.chat);

    expect((await deliverActivity(url, message(person, 'unwritable-1'), tenant.authorization())).status).toBe(200);
    await expect.poll(() => answerCards(person.chat), { timeout: 60_000 }).toBe(before + 1);
    await pont.inbox.drained();
    expect(answerCards(person.chat)).toBe(before + 1);
  });

  it('takes the service URL exactly as Teams spelt it, so the token that names it that way is accepted', async () => {
    const person = people[2]!;
    const spelt = tenant.connector.url.replace(/^http:/, 'HTTP:');
    const activity = { ...message(person, 'spelt-1'), serviceUrl: spelt };
    const response = await deliverActivity(url, activity, tenant.authorization({ serviceurl: spelt }));
    expect(response.status).toBe(200);
    expect(await recorded(keyOf(person, 'spelt-1'))).toBe(1);
    await pont.inbox.drained();
  });

  it('neither records nor answers a message with a forged token, or one whose token proves another service URL', async () => {
    const person = people[1]!;
    const forged = `Bearer ${tenant.keys.forged({ aud: tenant.appId, serviceurl: tenant.connector.url })}`;
    const elsewhere = tenant.authorization({ serviceurl: 'https://smba.trafficmanager.net/elsewhere/' });
    const calls = tenant.connector.calls.length;
    expect((await deliverActivity(url, message(person, 'forged-1'), { authorization: forged })).status).toBe(401);
    expect((await deliverActivity(url, message(person, 'elsewhere-1'), elsewhere)).status).toBe(401);
    expect((await deliverActivity(url, message(person, 'unsigned-1'))).status).toBe(401);
    expect(await recorded(keyOf(person, 'forged-1'))).toBe(0);
    expect(await recorded(keyOf(person, 'elsewhere-1'))).toBe(0);
    expect(await recorded(keyOf(person, 'unsigned-1'))).toBe(0);
    await pont.inbox.drained();
    expect(tenant.connector.calls.length).toBe(calls);
  });
});
