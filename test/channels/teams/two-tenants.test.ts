import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import type { TeamsChannel } from '../../../src/channels/teams/index.ts';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { startFakeBotFrameworkTenant, type FakeBotFrameworkTenant } from '../../support/fake-bot-framework-tenant.ts';
import { deliverActivity } from '../../support/fake-connector.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { fixture } from './harness.ts';

// Two councils, two Microsoft 365 tenants, one bot registration in each (Microsoft no longer creates multi-tenant
// bots). Each tenant has its own Bot Framework signing keys, its own Entra ID issuing the bot's tokens and its own
// Teams connector, which refuses any token but its own bot's. A request opened in the Torfaen tenant is answered
// from the Blaenau Gwent tenant and the answer comes back, all through Bot Framework activities and botbuilder.

let certificateDir: string;
let torfaen: FakeBotFrameworkTenant;
let blaenauGwent: FakeBotFrameworkTenant;
let pont: Pont;
let teams: TeamsChannel;
let server: http.Server;
let url: string;
const logLines: string[] = [];

interface Officer {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
  chat: string;
}

const sian: Officer = {
  id: '29:sian',
  name: 'Siân Morgan',
  aadObjectId: 'aad-sian',
  email: 'sian.morgan@torfaen.gov.uk',
  chat: 'a:sian-chat',
};

function activity(tenant: FakeBotFrameworkTenant, officer: Officer, name: string, changes: Record<string, unknown>) {
  return fixture(name, tenant.connector.url, {
    from: { id: officer.id, name: officer.name, aadObjectId: officer.aadObjectId },
    recipient: { id: `28:${tenant.appId}`, name: 'Pont' },
    conversation: { conversationType: 'personal', tenantId: tenant.tenantId, id: officer.chat },
    channelData: { tenant: { id: tenant.tenantId } },
    ...changes,
  });
}

/** Delivers a signed activity from `tenant` as Teams does; resolves once what it caused for others has gone. */
async function deliver(tenant: FakeBotFrameworkTenant, body: unknown, headers = tenant.authorization()) {
  const delivered = await deliverActivity(url, body, headers);
  await settleHeldWork();
  return delivered;
}

const say = (tenant: FakeBotFrameworkTenant, officer: Officer, text: string, id: string) =>
  deliver(tenant, activity(tenant, officer, 'personal-message', { id, text }));

const press = (
  tenant: FakeBotFrameworkTenant,
  officer: Officer,
  verb: string,
  data: Record<string, unknown>,
  id: string,
) =>
  deliver(
    tenant,
    activity(tenant, officer, 'adaptive-card-action', {
      id,
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    }),
  );

const cardsIn = (tenant: FakeBotFrameworkTenant, chat: string, kinds = ['send', 'reply']) =>
  tenant.connector.calls
    .filter((call) => kinds.includes(call.kind) && call.conversationId === chat)
    .flatMap((call) =>
      ((call.body.attachments ?? []) as { content: Record<string, unknown> }[]).map((attachment) =>
        JSON.stringify(attachment.content),
      ),
    );

beforeAll(async () => {
  torfaen = await startFakeBotFrameworkTenant({
    tenantId: '7d1c5b0e-2f43-4c8e-9a61-0b5e3d2c1a10',
    appId: '0f3a8c21-5b7d-4e9f-8a12-6c4d2e1b0a01',
  });
  // NOTE: Blaenau Gwent's bot signs in with a certificate, Torfaen's with a client secret.
  certificateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-bot-cert-'));
  const certificateFile = path.join(certificateDir, 'blaenau-gwent-bot.pem');
  fs.writeFileSync(
    certificateFile,
    fs.readFileSync('test/fixtures/graph/localhost-key.pem', 'utf8') +
      fs.readFileSync('test/fixtures/graph/localhost-cert.pem', 'utf8'),
  );
  blaenauGwent = await startFakeBotFrameworkTenant({
    tenantId: 'b6e2a9d4-8c15-4f70-b3a2-1d9e7c5f4b20',
    appId: '9a7e4d12-3c6b-4a85-9f01-2e8b6d4c3f02',
    certificateFile,
  });
  pont = await createTestPont({
    environment: { ...torfaen.environment(1, 'torfaen'), ...blaenauGwent.environment(2, 'blaenau-gwent') },
  });
  const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
  const app = await createHttpApp({ ...pont, logger });
  teams = app.locals.teams as TeamsChannel;
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  torfaen.connector.addMember(sian);
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await pont?.close();
  await torfaen?.close();
  await blaenauGwent?.close();
  if (certificateDir) fs.rmSync(certificateDir, { recursive: true, force: true });
});

describe('Teams in two tenants, one bot registration each', () => {
  let requestId: string;
  let routed: Officer[];

  it('answers a Torfaen officer in the Torfaen tenant through the Torfaen bot', async () => {
    expect((await say(torfaen, sian, 'Is the federation a merger of the two councils?', 'tt-1')).status).toBe(200);
    expect(cardsIn(torfaen, sian.chat).at(-1)).toContain('Sources');
    expect(torfaen.tokensIssued()).toBeGreaterThan(0);
    expect(blaenauGwent.tokensIssued()).toBe(0);
    expect(torfaen.connector.refused).toEqual([]);
  });

  it('sends a request opened in the Torfaen tenant to Blaenau Gwent officers in theirs, through the Blaenau Gwent bot', async () => {
    await say(torfaen, sian, 'share How do you plan the waste collection rota over bank holidays?', 'tt-2');
    const [request] = await pont.sharing.list({ involving: sian.email });
    expect(request?.routedTo.length).toBeGreaterThan(0);
    requestId = request!.id;
    routed = request!.routedTo.map((email, index) => ({
      id: `29:bg-${index}`,
      name: email,
      aadObjectId: `aad-bg-${index}`,
      email,
      chat: `a:bg-chat-${index}`,
    }));
    for (const email of request!.routedTo) expect(email).toMatch(/@blaenau-gwent\.gov\.uk$/);
    // They have not written to Pont yet: the cards wait in the outbox.
    expect((await teams.store.outbox({ requestId })).map((entry) => entry.status)).toEqual(
      routed.map(() => 'unreachable'),
    );

    for (const [index, officer] of routed.entries()) {
      blaenauGwent.connector.addMember(officer);
      expect((await say(blaenauGwent, officer, 'hello', `bg-hello-${index}`)).status).toBe(200);
    }
    await teams.deliverDue();
    for (const officer of routed) {
      const card = cardsIn(blaenauGwent, officer.chat).find((content) => content.includes('request-claim'));
      expect(card).toContain('How do you plan the waste collection rota');
    }
    // Nothing about the request went to the Torfaen connector for them, and no token was refused anywhere.
    expect(
      torfaen.connector.calls.filter((call) => routed.some((officer) => call.conversationId === officer.chat)),
    ).toEqual([]);
    expect(blaenauGwent.connector.refused).toEqual([]);
    expect(torfaen.connector.refused).toEqual([]);
    expect((await teams.store.outbox({ requestId })).map((entry) => entry.status)).toEqual(routed.map(() => 'sent'));
  });

  it('lets a Blaenau Gwent officer claim and answer from their tenant; the news and the answer reach the requester in hers', async () => {
    const [answerer, ...others] = routed;
    const claimed = await press(blaenauGwent, answerer!, 'request-claim', { requestId }, 'bg-claim');
    expect(claimed.status).toBe(200);
    expect(JSON.stringify(claimed.body)).toContain('request-answer');
    expect(JSON.stringify(cardsIn(torfaen, sian.chat).at(-1))).toContain('someone has picked up your request');
    // The other routed officers' cards were updated in place, in their tenant.
    for (const officer of others) expect(cardsIn(blaenauGwent, officer.chat, ['update']).length).toBeGreaterThan(0);

    const answered = await press(
      blaenauGwent,
      answerer!,
      'request-answer',
      { requestId, answer: 'We publish a four-day rota every October.', consentToShare: 'true' },
      'bg-answer',
    );
    expect(answered.status).toBe(200);
    expect(JSON.stringify(answered.body)).toContain('your answer has gone to the requester');
    const toSian = cardsIn(torfaen, sian.chat).at(-1)!;
    expect(toSian).toContain('We publish a four-day rota every October.');
    expect(toSian).toContain('request-helpful');
    expect(await pont.sharing.get(requestId)).toMatchObject({ status: 'answered', answeredBy: answerer!.email });
  });

  it("takes the requester's thanks back from the Torfaen tenant", async () => {
    const thanked = await press(torfaen, sian, 'request-helpful', { requestId, helpful: 'true' }, 'tt-helpful');
    expect(thanked.status).toBe(200);
    expect((await pont.sharing.get(requestId)).helpful).toBe(true);
    expect(torfaen.connector.refused).toEqual([]);
    expect(blaenauGwent.connector.refused).toEqual([]);
  });

  it("refuses an activity for one tenant carried by a token of the other tenant's bot", async () => {
    const before = routed.length;
    const officer = routed[0]!;
    // Signed by the Blaenau Gwent keys but for the Torfaen app id: not this tenant's registration.
    const crossed = await deliver(
      blaenauGwent,
      activity(blaenauGwent, officer, 'personal-message', { id: 'crossed-1', text: 'hello' }),
      {
        authorization: `Bearer ${blaenauGwent.keys.token({ aud: torfaen.appId, serviceurl: blaenauGwent.connector.url })}`,
      },
    );
    expect(crossed).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    // Signed by the Torfaen keys for the Blaenau Gwent app: the Blaenau Gwent registration does not trust those keys.
    const foreignKeys = await deliver(
      blaenauGwent,
      activity(blaenauGwent, officer, 'personal-message', { id: 'crossed-2', text: 'hello' }),
      {
        authorization: `Bearer ${torfaen.keys.token({ aud: blaenauGwent.appId, serviceurl: blaenauGwent.connector.url })}`,
      },
    );
    expect(foreignKeys.status).toBe(401);
    expect(routed.length).toBe(before);
    expect(
      blaenauGwent.connector.calls.filter((call) => call.body && JSON.stringify(call.body).includes('crossed-')),
    ).toEqual([]);
  });

  it('refuses a signed activity that names one tenant in its conversation and another in its channel data', async () => {
    const officer = routed[0]!;
    const mixed = activity(blaenauGwent, officer, 'personal-message', {
      id: 'mixed-1',
      text: 'hello',
      channelData: { tenant: { id: torfaen.tenantId } },
    });
    const before = blaenauGwent.connector.calls.length;
    expect(await deliver(blaenauGwent, mixed)).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    expect(blaenauGwent.connector.calls.length).toBe(before);
    expect(logLines.some((line) => line.includes('names two tenants'))).toBe(true);
  });

  it('refuses an activity from a tenant with no registration with 401 and a log line naming the tenant', async () => {
    const stranger = '11111111-2222-4333-8444-555555555555';
    const body = fixture('personal-message', torfaen.connector.url, {
      id: 'stranger-1',
      conversation: { conversationType: 'personal', tenantId: stranger, id: 'a:stranger' },
      channelData: { tenant: { id: stranger } },
    });
    const before = torfaen.connector.calls.length;
    const response = await deliver(torfaen, body);
    expect(response).toMatchObject({ status: 401, body: { error: 'Unauthorized' } });
    expect(torfaen.connector.calls.length).toBe(before);
    const line = logLines.find((entry) => entry.includes(stranger));
    expect(line).toContain('not a tenant Pont is registered in');
    expect(line).toContain(torfaen.tenantId);
    expect(line).toContain(blaenauGwent.tenantId);
  });
});
