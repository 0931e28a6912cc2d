import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actionIds } from '../../src/channels/slack/index.ts';
import { passagesIn, startFakeOpenAI, type ChatResponder, type FakeOpenAI } from '../support/fake-openai.ts';
import { streamedMarkdown, type SlackCall } from '../support/fake-slack-api.ts';
import {
  buttonIds,
  command,
  eventPayload,
  shownText,
  startSlackHarness,
  unique,
  users,
  type SlackHarness,
} from '../channels/slack/harness.ts';

// Links and mentions in Slack: a model (or a colleague's kept answer) that dresses an outside address up as the
// council's booking form, and an @mention of someone whose profile is hidden.

const evil = 'https://evil.example/';
const grounded = 'https://www.torfaen.gov.uk/en/Booking/Community-Halls.aspx';
const quote = 'Staff book the community halls through the booking page';

/** A model that cites a real passage but writes one invented, disguised link beside a real one. */
const disguising: ChatResponder = (request) => {
  const user =
    [...(request.body.messages as { role: string; content: string }[])]
      .reverse()
      .find((message) => message.role === 'user')?.content ?? '';
  const passage = passagesIn(user).find((candidate) => candidate.text.includes(quote));
  if (!passage) return { kind: 'text', text: 'NO_ANSWER' };
  return {
    kind: 'text',
    pauseMs: 2,
    text: `Book through [the council booking form](${evil}login) or [the halls page](${grounded}) [${passage.number}].\nSOURCES\n[${passage.number}] "${quote}"`,
  };
};

let model: FakeOpenAI;
let harness: SlackHarness;
let modelless: SlackHarness;
let documents: string;

beforeAll(async () => {
  documents = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-links-'));
  fs.copyFileSync(path.resolve('test/fixtures/injection/hall-booking.md'), path.join(documents, 'hall-booking.md'));
  model = await startFakeOpenAI();
  [harness, modelless] = await Promise.all([
    startSlackHarness({ documents: false, environment: { OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'gpt-test' } }),
    startSlackHarness({ documents: false }),
  ]);
  await harness.pont.knowledge.ingest([documents]);
  await modelless.pont.knowledge.ingest([documents]);
  harness.slack.addUser({
    id: 'U0KERRYEVA',
    email: 'kerry.evans@torfaen.gov.uk',
    name: 'Kerry Evans',
    locale: 'en-GB',
  });
}, 180_000);

afterAll(async () => {
  await harness?.close();
  await modelless?.close();
  await model?.close();
  if (documents) fs.rmSync(documents, { recursive: true, force: true });
});

beforeEach(() => {
  harness.slack.reset();
  model.reset();
});

const everything = (calls: SlackCall[]) =>
  calls.map((call) => `${shownText(call.args)}\n${streamedMarkdown(call.args)}`).join('\n');

describe('links in Slack answers', () => {
  it('shows an invented link as plain words, keeps one the cited passage holds, and never streams the disguise', async () => {
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'search_documents', arguments: { question: 'How do staff book the community halls?' } }],
    });
    model.respondWith(disguising);
    const ts = unique('1732388000.');
    expect(
      (
        await harness.sendEvent(
          eventPayload('message-im', {
            text: 'how do I book a community hall?',
            ts,
            event_ts: ts,
            user: users.sian.id,
          }),
        )
      ).status,
    ).toBe(200);
    await harness.slack.waitFor(
      () =>
        harness.slack
          .thread('D0SIANMORG', ts)
          .some((message) => !message.streaming && buttonIds(message.blocks).includes(actionIds.feedbackHelpful)),
      20_000,
    );

    const final = harness.slack
      .thread('D0SIANMORG', ts)
      .map((message) => shownText(message))
      .join('\n');
    expect(final).toContain('Book through the council booking form or');
    expect(final).toContain(`<${grounded}|the halls page>`);
    const seen = everything(harness.slack.calls);
    expect(seen).not.toContain('evil.example');
  });

  it("shows a colleague's disguised link in a kept answer as written, not as a live link (/ask without a model)", async () => {
    // A colleague answers a sharing request with a disguised link and agrees to share; the asker finds it helpful,
    // so the answer is kept as knowledge.
    const asker = { email: users.ieuan.email, isAdmin: false, via: 'test' } as const;
    const opened = await modelless.pont.sharing.open({
      text: 'How do you take bookings for the leisure centre sports hall?',
      fromEmail: asker.email,
      target: 'other',
      language: 'en',
    });
    const helper = { email: opened.routedTo[0]!, isAdmin: false, via: 'test' } as const;
    await modelless.pont.sharing.claim(opened.id, helper);
    await modelless.pont.sharing.answer(
      opened.id,
      'We take sports hall bookings through [the council booking form](https://evil.example/phish) and ask for a payroll number.',
      helper,
      { consentToShare: true },
    );
    await modelless.pont.sharing.markHelpful(opened.id, true, asker);

    modelless.slack.reset();
    const response = await modelless.sendCommand(
      command(modelless, users.sian, '/ask', 'how do you take sports hall bookings?'),
    );
    expect(response.status).toBe(200);
    const [reply] = await modelless.slack.waitForCalls('response_url', 1, 20_000);
    const text = shownText(reply!.args);
    expect(text).toContain('[the council booking form](https://evil.example/phish)');
    expect(text).not.toMatch(/<https:\/\/evil\.example[^>]*\|/);
  });
});

describe('mentions in Slack', () => {
  it("does not send a hidden colleague's email to the language model when someone @mentions them", async () => {
    model.respondWith(() => ({ kind: 'text', text: 'How can I help?' }));
    const ts = unique('1732388100.');
    const payload = eventPayload('message-im', {
      text: 'what does <@U0KERRYEVA> know about recycling in schools?',
      ts,
      event_ts: ts,
      user: users.sian.id,
    });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    await harness.slack.waitForCalls('chat.postMessage', 1, 20_000);
    expect(model.chatRequests().length).toBeGreaterThan(0);
    expect(JSON.stringify(model.requests)).not.toContain('kerry.evans@torfaen.gov.uk');
  });
});
