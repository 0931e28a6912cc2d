import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { actionIds, inputIds } from '../../../src/channels/slack/index.ts';
import { slackBotScopes } from '../../../src/channels/slack/oauth.ts';
import type { FakeSlackUser, SlackCall } from '../../support/fake-slack-api.ts';
import {
  addCouncilWorkspaces,
  blaenauTeam,
  installThroughSlack,
  oauthEnvironment,
  torfaenTeam,
  workspaceDelivery,
} from '../../support/slack-workspaces.ts';
import {
  buttonIds,
  buttonPress,
  shownText,
  startSlackHarness,
  users,
  viewSubmission,
  type SlackHarness,
} from './harness.ts';
import { parse } from 'yaml';
import fs from 'node:fs';

// Pont installed through Slack's OAuth flow in each council's workspace, and organisation-wide in an Enterprise Grid
// organisation, with no bot token configured. Every delivery is signed Slack HTTP; the fake Web API refuses a
// token in any workspace but its own and hides a Slack Connect guest's email from the other organisation.

const gridTeam = 'T0GRIDWS01';
const gridOrg = 'E0GRIDORG1';
const shared = 'C0SHAREDWS';

let harness: SlackHarness;
const sian = { ...users.sian, teamId: torfaenTeam };
const blaenauStaff = [users.karen, users.ieuan, users.matthew].map((user) => ({ ...user, teamId: blaenauTeam }));
/** A Blaenau Gwent officer Pont has not met before, who writes in a channel shared with Torfaen. */
const gwen: FakeSlackUser = {
  id: 'U0GWENEDWA',
  email: 'gwen.edwards@blaenau-gwent.gov.uk',
  name: 'Gwen Edwards',
  locale: 'en-GB',
  teamId: blaenauTeam,
};
const gridUser: FakeSlackUser = {
  id: 'W0GRIDUSER',
  email: 'ffion.howells@torfaen.gov.uk',
  name: 'Ffion Howells',
  locale: 'en-GB',
  teamId: gridTeam,
};

const install = (query: string, where: Record<string, string>) => installThroughSlack(harness, query, where);
const delivery = workspaceDelivery;

function pressIn(
  team: string,
  user: FakeSlackUser,
  actionId: string,
  value: string,
  where: { channel: string; messageTs: string },
) {
  const payload = buttonPress(harness, user, actionId, value, where);
  payload.team = { id: team, domain: team.toLowerCase() };
  payload.user = { ...payload.user, team_id: team };
  return payload;
}

const by = (calls: SlackCall[], method: string, channel: string) =>
  calls.filter((call) => call.method === method && call.args.channel === channel);

beforeAll(async () => {
  harness = await startSlackHarness({
    environment: oauthEnvironment,
  });
  addCouncilWorkspaces(harness, [sian, ...blaenauStaff, gwen, gridUser]);
  harness.slack.addWorkspace({
    id: gridTeam,
    name: 'Grid workspace',
    enterprise: { id: gridOrg, name: 'Grid organisation' },
  });
  harness.slack.addChannel({ id: shared, teams: [torfaenTeam, blaenauTeam] });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

/** Waits for earlier deliveries' work (answers, and message updates after an interaction), so what follows is only the next delivery's doing. */
/** The Web API calls made with a workspace's token, or naming any of `ids` (a channel or a user). */
function callsAbout(...ids: string[]): SlackCall[] {
  return harness.slack.calls.filter(
    (call) => ids.includes(call.workspace ?? '') || ids.some((id) => JSON.stringify(call.args).includes(id)),
  );
}

async function settled(): Promise<void> {
  await harness.pont.inbox.drained();
  await settleHeldWork();
}

describe("Slack installed in each council's workspace", () => {
  it("installs through Slack's OAuth flow in each workspace and organisation-wide in a Grid organisation", async () => {
    expect(await install('?council=torfaen', { team: torfaenTeam })).toEqual({
      status: 200,
      text: 'Pont is installed in the Slack workspace Torfaen. You can close this page.\n',
    });
    expect((await install('?council=blaenau-gwent', { team: blaenauTeam })).status).toBe(200);
    expect((await install('', { enterprise: gridOrg })).text).toContain('organisation Grid organisation');
    const rows = await harness.pont.db.query<{
      team_id: string;
      enterprise_id: string;
      council: string | null;
      is_enterprise_install: boolean;
    }>('select team_id, enterprise_id, council, is_enterprise_install from slack_installations order by installed_at');
    expect(rows).toEqual([
      { team_id: torfaenTeam, enterprise_id: '', council: 'torfaen', is_enterprise_install: false },
      { team_id: blaenauTeam, enterprise_id: '', council: 'blaenau-gwent', is_enterprise_install: false },
      { team_id: '', enterprise_id: gridOrg, council: null, is_enterprise_install: true },
    ]);
    // Pont asked for the scopes its Slack app manifest declares.
    const manifest = parse(fs.readFileSync('manifest/slack/manifest.yaml', 'utf8')) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect([...slackBotScopes].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it('refuses an install link for an unknown council, and a redirect whose state it did not issue, saying so', async () => {
    expect(await install('?council=monmouthshire', { team: torfaenTeam })).toEqual({
      status: 400,
      text: 'council=monmouthshire is not a configured council: use one of blaenau-gwent, torfaen, or leave it out\n',
    });
    const forged = await fetch(`${harness.url}/slack/oauth_redirect?code=code-made-up&state=not-ours`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('Pont was not installed');
    expect((await harness.pont.db.query('select 1 from slack_installations')).length).toBe(3);
  });

  it('sends a request opened in the Torfaen workspace to Blaenau Gwent staff in theirs, and the answer back', async () => {
    await settled();
    harness.slack.reset();
    const ts = '1732390000.000100';
    await harness.sendEvent(
      delivery('message-im', torfaenTeam, {
        text: 'share how do you plan your waste collection rota?',
        user: sian.id,
        channel: 'D0SIANMORG',
        ts,
        event_ts: ts,
      }),
    );
    const calls = await harness.slack.waitFor(
      (all) =>
        by(all, 'chat.postMessage', 'D0SIANMORG').length > 0 &&
        all.some((call) => call.method === 'chat.postMessage' && buttonIds(call.args.blocks).includes(actionIds.claim)),
    );
    const requesterMessage = by(calls, 'chat.postMessage', 'D0SIANMORG')[0]!;
    expect(requesterMessage.workspace).toBe(torfaenTeam);
    const requestId = /Sharing request #(\d+)/.exec(shownText(requesterMessage.args))![1]!;

    // Each Blaenau Gwent recipient is found and written to in the Blaenau Gwent workspace, with its token.
    const routed = calls.filter(
      (call) => call.method === 'chat.postMessage' && buttonIds(call.args.blocks).includes(actionIds.claim),
    );
    expect(routed.length).toBeGreaterThan(0);
    for (const dm of routed) {
      expect(blaenauStaff.map((user) => user.id)).toContain(dm.args.channel);
      expect(dm.workspace).toBe(blaenauTeam);
    }
    const claimer = blaenauStaff.find((user) => user.id === routed[0]!.args.channel)!;

    // Claimed in the Blaenau Gwent workspace: the requester's message updates in hers, with her workspace's token.
    await settled();
    harness.slack.reset();
    await harness.sendInteraction(
      pressIn(blaenauTeam, claimer, actionIds.claim, requestId, {
        channel: claimer.id,
        messageTs: '1732390100.000100',
      }),
    );
    const [opened] = await harness.slack.waitForCalls('views.open');
    expect(opened!.workspace).toBe(blaenauTeam);
    const updated = await harness.slack.waitFor((all) =>
      by(all, 'chat.update', 'D0SIANMORG').some((call) => /Picked up/.test(shownText(call.args))),
    );
    expect(by(updated, 'chat.update', 'D0SIANMORG').every((call) => call.workspace === torfaenTeam)).toBe(true);
    const told = await harness.slack.waitFor((all) =>
      by(all, 'chat.postMessage', sian.id).some((call) => /picked up your request/.test(shownText(call.args))),
    );
    expect(by(told, 'chat.postMessage', sian.id).every((call) => call.workspace === torfaenTeam)).toBe(true);

    // Answered from the Blaenau Gwent workspace; the answer reaches the requester in Torfaen's.
    await settled();
    harness.slack.reset();
    const submission = viewSubmission(claimer, opened!.args.view, {
      [inputIds.answerText.block]: {
        [inputIds.answerText.action]: {
          type: 'plain_text_input',
          value: 'We plan the rota four weeks ahead and rotate crews every quarter.',
        },
      },
      [inputIds.answerConsent.block]: {
        [inputIds.answerConsent.action]: { type: 'checkboxes', selected_options: [{ value: 'consent' }] },
      },
    });
    submission.team = { id: blaenauTeam, domain: 'blaenau' };
    submission.view.app_installed_team_id = blaenauTeam;
    submission.user = { ...submission.user, team_id: blaenauTeam };
    expect((await harness.sendInteraction(submission)).status).toBe(200);
    const answered = await harness.slack.waitFor((all) =>
      by(all, 'chat.postMessage', sian.id).some((call) => buttonIds(call.args.blocks).includes(actionIds.markHelpful)),
    );
    const answer = by(answered, 'chat.postMessage', sian.id).find((call) =>
      buttonIds(call.args.blocks).includes(actionIds.markHelpful),
    )!;
    expect(shownText(answer.args)).toContain('four weeks ahead');
    expect(answer.workspace).toBe(torfaenTeam);
    expect((await harness.pont.sharing.get(requestId)).status).toBe('answered');

    // And the thanks go back from Torfaen's workspace.
    await settled();
    harness.slack.reset();
    await harness.sendInteraction(
      pressIn(torfaenTeam, sian, actionIds.markHelpful, requestId, {
        channel: sian.id,
        messageTs: '1732390200.000100',
      }),
    );
    await harness.slack.waitFor((all) =>
      all.some((call) => call.method === 'chat.update' && /marked the answer as helpful/.test(shownText(call.args))),
    );
    expect((await harness.pont.sharing.get(requestId)).helpful).toBe(true);
    // No call anywhere was refused for speaking in the wrong workspace.
    expect(harness.slack.calls.filter((call) => call.method.startsWith('chat.') && !call.workspace)).toEqual([]);
  });

  it('knows a Blaenau Gwent officer writing in a Slack Connect channel through the Torfaen install, by asking her own workspace', async () => {
    await settled();
    harness.slack.reset();
    const ts = '1732390400.000100';
    const mention = delivery('app-mention', torfaenTeam, {
      text: '<@UPONTBOT> who knows about GIS?',
      user: gwen.id,
      user_team: blaenauTeam,
      channel: shared,
      ts,
      event_ts: ts,
    });
    mention.is_ext_shared_channel = true;
    expect((await harness.sendEvent(mention)).status).toBe(200);
    // The answer replaces the placeholder Pont posted in the thread while it worked.
    const calls = await harness.slack.waitFor((all) => by(all, 'chat.update', shared).length > 0);
    // Her email is visible only to her own organisation's install: Pont asked there.
    const lookups = calls.filter((call) => call.method === 'users.info' && call.args.user === gwen.id);
    expect(lookups.map((call) => call.workspace)).toEqual([blaenauTeam]);
    const [placeholder] = by(calls, 'chat.postMessage', shared);
    expect(placeholder!.workspace).toBe(torfaenTeam);
    expect(placeholder!.args.thread_ts).toBe(ts);
    const reply = by(calls, 'chat.update', shared)[0]!;
    expect(reply.workspace).toBe(torfaenTeam);
    // She is known as a member of staff: no "not in the directory" footer.
    expect(shownText(reply.args)).not.toMatch(/not in the staff directory|isn't in the directory/i);
    expect((await harness.pont.people.getOwnProfile(gwen.email!))?.slackUserId).toBe(gwen.id);
  });

  it('answers in a workspace of a Grid organisation with the organisation-wide install', async () => {
    await settled();
    harness.slack.reset();
    const ts = '1732390500.000100';
    await harness.sendEvent(
      delivery(
        'message-im',
        gridTeam,
        { text: 'Who knows about GIS?', user: gridUser.id, channel: 'D0GRIDUSER', ts, event_ts: ts },
        gridOrg,
      ),
    );
    const calls = await harness.slack.waitFor((all) => by(all, 'chat.postMessage', 'D0GRIDUSER').length > 0);
    expect(by(calls, 'chat.postMessage', 'D0GRIDUSER')[0]!.workspace).toBe(gridOrg);
  });

  it('forgets a workspace that uninstalls Pont, and then ignores its deliveries', async () => {
    const uninstalled = delivery('app-mention', gridTeam, {}, gridOrg);
    uninstalled.event = { type: 'app_uninstalled', event_ts: '1732390550.000100' };
    expect((await harness.sendEvent(uninstalled)).status).toBe(200);
    await expect
      .poll(
        async () =>
          await harness.pont.db.query('select team_id, enterprise_id from slack_installations order by installed_at'),
      )
      .toEqual([
        { team_id: torfaenTeam, enterprise_id: '' },
        { team_id: blaenauTeam, enterprise_id: '' },
      ]);
    await settled();
    harness.slack.reset();
    const ts = '1732390560.000100';
    const payload = delivery(
      'message-im',
      gridTeam,
      { text: 'Who knows about GIS?', user: gridUser.id, channel: 'D0GRIDUSER', ts, event_ts: ts },
      gridOrg,
    );
    await harness.sendEvent(payload);
    expect(
      await harness.pont.db.query('select 1 from inbox where key = $1', [`slack:event:${payload.event_id}`]),
    ).toEqual([]);
    // NOTE: other workspaces' request cards may still be brought up to date meanwhile; nothing reaches this one.
    expect(callsAbout(gridOrg, gridTeam, 'D0GRIDUSER', gridUser.id)).toEqual([]);
  });

  it('records nothing and answers nothing for a workspace Pont is not installed in', async () => {
    await settled();
    harness.slack.reset();
    const ts = '1732390600.000100';
    const payload = delivery('message-im', 'T0ELSEWHER', {
      text: 'hello',
      user: 'U0ELSEWHER',
      channel: 'D0ELSEWHER',
      ts,
      event_ts: ts,
    });
    const response = await harness.sendEvent(payload);
    // Slack is told it arrived (a refusal would only bring retries); nothing is kept or done.
    expect(response.status).toBe(200);
    expect(
      await harness.pont.db.query('select 1 from inbox where key = $1', [`slack:event:${payload.event_id}`]),
    ).toEqual([]);
    expect(callsAbout('T0ELSEWHER', 'D0ELSEWHER', 'U0ELSEWHER')).toEqual([]);
  });
});
