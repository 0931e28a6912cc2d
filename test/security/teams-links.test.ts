import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../src/app.ts';
import { createHttpApp, listen } from '../../src/server.ts';
import { fixture } from '../channels/teams/harness.ts';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.ts';
import { createTestPont } from '../support/test-pont.ts';

// Staff-written Markdown in Teams cards: a skill and a kept answer that dress an outside address up as the
// council's booking form must show as typed, never as a live link.

let pont: Pont;
let connector: FakeConnector;
let server: http.Server;
let url: string;

const dylan = { id: '29:dylan', name: 'Dylan Hughes', aadObjectId: 'aad-dylan', email: 'dylan.hughes@torfaen.gov.uk' };
const disguised = '[the council booking form](https://evil.example/phish)';
/** A Markdown link to evil.example that Teams would render live: `[words](https://evil…` with neither bracket escaped. */
const liveLink = /(?<!\\)\[[^\]]*(?<!\\)\]\(https:\/\/evil\.example/;

async function post(activity: unknown) {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  connector = await startFakeConnector();
  connector.addMember(dylan);
  pont = await createTestPont({ documents: false });
  const app = await createHttpApp(pont);
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await connector?.close();
  await pont?.close();
});

describe('staff-written Markdown in Teams cards', () => {
  it("shows a disguised link in a colleague's skills as typed on the person card", async () => {
    const ieuan = 'ieuan.rowlands@blaenau-gwent.gov.uk';
    await pont.people.updateProfile(
      ieuan,
      { skills: ['Shift planning', `Room bookings via ${disguised}`] },
      { email: ieuan, isAdmin: false, via: 'test' },
    );
    const response = await post(
      fixture('compose-extension-query', connector.url, {
        id: 'query-links',
        from: { id: dylan.id, name: dylan.name, aadObjectId: dylan.aadObjectId },
        value: {
          commandId: 'findSkills',
          parameters: [{ name: 'skill', value: 'Shift planning' }],
          queryOptions: { skip: 0, count: 25 },
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.text).toContain('Ieuan Rowlands');
    expect(response.text).toContain('evil.example/phish');
    expect(response.text).not.toMatch(liveLink);
  });

  it('shows a disguised link in a kept answer as typed when it answers a question', async () => {
    const asker = { email: 'ieuan.rowlands@blaenau-gwent.gov.uk', isAdmin: false, via: 'test' } as const;
    const opened = await pont.sharing.open({
      text: 'How do you take bookings for the leisure centre sports hall?',
      fromEmail: asker.email,
      target: 'other',
      language: 'en',
    });
    const helper = { email: opened.routedTo[0]!, isAdmin: false, via: 'test' } as const;
    await pont.sharing.claim(opened.id, helper);
    await pont.sharing.answer(
      opened.id,
      `We take sports hall bookings through ${disguised} and ask for a payroll number.`,
      helper,
      { consentToShare: true },
    );
    await pont.sharing.markHelpful(opened.id, true, asker);

    connector.reset();
    const response = await post(
      fixture('personal-message', connector.url, {
        id: 'ask-links',
        text: 'ask how do you take sports hall bookings?',
        from: { id: dylan.id, name: dylan.name, aadObjectId: dylan.aadObjectId },
        conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: 'a:dylan-chat' },
      }),
    );
    expect(response.status).toBe(200);
    const cards = JSON.stringify(connector.cards());
    expect(cards).toContain('sports hall bookings');
    expect(cards).toContain('evil.example/phish');
    expect(cards).not.toMatch(liveLink);
  });
});
