import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIds } from '../../../src/channels/slack/index.ts';
import { slackDeadlines, type SlackCall } from '../../support/fake-slack-api.ts';
import {
  buttonIds,
  buttonPress,
  command,
  defaultSlackLatencyMs,
  eventPayload,
  shownText,
  startSlackHarness,
  users,
  type SlackHarness,
} from './harness.ts';

// Slack's deadlines at the latency of the real API (200-800 ms a call): a trigger_id opens a modal only within
// 3 seconds of the click, so whatever a click causes besides the modal must come after it.

let harness: SlackHarness;
const byId = new Map(Object.values(users).map((user) => [user.id, user]));

beforeAll(async () => {
  harness = await startSlackHarness();
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

/** The DMs that carry Claim / Not me buttons. */
function routedDms(calls: SlackCall[]): SlackCall[] {
  return calls.filter(
    (call) =>
      call.method === 'chat.postMessage' &&
      String(call.args.channel).startsWith('U') &&
      buttonIds(call.args.blocks).includes(actionIds.claim),
  );
}

/** Siân asks for help in a DM; resolves with the request number and the Slack users it reached. */
async function openRequest(text: string, ts: string) {
  harness.slack.setLatency(defaultSlackLatencyMs);
  harness.slack.reset();
  await harness.sendEvent(
    eventPayload('message-im', { text: `share ${text}`, user: users.sian.id, channel: 'D0SIANMORG', ts, event_ts: ts }),
  );
  const posted = await harness.slack.waitFor(
    (calls) => calls.some((call) => call.method === 'chat.postMessage' && call.args.channel === 'D0SIANMORG'),
    20_000,
  );
  const requestId = /Sharing request #(\d+)/.exec(
    shownText(posted.find((call) => call.method === 'chat.postMessage' && call.args.channel === 'D0SIANMORG')!.args),
  )![1]!;
  const request = await harness.pont.sharing.get(requestId);
  const onSlack = Object.values(users).filter((user) => request.routedTo.includes(user.email));
  await harness.slack.waitFor((calls) => routedDms(calls).length >= onSlack.length, 20_000);
  return { requestId, recipients: routedDms(harness.slack.calls).map((call) => byId.get(String(call.args.channel))!) };
}

describe.each([350, 800])('Slack at %i ms a call', (latencyMs) => {
  it("opens the answer form for Claim within the trigger_id's 3 seconds, then tells the requester and updates every message", async () => {
    const { requestId, recipients } = await openRequest(
      `how do you plan the collection rota for bank holidays (${latencyMs})?`,
      `17323910${latencyMs}.000100`,
    );
    expect(recipients.length).toBeGreaterThanOrEqual(1);
    // The request shows in the requester's DM and in each routed person's DM: a claim updates all of them.
    const shownIn = harness.slack.calls.filter((call) => call.method === 'chat.postMessage').length;
    expect(shownIn).toBe(recipients.length + 1);

    harness.slack.reset();
    harness.slack.setLatency(latencyMs);
    const claimer = recipients[0]!;
    const press = buttonPress(harness, claimer, actionIds.claim, requestId, {
      channel: claimer.id,
      messageTs: '1732391100.000100',
    });
    const clicked = Date.now();
    expect((await harness.sendInteraction(press)).status).toBe(200);
    const [opened] = await harness.slack.waitForCalls('views.open', 1, 10_000);
    expect(opened!.args.view.callback_id).toBe('pont_answer_modal');
    const trigger = harness.slack.trigger(press.trigger_id)!;
    // Slack took the trigger (it refuses one older than 3 seconds), well inside the deadline.
    expect(trigger.usedAt).not.toBeNull();
    expect(trigger.usedAt! - clicked).toBeLessThan(slackDeadlines.triggerMs);

    // Then, and only then, the requester hears and every message showing the request is brought up to date.
    await harness.slack.waitFor(
      (calls) =>
        calls.some(
          (call) =>
            call.method === 'chat.postMessage' &&
            call.args.channel === users.sian.id &&
            /picked up your request/.test(shownText(call.args)),
        ),
      30_000,
    );
    await harness.slack.waitFor(
      (calls) => calls.filter((call) => call.method === 'chat.update').length >= shownIn,
      30_000,
    );
    const methods = harness.slack.calls.map((call) => call.method);
    const firstFollowOn = Math.min(
      ...['chat.update', 'chat.postMessage'].map((method) => methods.indexOf(method)).filter((index) => index >= 0),
    );
    expect(methods.indexOf('views.open')).toBeLessThan(firstFollowOn);
  }, 60_000);

  it("opens the request form for /share with no text within the trigger_id's 3 seconds", async () => {
    harness.slack.reset();
    harness.slack.setLatency(latencyMs);
    const fields = command(harness, users.karen, '/share', '');
    const clicked = Date.now();
    expect((await harness.sendCommand(fields)).status).toBe(200);
    const [opened] = await harness.slack.waitForCalls('views.open', 1, 10_000);
    expect(opened!.args.view.callback_id).toBe('pont_share_modal');
    const trigger = harness.slack.trigger(fields.trigger_id!)!;
    expect(trigger.usedAt! - clicked).toBeLessThan(slackDeadlines.triggerMs);
  }, 30_000);
});
