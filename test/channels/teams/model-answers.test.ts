import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { startFakeConnector, type FakeConnector } from '../../support/fake-connector.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.ts';
import { startLatencyProxy, type LatencyProxy } from '../../support/latency-proxy.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { fixture } from './harness.ts';

// Teams with a slow language model: the turn ends once the message is recorded; Pont shows it is looking and the
// answer card replaces that message from a proactive turn, so no model call runs inside Teams' 15-second turn and people asking at once do not queue.

const latencyMs = 1_500;
let pont: Pont;
let connector: FakeConnector;
let model: FakeOpenAI;
let slowModel: LatencyProxy;
let server: http.Server;
let url: string;

const people = Array.from({ length: 12 }, (_, index) => ({
  id: `29:person-${index}`,
  name: `Person ${index}`,
  aadObjectId: `aad-person-${index}`,
  chat: `a:chat-${index}`,
}));

function say(user: (typeof people)[number], text: string, id: string) {
  const activity = fixture('personal-message', connector.url, {
    id,
    text,
    locale: 'en-GB',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: user.chat },
  });
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
}

/** The cards a person sees in their chat now. */
const answerCards = (chat: string) =>
  connector
    .shown(chat)
    .filter((message) => Array.isArray(message.attachments))
    .map((message) => JSON.stringify(message.attachments));

beforeAll(async () => {
  connector = await startFakeConnector();
  for (const person of people) connector.addMember(person);
  model = await startFakeOpenAI();
  slowModel = await startLatencyProxy(model.origin, latencyMs);
  pont = await createTestPont({
    environment: { OPENAI_BASE_URL: `${slowModel.origin}/v1`, OPENAI_MODEL: 'gpt-test' },
    inbox: { pollMs: 50 },
  });
  server = await listen(await createHttpApp(pont), 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await pont?.close();
  await slowModel?.close();
  await model?.close();
  await connector?.close();
});

describe('Teams answers with a slow language model', () => {
  it('answers twelve people asking at once from outside their turns: Pont shows it is looking, then the answer card replaces that', async () => {
    const started = Date.now();
    const responses = await Promise.all(
      people.map((person, index) => say(person, 'Who is the permanent Joint Chief Executive?', `model-${index}`)),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(200));

    const answered = () =>
      people.every((person) => answerCards(person.chat).some((card) => card.includes('Stephen Vickers')));
    while (!answered() && Date.now() - started < 12 * latencyMs)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered()).toBe(true);
    expect(Date.now() - started).toBeLessThan(12 * latencyMs);
    for (const person of people) expect(answerCards(person.chat)).toHaveLength(1);
    // Each person saw Pont looking before the answer came, and the answer took that message's place.
    const placeholders = connector.calls.filter(
      (call) =>
        (call.kind === 'send' || call.kind === 'reply') &&
        JSON.stringify(call.body.attachments ?? []).includes('Looking…'),
    );
    expect(placeholders.map((call) => call.conversationId).sort()).toEqual(people.map((person) => person.chat).sort());
    // The answer comes from a proactive turn, not as a reply inside the incoming message's turn.
    const answers = connector.calls.filter(
      (call) =>
        Array.isArray(call.body.attachments) && JSON.stringify(call.body.attachments).includes('Stephen Vickers'),
    );
    expect(answers).toHaveLength(12);
    for (const answer of answers) {
      expect(answer.kind).toBe('update');
      expect(placeholders.map((call) => call.activityId)).toContain(answer.activityId);
    }
  });
});
