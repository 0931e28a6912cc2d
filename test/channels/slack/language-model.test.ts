import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settleHeldWork } from '../../../src/channels/after-response.ts';
import { actionIds } from '../../../src/channels/slack/index.ts';
import { quotingResponder, startFakeOpenAI, type ChatResponder, type FakeOpenAI } from '../../support/fake-openai.ts';
import { fakeTeamId, type SlackCall } from '../../support/fake-slack-api.ts';
import { sampleNamesAndEmails } from '../../support/test-pont.ts';
import {
  buttonIds,
  command,
  eventPayload,
  shownAnswer,
  shownText,
  startSlackHarness,
  unique,
  users,
  type SlackHarness,
} from './harness.ts';

// Slack with a language model configured: free text reaches the right tool, answers are fluent and cited,
// and the model is sent no one's profile.

let model: FakeOpenAI;
let harness: SlackHarness;

beforeAll(async () => {
  model = await startFakeOpenAI();
  harness = await startSlackHarness({ environment: { OPENAI_BASE_URL: model.baseUrl, OPENAI_MODEL: 'gpt-test' } });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await model?.close();
});

beforeEach(() => {
  harness.slack.reset();
  model.reset();
});

const fabricated = 'Both councils will merge into a single authority in 2027';

/**
 * A long answer, written a word at a time: the quoting answer, background sentences, and one sentence that
 * cites a passage the model was never sent (Pont drops it before the final reply).
 */
const longAnswer: ChatResponder = (request) => {
  const quoted = quotingResponder(request);
  if (quoted.kind !== 'text' || !quoted.text.includes('\nSOURCES\n')) return quoted;
  const [answer, sources] = quoted.text.split('\nSOURCES\n');
  const background = Array.from(
    { length: 16 },
    (_, index) => `Background point ${index + 1} is set out in the same arrangements.`,
  ).join(' ');
  return {
    kind: 'text',
    pauseMs: 4,
    text: `${answer} ${fabricated} [99]. ${background}\nSOURCES\n${sources}\n[99] "a quotation that no passage holds"`,
  };
};

/** The markdown a streaming call carried. */
function streamedText(call: SlackCall): string {
  const chunks: { type: string; text?: string }[] = call.args.chunks ?? [];
  return `${call.args.markdown_text ?? ''}${chunks.map((chunk) => (chunk.type === 'markdown_text' ? (chunk.text ?? '') : '')).join('')}`;
}

/** A direct message to Pont that the model answers from the documents, and its thread ts. */
async function askInDirectMessage(): Promise<string> {
  model.enqueue({
    kind: 'tool',
    calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }],
  });
  model.respondWith(longAnswer);
  const ts = unique('1732387600.');
  const payload = eventPayload('message-im', {
    text: 'who is running both councils now?',
    ts,
    event_ts: ts,
    user: users.sian.id,
  });
  expect((await harness.sendEvent(payload)).status).toBe(200);
  return ts;
}

/** Waits until the answer in the thread is final (not streaming) and carries the feedback buttons. */
async function finalAnswer(channel: string, threadTs: string) {
  await harness.slack.waitFor(
    () =>
      harness.slack
        .thread(channel, threadTs)
        .some((message) => !message.streaming && buttonIds(message.blocks).includes(actionIds.feedbackHelpful)),
    10_000,
  );
  // Nothing else arrives afterwards: the inbox item and what it left to run after answering are done.
  await harness.pont.inbox.drained();
  await settleHeldWork();
  return harness.slack.thread(channel, threadTs);
}

describe('Slack with a language model', () => {
  it('answers a loosely worded @mention fluently, with checked citations, in its thread', async () => {
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }],
    });
    const ts = unique('1732387400.');
    const payload = eventPayload('app-mention', {
      text: '<@UPONTBOT1> who is running both councils now?',
      ts,
      event_ts: ts,
      user: users.sian.id,
    });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    const posted = await shownAnswer(harness.slack, 'C0WASTETEAM', ts);
    const text = shownText(posted);
    expect(text).toMatch(/Stephen Vickers/);
    expect(text).toContain('Sources');
    expect(model.chatRequests().length).toBeGreaterThanOrEqual(2);
  });

  it('sends free text about a counterpart to the counterpart tool, and no profile to the model', async () => {
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'find_counterpart', arguments: { of: 'me', council: 'blaenau-gwent' } }],
    });
    const ts = unique('1732387500.');
    const payload = eventPayload('message-im', {
      text: 'my opposite number in BG for bins?',
      ts,
      event_ts: ts,
      user: users.sian.id,
    });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    const [posted] = await harness.slack.waitForCalls('chat.postMessage');
    const text = shownText(posted!.args);
    expect(text).toMatch(/Blaenau Gwent/);
    expect(model.chatRequests()).toHaveLength(1);
    const sent = JSON.stringify(model.requests);
    for (const detail of sampleNamesAndEmails) expect(sent).not.toContain(detail);
  });

  it('streams a model-written answer into the DM thread, then leaves only the checked answer with sources and buttons', async () => {
    const ts = await askInDirectMessage();
    const shown = await finalAnswer('D0SIANMORG', ts);

    // While it was written, the answer streamed into the thread to the asker.
    const [start, ...more] = harness.slack.callsTo('chat.startStream');
    expect(more).toHaveLength(0);
    expect(start!.args).toMatchObject({
      channel: 'D0SIANMORG',
      thread_ts: ts,
      recipient_user_id: users.sian.id,
      recipient_team_id: fakeTeamId,
    });
    const appends = harness.slack.callsTo('chat.appendStream');
    expect(appends.length).toBeGreaterThanOrEqual(1);
    const streamed = [start!, ...appends].map(streamedText).join('');
    expect(streamed).toMatch(/Stephen Vickers/);
    expect(streamed).toContain('Background point 9');
    expect(streamed).toContain(fabricated);
    expect(streamed).not.toContain('SOURCES');
    // A couple of sentences a call, not a call per word.
    expect(appends.length + 1).toBeLessThanOrEqual(Math.ceil(streamed.length / 300));

    // Then the stream was stopped, the checked answer posted in the thread, and only then the streamed text
    // removed (Slack refuses to replace a streamed message's blocks): one answer, checked, never none.
    const [deleted] = await harness.slack.waitForCalls('chat.delete');
    const methods = harness.slack.calls.map((call) => call.method);
    expect(methods.indexOf('chat.stopStream')).toBeGreaterThan(methods.lastIndexOf('chat.appendStream'));
    expect(methods.indexOf('chat.postMessage')).toBeGreaterThan(methods.indexOf('chat.stopStream'));
    expect(methods.indexOf('chat.delete')).toBeGreaterThan(methods.indexOf('chat.postMessage'));
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(harness.slack.callsTo('chat.update')).toHaveLength(0);
    const final = harness.slack.thread('D0SIANMORG', ts);
    expect(final).toHaveLength(1);
    const [answer] = final;
    expect(shown.map((message) => message.ts)).toContain(answer!.ts);
    expect(deleted!.args.ts).not.toBe(answer!.ts);
    const text = shownText(answer!);
    expect(text).toMatch(/Stephen Vickers/);
    expect(text).toContain('Background point 16');
    expect(text).toContain('Sources');
    expect(text).not.toContain(fabricated);
    expect(buttonIds(answer!.blocks)).toEqual(
      expect.arrayContaining([actionIds.feedbackHelpful, actionIds.feedbackNotHelpful]),
    );
  });

  it('posts the answer as one normal message when Slack refuses to start a stream', async () => {
    harness.slack.failNext('chat.startStream', { error: 'feature_not_enabled' });
    const ts = await askInDirectMessage();
    const shown = await finalAnswer('D0SIANMORG', ts);
    expect(harness.slack.callsTo('chat.startStream')).toHaveLength(1);
    for (const method of ['chat.appendStream', 'chat.stopStream', 'chat.update', 'chat.delete'])
      expect(harness.slack.callsTo(method)).toHaveLength(0);
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(shown).toHaveLength(1);
    const text = shownText(shown[0]!);
    expect(text).toMatch(/Stephen Vickers/);
    expect(text).toContain('Sources');
    expect(text).not.toContain(fabricated);
  });

  it('still ends with the one checked answer when Slack stops taking the stream halfway', async () => {
    harness.slack.failNext('chat.appendStream', { error: 'message_not_in_streaming_state' });
    const ts = unique('1732387700.');
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }],
    });
    model.respondWith(longAnswer);
    const payload = eventPayload('app-mention', {
      text: '<@UPONTBOT1> who is running both councils now?',
      ts,
      event_ts: ts,
      user: users.sian.id,
    });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    const shown = await finalAnswer('C0WASTETEAM', ts);
    // In a channel the stream names its recipient, as Slack requires there.
    expect(harness.slack.callsTo('chat.startStream')[0]!.args).toMatchObject({
      channel: 'C0WASTETEAM',
      recipient_user_id: users.sian.id,
      recipient_team_id: fakeTeamId,
    });
    expect(harness.slack.callsTo('chat.appendStream')).toHaveLength(1);
    await harness.slack.waitForCalls('chat.delete');
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(shown.filter((message) => !message.streamed)).toHaveLength(1);
    const final = harness.slack.thread('C0WASTETEAM', ts);
    expect(final).toHaveLength(1);
    const text = shownText(final[0]!);
    expect(text).toContain('Sources');
    expect(text).not.toContain(fabricated);
  });

  it('does not stream a short answer: it arrives whole in one message', async () => {
    model.enqueue({
      kind: 'tool',
      calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }],
    });
    const ts = unique('1732387800.');
    const payload = eventPayload('message-im', {
      text: 'who is running both councils now?',
      ts,
      event_ts: ts,
      user: users.sian.id,
    });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    const shown = await finalAnswer('D0SIANMORG', ts);
    expect(harness.slack.callsTo('chat.startStream')).toHaveLength(0);
    expect(harness.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(shownText(shown[0]!)).toMatch(/Stephen Vickers/);
  });

  it('keeps typed slash commands away from the model', async () => {
    expect((await harness.sendCommand(command(harness, users.sian, '/skills', 'GIS'))).status).toBe(200);
    await harness.slack.waitForCalls('response_url');
    expect(model.chatRequests()).toHaveLength(0);
  });
});
