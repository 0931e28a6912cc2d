/**
 * What a grounded answer needs around the model: passages packed to a token budget in a delimited data block,
 * the model's answer parsed and its citations checked, and the stream gate that holds back unfinished links.
 */
export { packPassages, renderDataBlock, normalizeForMatch, type NumberedPassage } from './passages.ts';
export { checkCitations, parseModelAnswer, noAnswerToken, type CheckedAnswer, type ParsedAnswer } from './citations.ts';
export { createStreamGate } from './stream-gate.ts';
export { estimateTokens } from './tokens.ts';
