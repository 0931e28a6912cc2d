import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../../src/app.ts';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import { startFakeBotFrameworkTenant, type FakeBotFrameworkTenant } from '../../support/fake-bot-framework-tenant.ts';
import { testConfig } from '../../support/config.ts';
import { deliverActivity } from '../../support/fake-connector.ts';
import { createTestPont } from '../../support/test-pont.ts';
import { fixture } from './harness.ts';

// One registration in the public cloud and one in a sovereign cloud whose Bot Framework signs its channel tokens with
// another issuer and whose connector takes tokens for another audience (as in the US Government clouds). Each
// registration's own settings are used: its tokens are checked against its issuer, and the bot asks its tenant for
// tokens to its connector's audience (the fake Entra ID refuses any other scope).
const sovereign = { tokenIssuer: 'https://api.botframework.us', oauthScope: 'https://api.botframework.us' };
let publicCloud: FakeBotFrameworkTenant;
let sovereignCloud: FakeBotFrameworkTenant;
let pont: Pont;
let server: http.Server;
let url: string;

const nia = {
  id: '29:nia',
  name: 'Nia Rowlands',
  aadObjectId: 'aad-nia',
  email: 'nia.rowlands@torfaen.gov.uk',
  chat: 'a:nia-chat',
};
const karen = {
  id: '29:karen',
  name: 'Karen Phillips',
  aadObjectId: 'aad-karen',
  email: 'karen.phillips@blaenau-gwent.gov.uk',
  chat: 'a:karen-chat',
};

function hello(tenant: FakeBotFrameworkTenant, officer: typeof nia, id: string) {
  return fixture('personal-message', tenant.connector.url, {
    id,
    text: 'help',
    from: { id: officer.id, name: officer.name, aadObjectId: officer.aadObjectId },
    recipient: { id: `28:${tenant.appId}`, name: 'Pont' },
    conversation: { conversationType: 'personal', tenantId: tenant.tenantId, id: officer.chat },
    channelData: { tenant: { id: tenant.tenantId } },
  });
}

async function deliver(body: unknown, headers: Record<string, string>) {
  const delivered = await deliverActivity(url, body, headers);
  await settleHeldWork();
  return delivered;
}

const repliesIn = (tenant: FakeBotFrameworkTenant, chat: string) =>
  tenant.connector.calls.filter(
    (call) => (call.kind === 'send' || call.kind === 'reply') && call.conversationId === chat,
  );

beforeAll(async () => {
  publicCloud = await startFakeBotFrameworkTenant({
    tenantId: '2a6f0c3e-91b4-4d27-8e5a-3c1b7d9f0e11',
    appId: '6e1d3b5a-7c29-4f80-a4b6-9d2e0c8f1a12',
  });
  sovereignCloud = await startFakeBotFrameworkTenant({
    tenantId: '8c4e2a7f-3d16-4b59-9f0c-5e7a1b3d2c22',
    appId: '1b9f7d3c-5e24-4a6b-8c0d-2f4e6a8b0c23',
    cloud: sovereign,
  });
  pont = await createTestPont({
    documents: false,
    environment: { ...publicCloud.environment(1, 'blaenau-gwent'), ...sovereignCloud.environment(2, 'torfaen') },
  });
  const app = await createHttpApp(pont);
  server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  sovereignCloud.connector.addMember(nia);
  publicCloud.connector.addMember(karen);
}, 120_000);

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await pont?.close();
  await sovereignCloud?.close();
  await publicCloud?.close();
});

describe('a bot registration in a sovereign cloud', { timeout: 120_000 }, () => {
  it('accepts its cloud’s tokens and replies with a token for its cloud’s connector', async () => {
    const response = await deliver(hello(sovereignCloud, nia, 'gov-1'), sovereignCloud.authorization());
    expect(response.status).toBe(200);
    await expect.poll(() => repliesIn(sovereignCloud, nia.chat).length).toBeGreaterThan(0);
    // The fake Entra ID issues tokens only for https://api.botframework.us/.default, and the connector takes only those.
    expect(sovereignCloud.tokensIssued()).toBeGreaterThan(0);
    expect(sovereignCloud.loginRefusals).toEqual([]);
    expect(sovereignCloud.connector.refused).toEqual([]);
  });

  it('refuses a token signed with its keys but carrying the public cloud’s issuer', async () => {
    const before = sovereignCloud.connector.calls.length;
    const token = sovereignCloud.keys.token({
      iss: 'https://api.botframework.com',
      aud: sovereignCloud.appId,
      serviceurl: sovereignCloud.connector.url,
    });
    const response = await deliver(hello(sovereignCloud, nia, 'gov-2'), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(sovereignCloud.connector.calls.length).toBe(before);
  });

  it('leaves the public-cloud registration beside it on the public cloud’s issuer and audience', async () => {
    expect((await deliver(hello(publicCloud, karen, 'pub-1'), publicCloud.authorization())).status).toBe(200);
    await expect.poll(() => repliesIn(publicCloud, karen.chat).length).toBeGreaterThan(0);
    expect(publicCloud.loginRefusals).toEqual([]);
    const token = publicCloud.keys.token({
      iss: sovereign.tokenIssuer,
      aud: publicCloud.appId,
      serviceurl: publicCloud.connector.url,
    });
    expect((await deliver(hello(publicCloud, karen, 'pub-2'), { authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('says in one line how to fix an issuer or audience that is not an https address', () => {
    expect(() =>
      testConfig({
        ...sovereignCloud.environment(2, 'torfaen'),
        MICROSOFT_APP_2_BOT_TOKEN_ISSUER: 'api.botframework.us',
      }),
    ).toThrow(
      'MICROSOFT_APP_2_BOT_TOKEN_ISSUER must be an https:// address such as https://api.botframework.com (https://api.botframework.us in US Government clouds)',
    );
    expect(() =>
      testConfig({
        ...sovereignCloud.environment(2, 'torfaen'),
        MICROSOFT_BOT_OAUTH_SCOPE: 'http://api.botframework.us',
      }),
    ).toThrow(
      'MICROSOFT_BOT_OAUTH_SCOPE must be an https:// address such as https://api.botframework.com (https://api.botframework.us in US Government clouds)',
    );
  });
});
