import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsAuthWarning } from '../../../src/channels/teams/index.ts';
import type { Database } from '../../../src/store/index.ts';
import { testConfig } from '../../support/config.ts';
import { createFakeCore, type FakeCore } from './fake-core.ts';
import { fixture, startTeamsHarness, type TeamsHarness } from './harness.ts';
import { openTestPglite } from '../../support/pglite-template.ts';

let db: Database;
let fake: FakeCore;
let harness: TeamsHarness;

beforeAll(async () => {
  db = await openTestPglite();
  fake = createFakeCore();
  harness = await startTeamsHarness(db, fake.core, {
    MICROSOFT_APP_ID: 'cd59cf47-aca1-41e0-8441-387faee8331e',
    MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    MICROSOFT_APP_TENANT_ID: '3c1f7a52-9e0b-4d7a-a1c4-5b2e8f0d9a61',
  });
});

afterAll(async () => {
  await harness?.close();
  await db?.close();
});

describe('Teams with Bot Framework authentication on', () => {
  it('refuses an unsigned activity with 401 and does not process it', async () => {
    const response = await harness.post(fixture('personal-message', harness.connector.url));
    expect(response.status).toBe(401);
    expect(fake.received).toEqual([]);
    expect(harness.connector.calls).toEqual([]);
  });

  it('refuses a token that is not one Bot Framework issued with 401', async () => {
    const forged = [
      Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'),
      Buffer.from(
        JSON.stringify({ iss: 'https://evil.example', aud: 'cd59cf47-aca1-41e0-8441-387faee8331e', exp: 4102444800 }),
      ).toString('base64url'),
      '',
    ].join('.');
    for (const authorization of ['Bearer not-a-token', `Bearer ${forged}`]) {
      const response = await harness.post(fixture('personal-message', harness.connector.url), { authorization });
      expect(response.status).toBe(401);
    }
    expect(fake.received).toEqual([]);
  });
});

describe('the start-up warning', () => {
  it('is one line when Teams runs without authentication, and absent when it is on', () => {
    const warning = teamsAuthWarning(testConfig());
    expect(warning).toContain('accepts unsigned requests');
    expect(warning).not.toContain('\n');
    expect(teamsAuthWarning(harness.pont.config)).toBeNull();
  });
});
