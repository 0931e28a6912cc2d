import type { Language } from '../language/index.ts';
import { knowledgeMessages } from './messages.ts';
import { splitSentences } from './sentences.ts';
import type { Alternative, Analyzer, WeightedTerm } from './text/index.ts';
import { words } from './text/index.ts';
import type { Answer, Citation, SearchResult } from './types.ts';

export interface ComposeInput {
  question: string;
  language: Language;
  /** The query's terms after glossary expansion. */
  terms: WeightedTerm[];
  /** Glossary names that may stand in for the question's words. */
  alternatives: Alternative[];
  passages: SearchResult[];
  analyzer: Analyzer;
  /** Inverse document frequency of a term in the index. */
  idf(term: string): number;
  /** Whether any indexed document has the term. Without it every term counts as found somewhere. */
  indexed?(term: string): boolean;
}

/**
 * Words that shape a question but that an answer need not repeat ("what happens to…", "who sits on…",
 * "beth sy'n digwydd…"). They still count for retrieval.
 */
const questionWords = {
  en: 'happen happens happened sit sits tell know mean means explain describe say says said need needs go goes get gets involved work works'.split(' '),
  cy: 'digwydd dweud ddweud dywedodd ddywedodd meddai gwybod golygu esbonio egluro eistedd angen mynd gwneud wneud'.split(' '),
};

/** How much of the question a sentence must cover (idf-weighted) to be quoted as an answer. */
export const minimumCoverage = 0.6;
const maximumCitations = 3;
/** A word of the question found only in the passage's title or heading counts this much. */
const headingCredit = 0.75;
/**
 * When some of the question's words occur in no document at all, a sentence may still answer if it has every
 * word that does occur, and those words outnumber the unknown ones (at least two things asked about, a
 * glossary name counting once).
 */
const minimumKnownTerms = 2;

interface Candidate {
  sentence: string;
  coverage: number;
  rank: number;
  passage: SearchResult;
  wordSet: Set<string>;
}

function similar(left: Set<string>, right: Set<string>): boolean {
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  const union = left.size + right.size - shared;
  return union === 0 || shared / union >= 0.8;
}

function citationLine(citation: Citation, language: Language): string {
  const published = citation.published ? `, ${knowledgeMessages.published[language]} ${citation.published}` : '';
  return `“${citation.quote}” (${citation.title}${published}; ${citation.source})`;
}

/** The answer to give when the documents do not answer. */
export function notAnswered(language: Language): Answer {
  return { answered: false, answer: knowledgeMessages.notAnswered[language], language, citations: [] };
}

/**
 * Chooses the sentences that answer a question and quotes them. A sentence counts when it covers most of
 * the question's words (weighted by how rare they are; a glossary name stands in for the word it expands),
 * so a question about something the documents never mention is refused rather than answered with whatever
 * came closest. Near-identical sentences (the same statement published twice) are quoted once, and
 * sentences in the question's language are preferred when there are any.
 */
export function composeAnswer(input: ComposeInput): Answer {
  const { language, terms, alternatives, analyzer, idf } = input;
  const filler = new Set(questionWords[language].map((word) => analyzer.term(word, language)).filter((term) => term !== undefined));
  const asked = terms.filter((term) => !term.expanded && !filler.has(term.term));
  const totalWeight = asked.reduce((sum, term) => sum + idf(term.term), 0);
  if (asked.length === 0 || totalWeight === 0) return notAnswered(language);
  // NOTE: a word no document has ("combined" in "the combined financial pressure") cannot be matched by any
  // sentence, so it would sink every candidate. It stops counting only when the words the documents do
  // have are the larger part of the question; a question of unknown words ("the canteen menu") is refused.
  // A word a glossary name stands for is never unknown: the name may match.
  const indexed = input.indexed ?? (() => true);
  const known = asked.filter((term) => indexed(term.term) || alternatives.some((alternative) => alternative.standsFor.includes(term.term)));
  // A glossary name of several words ("joint chief executive") is one thing asked about, not three.
  const knownConcepts = new Set(known.map((term) => alternatives.find((alternative) => alternative.standsFor.includes(term.term))?.standsFor.join(' ') ?? term.term)).size;
  const unknownCount = asked.length - known.length;
  const knownCounts = unknownCount > 0 && knownConcepts >= minimumKnownTerms && knownConcepts > unknownCount;

  const candidates: Candidate[] = [];
  input.passages.forEach((passage, rank) => {
    const headingTerms = new Set(analyzer.terms(`${passage.title} ${passage.heading ?? ''}`, passage.language));
    for (const sentence of splitSentences(passage.text)) {
      const sentenceTerms = new Set(analyzer.terms(sentence, passage.language));
      const covers = (term: string, pool: Set<string>) =>
        pool.has(term) ||
        alternatives.some((alternative) => alternative.standsFor.includes(term) && alternative.variants.some((variant) => variant.every((part) => pool.has(part))));
      let covered = 0;
      for (const term of asked) {
        if (covers(term.term, sentenceTerms)) covered += idf(term.term);
        else if (covers(term.term, headingTerms)) covered += idf(term.term) * headingCredit;
      }
      const coverage = covered / totalWeight;
      // The sentence itself must say all of it: a title or heading is too loose a match once words are set aside.
      const knownCovered = knownCounts && known.every((term) => covers(term.term, sentenceTerms));
      if (coverage >= minimumCoverage || knownCovered) {
        candidates.push({ sentence, coverage, rank, passage, wordSet: new Set(words(sentence)) });
      }
    }
  });
  if (candidates.length === 0) return notAnswered(language);

  const inLanguage = candidates.filter((candidate) => candidate.passage.language === language);
  const pool = inLanguage.length > 0 ? inLanguage : candidates;
  pool.sort((left, right) => right.coverage - left.coverage || left.rank - right.rank);
  const best = pool[0]!.coverage;
  const chosen: Candidate[] = [];
  for (const candidate of pool) {
    if (chosen.length >= maximumCitations) break;
    if (candidate.coverage < best - 0.2) break;
    if (chosen.some((other) => similar(other.wordSet, candidate.wordSet))) continue;
    chosen.push(candidate);
  }

  const citations: Citation[] = chosen.map(({ sentence, passage }) => ({
    title: passage.title,
    source: passage.source,
    quote: sentence,
    published: passage.published ?? null,
    language: passage.language,
  }));
  const answer = [knowledgeMessages.answerIntro[language], ...citations.map((citation) => citationLine(citation, language))].join('\n');
  return { answered: true, answer, language, citations };
}

