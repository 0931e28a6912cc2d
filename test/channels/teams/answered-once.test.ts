import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { startFakeConnector, type FakeConnector } from '../../support/fake-connector.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.ts';
import { stoppingDatabase } from '../../support/stopping-database.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { fixture } from './harness.ts';

// A process that stops after sending a Teams answer and before recording the work done: the work is taken again
// once its lease runs out, and the person still sees one answer in their chat.

let pont: Pont;
let connector: FakeConnector;
let model: FakeOpenAI;
let server: http.Server;
let url: string;
let stopping: ReturnType<typeof stoppingDatabase>;

const person = { id: '29:person-once', name: 'Person Once', aadObjectId: 'aad-person-once', chat: 'a:chat-once' };

function say(text: string, id: string) {
  const activity = fixture('personal-message', connector.url, {
    id,
    text,
    locale: 'en-GB',
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: person.chat },
  });
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
}

/** Waits until the inbox has recorded the message's work done; its attempts. */
async function attemptsWhenDone(activityId: string): Promise<number> {
  for (const started = Date.now(); Date.now() - started < 20_000;) {
    const [row] = await pont.db.query<{ status: string; attempts: number }>(
      'select status, attempts from inbox where key = $1',
      [`teams:activity:${person.chat}:${activityId}`],
    );
    if (row?.status === 'done') return row.attempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the work of ${activityId} was not done`);
}

beforeAll(async () => {
  connector = await startFakeConnector();
  connector.addMember(person);
  model = await startFakeOpenAI();
  pont = await createTestPont({
    environment: { OPENAI_BASE_URL: `${model.origin}/v1`, OPENAI_MODEL: 'gpt-test' },
    database: (db) => (stopping = stoppingDatabase(db)).db,
    inbox: { leaseMs: 1_000, pollMs: 50, retryBaseMs: 50 },
  });
  server = await listen(await createHttpApp(pont), 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await pont?.close();
  await model?.close();
  await connector?.close();
});

describe('a Teams answer taken again after its process stopped', () => {
  it('shows the person one answer in their chat', async () => {
    stopping.stopBeforeDone(`teams:activity:${person.chat}:once-1`);
    expect((await say('Who is the permanent Joint Chief Executive?', 'once-1')).status).toBe(200);
    expect(await attemptsWhenDone('once-1')).toBe(2);
    const shown = connector.shown(person.chat).map((message) => JSON.stringify(message.attachments ?? []));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('Stephen Vickers');
  });
});
