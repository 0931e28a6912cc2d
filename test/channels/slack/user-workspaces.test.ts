import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import type { Channel } from '../../../src/channels/channel.ts';
import { createHttpApp } from '../../../src/server.ts';
import type { FakeSlackUser } from '../../support/fake-slack-api.ts';
import {
  addCouncilWorkspaces,
  blaenauTeam,
  installThroughSlack,
  oauthEnvironment,
  torfaenTeam,
  workspaceDelivery,
} from '../../support/slack-workspaces.ts';
import { startSlackHarness, users, type SlackHarness } from './harness.ts';

// Installed in two workspaces through Slack's OAuth flow, Pont records which workspace each user it meets belongs to.
// Those records go when they can no longer be used: the workspace uninstalls Pont (or did so while Pont was down),
// or Slack says the user's account is deactivated.

let harness: SlackHarness;
const sian: FakeSlackUser = { ...users.sian, teamId: torfaenTeam };
const karen: FakeSlackUser = { ...users.karen, teamId: blaenauTeam };
const departed: FakeSlackUser = {
  id: 'U0DEPARTED',
  email: 'former.officer@torfaen.gov.uk',
  name: 'Former Officer',
  locale: 'en-GB',
  teamId: torfaenTeam,
  deleted: true,
};

const install = async (team: string) => (await installThroughSlack(harness, '', { team })).status;
const delivery = (name: string, team: string, event: Record<string, unknown>) => workspaceDelivery(name, team, event);

async function say(team: string, user: FakeSlackUser, channel: string) {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  expect(
    (await harness.sendEvent(delivery('message-im', team, { text: 'help', user: user.id, channel, ts, event_ts: ts })))
      .status,
  ).toBe(200);
  await harness.slack.waitFor((calls) =>
    calls.some((call) => call.method === 'chat.postMessage' && call.args.channel === channel),
  );
  await harness.pont.inbox.drained();
  await settleHeldWork();
}

const recorded = async () =>
  await harness.pont.db.query<{ user_id: string; team_id: string }>(
    'select user_id, team_id from slack_user_workspaces order by user_id',
  );

beforeAll(async () => {
  harness = await startSlackHarness({ documents: false, environment: oauthEnvironment });
  addCouncilWorkspaces(harness, [sian, karen, departed]);
  expect(await install(torfaenTeam)).toBe(200);
  expect(await install(blaenauTeam)).toBe(200);
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

describe('which workspace each Slack user belongs to', { timeout: 120_000 }, () => {
  it('is recorded for each user Pont meets, in their own workspace', async () => {
    await say(torfaenTeam, sian, 'D0SIANMORG');
    await say(blaenauTeam, karen, 'D0KARENPHI');
    expect(await recorded()).toEqual([
      { user_id: karen.id, team_id: blaenauTeam },
      { user_id: sian.id, team_id: torfaenTeam },
    ]);
  });

  it('is forgotten for every user of a workspace that uninstalls Pont, and kept for the others', async () => {
    const uninstalled = delivery('app-mention', blaenauTeam, {});
    uninstalled.event = { type: 'app_uninstalled', event_ts: '1732390550.000100' };
    expect((await harness.sendEvent(uninstalled)).status).toBe(200);
    await expect.poll(recorded).toEqual([{ user_id: sian.id, team_id: torfaenTeam }]);
    expect(await harness.pont.db.query('select team_id from slack_installations')).toEqual([{ team_id: torfaenTeam }]);
  });

  it('is pruned at start for a workspace that uninstalled Pont while it was down', async () => {
    await harness.pont.db.query(
      "insert into slack_user_workspaces (user_id, team_id) values ('U0LEFTOVER', 'T0GONEWS01')",
    );
    // The Slack channel of a Pont starting on the same database, as `main` starts it.
    const app = await createHttpApp(harness.pont);
    const slack = (app.locals.channels as Channel[]).find((channel) => channel.name === 'slack')!;
    await slack.start();
    await slack.stop();
    expect(await recorded()).toEqual([{ user_id: sian.id, team_id: torfaenTeam }]);
  });

  it('is forgotten for a user Slack says is deactivated', async () => {
    // A delivery Slack retries from before the account was deactivated: Pont records the user, then learns they are gone.
    await say(torfaenTeam, departed, 'D0DEPARTED');
    expect(await recorded()).toEqual([{ user_id: sian.id, team_id: torfaenTeam }]);
  });
});
