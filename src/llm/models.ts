import type { Config } from '../config.ts';
import type { EmbeddingModel, LanguageModel } from '../core/model/index.ts';
import { chatModelName, createOpenAIClient, embeddingModelName } from './client.ts';
import { createChatModel } from './chat-model.ts';
import { createCircuitBreaker, defaultCircuitBreakerOptions, type CircuitBreakerOptions } from './circuit-breaker.ts';
import { createEmbeddingModel } from './embedding-model.ts';
import { defaultRetryPolicy, type RetryPolicy } from './retry.ts';

export interface LanguageModelOptions {
  /** Per-request timeout (default 30 s; embeddings get twice that). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  breaker?: Partial<CircuitBreakerOptions>;
  embeddingBatchSize?: number;
}

export interface LanguageModels {
  languageModel: LanguageModel;
  /** Present when OPENAI_EMBEDDING_MODEL or AZURE_OPENAI_EMBEDDING_DEPLOYMENT is set. */
  embeddingModel: EmbeddingModel | undefined;
}

/**
 * Builds the chat model (and the embedding model when one is configured) for `config.openai`, or returns
 * undefined for provider "none" (extractive answers and the rule-based router).
 * Chat and embeddings have separate circuit breakers: a failing embedding deployment must not silence chat.
 */
export function createLanguageModels(
  config: Config['openai'],
  options: LanguageModelOptions = {},
): LanguageModels | undefined {
  if (config.provider === 'none') return undefined;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const breakerOptions = { ...defaultCircuitBreakerOptions, ...options.breaker };
  const languageModel = createChatModel({
    client: createOpenAIClient(config, { timeoutMs }),
    model: chatModelName(config),
    retry,
    breaker: createCircuitBreaker(breakerOptions),
  });
  const embeddingName = embeddingModelName(config);
  const embeddingModel = embeddingName
    ? createEmbeddingModel({
        client: createOpenAIClient(config, { timeoutMs: timeoutMs * 2 }),
        model: embeddingName,
        retry,
        breaker: createCircuitBreaker(breakerOptions),
        batchSize: options.embeddingBatchSize,
      })
    : undefined;
  return { languageModel, embeddingModel };
}
