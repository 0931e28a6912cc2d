import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIds, inputIds } from '../../src/channels/slack/index.ts';
import type { SlackCall } from '../support/fake-slack-api.ts';
import {
  buttonIds,
  buttonPress,
  eventPayload,
  shownText,
  startSlackHarness,
  users,
  viewSubmission,
  type SlackHarness,
} from '../channels/slack/harness.ts';

// The attack seen by everyone in a public channel: a request opened there, answered without consent to share.
let harness: SlackHarness;
const byId = new Map(Object.values(users).map((user) => [user.id, user]));
const channel = 'C0WASTETEAM';
const answer = 'We keep a private list of crews willing to work bank holidays and pay them a premium.';

beforeAll(async () => {
  harness = await startSlackHarness();
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('a request opened in a public Slack channel and answered without consent to share', () => {
  it('never shows the answer or who gave it in the channel; the requester reads it in their DM', async () => {
    const ts = '1732391000.000100';
    await harness.sendEvent(
      eventPayload('app-mention', {
        text: '<@UPONTBOT1> share how do you staff waste collection rounds over bank holidays?',
        user: users.sian.id,
        channel,
        ts,
        event_ts: ts,
      }),
    );
    // The request replaces the placeholder Pont showed in the thread while it worked.
    const isRequestInChannel = (call: SlackCall) =>
      (call.method === 'chat.postMessage' || call.method === 'chat.update') &&
      call.args.channel === channel &&
      /Sharing request #\d+/.test(shownText(call.args));
    const posted = await harness.slack.waitFor((calls) => calls.some(isRequestInChannel));
    const channelMessage = posted.find(isRequestInChannel)!;
    const requestId = /Sharing request #(\d+)/.exec(shownText(channelMessage.args))![1]!;

    const routed = await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          String(call.args.channel).startsWith('U') &&
          buttonIds(call.args.blocks).includes(actionIds.claim),
      ),
    );
    const claimer = byId.get(
      String(
        routed.find(
          (call) =>
            call.method === 'chat.postMessage' &&
            String(call.args.channel).startsWith('U') &&
            buttonIds(call.args.blocks).includes(actionIds.claim),
        )!.args.channel,
      ),
    )!;

    await harness.sendInteraction(
      buttonPress(harness, claimer, actionIds.claim, requestId, {
        channel: claimer.id,
        messageTs: '1732391100.000100',
      }),
    );
    const [opened] = await harness.slack.waitForCalls('views.open');
    harness.slack.reset();
    // "Share" left unticked.
    const submitted = await harness.sendInteraction(
      viewSubmission(claimer, opened!.args.view, {
        [inputIds.answerText.block]: { [inputIds.answerText.action]: { type: 'plain_text_input', value: answer } },
        [inputIds.answerConsent.block]: {
          [inputIds.answerConsent.action]: { type: 'checkboxes', selected_options: [] },
        },
      }),
    );
    expect(submitted.status).toBe(200);

    // The requester is told in their DM, with the answer.
    const told = await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.args.channel === users.sian.id &&
          shownText(call.args).includes('private list of crews'),
      ),
    );
    expect(told.length).toBeGreaterThan(0);
    // The channel message is brought up to date (answered), without the answer or the answerer.
    const updated = await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.update' && call.args.channel === channel && /answered/i.test(shownText(call.args)),
      ),
    );
    const inChannel = updated
      .filter((call) => call.args.channel === channel)
      .map((call) => shownText(call.args))
      .join('\n');
    expect(inChannel).not.toContain('private list of crews');
    expect(inChannel).not.toMatch(new RegExp(`Answer from <@${claimer.id}>`));
    expect(
      harness.slack.calls
        .filter((call) => call.args.channel === channel)
        .map((call) => JSON.stringify(call.args))
        .join('\n'),
    ).not.toContain('private list of crews');
  }, 300_000);
});
