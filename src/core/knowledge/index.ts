/**
 * Knowledge: index the federation's documents and answer questions from them with quoted citations, in
 * English and Welsh. `createKnowledge` builds it over a `DocumentStore` and a `DocumentReader`.
 */
export { createBm25Index, defaultBm25Options, type Bm25Index, type Bm25Options, type QueryTerm } from './bm25-index.ts';
export { chunkSections, sectionsFromText, type Chunk, type Section } from './chunk.ts';
export {
  composeAnswer,
  notAnswered,
  traceAnswer,
  type AnswerTrace,
  type ComposeInput,
  type ScoredSpan,
} from './compose-answer.ts';
export {
  answerFeatureNames,
  confidence,
  defaultConfidenceModel,
  type AnswerFeatures,
  type ConfidenceModel,
} from './answer-confidence.ts';
export { questionKind, questionParts, type QuestionKind, type QuestionPart } from './question-shape.ts';
export {
  createKnowledge,
  maximumQuestionLength,
  type CreateKnowledgeOptions,
  type KnowledgeLogger,
} from './create-knowledge.ts';
export { createGroundedAnswerer, type GroundedAnswerer, type GroundedAnswererOptions } from './grounded-answer.ts';
export { ingestSummary, knowledgeMessages } from './messages.ts';
/** Kept here for the channels that take it from knowledge; the one copy is in core/language. */
export { bothLanguages } from '../language/index.ts';
export { citationVersions, type CitationVersion } from './citation-versions.ts';
export { splitSentences } from './sentences.ts';
export * from './text/index.ts';
export type * from './types.ts';
export { nearestInProcess, normalise, reciprocalRankFusion } from './vectors.ts';
export { questionLanguage } from './question-language.ts';
export { answerOutcome } from './types.ts';
