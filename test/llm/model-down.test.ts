import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let harness: Harness;
/** The circuit breaker's clock, moved on by the test that opens the circuit. */
let clock = Date.now();
const fact =
  'The federation is not a merger: Blaenau Gwent and Torfaen remain two councils of equal status, and each keeps its own financial and democratic sovereignty.';

beforeAll(async () => {
  harness = await startHarness({
    embeddings: true,
    breaker: { failureThreshold: 2, coolDownMs: 60_000, now: () => clock },
  });
  await harness.knowledge.addDocument({
    source: 'data/facts.md',
    title: 'Fact sheet',
    body: `# A federation, not a merger\n\n${fact}`,
    language: 'en',
    kind: 'document',
  });
});
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => harness.server.reset());

describe('with a language model configured', () => {
  it('embeds the chunks at ingest and fuses vector and keyword search', async () => {
    expect(harness.knowledge.mode).toMatch(/^hybrid-/);
    await harness.knowledge.addDocument({
      source: 'data/waste.md',
      title: 'Waste rota',
      body: '# Waste\n\nTorfaen runs a four-day waste collection rota.',
      language: 'en',
      kind: 'document',
    });
    const embedded = harness.server.embeddingRequests().flatMap((request) => request.body.input);
    expect(embedded).toContain('Torfaen runs a four-day waste collection rota.');
    const results = await harness.knowledge.search('waste collection rota');
    expect(results[0]!.source).toBe('data/waste.md');
  });

  it('answers fluently with a checked citation, streaming where the caller can show it', async () => {
    const pieces: string[] = [];
    const answer = await harness.knowledge.ask('Is the federation a merger?', {
      onText: (delta) => pieces.push(delta),
    });
    expect(answer.answered).toBe(true);
    expect(answer.model).toBe('gpt-test');
    expect(answer.citations[0]!.quote).toMatch(/not a merger/);
    expect(answer.usage!.promptTokens).toBeGreaterThan(0);
    expect(pieces.join('')).toContain('not a merger');
    expect(harness.server.chatRequests()[0]!.body.stream).toBe(true);
  });

  it('routes free text to a tool and streams the answer through the assistant', async () => {
    harness.server.enqueue({
      kind: 'tool',
      calls: [{ name: 'search_documents', arguments: { question: 'Is the federation a merger?' } }],
    });
    const pieces: string[] = [];
    const reply = await harness.assistant.handle(
      {
        channel: 'slack',
        channelUserId: 'U1',
        person: null,
        email: null,
        isAdmin: false,
        text: 'so are we merging with BG or what',
      },
      { onText: (delta) => pieces.push(delta) },
    );
    expect(reply.kind).toBe('answer');
    if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}`);
    expect(reply.question).toBe('Is the federation a merger?');
    expect(reply.answer.answered).toBe(true);
    expect(pieces.join('')).toContain('not a merger');
  });

  it('gives the extractive answer with a note when the model fails, then stops calling it while the circuit is open', async () => {
    for (let index = 0; index < 6; index += 1) harness.server.enqueue({ kind: 'error', status: 500 });
    const first = await harness.knowledge.ask('Is the federation a merger?');
    expect(first.answered).toBe(true);
    expect(first.model).toBeUndefined();
    expect(first.note).toMatch(/language model is unavailable/);
    expect(first.citations[0]!.quote).toMatch(/not a merger/);

    await harness.knowledge.ask('Is the federation a merger?');
    const callsWhenOpened = harness.server.chatRequests().length;
    expect(callsWhenOpened).toBe(6);

    const reply = await harness.say('Is the federation a merger?');
    expect(reply.kind).toBe('answer');
    if (reply.kind !== 'answer') throw new Error(`expected an answer, got ${reply.kind}`);
    expect(reply.answer.note).toMatch(/language model is unavailable/);
    expect(reply.answer.citations[0]!.quote).toMatch(/not a merger/);
    // The circuit is open: the assistant routed with its rules and answered without calling the model at all.
    expect(harness.server.chatRequests()).toHaveLength(callsWhenOpened);

    // A minute on, the model is tried again; it answers, and the circuit closes.
    clock += 60_000;
    const recovered = await harness.knowledge.ask('Is the federation a merger?');
    expect(recovered.model).toBe('gpt-test');
    expect(recovered.note).toBeUndefined();
    expect(harness.server.chatRequests().length).toBeGreaterThan(callsWhenOpened);
  });
});
