import OpenAI, { AzureOpenAI } from 'openai';
import type { Config } from '../config.ts';

type ModelConfig = Exclude<Config['openai'], { provider: 'none' }>;

export interface ClientOptions {
  /** Per-request timeout; a hung model must not hold a user's message for long. */
  timeoutMs: number;
}

/**
 * The SDK client for the configured provider: OpenAI (or any OpenAI-compatible server through `baseUrl`), or
 * Azure OpenAI (deployment in the URL, `api-key` header).
 * NOTE: the SDK's own retries are off; Pont retries itself so it can honour Retry-After, count failures for
 * the circuit breaker and never retry a stream that has already shown text to a user.
 */
export function createOpenAIClient(config: ModelConfig, options: ClientOptions): OpenAI {
  if (config.provider === 'azure') {
    return new AzureOpenAI({
      // NOTE: the SDK appends "/openai" to the endpoint; the portal shows it with a trailing slash.
      endpoint: config.endpoint.replace(/\/+$/, ''),
      apiKey: config.apiKey,
      apiVersion: config.apiVersion,
      // NOTE: no fixed deployment: the SDK puts each request's model (chat or embedding deployment) in the URL.
      maxRetries: 0,
      timeout: options.timeoutMs,
    });
  }
  return new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
}

/** The chat model (OpenAI) or chat deployment (Azure) named in the config. */
export function chatModelName(config: ModelConfig): string {
  return config.provider === 'azure' ? config.deployment : config.model;
}

/** The embedding model or deployment, when one is configured. */
export function embeddingModelName(config: ModelConfig): string | undefined {
  return config.provider === 'azure' ? config.embeddingDeployment : config.embeddingModel;
}
