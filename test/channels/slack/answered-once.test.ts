import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actionIds } from '../../../src/channels/slack/index.ts';
import { stoppingDatabase } from '../../support/stopping-database.ts';
import {
  buttonIds,
  command,
  eventPayload,
  shownText,
  startSlackHarness,
  unique,
  users,
  type SlackHarness,
} from './harness.ts';

// A process that stops after showing the person something and before recording the work done: the work is taken
// again once its lease runs out, and the person still sees one answer (one error, one copy of their request).

let harness: SlackHarness;
let stopping: ReturnType<typeof stoppingDatabase>;

beforeAll(async () => {
  harness = await startSlackHarness({
    database: (db) => (stopping = stoppingDatabase(db)).db,
    inbox: { leaseMs: 1_000, pollMs: 50, retryBaseMs: 50 },
  });
}, 60_000);

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.slack.reset();
});

/** Waits until the inbox has recorded the work done (an event id, or a whole inbox key); its attempts. */
async function attemptsWhenDone(work: string): Promise<number> {
  const key = work.startsWith('slack:') ? work : `slack:event:${work}`;
  for (const started = Date.now(); Date.now() - started < 20_000;) {
    const [row] = await harness.pont.db.query<{ status: string; attempts: number }>(
      'select status, attempts from inbox where key = $1',
      [key],
    );
    if (row?.status === 'done') return row.attempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the work ${key} was not done`);
}

/** A message event from `user` starting a thread of its own, and its timestamp. */
function message(
  kind: 'app-mention' | 'message-im',
  text: string,
  user: string,
  tsPrefix: string,
  channel?: string,
): { ts: string; payload: ReturnType<typeof eventPayload> } {
  const ts = unique(tsPrefix);
  return { ts, payload: eventPayload(kind, { text, ts, event_ts: ts, user, ...(channel ? { channel } : {}) }) };
}

/** Delivers the event and waits until a second attempt has done its work. */
async function doneOnSecondAttempt(payload: ReturnType<typeof eventPayload>): Promise<void> {
  expect((await harness.sendEvent(payload)).status).toBe(200);
  expect(await attemptsWhenDone(payload.event_id)).toBe(2);
}

describe('work taken again after its process stopped', () => {
  it('shows one answer to an @mention in a channel Pont cannot read back', async () => {
    const { ts, payload } = message(
      'app-mention',
      '<@UPONTBOT1> Who is the permanent Joint Chief Executive?',
      users.sian.id,
      '1732391000.',
    );
    stopping.stopBeforeDone(`slack:event:${payload.event_id}`);
    await doneOnSecondAttempt(payload);
    // The second attempt could not read the channel's thread (no channels:history), and still did not post again.
    expect(harness.slack.callsTo('chat.postMessage').length).toBeGreaterThan(0);
    const shown = harness.slack.thread('C0WASTETEAM', ts);
    expect(shown).toHaveLength(1);
    expect(shownText(shown[0]!)).toMatch(/Stephen Vickers/);
    expect(buttonIds(shown[0]!.blocks)).toEqual(
      expect.arrayContaining([actionIds.feedbackHelpful, actionIds.feedbackNotHelpful]),
    );
  });

  it('tells someone who cannot open a request why once, in a channel Pont cannot read back', async () => {
    const { ts, payload } = message(
      'app-mention',
      '<@UPONTBOT1> share how do you plan your waste collection rota?',
      users.stranger.id,
      '1732391100.',
    );
    stopping.stopBeforeDone(`slack:event:${payload.event_id}`);
    await doneOnSecondAttempt(payload);
    const shown = harness.slack.thread('C0WASTETEAM', ts);
    expect(shown.map((message) => shownText(message))).toEqual([expect.stringMatching(/not in the staff directory/i)]);
    expect((await harness.pont.sharing.list()).some((request) => request.requesterEmail === users.stranger.email)).toBe(
      false,
    );
  });

  it('opens a sharing request from a DM once and shows the requester one copy of it', async () => {
    const { ts, payload } = message(
      'message-im',
      'share how do you schedule the bulky waste collection crews?',
      users.sian.id,
      '1732391200.',
      'D0SIANMORG',
    );
    stopping.stopBeforeDone(`slack:event:${payload.event_id}`);
    await doneOnSecondAttempt(payload);
    const shown = harness.slack.thread('D0SIANMORG', ts);
    expect(shown).toHaveLength(1);
    expect(shownText(shown[0]!)).toMatch(/Sharing request #\d+/);
    const requests = (await harness.pont.sharing.list()).filter((request) =>
      request.title.includes('bulky waste collection crews'),
    );
    expect(requests).toHaveLength(1);
  });

  it('tells the person once and posts one copy in their DM of a request opened with /share', async () => {
    const fields = command(harness, users.sian, '/share', 'How do you handle fly-tipping on council land?');
    stopping.stopBeforeDone(`slack:command:${fields.trigger_id}`);
    expect((await harness.sendCommand(fields)).status).toBe(200);
    expect(await attemptsWhenDone(`slack:command:${fields.trigger_id}`)).toBe(2);
    const told = harness.slack.callsTo('response_url');
    expect(told.map((call) => shownText(call.args))).toEqual([expect.stringMatching(/keep you posted/)]);
    const copies = harness.slack
      .callsTo('chat.postMessage')
      .filter((call) => call.args.channel === users.sian.id && /Sharing request #\d+/.test(shownText(call.args)));
    expect(copies).toHaveLength(1);
    expect(
      (await harness.pont.sharing.list()).filter((request) => request.title.includes('fly-tipping on council land')),
    ).toHaveLength(1);
  });

  it('shows one answer to an @mention when the placeholder was shown and the answer was not', async () => {
    const { ts, payload } = message(
      'app-mention',
      '<@UPONTBOT1> Who is the permanent Joint Chief Executive?',
      users.sian.id,
      '1732391300.',
    );
    // The first attempt fails after its placeholder is in the thread; the second replaces that placeholder.
    harness.slack.failNext('chat.update', { error: 'fatal_error' });
    await doneOnSecondAttempt(payload);
    const shown = harness.slack.thread('C0WASTETEAM', ts);
    expect(shown).toHaveLength(1);
    expect(shownText(shown[0]!)).toMatch(/Stephen Vickers/);
  });
});
