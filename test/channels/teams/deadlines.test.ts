import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { deliverActivity, startFakeConnector, teamsLimits, type FakeConnector } from '../../support/fake-connector.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { defaultConnectorLatencyMs, fixture } from './harness.ts';

// Teams' deadlines at the latency of the real connector (200-800 ms a call): an invoke not answered within
// 5 seconds shows the user an error, so "Send request" and "Ask the other council" answer first and the people
// the request goes to hear afterwards, through the outbox.

interface TeamsPerson {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  chat: string;
}

let pont: Pont;
let connector: FakeConnector;
let server: http.Server;
let url: string;
const people = new Map<string, TeamsPerson>();

/** Everyone in the sample directory, as Teams users who have Pont installed. */
function staff(): TeamsPerson[] {
  const rows = parse(fs.readFileSync(path.resolve('examples/staff-directory.csv'), 'utf8'), { columns: true }) as {
    email: string;
    name: string;
  }[];
  return rows.map((row, index) => ({
    id: `29:staff-${index}`,
    name: row.name,
    aadObjectId: `aad-staff-${index}`,
    email: row.email.toLowerCase(),
    chat: `a:staff-${index}-chat`,
  }));
}

const sender = (person: TeamsPerson) => ({
  from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
  conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: person.chat },
});

const sentTo = (person: TeamsPerson) =>
  connector.calls.filter(
    (call) => (call.kind === 'send' || call.kind === 'reply') && call.conversationId === person.chat,
  );

beforeAll(async () => {
  connector = await startFakeConnector({ latencyMs: defaultConnectorLatencyMs });
  pont = await createTestPont();
  const app = await createHttpApp(pont);
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Each has said hello once, so Pont holds a reference to their 1:1 chat and can reach them proactively.
  for (const person of staff()) {
    people.set(person.email, person);
    connector.addMember(person);
    await deliverActivity(
      url,
      fixture('personal-message', connector.url, {
        ...sender(person),
        id: `hello-${person.aadObjectId}`,
        text: 'hello',
      }),
    );
  }
  await settleHeldWork();
}, 240_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await connector?.close();
  await pont?.close();
});

/** The newest request Siân opened, and the Teams users it went to. */
async function newestRequest(requester: TeamsPerson) {
  const [request] = (await pont.sharing.list({ involving: requester.email })).sort(
    (a, b) => Number(b.id) - Number(a.id),
  );
  return { request: request!, recipients: request!.routedTo.map((email) => people.get(email)!) };
}

/** Waits for the proactive cards after the answer, and checks none of them went out before it. */
async function expectNotifiedAfter(recipients: TeamsPerson[], answeredAt: number, title: string) {
  await settleHeldWork();
  for (const recipient of recipients) {
    const cards = sentTo(recipient).filter((call) => JSON.stringify(call.body).includes(title));
    expect(cards, `a card for ${recipient.email}`).toHaveLength(1);
    expect(cards[0]!.at).toBeGreaterThanOrEqual(answeredAt);
  }
}

describe.each([350, 800])('Teams at %i ms a connector call', (latencyMs) => {
  it('answers "Send request" within the 5 s invoke limit, then sends each routed person their card', async () => {
    const sian = people.get('sian.morgan@torfaen.gov.uk')!;
    connector.reset();
    connector.setLatency(latencyMs);
    const text = `How do you plan the waste collection rota over bank holidays? (${latencyMs})`;
    const press = fixture('adaptive-card-action', connector.url, {
      ...sender(sian),
      id: `send-${latencyMs}`,
      value: { action: { type: 'Action.Execute', verb: 'share-send', data: { request: text } }, trigger: 'manual' },
    });
    // deliverActivity fails past Teams' 5 s; the bound here is the same, stated.
    const answered = await deliverActivity(url, press);
    const answeredAt = Date.now();
    expect(answered.elapsedMs).toBeLessThan(teamsLimits.invokeMs);
    expect(JSON.stringify(answered.body)).toContain('Your request is open');

    const { request, recipients } = await newestRequest(sian);
    expect(request.detail).toBe(text);
    expect(recipients.length).toBeGreaterThanOrEqual(2);
    await expectNotifiedAfter(recipients, answeredAt, 'bank holidays');
  }, 60_000);

  it('answers "Ask the other council" from a message within the 5 s invoke limit, then sends the cards', async () => {
    const sian = people.get('sian.morgan@torfaen.gov.uk')!;
    connector.reset();
    connector.setLatency(latencyMs);
    const text = `How do you organise garden waste collections in winter? (${latencyMs})`;
    const submit = fixture('compose-extension-fetch-task', connector.url, {
      ...sender(sian),
      name: 'composeExtension/submitAction',
      id: `submit-${latencyMs}`,
      value: { commandId: 'shareMessage', commandContext: 'message', data: { request: text } },
    });
    const answered = await deliverActivity(url, submit);
    const answeredAt = Date.now();
    expect(answered.elapsedMs).toBeLessThan(teamsLimits.invokeMs);
    expect(JSON.stringify(answered.body)).toContain('Your request is open');

    const { request, recipients } = await newestRequest(sian);
    expect(request.detail).toBe(text);
    expect(recipients.length).toBeGreaterThanOrEqual(1);
    await expectNotifiedAfter(recipients, answeredAt, 'garden waste');
  }, 60_000);
});
