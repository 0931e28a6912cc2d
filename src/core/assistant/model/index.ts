/**
 * The language-model side of the assistant: the model router (free text → one of Pont's tools → an Intent,
 * by tool calling with zod-checked arguments), the tools themselves, and the helpers grounded answers use
 * (passage packing to a token budget, the delimited data block, citation checking, the stream gate).
 */
export {
  createModelRouter,
  askerContext,
  type ModelRoute,
  type ModelRouter,
  type ModelRouterOptions,
} from './model-router.ts';
export { assistantTools, toolDefinitions, type AssistantTool } from './tools.ts';
export {
  checkCitations,
  createStreamGate,
  estimateTokens,
  noAnswerToken,
  normalizeForMatch,
  packPassages,
  parseModelAnswer,
  renderDataBlock,
} from '../../knowledge/grounding/index.ts';
export type { CheckedAnswer, NumberedPassage, ParsedAnswer } from '../../knowledge/grounding/index.ts';
