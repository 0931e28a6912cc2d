import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.ts';
import { createLanguageModels } from '../../src/llm/index.ts';
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.ts';
import { testConfig } from '../support/config.ts';

let server: FakeOpenAI;
const waits: number[] = [];

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

function embeddingModel(environment: Record<string, string>) {
  const config = testConfig(environment);
  const built = createLanguageModels(config.openai, {
    retry: { sleep: async (ms) => void waits.push(ms) },
    embeddingBatchSize: 3,
  });
  return built?.embeddingModel;
}

const openaiEnvironment = () => ({
  OPENAI_BASE_URL: server.baseUrl,
  OPENAI_MODEL: 'gpt-test',
  OPENAI_EMBEDDING_MODEL: 'embed-test',
});

describe('the embedding model', () => {
  it('is only built when an embedding model is configured', () => {
    expect(embeddingModel({ OPENAI_BASE_URL: server.baseUrl, OPENAI_MODEL: 'gpt-test' })).toBeUndefined();
  });

  it('embeds in batches and keeps each vector with its text', async () => {
    const model = embeddingModel(openaiEnvironment())!;
    const texts = ['joint chief executive', 'waste rota', 'discovery phase', 'trade unions', 'Local Partnerships'];
    const vectors = await model.embed(texts);
    expect(vectors).toEqual(texts.map(fakeEmbedding));
    expect(server.embeddingRequests().map((request) => request.body.input)).toEqual([
      texts.slice(0, 3),
      texts.slice(3),
    ]);
    expect(server.embeddingRequests()[0]!.body.model).toBe('embed-test');
    expect(model.dimensions).toBe(64);
  });

  it('retries a rate-limited batch after the time the server asks', async () => {
    const model = embeddingModel(openaiEnvironment())!;
    server.enqueueEmbedding({ kind: 'error', status: 429, headers: { 'retry-after-ms': '750' } });
    await model.embed(['sharing best practice']);
    expect(waits).toEqual([750]);
    expect(server.embeddingRequests()).toHaveLength(2);
  });

  it('reports a failing embedding server as an upstream error', async () => {
    const model = embeddingModel(openaiEnvironment())!;
    server.enqueueEmbedding({ kind: 'error', status: 401 });
    await expect(model.embed(['x'])).rejects.toBeInstanceOf(UpstreamError);
  });

  it('uses the Azure embedding deployment in the URL', async () => {
    const model = embeddingModel({
      AZURE_OPENAI_ENDPOINT: server.origin,
      AZURE_OPENAI_API_KEY: 'azure-key',
      AZURE_OPENAI_DEPLOYMENT: 'pont-chat',
      AZURE_OPENAI_EMBEDDING_DEPLOYMENT: 'pont-embed',
    })!;
    await model.embed(['federation']);
    const sent = server.embeddingRequests()[0]!;
    expect(sent.url).toMatch(/^\/openai\/deployments\/pont-embed\/embeddings\?api-version=/);
    expect(sent.headers['api-key']).toBe('azure-key');
  });
});
