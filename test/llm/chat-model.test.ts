import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.ts';
import { createLanguageModels } from '../../src/llm/index.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.ts';
import { testConfig } from '../support/config.ts';

let server: FakeOpenAI;
const waits: number[] = [];
const sleep = async (milliseconds: number) => void waits.push(milliseconds);

beforeAll(async () => {
  server = await startFakeOpenAI();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  waits.length = 0;
});

function models(environment: Record<string, string> = {}, breaker = { failureThreshold: 3, coolDownMs: 60_000 }) {
  const config = testConfig({
    OPENAI_BASE_URL: server.baseUrl,
    OPENAI_API_KEY: 'test-key',
    OPENAI_MODEL: 'gpt-test',
    ...environment,
  });
  const built = createLanguageModels(config.openai, { retry: { sleep, maxRetries: 2, random: () => 0.5 }, breaker });
  if (!built) throw new Error('expected a model');
  return built;
}

const question = [{ role: 'user' as const, content: 'Say hello' }];

describe('the OpenAI chat model', () => {
  it('is not built when no provider is configured', () => {
    expect(createLanguageModels(testConfig().openai)).toBeUndefined();
  });

  it('returns the text and the tokens used', async () => {
    server.enqueue({ kind: 'text', text: 'Hello there.' });
    const result = await models().languageModel.complete({ messages: question });
    expect(result.text).toBe('Hello there.');
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    const sent = server.chatRequests()[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer test-key');
    expect(sent.body.model).toBe('gpt-test');
  });

  it('streams the text piece by piece and still reports usage', async () => {
    server.enqueue({ kind: 'text', text: 'The councils federated in 2025.' });
    const pieces: string[] = [];
    const result = await models().languageModel.complete({ messages: question, onText: (delta) => pieces.push(delta) });
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe('The councils federated in 2025.');
    expect(result.text).toBe('The councils federated in 2025.');
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    expect(server.chatRequests()[0]!.body.stream).toBe(true);
  });

  it('returns tool calls, plain and streamed', async () => {
    const tools = [
      {
        name: 'find_people',
        description: 'Find people',
        parameters: { type: 'object', properties: { skill: { type: 'string' } } },
      },
    ];
    server.enqueue({ kind: 'tool', calls: [{ name: 'find_people', arguments: { skill: 'GIS' } }] });
    const plain = await models().languageModel.complete({ messages: question, tools });
    expect(plain.toolCalls).toEqual([{ id: 'call_1', name: 'find_people', arguments: '{"skill":"GIS"}' }]);
    expect(server.chatRequests()[0]!.body.tools[0].function.name).toBe('find_people');

    server.enqueue({ kind: 'tool', calls: [{ name: 'find_people', arguments: { skill: 'mapping and GIS' } }] });
    const streamed = await models().languageModel.complete({ messages: question, tools, onText: () => undefined });
    expect(streamed.toolCalls).toEqual([
      { id: 'call_1', name: 'find_people', arguments: '{"skill":"mapping and GIS"}' },
    ]);
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    server.enqueue(
      { kind: 'error', status: 429, headers: { 'retry-after': '2' } },
      { kind: 'text', text: 'Hello after waiting.' },
    );
    const result = await models().languageModel.complete({ messages: question });
    expect(result.text).toBe('Hello after waiting.');
    expect(waits).toEqual([2000]);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('retries a 500 with backoff', async () => {
    server.enqueue(
      { kind: 'error', status: 500 },
      { kind: 'error', status: 503 },
      { kind: 'text', text: 'Back again.' },
    );
    const result = await models().languageModel.complete({ messages: question });
    expect(result.text).toBe('Back again.');
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up with an UpstreamError after the last retry', async () => {
    server.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    await expect(models().languageModel.complete({ messages: question })).rejects.toBeInstanceOf(UpstreamError);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('does not retry a request the server calls bad', async () => {
    server.enqueue({ kind: 'error', status: 400 });
    await expect(models().languageModel.complete({ messages: question })).rejects.toBeInstanceOf(UpstreamError);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('fails at once instead of waiting out a very long Retry-After', async () => {
    server.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '600' } });
    const failure = await models()
      .languageModel.complete({ messages: question })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect((failure as UpstreamError).retryAfterMs).toBe(600_000);
    expect(waits).toEqual([]);
  });

  it('opens the circuit after repeated failures and stops calling the model', async () => {
    const { languageModel } = models({}, { failureThreshold: 2, coolDownMs: 60_000 });
    for (let index = 0; index < 6; index += 1) server.enqueue({ kind: 'error', status: 500 });
    await expect(languageModel.complete({ messages: question })).rejects.toBeInstanceOf(UpstreamError);
    await expect(languageModel.complete({ messages: question })).rejects.toBeInstanceOf(UpstreamError);
    const callsBefore = server.chatRequests().length;
    expect(callsBefore).toBe(6);
    await expect(languageModel.complete({ messages: question })).rejects.toThrow(/unavailable/);
    expect(server.chatRequests()).toHaveLength(callsBefore);
  });
});

describe('a model that does not answer', () => {
  it('times out and reports an upstream error instead of holding the user', async () => {
    const config = testConfig({ OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'gpt-test' });
    const { languageModel } = createLanguageModels(config.openai, {
      timeoutMs: 300,
      retry: { sleep, maxRetries: 1, random: () => 0.5 },
    })!;
    server.enqueue({ kind: 'hang' }, { kind: 'hang' });
    const failure = await languageModel.complete({ messages: question }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(server.chatRequests()).toHaveLength(2);
  });
});

describe('the Azure OpenAI chat model', () => {
  it('puts the deployment in the URL and sends the api-key header', async () => {
    const { languageModel } = models({
      OPENAI_BASE_URL: '',
      OPENAI_API_KEY: '',
      AZURE_OPENAI_ENDPOINT: `${server.origin}/`,
      AZURE_OPENAI_API_KEY: 'azure-key',
      AZURE_OPENAI_DEPLOYMENT: 'pont-chat',
      AZURE_OPENAI_API_VERSION: '2024-10-21',
    });
    server.enqueue({ kind: 'text', text: 'Hello from Azure.' });
    const result = await languageModel.complete({ messages: question });
    expect(result.text).toBe('Hello from Azure.');
    const sent = server.chatRequests()[0]!;
    expect(sent.url).toBe('/openai/deployments/pont-chat/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe('azure-key');
    expect(sent.headers.authorization).toBeUndefined();
  });
});
