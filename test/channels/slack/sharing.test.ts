import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { actionIds, inputIds } from '../../../src/channels/slack/index.ts';
import type { SlackCall } from '../../support/fake-slack-api.ts';
import {
  buttonIds,
  buttonPress,
  command,
  eventPayload,
  shownText,
  startSlackHarness,
  users,
  viewSubmission,
  type SlackHarness,
} from './harness.ts';

let harness: SlackHarness;
const byId = new Map(Object.values(users).map((user) => [user.id, user]));

beforeAll(async () => {
  harness = await startSlackHarness();
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.slack.reset();
});

/** The DMs that carry Claim / Not me buttons, by recipient user id. */
function routedDms(calls: SlackCall[]): SlackCall[] {
  return calls.filter(
    (call) =>
      call.method === 'chat.postMessage' &&
      String(call.args.channel).startsWith('U') &&
      buttonIds(call.args.blocks).includes(actionIds.claim),
  );
}

/** Waits for the work the deliveries so far caused: the inbox's items, then what they left to run after answering. */
async function settle(): Promise<void> {
  await harness.pont.inbox.drained();
  await settleHeldWork();
}

describe('a sharing request through Slack', () => {
  it('routes, claims, answers and closes the loop, updating every message in place', async () => {
    const ts = '1732390000.000100';
    const payload = eventPayload('message-im', {
      text: 'share how do you plan your waste collection rota?',
      user: users.sian.id,
      channel: 'D0SIANMORG',
      ts,
      event_ts: ts,
    });
    const sians = async () =>
      (await harness.pont.sharing.list()).filter((request) => request.requesterEmail === users.sian.email).length;
    const before = await sians();
    await harness.sendEvent(payload);

    // The requester's copy, in the thread of their message, with where it went.
    const requesterMessage = (
      await harness.slack.waitFor((calls) =>
        calls.some((call) => call.method === 'chat.postMessage' && call.args.channel === 'D0SIANMORG'),
      )
    ).find((call) => call.method === 'chat.postMessage' && call.args.channel === 'D0SIANMORG')!;
    expect(requesterMessage.args.thread_ts).toBe(ts);
    expect(shownText(requesterMessage.args)).toMatch(/Sharing request #\d+/);
    const requestId = /Sharing request #(\d+)/.exec(shownText(requesterMessage.args))![1]!;

    // Each routed person on Slack gets a DM with Claim / Not me.
    await harness.slack.waitFor((calls) => routedDms(calls).length >= 1);
    const routed = routedDms(harness.slack.calls);
    const recipients = routed.map((call) => byId.get(String(call.args.channel))!);
    expect(recipients.every((recipient) => recipient.email.endsWith('@blaenau-gwent.gov.uk'))).toBe(true);
    expect(shownText(routed[0]!.args)).toContain('waste collection rota');
    expect(buttonIds(routed[0]!.args.blocks)).toEqual([actionIds.claim, actionIds.decline]);

    // A retried delivery of the same message opens no second request.
    await harness.sendEvent(payload, { retryNum: 1 });
    await settle();
    expect(await sians()).toBe(before + 1);

    const claimer = recipients[0]!;
    const other = recipients[1];
    const claimerMessageTs = '1732390100.000100';
    harness.slack.reset();

    if (other) {
      // Someone else says "Not me" first: they are thanked privately.
      await harness.sendInteraction(
        buttonPress(harness, other, actionIds.decline, requestId, {
          channel: other.id,
          messageTs: '1732390090.000100',
        }),
      );
      const declined = await harness.slack.waitForCalls('response_url');
      expect(declined[0]!.args.text).toMatch(/passed this request on/);
      // Their DM is updated in place: no "Not me" any more, and Claim only in case they change their mind (the core still accepts it).
      const updated = await harness.slack.waitFor((calls) =>
        calls.some((call) => call.method === 'chat.update' && call.args.channel === other.id),
      );
      expect(
        buttonIds(
          updated.filter((call) => call.method === 'chat.update' && call.args.channel === other.id).at(-1)!.args.blocks,
        ),
      ).toEqual([actionIds.claim]);
      harness.slack.reset();
    }

    // The claimer presses Claim: the answer form opens and the requester is told who picked it up.
    await harness.sendInteraction(
      buttonPress(harness, claimer, actionIds.claim, requestId, { channel: claimer.id, messageTs: claimerMessageTs }),
    );
    const [opened] = await harness.slack.waitForCalls('views.open');
    expect(opened!.args.view.callback_id).toBe('pont_answer_modal');
    const told = await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.args.channel === users.sian.id &&
          /picked up your request/.test(shownText(call.args)),
      ),
    );
    expect(told.length).toBeGreaterThan(0);
    // The requester's original message now shows the new status and who picked it up.
    const updates = await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.update' && call.args.channel === 'D0SIANMORG' && /Picked up/.test(shownText(call.args)),
      ),
    );
    const requesterUpdate = updates
      .filter((call) => call.method === 'chat.update' && call.args.channel === 'D0SIANMORG')
      .at(-1)!;
    expect(shownText(requesterUpdate.args)).toContain(`<@${claimer.id}>`);
    if (other) {
      // The other recipient's DM no longer offers Claim.
      const otherUpdate = updates
        .filter((call) => call.method === 'chat.update' && call.args.channel === other.id)
        .at(-1);
      expect(otherUpdate && buttonIds(otherUpdate.args.blocks)).not.toContain(actionIds.claim);
    }

    // The claimer answers in the modal; the requester gets the answer with Helpful buttons.
    harness.slack.reset();
    const answer = 'We plan the rota four weeks ahead in a shared spreadsheet and rotate crews every quarter.';
    const submission = viewSubmission(claimer, opened!.args.view, {
      [inputIds.answerText.block]: { [inputIds.answerText.action]: { type: 'plain_text_input', value: answer } },
      [inputIds.answerConsent.block]: {
        [inputIds.answerConsent.action]: { type: 'checkboxes', selected_options: [{ value: 'consent' }] },
      },
    });
    const submitted = await harness.sendInteraction(submission);
    expect(submitted.status).toBe(200);
    const answered = await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.args.channel === users.sian.id &&
          buttonIds(call.args.blocks).includes(actionIds.markHelpful),
      ),
    );
    const answerMessage = answered.find(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.channel === users.sian.id &&
        buttonIds(call.args.blocks).includes(actionIds.markHelpful),
    )!;
    expect(shownText(answerMessage.args)).toContain('four weeks ahead');
    expect(shownText(answerMessage.args)).toContain(`<@${claimer.id}> has answered your request`);
    await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.args.channel === claimer.id &&
          /answer has been sent|ateb wedi'i anfon/.test(shownText(call.args)),
      ),
    );
    expect((await harness.pont.sharing.get(requestId)).status).toBe('answered');

    // The requester marks it helpful; their messages update in place and lose the buttons.
    harness.slack.reset();
    await harness.sendInteraction(
      buttonPress(harness, users.sian, actionIds.markHelpful, requestId, {
        channel: users.sian.id,
        messageTs: '1732390200.000100',
      }),
    );
    await harness.slack.waitFor((calls) =>
      calls.some((call) => call.method === 'chat.update' && /marked the answer as helpful/.test(shownText(call.args))),
    );
    expect((await harness.pont.sharing.get(requestId)).helpful).toBe(true);
  });

  it('opens a request prefilled from an unanswered question with Ask a person, once per form', async () => {
    await harness.sendCommand(
      command(harness, users.sian, '/ask', 'How does the other council handle fly-tipping enforcement?'),
    );
    const [reply] = await harness.slack.waitForCalls('response_url');
    const askButton = (reply!.args.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === actionIds.askAPerson);
    expect(askButton?.value).toMatch(/fly-tipping/);

    await harness.sendInteraction(
      buttonPress(harness, users.sian, actionIds.askAPerson, askButton!.value, {
        channel: 'C0WASTETEAM',
        messageTs: '1732390300.000100',
      }),
    );
    const [opened] = await harness.slack.waitForCalls('views.open');
    const view = opened!.args.view;
    expect(view.callback_id).toBe('pont_share_modal');
    const input = view.blocks.find((block: { block_id?: string }) => block.block_id === inputIds.shareText.block);
    expect(input.element.initial_value).toMatch(/fly-tipping/);

    const before = (await harness.pont.sharing.list()).length;
    const submission = viewSubmission(users.sian, view, {
      [inputIds.shareText.block]: {
        [inputIds.shareText.action]: { type: 'plain_text_input', value: input.element.initial_value },
      },
      [inputIds.shareTarget.block]: {
        [inputIds.shareTarget.action]: { type: 'radio_buttons', selected_option: { value: 'other' } },
      },
    });
    expect((await harness.sendInteraction(submission)).status).toBe(200);
    await harness.slack.waitFor((calls) =>
      calls.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          /Sharing request #/.test(shownText(call.args)) &&
          call.args.channel === 'C0WASTETEAM',
      ),
    );
    // Submitting the same form again (a double click) does not open a second request.
    const again = viewSubmission(users.sian, view, submission.view.state.values);
    again.view.id = submission.view.id;
    await harness.sendInteraction(again);
    await settle();
    expect((await harness.pont.sharing.list()).length).toBe(before + 1);
  });

  it('opens a request from /share with text, answers privately and keeps the updatable copy in the DM', async () => {
    await harness.sendCommand(
      command(harness, users.sian, '/share', 'How do you manage missed bin collection complaints?'),
    );
    const [reply] = await harness.slack.waitForCalls('response_url');
    expect(reply!.args.response_type).toBe('ephemeral');
    expect(shownText(reply!.args)).toMatch(/keep you posted/);
    const calls = await harness.slack.waitFor((all) =>
      all.some(
        (call) =>
          call.method === 'chat.postMessage' &&
          call.args.channel === users.sian.id &&
          /Sharing request #\d+/.test(shownText(call.args)),
      ),
    );
    const copy = calls.find(
      (call) =>
        call.method === 'chat.postMessage' &&
        call.args.channel === users.sian.id &&
        /Sharing request #\d+/.test(shownText(call.args)),
    )!;
    expect(shownText(copy.args)).toContain('missed bin collection complaints');
  });

  it('keeps the share form open with a message when it is sent empty', async () => {
    const view = {
      callback_id: 'pont_share_modal',
      private_metadata: JSON.stringify({ language: 'en' }),
      title: { type: 'plain_text', text: 'Ask a person' },
      blocks: [],
    };
    const submission = viewSubmission(users.sian, view, {
      [inputIds.shareText.block]: { [inputIds.shareText.action]: { type: 'plain_text_input', value: '   ' } },
    });
    const response = await harness.sendInteraction(submission);
    expect(response.status).toBe(200);
    const body = JSON.parse(response.text);
    expect(body.response_action).toBe('errors');
    expect(body.errors[inputIds.shareText.block]).toMatch(/What would you like to ask/);
  });

  it('reports a DM that Slack refuses as a failed delivery without crashing', async () => {
    // Every DM to a routed person fails with channel_not_found.
    for (let index = 0; index < 6; index += 1)
      harness.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    const request = await harness.pont.sharing.open({
      text: 'How do you organise the refuse collection crews and their rota?',
      fromEmail: users.sian.email,
      clientKey: 'slack-test-gritting',
    });
    await settle();
    // Each refused DM is recorded as a failed delivery naming Slack's error, so it can be retried or reported.
    const failed = await harness.pont.db.query<{ error: string }>(
      "select error from sharing_notifications where request_id = $1 and status = 'failed'",
      [request.id],
    );
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.error).toMatch(/channel_not_found/);
    // The process is still serving: a command still gets its answer.
    harness.slack.reset();
    await harness.sendCommand(command(harness, users.sian, '/pont', 'help'));
    await harness.slack.waitForCalls('response_url');
  });

  it('delivers the sharing reminders from the core as DMs with Claim still offered', async () => {
    const request = await harness.pont.sharing.open({
      text: 'How do you organise street cleansing and fleet rotas?',
      fromEmail: users.sian.email,
      clientKey: 'slack-test-reminder',
    });
    await settle();
    harness.slack.reset();
    await harness.pont.sharing.runDueFollowUps(new Date(Date.now() + 7 * 24 * 60 * 60 * 1000));
    const isReminder = (call: SlackCall) =>
      call.method === 'chat.postMessage' &&
      /Reminder|Nodyn atgoffa|sent to you because|wedi'i anfon atoch/.test(shownText(call.args)) &&
      shownText(call.args).includes(request.title);
    const calls = await harness.slack.waitFor((all) => all.some(isReminder));
    const reminder = calls.find(isReminder)!;
    expect(String(reminder.args.channel)).toMatch(/^U/);
    expect(buttonIds(reminder.args.blocks)).toContain(actionIds.claim);
  });

  it('tells a Welsh-locale user in Welsh that an English request they try to claim was cancelled', async () => {
    const request = await harness.pont.sharing.open({
      text: 'How do you plan your garden waste collection rota?',
      fromEmail: users.sian.email,
      language: 'en',
    });
    await harness.pont.sharing.cancel(request.id, { email: users.sian.email, isAdmin: false, via: 'slack' });
    await harness.sendInteraction(
      buttonPress(harness, users.ieuan, actionIds.claim, request.id, {
        channel: users.ieuan.id,
        messageTs: '1732390500.000100',
      }),
    );
    const [told] = await harness.slack.waitForCalls('response_url');
    expect(told!.args.text).toBe(
      `Mae hynny eisoes wedi newid: Mae cais #${request.id} wedi’i ganslo, felly ni ellir ei godi.`,
    );
  });

  it('tells a Welsh-locale user in Welsh that a request number does not exist', async () => {
    await harness.sendInteraction(
      buttonPress(harness, users.ieuan, actionIds.decline, 'twelve', {
        channel: users.ieuan.id,
        messageTs: '1732390600.000100',
      }),
    );
    const [told] = await harness.slack.waitForCalls('response_url');
    expect(told!.args.text).toBe(
      'Ni allwn wneud hynny: Nid yw "twelve" yn rhif cais: rhowch y rhif a ddangosir yn eich rhestr o geisiadau, e.e. 12.',
    );
  });

  it('tells a person who is not in the directory how to be added instead of opening a request', async () => {
    await harness.sendCommand(command(harness, users.stranger, '/share', 'How do you run your waste rota?'));
    const [reply] = await harness.slack.waitForCalls('response_url');
    expect(shownText(reply!.args)).toMatch(/not in the staff directory/i);
    expect((await harness.pont.sharing.list()).some((request) => request.requesterEmail === users.stranger.email)).toBe(
      false,
    );
  });
});
