import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/store/index.ts';
import { createFakeCore, type FakeCore } from '../channels/teams/fake-core.ts';
import { fixture, startTeamsHarness, type TeamsHarness } from '../channels/teams/harness.ts';
import { startFakeBotFrameworkKeys, type FakeBotFrameworkKeys } from '../support/fake-bot-framework-keys.ts';
import { openTestPglite } from '../support/pglite-template.ts';

// Teams with Bot Framework credentials, attacked with tokens: forged, for another tenant, for another service
// URL, and while the signing-key metadata cannot be fetched.

const appId = 'cd59cf47-aca1-41e0-8441-387faee8331e';
const tenantId = '3c1f7a52-9e0b-4d7a-a1c4-5b2e8f0d9a61';
const credentials = {
  MICROSOFT_APP_ID: appId,
  MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
  MICROSOFT_APP_TENANT_ID: tenantId,
};

let keys: FakeBotFrameworkKeys;
let db: Database;
let fake: FakeCore;
let harness: TeamsHarness;
let unreachable: TeamsHarness;
const logLines: string[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });

beforeAll(async () => {
  keys = await startFakeBotFrameworkKeys();
  db = await openTestPglite();
  fake = createFakeCore();
  harness = await startTeamsHarness(
    db,
    fake.core,
    { ...credentials, MICROSOFT_BOT_OPENID_METADATA: keys.metadataUrl },
    { logger },
  );
  // NOTE: nothing listens on port 9: the signing keys cannot be fetched.
  unreachable = await startTeamsHarness(
    db,
    fake.core,
    { ...credentials, MICROSOFT_BOT_OPENID_METADATA: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration' },
    { logger },
  );
});

afterAll(async () => {
  await harness?.close();
  await unreachable?.close();
  await keys?.close();
  await db?.close();
});

/** An activity that runs no handler (a reaction), so the turn makes no outgoing calls. */
function reaction(serviceUrl: string, changes: Record<string, unknown> = {}) {
  return fixture('personal-message', serviceUrl, {
    type: 'messageReaction',
    text: undefined,
    reactionsAdded: [{ type: 'like' }],
    ...changes,
  });
}

const proven = async (serviceUrl: string) =>
  (await db.query('select 1 from teams_proven_service_urls where service_url = $1', [serviceUrl])).length > 0;

describe('Teams with credentials, against forged and misdirected tokens', () => {
  it('accepts a token Bot Framework signed for this bot and records its service URL as proven', async () => {
    const serviceUrl = harness.connector.url;
    const response = await harness.post(reaction(serviceUrl), {
      authorization: `Bearer ${keys.token({ aud: appId, serviceurl: serviceUrl })}`,
    });
    expect(response.status).toBe(200);
    expect(await proven(serviceUrl)).toBe(true);
  });

  it('refuses a token signed with a key Bot Framework never published: 401, nothing processed', async () => {
    const response = await harness.post(fixture('personal-message', harness.connector.url), {
      authorization: `Bearer ${keys.forged({ aud: appId, serviceurl: harness.connector.url })}`,
    });
    expect(response).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    expect(fake.received).toEqual([]);
    expect(harness.connector.calls).toEqual([]);
  });

  it('refuses an activity whose service URL is not the one its token was issued for, even once the token was accepted', async () => {
    const elsewhere = 'https://attacker.example/teams/';
    const authorization = `Bearer ${keys.token({ aud: appId, serviceurl: harness.connector.url, nonce: 'elsewhere' })}`;
    expect((await harness.post(reaction(harness.connector.url), { authorization })).status).toBe(200);
    const response = await harness.post(fixture('personal-message', elsewhere), { authorization });
    expect(response.status).toBe(401);
    expect(await proven(elsewhere)).toBe(false);
    expect(fake.received).toEqual([]);
  });

  it('takes a token again while it is valid, and refuses it once it has expired', async () => {
    const authorization = `Bearer ${keys.token({
      aud: appId,
      serviceurl: harness.connector.url,
      exp: Math.floor(Date.now() / 1000) + 60,
    })}`;
    const send = () => harness.post(reaction(harness.connector.url), { authorization });
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    // NOTE: seven minutes on: past the token's expiry and the five minutes of clock skew Bot Framework allows.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 7 * 60_000);
      expect((await send()).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a validly signed activity from another tenant with 401 and a log line naming that tenant', async () => {
    const otherTenant = '99999999-8888-4777-a666-555555555555';
    const serviceUrl = 'http://127.0.0.1:7/other-tenant/';
    const activity = fixture('personal-message', serviceUrl, {
      conversation: { conversationType: 'personal', tenantId: otherTenant, id: 'a:other-tenant-chat' },
      channelData: { tenant: { id: otherTenant } },
    });
    const response = await harness.post(activity, {
      authorization: `Bearer ${keys.token({ aud: appId, serviceurl: serviceUrl })}`,
    });
    expect(response).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    expect(fake.received).toEqual([]);
    expect(await proven(serviceUrl)).toBe(false);
    const refusal = logLines.find((line) => line.includes(otherTenant));
    expect(refusal).toBeDefined();
    expect(refusal).toContain('MICROSOFT_APP_TENANT_ID');
  });

  it('answers a forged token with 401, not 500 and a stack, when the signing keys cannot be fetched', async () => {
    const before = logLines.length;
    const response = await unreachable.post(fixture('personal-message', unreachable.connector.url), {
      authorization: `Bearer ${keys.forged({ aud: appId, serviceurl: unreachable.connector.url })}`,
    });
    expect(response).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    expect(fake.received).toEqual([]);
    const logged = logLines.slice(before).join('\n');
    expect(logged).toContain('token was not accepted');
    expect(logged).not.toMatch(/"stack"|\n\s+at /);
  });
});
