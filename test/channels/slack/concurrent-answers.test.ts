import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messagesFor } from '../../../src/core/assistant/messages.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.ts';
import { startLatencyProxy, type LatencyProxy } from '../../support/latency-proxy.ts';
import { eventPayload, shownText, startSlackHarness, unique, users, type SlackHarness } from './harness.ts';

// Slack answers with a slow language model: people asking at once do not wait for each other, and an answer
// that keeps failing ends with one message saying so, in the person's language.

const latencyMs = 1_500;
let model: FakeOpenAI;
let slowModel: LatencyProxy;
let harness: SlackHarness;

beforeAll(async () => {
  model = await startFakeOpenAI();
  slowModel = await startLatencyProxy(model.origin, latencyMs);
  harness = await startSlackHarness({
    environment: { OPENAI_BASE_URL: `${slowModel.origin}/v1`, OPENAI_MODEL: 'gpt-test' },
    inbox: { maxAttempts: 2, retryBaseMs: 50, pollMs: 50 },
  });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await slowModel?.close();
  await model?.close();
});

beforeEach(() => {
  harness.slack.reset();
  model.reset();
});

const people = [users.sian, users.karen, users.ieuan, users.matthew, users.ffion];

describe('Slack answers with a slow language model', () => {
  it('answers twelve people asking at once before one person would wait for twelve model calls', async () => {
    const started = Date.now();
    const sent = await Promise.all(
      Array.from({ length: 12 }, async (_, index) => {
        const person = people[index % people.length]!;
        const ts = unique('1732391000.');
        const channel = `D${person.id.slice(1)}`;
        const response = await harness.sendEvent(
          eventPayload('message-im', {
            text: 'Who is the permanent Joint Chief Executive?',
            ts,
            event_ts: ts,
            user: person.id,
            channel,
          }),
        );
        expect(response.status).toBe(200);
        return { channel, ts };
      }),
    );
    const answered = () =>
      sent.every(({ channel, ts }) =>
        harness.slack
          .thread(channel, ts)
          .some((message) => !message.streaming && /Stephen Vickers/.test(shownText(message))),
      );
    while (!answered() && Date.now() - started < 12 * latencyMs)
      await new Promise((resolve) => setTimeout(resolve, 50));
    // Each answer takes two model calls; twelve in a row would take at least 24 of them.
    expect(answered()).toBe(true);
    expect(Date.now() - started).toBeLessThan(12 * latencyMs);
  });

  it('acknowledges a burst only once each delivery is recorded, and answers each once, retries included', async () => {
    const question = 'Who is the permanent Joint Chief Executive?';
    const sent = Array.from({ length: 20 }, (_, index) => {
      const person = people[index % people.length]!;
      const ts = unique('1732392000.');
      const channel = `D${person.id.slice(1)}`;
      return {
        channel,
        ts,
        payload: eventPayload('message-im', { text: question, ts, event_ts: ts, user: person.id, channel }),
      };
    });
    // Slack sends five of them again (say its first tries timed out): the same event ids, with a retry number.
    const deliveries = [
      ...sent.map((one) => ({ one, retry: false })),
      ...sent.slice(0, 5).map((one) => ({ one, retry: true })),
    ];
    const acknowledged = await Promise.all(
      deliveries.map(async ({ one, retry }) => {
        const response = await harness.sendEvent(one.payload, retry ? { retryNum: 1 } : {});
        // The moment Slack has its 200, the work is in the database: a crash now would lose nothing.
        const recorded = await harness.pont.db.query('select key from inbox where key = $1', [
          `slack:event:${one.payload.event_id as string}`,
        ]);
        return { status: response.status, recorded: recorded.length };
      }),
    );
    expect(acknowledged).toEqual(Array(25).fill({ status: 200, recorded: 1 }));

    const answers = (one: (typeof sent)[number]) =>
      harness.slack
        .thread(one.channel, one.ts)
        .filter((message) => !message.streaming && /Stephen Vickers/.test(shownText(message))).length;
    const started = Date.now();
    while (sent.some((one) => answers(one) === 0) && Date.now() - started < 12 * latencyMs)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await harness.pont.inbox.drained();
    expect(sent.map(answers)).toEqual(Array(20).fill(1));
  });

  it('does not acknowledge a delivery whose record cannot be written; Slack’s retry is answered once', async () => {
    const person = users.sian;
    const ts = unique('1732393000.');
    const channel = `D${person.id.slice(1)}`;
    const payload = eventPayload('message-im', {
      text: 'Who is the permanent Joint Chief Executive?',
      ts,
      event_ts: ts,
      user: person.id,
      channel,
    });
    await harness.pont.db.exec('alter table inbox rename to inbox_unwritable');
    let refused: number;
    try {
      refused = (await harness.sendEvent(payload)).status;
    } finally {
      await harness.pont.db.exec('alter table inbox_unwritable rename to inbox');
    }
    expect(refused).toBe(500);

    expect((await harness.sendEvent(payload, { retryNum: 1 })).status).toBe(200);
    const answers = () =>
      harness.slack
        .thread(channel, ts)
        .filter((message) => !message.streaming && /Stephen Vickers/.test(shownText(message))).length;
    const started = Date.now();
    while (answers() === 0 && Date.now() - started < 12 * latencyMs)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await harness.pont.inbox.drained();
    expect(answers()).toBe(1);
  });

  it('tells the person once, in Welsh, when their answer keeps failing', async () => {
    // Every attempt to post the answer fails; the last message, saying so, gets through.
    harness.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    harness.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    harness.slack.failNext('chat.startStream', { error: 'fatal_error' });
    harness.slack.failNext('chat.startStream', { error: 'fatal_error' });
    const ts = unique('1732392000.');
    const payload = eventPayload('message-im', {
      text: "Pwy yw'r Prif Weithredwr ar y cyd?",
      ts,
      event_ts: ts,
      user: users.ffion.id,
      channel: 'D0FFIONHOW',
    });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    await harness.slack.waitFor(
      (calls) =>
        calls.some(
          (call) => call.method === 'chat.postMessage' && shownText(call.args).includes(messagesFor('cy').errorGaveUp),
        ),
      20_000,
    );
    const [row] = await harness.pont.db.query<{ status: string; attempts: number }>(
      'select status, attempts from inbox where key = $1',
      [`slack:event:${payload.event_id}`],
    );
    expect(row).toEqual({ status: 'failed', attempts: 2 });
    expect(harness.slack.thread('D0FFIONHOW', ts).map((message) => shownText(message))).toEqual([
      expect.stringContaining(messagesFor('cy').errorGaveUp),
    ]);
  });
});
