import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPont } from '../../../src/app.ts';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import type { Channel } from '../../../src/channels/channel.ts';
import { createSlackInstallationStore } from '../../../src/channels/slack/installation-store.ts';
import { silentLogger } from '../../../src/logger.ts';
import { createHttpApp } from '../../../src/server.ts';
import { createSecretBox, parseSecretKey } from '../../../src/store/index.ts';
import { testConfig } from '../../support/config.ts';
import {
  addCouncilWorkspaces,
  blaenauTeam,
  installThroughSlack,
  oauthEnvironment,
  torfaenTeam,
  workspaceDelivery,
} from '../../support/slack-workspaces.ts';
import { shownText, startSlackHarness, users, type SlackHarness } from './harness.ts';

// Installed in each workspace through Slack's OAuth flow with PONT_SECRET_KEY set, the bot tokens are stored
// encrypted; rows written before the key was set are still read, and sealed when Pont starts; a Pont started without
// the key, or with another, refuses to start with one line saying what to do.
const key = randomBytes(32).toString('base64');
const otherKey = randomBytes(32).toString('hex');
const slackEnvironment = { ...oauthEnvironment, SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5' };

let harness: SlackHarness;
const sian = { ...users.sian, teamId: torfaenTeam };
const karen = { ...users.karen, teamId: blaenauTeam };

const install = async (team: string) => (await installThroughSlack(harness, '', { team })).status;

/** Sends `user` a message in their workspace and waits for Pont's reply there, with that workspace's token. */
async function answeredIn(team: string, user: { id: string }, channel: string) {
  harness.slack.reset();
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  await harness.sendEvent(
    workspaceDelivery('message-im', team, { text: 'help', user: user.id, channel, ts, event_ts: ts }),
  );
  const calls = await harness.slack.waitFor((all) =>
    all.some((call) => call.method === 'chat.postMessage' && call.args.channel === channel),
  );
  await harness.pont.inbox.drained();
  await settleHeldWork();
  return calls.find((call) => call.method === 'chat.postMessage' && call.args.channel === channel)!;
}

async function storedRows() {
  return harness.pont.db.query<{ team_id: string; stored: string }>(
    'select team_id, installation::text as stored from slack_installations order by installed_at',
  );
}

/** The Slack channel of a second Pont on the same database, with `environment` over the OAuth settings. */
async function slackChannelOfAnotherPont(environment: Record<string, string>) {
  const pont = await createPont(
    testConfig({ ...slackEnvironment, SLACK_API_URL: harness.slack.apiUrl, ...environment }),
    {
      db: harness.pont.db,
      logger: silentLogger,
    },
  );
  const app = await createHttpApp(pont);
  const channel = (app.locals.channels as Channel[]).find((each) => each.name === 'slack')!;
  return { channel, close: () => pont.close() };
}

beforeAll(async () => {
  harness = await startSlackHarness({ documents: false, environment: { ...slackEnvironment, PONT_SECRET_KEY: key } });
  addCouncilWorkspaces(harness, [sian, karen]);
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

describe('Slack bot tokens at rest', { timeout: 120_000 }, () => {
  it('stores an installed workspace’s bot token encrypted, and still answers there with it', async () => {
    expect(await install(torfaenTeam)).toBe(200);
    expect(await install(blaenauTeam)).toBe(200);
    const rows = await storedRows();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.stored).not.toMatch(/xoxb-/);
      expect(JSON.parse(row.stored).sealed).toMatch(/^aes256gcm\.v1:/);
    }
    const reply = await answeredIn(torfaenTeam, sian, 'D0SIANMORG');
    expect(reply.workspace).toBe(torfaenTeam);
    expect(shownText(reply.args).length).toBeGreaterThan(0);
  });

  it('reads a token stored in plaintext before the key was set, and encrypts it when Pont starts', async () => {
    const sealedStore = createSlackInstallationStore(harness.pont.db, {
      secrets: createSecretBox(parseSecretKey(key)),
    });
    const installation = await sealedStore.fetchInstallation({
      teamId: blaenauTeam,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    // As an earlier version wrote it: the installation as @slack/oauth gives it, token and all.
    await createSlackInstallationStore(harness.pont.db).storeInstallation(installation);
    expect((await storedRows()).find((row) => row.team_id === blaenauTeam)!.stored).toContain(installation.bot!.token);

    expect((await answeredIn(blaenauTeam, karen, 'D0KARENPHI')).workspace).toBe(blaenauTeam);

    const restarted = await slackChannelOfAnotherPont({ PONT_SECRET_KEY: key });
    try {
      await restarted.channel.start();
    } finally {
      await restarted.close();
    }
    const stored = (await storedRows()).find((row) => row.team_id === blaenauTeam)!.stored;
    expect(stored).not.toContain(installation.bot!.token);
    expect(JSON.parse(stored).sealed).toMatch(/^aes256gcm\.v1:/);
    expect((await answeredIn(blaenauTeam, karen, 'D0KARENPHI')).workspace).toBe(blaenauTeam);
  });

  it('refuses to start without the key, or with another key, saying so in one line', async () => {
    const withoutKey = await slackChannelOfAnotherPont({});
    await expect(withoutKey.channel.start()).rejects.toThrow(
      /^PONT_SECRET_KEY is not set, but 2 Slack installations are stored encrypted: set PONT_SECRET_KEY to the key they were written with$/,
    );
    await withoutKey.close();

    const wrongKey = await slackChannelOfAnotherPont({ PONT_SECRET_KEY: otherKey });
    await expect(wrongKey.channel.start()).rejects.toThrow(
      /^PONT_SECRET_KEY is not the key the Slack installations were encrypted with \(they name key [0-9a-f]{8}, PONT_SECRET_KEY is key [0-9a-f]{8}\): set PONT_SECRET_KEY to the key they were written with$/,
    );
    await wrongKey.close();
  });

  it('says how to make a key when PONT_SECRET_KEY is not one', () => {
    expect(() => testConfig({ ...oauthEnvironment, PONT_SECRET_KEY: 'not-a-key' })).toThrow(
      'PONT_SECRET_KEY must be 32 random bytes as 64 hex digits or base64: make one with openssl rand -base64 32',
    );
  });
});
