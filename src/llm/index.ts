/**
 * Language models over the openai SDK: OpenAI, Azure OpenAI or any OpenAI-compatible server, with timeouts,
 * retries that honour Retry-After and a circuit breaker; embeddings in batches; prompts loaded from files.
 */
export { createLanguageModels, type LanguageModels, type LanguageModelOptions } from './models.ts';
export { createChatModel, type ChatModelOptions } from './chat-model.ts';
export { createEmbeddingModel, type EmbeddingModelOptions } from './embedding-model.ts';
export { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.ts';
export { defaultRetryPolicy, retryAfterMs, withRetries, type RetryPolicy } from './retry.ts';
export { createOpenAIClient } from './client.ts';
export { defaultPromptsDir, loadPrompts } from './prompts.ts';
export { createModelServices, type ModelServices } from './services.ts';
