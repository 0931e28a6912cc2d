import type OpenAI from 'openai';
import type { EmbeddingModel } from '../core/model/index.ts';
import { UpstreamError } from '../errors.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { withRetries, type RetryPolicy } from './retry.ts';

export interface EmbeddingModelOptions {
  client: OpenAI;
  model: string;
  retry: RetryPolicy;
  breaker: CircuitBreaker;
  /** Texts sent in one request. */
  batchSize?: number;
}

const knownDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * An EmbeddingModel over the openai SDK: embeds in batches, keeps the server's order by `index`, and learns
 * the vector size from the first answer when the model is not a known one.
 */
export function createEmbeddingModel(options: EmbeddingModelOptions): EmbeddingModel {
  const { client, model, retry, breaker } = options;
  const batchSize = options.batchSize ?? 64;
  let dimensions: number | undefined = knownDimensions[model];

  return {
    name: model,
    get dimensions() {
      return dimensions;
    },
    async embed(texts) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        const response = await breaker.run(() =>
          withRetries(() => client.embeddings.create({ model, input: batch }), retry),
        );
        const ordered = [...response.data].sort((left, right) => left.index - right.index);
        if (ordered.length !== batch.length) {
          throw new UpstreamError(
            `The embedding model returned ${ordered.length} vectors for ${batch.length} texts; check OPENAI_EMBEDDING_MODEL names an embedding model.`,
          );
        }
        for (const item of ordered) vectors.push(item.embedding);
      }
      if (vectors[0]) dimensions = vectors[0].length;
      return vectors;
    },
  };
}
