import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../src/app.ts';
import type { TeamsChannel } from '../../src/channels/teams/index.ts';
import { createHttpApp, listen } from '../../src/server.ts';
import { fixture } from '../channels/teams/harness.ts';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.ts';
import { createTestPont } from '../support/test-pont.ts';

// Teams without Bot Framework credentials (local development), attacked as an outsider would: through a reverse
// proxy on the same machine, and with a service URL of their own that claims to know who they are.

let pont: Pont;
let server: http.Server;
let url: string;
let teams: TeamsChannel;
/** The attacker's connector: it tells Pont that whoever asks is Gareth Lewis. */
let attacker: FakeConnector;

const gareth = { email: 'gareth.lewis@torfaen.gov.uk', aadObjectId: 'aad-gareth', id: '29:gareth' };
const developer = { id: '29:local-developer', name: 'Local Developer', aadObjectId: 'aad-local-developer' };

function asGareth(serviceUrl: string, text: string, id: string) {
  return fixture('personal-message', serviceUrl, {
    id,
    text,
    from: { id: gareth.id, name: 'Gareth Lewis', aadObjectId: gareth.aadObjectId },
    conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: 'a:gareth-chat' },
  });
}

async function post(activity: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  return { status: response.status, body: await response.text() };
}

const remembered = async (aadObjectId: string) =>
  (await pont.db.query('select service_url from teams_users where aad_object_id = $1', [aadObjectId])).length;

beforeAll(async () => {
  attacker = await startFakeConnector();
  attacker.addMember({ id: gareth.id, name: 'Gareth Lewis', aadObjectId: gareth.aadObjectId, email: gareth.email });
  attacker.addMember({ ...developer, email: 'local.developer@torfaen.gov.uk' });
  pont = await createTestPont({ documents: false });
  const app = await createHttpApp(pont);
  teams = app.locals.teams as TeamsChannel;
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await attacker?.close();
  await pont?.close();
});

describe('Teams without credentials, attacked from outside this computer', () => {
  it("refuses an unsigned activity that came through a proxy: Gareth's profile stays visible and nobody is looked up", async () => {
    const response = await post(asGareth(attacker.url, 'profile hide', 'attack-1'), {
      'x-forwarded-for': '203.0.113.7',
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toEqual({ error: 'Unauthorized' });
    expect(attacker.calls).toEqual([]);
    expect((await pont.people.getPerson(gareth.email))?.email).toBe(gareth.email);
    expect(await remembered(gareth.aadObjectId)).toBe(0);

    const viaForwarded = await post(asGareth(attacker.url, 'profile hide', 'attack-2'), {
      forwarded: 'for=203.0.113.7;proto=https',
    });
    expect(viaForwarded.status).toBe(401);
    expect(attacker.calls).toEqual([]);
  });

  it('refuses an unsigned activity naming a service URL off this computer, and remembers nothing of it', async () => {
    const response = await post(asGareth('http://203.0.113.50/teams/', 'profile hide', 'attack-3'));
    expect(response.status).toBe(401);
    expect(await remembered(gareth.aadObjectId)).toBe(0);
    expect((await pont.people.getPerson(gareth.email))?.email).toBe(gareth.email);
  });

  it('still serves the same activity sent straight from this computer to a local connector (the Emulator)', async () => {
    // NOTE: from a developer of its own, so that Gareth stays unknown to Teams whatever order the tests run in.
    const response = await post({ ...asGareth(attacker.url, 'help', 'local-1'), from: developer });
    expect(response.status).toBe(200);
    expect(attacker.sent().length).toBeGreaterThan(0);
    attacker.reset();
  });

  it('never sends a sharing card to a Teams address that signed or local traffic did not prove', async () => {
    // A record kept before addresses had to be proven: someone's Teams chat pointed at an outside service URL.
    const opened = await pont.sharing.open({
      text: 'How do you plan the waste collection rota over bank holidays?',
      fromEmail: 'ieuan.rowlands@blaenau-gwent.gov.uk',
      target: 'other',
      language: 'en',
    });
    const recipient = opened.routedTo.find((email) => email !== gareth.email)!;
    await pont.db.query(
      `insert into teams_users (aad_object_id, teams_user_id, service_url, email, person_email, personal_reference)
       values ('aad-poisoned', '29:poisoned', 'http://203.0.113.50/teams/', $1, $1, $2::jsonb)`,
      [
        recipient,
        JSON.stringify({
          serviceUrl: 'http://203.0.113.50/teams/',
          conversation: { id: 'a:poisoned' },
          channelId: 'msteams',
          bot: { id: 'pont' },
          user: { id: '29:poisoned' },
        }),
      ],
    );
    await teams.store.requeueUnreachable(recipient);
    await teams.deliverDue();
    const outbox = await teams.store.outbox({ recipientEmail: recipient });
    expect(outbox.map((entry) => entry.status)).toEqual(['unreachable']);
    expect(outbox[0]!.lastError).toContain('not proven');
    expect(outbox[0]!.attempts).toBe(0);
  });
});
