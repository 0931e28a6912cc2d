import type { Config } from '../config.ts';
import type { EmbeddingModel, LanguageModel, PromptSet } from '../core/model/index.ts';
import { createModelRouter, type ModelRouter } from '../core/assistant/model/index.ts';
import { createGroundedAnswerer, type GroundedAnswerer } from '../core/knowledge/index.ts';
import type { Logger } from '../logger.ts';
import type { LanguageModelOptions } from './models.ts';
import { loadPrompts } from './prompts.ts';

/** What the language model adds to Pont; every field is absent when no model is configured. */
export interface ModelServices {
  languageModel?: LanguageModel;
  /** For `createKnowledge({ embeddingModel })`: chunks embedded at ingest, vectors fused with keywords. */
  embeddingModel?: EmbeddingModel;
  /** For `createKnowledge({ answerWriter })`: fluent answers with checked citations. */
  answerWriter?: GroundedAnswerer;
  /** For `createAssistant({ modelRouter })`: free text routed to a tool; the rules stay the fallback. */
  modelRouter?: ModelRouter;
  prompts: PromptSet;
}

/**
 * Builds everything the language model adds from `config.openai`, ready to hand to knowledge and the
 * assistant. The prompts are loaded and checked even without a model, so a broken prompt file is found at
 * start, not when a model is first configured.
 */
export async function createModelServices(
  config: Config,
  options: { logger: Logger; promptsDir?: string; models?: LanguageModelOptions },
): Promise<ModelServices> {
  const prompts = await loadPrompts(options.promptsDir);
  if (config.openai.provider === 'none') return { prompts };
  // NOTE: the SDK is loaded only when a model is configured.
  const { createLanguageModels } = await import('./models.ts');
  const models = createLanguageModels(config.openai, options.models);
  if (!models) return { prompts };
  const logger = options.logger.child({ area: 'llm', model: models.languageModel.name });
  return {
    prompts,
    languageModel: models.languageModel,
    embeddingModel: models.embeddingModel,
    answerWriter: createGroundedAnswerer({ model: models.languageModel, prompt: prompts.answer, logger }),
    modelRouter: createModelRouter({ model: models.languageModel, prompt: prompts.assistant, logger }),
  };
}
