import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.ts';
import { sampleDirectoryCsv } from '../../support/test-pont.ts';
import { command, eventPayload, shownText, startSlackHarness, unique, users, type SlackHarness } from './harness.ts';

// Slack with a language model configured: free text reaches the right tool, answers are fluent and cited,
// and the model is sent no one's profile.

let model: FakeOpenAI;
let harness: SlackHarness;

/** Every name and email in the sample directory, hidden profiles included. */
const everyone = fs
  .readFileSync(sampleDirectoryCsv, 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .flatMap((line) => line.split(',').slice(0, 2));

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

describe('Slack with a language model', () => {
  it('answers a loosely worded @mention fluently, with checked citations, in its thread', async () => {
    model.enqueue({ kind: 'tool', calls: [{ name: 'search_documents', arguments: { question: 'Who is the permanent Joint Chief Executive?' } }] });
    const ts = unique('1732387400.');
    const payload = eventPayload('app-mention', { text: '<@UPONTBOT1> who is running both councils now?', ts, event_ts: ts, user: users.sian.id });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    const [posted] = await harness.slack.waitForCalls('chat.postMessage');
    expect(posted!.args.thread_ts).toBe(ts);
    const text = shownText(posted!.args);
    expect(text).toMatch(/Stephen Vickers/);
    expect(text).toContain('Sources');
    expect(model.chatRequests().length).toBeGreaterThanOrEqual(2);
  });

  it('sends free text about a counterpart to the counterpart tool, and no profile to the model', async () => {
    model.enqueue({ kind: 'tool', calls: [{ name: 'find_counterpart', arguments: { of: 'me', council: 'blaenau-gwent' } }] });
    const ts = unique('1732387500.');
    const payload = eventPayload('message-im', { text: 'my opposite number in BG for bins?', ts, event_ts: ts, user: users.sian.id });
    expect((await harness.sendEvent(payload)).status).toBe(200);
    const [posted] = await harness.slack.waitForCalls('chat.postMessage');
    const text = shownText(posted!.args);
    expect(text).toMatch(/Blaenau Gwent/);
    expect(model.chatRequests()).toHaveLength(1);
    const sent = JSON.stringify(model.requests);
    for (const detail of everyone) expect(sent).not.toContain(detail);
  });

  it('keeps typed slash commands away from the model', async () => {
    expect((await harness.sendCommand(command(harness, users.sian, '/skills', 'GIS'))).status).toBe(200);
    await harness.slack.waitForCalls('response_url');
    expect(model.chatRequests()).toHaveLength(0);
  });
});
