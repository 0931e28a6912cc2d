import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import type { TeamsChannel } from '../../../src/channels/teams/index.ts';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { startFakeBotFrameworkTenant, type FakeBotFrameworkTenant } from '../../support/fake-bot-framework-tenant.ts';
import { deliverActivity } from '../../support/fake-connector.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { fixture } from './harness.ts';

// Both councils' staff in one Microsoft 365 tenant, one bot registration configured as it always was
// (MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID): a request crosses from one council to the
// other inside the tenant, every message signed with the one bot's token from that tenant's Entra ID.

let tenant: FakeBotFrameworkTenant;
let pont: Pont;
let teams: TeamsChannel;
let server: http.Server;
let url: string;

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

async function say(officer: Officer, text: string, id: string) {
  const activity = fixture('personal-message', tenant.connector.url, {
    id,
    text,
    from: { id: officer.id, name: officer.name, aadObjectId: officer.aadObjectId },
    recipient: { id: `28:${tenant.appId}`, name: 'Pont' },
    conversation: { conversationType: 'personal', tenantId: tenant.tenantId, id: officer.chat },
    channelData: { tenant: { id: tenant.tenantId } },
  });
  const delivered = await deliverActivity(url, activity, tenant.authorization());
  await settleHeldWork();
  return delivered;
}

beforeAll(async () => {
  tenant = await startFakeBotFrameworkTenant({
    tenantId: '4e8d2c61-0a57-4b93-8f1e-7c3a5d9b2e40',
    appId: '5c2b9e74-1d6a-4f38-b0c5-8e7a3f1d6b03',
  });
  const numbered = tenant.environment(1, 'torfaen');
  pont = await createTestPont({
    environment: {
      MICROSOFT_APP_ID: tenant.appId,
      MICROSOFT_APP_PASSWORD: tenant.secret,
      MICROSOFT_APP_TENANT_ID: tenant.tenantId,
      MICROSOFT_BOT_LOGIN_URL: numbered.MICROSOFT_APP_1_BOT_LOGIN_URL!,
      MICROSOFT_BOT_OPENID_METADATA: numbered.MICROSOFT_APP_1_BOT_OPENID_METADATA!,
    },
  });
  const app = await createHttpApp(pont);
  teams = app.locals.teams as TeamsChannel;
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  tenant.connector.addMember(sian);
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await pont?.close();
  await tenant?.close();
});

describe('Teams in one tenant both councils share', () => {
  it("routes a Torfaen officer's request to Blaenau Gwent staff in the same tenant through the one registration", async () => {
    expect(
      (await say(sian, 'share How do you plan the waste collection rota over bank holidays?', 'shared-1')).status,
    ).toBe(200);
    const [request] = await pont.sharing.list({ involving: sian.email });
    const routed = request!.routedTo.map((email, index) => ({
      id: `29:bg-${index}`,
      name: email,
      aadObjectId: `aad-bg-${index}`,
      email,
      chat: `a:bg-chat-${index}`,
    }));
    expect(routed.length).toBeGreaterThan(0);
    for (const [index, officer] of routed.entries()) {
      expect(officer.email).toMatch(/@blaenau-gwent\.gov\.uk$/);
      tenant.connector.addMember(officer);
      expect((await say(officer, 'hello', `shared-hello-${index}`)).status).toBe(200);
    }
    await teams.deliverDue();
    for (const officer of routed) {
      const cards = tenant.connector.calls
        .filter((call) => (call.kind === 'send' || call.kind === 'reply') && call.conversationId === officer.chat)
        .map((call) => JSON.stringify(call.body));
      expect(cards.some((card) => card.includes('request-claim') && card.includes('waste collection rota'))).toBe(true);
    }
    // Every call to the connector carried a token the tenant's Entra ID issued to the one bot.
    expect(tenant.connector.refused).toEqual([]);
    expect(tenant.tokensIssued()).toBeGreaterThan(0);
    expect((await teams.store.outbox({ requestId: request!.id })).map((entry) => entry.status)).toEqual(
      routed.map(() => 'sent'),
    );
  });
});
