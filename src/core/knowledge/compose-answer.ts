import { placesNamed, type Language } from '../language/index.ts';
import { confidence, defaultConfidenceModel, type AnswerFeatures, type ConfidenceModel } from './answer-confidence.ts';
import { knowledgeMessages } from './messages.ts';
import { questionParts, speakerWordsIn, type QuestionKind } from './question-shape.ts';
import {
  asksForARoleHolder,
  isAttribution,
  kindFit,
  nameWordsIn,
  numbersIn,
  sentenceSignals,
  spokenBy,
} from './sentence-signals.ts';
import { speaksOfAnotherRole } from './role-qualifiers.ts';
import { splitSentences } from './sentences.ts';
import type { Alternative, Analyzer, WeightedTerm } from './text/index.ts';
import type { Answer, AnswerOutcome, Citation, SearchResult } from './types.ts';

export interface ComposeInput {
  question: string;
  /** The language to answer in. */
  language: Language;
  /** The language the question is written in, when that is not the answer's (`--language cy` on an English question). */
  askedIn?: Language;
  /** The query's terms after expansion (glossary names, translations), each saying what it stands for. */
  terms: WeightedTerm[];
  /** Glossary names that may stand in for the question's words. */
  alternatives: Alternative[];
  /** Retrieved passages, best first. */
  passages: SearchResult[];
  /**
   * For a question of several parts, each part's own passages, best first (what the part's own search found,
   * merged with the whole question's): a part is answered from these instead of `passages`.
   */
  partPassages?: SearchResult[][];
  analyzer: Analyzer;
  /** Inverse document frequency of a term in the index. */
  idf(term: string): number;
  /** Whether any indexed document has the term. Without it every term counts as found somewhere. */
  indexed?(term: string): boolean;
  /** The fitted confidence model; the shipped one by default. */
  model?: ConfidenceModel;
}

/** One quotable span and how it scored, for one part of the question. */
export interface ScoredSpan {
  part: number;
  quote: string;
  passage: SearchResult;
  features: AnswerFeatures;
  confidence: number;
}

/** Every span considered, part by part: what `composeAnswer` decides from (and what calibration fits on). */
export interface AnswerTrace {
  parts: { text: string; kind: QuestionKind; spans: ScoredSpan[] }[];
}

/**
 * Words that shape a question but that an answer need not repeat ("what happens to…", "tell me…", "beth
 * sy'n digwydd…"). They still count for retrieval.
 */
const questionWords = {
  en: 'happen happens happened sit sits tell know mean means explain describe say says said need needs go goes get gets involved work works please currently now actually exactly long much many often quickly fast soon thing things stuff',
  cy: 'digwydd dweud ddweud dywedodd ddywedodd meddai gwybod golygu esbonio egluro eistedd angen mynd gwneud wneud nawr rŵan bellach hir aml sawl cyflym gyflym buan fuan',
};

/** A word another part of a two-part question brings ("…and who leads it?": "it" is the first part's subject). */
export const otherPartWeight = 0.35;
/** A word shared only by its first five letters (an inflection the stemmer missed) counts this much. */
const prefixCredit = 0.5;
/** A glossary name or translation that stands in for a word counts this much of the word itself. */
const expansionCredit = 0.9;
/** A name of several words that stands for a word counts this much times the share of its words a sentence has. */
const nameCredit = expansionCredit;
/** Spans longer than this many words are cut to the clause that answers, where the sentence has clauses. */
const longSpanWords = 45;
/** Sentences that lean on the one before ("It was…", "Mae hyn…") are quoted with it. */
const leansOnPrevious =
  /^(?:it|its|this|these|that|those|they|their|he|she|his|her|such|the same|both|hyn|hwn|hon|hynny|nhw|ef|hi|mae hyn|roedd hyn|bydd hyn|dyma|felly)\b/i;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function citationLine(citation: Citation, language: Language): string {
  const published = citation.published ? `, ${knowledgeMessages.published[language]} ${citation.published}` : '';
  const twin =
    citation.twin && citation.language
      ? `; ${knowledgeMessages.twin[language][citation.language === 'en' ? 'cy' : 'en']}: ${citation.twin}`
      : '';
  return `“${citation.quote}” (${citation.title}${published}; ${citation.source}${twin})`;
}

/** The answer to give when the documents do not answer. */
export function notAnswered(language: Language): Answer {
  return {
    answered: false,
    outcome: 'refused',
    answer: knowledgeMessages.notAnswered[language],
    language,
    citations: [],
  };
}

interface AskedTerm {
  term: string;
  weight: number;
  /** Terms that may stand in for it, with how much each counts. */
  standIns: Map<string, number>;
  /**
   * Names of several words that stand for it ("Welsh Local Government Association" for "wlga"): a sentence is
   * credited by the share of a name's words it has, so "local government" alone is not the association.
   */
  names: string[][];
  prefix: string | undefined;
  known: boolean;
}

interface SentenceInfo {
  text: string;
  terms: string[];
  termSet: Set<string>;
  prefixes: Set<string>;
}

function prefixOf(term: string): string | undefined {
  return term.length >= 5 ? term.slice(0, 5) : undefined;
}

function sentenceInfo(text: string, language: Language, analyzer: Analyzer): SentenceInfo {
  const terms = analyzer.terms(text, language);
  const termSet = new Set(terms);
  const prefixes = new Set<string>();
  for (const term of terms) {
    const prefix = prefixOf(term);
    if (prefix) prefixes.add(prefix);
  }
  return { text, terms, termSet, prefixes };
}

/** How much of a term a pool of terms says: 1 for the term, less for a stand-in, 0 for none. */
function creditIn(asked: AskedTerm, pool: SentenceInfo): number {
  if (pool.termSet.has(asked.term)) return 1;
  let best = 0;
  for (const [term, credit] of asked.standIns) if (credit > best && pool.termSet.has(term)) best = credit;
  for (const name of asked.names) {
    const credit = (nameCredit * name.filter((part) => pool.termSet.has(part)).length) / name.length;
    if (credit > best) best = credit;
  }
  if (best < prefixCredit && asked.prefix && pool.prefixes.has(asked.prefix)) best = prefixCredit;
  return best;
}

/** Where in the sentence's terms a question word (or a stand-in) occurs; -1 when it does not. */
function positionIn(asked: AskedTerm, sentence: SentenceInfo): number {
  return sentence.terms.findIndex(
    (term) =>
      term === asked.term ||
      asked.standIns.has(term) ||
      asked.names.some((name) => name.includes(term)) ||
      (asked.prefix !== undefined && term.startsWith(asked.prefix)),
  );
}

function coverage(asked: AskedTerm[], total: number, ...pools: SentenceInfo[]): number {
  if (total === 0) return 0;
  let covered = 0;
  for (const term of asked) covered += term.weight * Math.max(...pools.map((pool) => creditIn(term, pool)));
  return covered / total;
}

/** A source note in brackets ("(source: …, 23 January 2025, https://…)") says nothing about the answer. */
function withoutCitations(text: string): string {
  return text.replace(/\([^()]*(?:https?:\/\/|source:|ffynhonnell:)[^()]*\)/gi, ' ');
}

/** "What is X?" is answered by a sentence that starts with X ("X is a joint venture…"). */
function definitionFit(asked: AskedTerm[], span: SentenceInfo): number {
  const opening = { ...span, terms: span.terms.slice(0, 6), termSet: new Set(span.terms.slice(0, 6)) };
  return asked.every((term) => creditIn(term, opening) >= prefixCredit) ? 1 : 0.5;
}

/** Coverage of the known words only, by the words themselves or glossary names: no prefixes. */
function literalCoverage(asked: AskedTerm[], span: SentenceInfo): number {
  return coverage(
    asked,
    asked.reduce((sum, term) => sum + term.weight, 0),
    span,
  );
}

function novelty(span: SentenceInfo, question: Set<string>, heading: SentenceInfo): number {
  if (span.terms.length === 0) return 0;
  const added = span.terms.filter((term) => !question.has(term) && !heading.termSet.has(term)).length;
  return Math.min(1, added / 8);
}

function focusMissing(asked: AskedTerm[], span: SentenceInfo): number {
  const heaviest = Math.max(...asked.map((term) => term.weight), 0);
  if (heaviest === 0) return 1;
  return Math.max(0, ...asked.map((term) => (term.weight * (1 - creditIn(term, span))) / heaviest));
}

function proximity(asked: AskedTerm[], sentence: SentenceInfo): number {
  const positions = asked.map((term) => positionIn(term, sentence)).filter((position) => position >= 0);
  if (positions.length === 0) return 0;
  if (positions.length === 1) return 0.5;
  const span = Math.max(...positions) - Math.min(...positions) + 1;
  return Math.min(1, new Set(positions).size / span);
}

/** The question's words, weighted by rarity, with what may stand in for each (glossary names, translations). */
function askedTerms(input: ComposeInput, text: string, partText: string | undefined): AskedTerm[] {
  const { analyzer, idf, terms, alternatives } = input;
  const language = input.askedIn ?? input.language;
  const indexed = input.indexed ?? (() => true);
  const filler = new Set(
    questionWords[language]
      .split(' ')
      .map((word) => analyzer.term(word, language))
      .filter((term) => term !== undefined),
  );
  const inPart = partText === undefined ? undefined : new Set(analyzer.terms(partText, language));
  const seen = new Map<string, AskedTerm>();
  for (const term of analyzer.terms(text, language)) {
    if (filler.has(term) || seen.has(term)) continue;
    const standIns = new Map<string, number>();
    const names: string[][] = [];
    for (const alternative of alternatives) {
      if (!alternative.standsFor.includes(term)) continue;
      // NOTE: a single-term variant stands in directly; a longer name is credited by the share of it a sentence has.
      for (const variant of alternative.variants) {
        if (variant.length > 1) names.push(variant);
        else if (variant[0] !== term) standIns.set(variant[0]!, expansionCredit);
      }
    }
    // NOTE: the words of a longer name the search added one by one ("welsh", "local"… for "wlga") are credited as
    // the name, not each as the word itself.
    const inLongerName = new Set(names.flat());
    for (const other of terms) {
      if (other.expanded && other.standsFor.includes(term) && !inLongerName.has(other.term))
        standIns.set(other.term, expansionCredit);
    }
    const known =
      indexed(term) ||
      [...standIns.keys()].some((other) => indexed(other)) ||
      names.some((name) => name.every((part) => indexed(part)));
    seen.set(term, {
      term,
      // NOTE: a word the documents have only through a stand-in (a translation) weighs what the stand-in weighs.
      weight:
        (known
          ? Math.max(
              indexed(term)
                ? idf(term)
                : Math.max(
                    0,
                    ...[...standIns.keys(), ...names.flat()]
                      .filter((other) => indexed(other))
                      .map((other) => idf(other)),
                  ),
              0.1,
            )
          : 0) * (inPart && !inPart.has(term) ? otherPartWeight : 1),
      standIns,
      names,
      prefix: prefixOf(term),
      known,
    });
  }
  // NOTE: a word no document has is rarer than any word they have: it weighs the highest idf there is, as
  // retrieval weighs it. It may be the point of the question ("salary") or an incidental one ("combined");
  // the `unknown` feature and the fitted gate judge how much that matters.
  const result = [...seen.values()];
  for (const term of result)
    if (!term.known) term.weight = idf(term.term) * (inPart && !inPart.has(term.term) ? otherPartWeight : 1);
  return result;
}

/** Cuts a long sentence to its clause(s) that carry the question's words; the whole sentence otherwise. */
function shortest(sentence: string, asked: AskedTerm[], language: Language, analyzer: Analyzer): string {
  if (wordCount(sentence) <= longSpanWords) return sentence;
  const clauses = sentence.split(/(?<=;)\s+/);
  if (clauses.length < 2) return sentence;
  const scored = clauses.map((clause) => {
    const info = sentenceInfo(clause, language, analyzer);
    return asked.reduce((sum, term) => sum + term.weight * creditIn(term, info), 0);
  });
  const best = scored.indexOf(Math.max(...scored));
  const clause = clauses[best]!;
  return wordCount(clause) >= 6 ? clause.replace(/;$/, '') : sentence;
}

/** Who holds a role is answered by a name the question (or its part) does not already have. */
function nameWords(part: string): string[] {
  return asksForARoleHolder(part) ? nameWordsIn(part) : [];
}

/** Scores every quotable span of the passages for each part of the question. */
export function traceAnswer(input: ComposeInput): AnswerTrace {
  const { language, analyzer, passages } = input;
  const askedIn = input.askedIn ?? language;
  const parts = questionParts(input.question, askedIn);
  const echoed = numbersIn(input.question);
  const questionTerms = new Set(analyzer.terms(input.question, askedIn));
  // Each passage's sentences, analysed once for every part that scores it.
  const analyse = (passage: SearchResult) => {
    const sentences = splitSentences(passage.text);
    return {
      sentences: sentences.map((text) => sentenceInfo(text, passage.language, analyzer)),
      heading: sentenceInfo(`${passage.title} ${passage.heading ?? ''}`, passage.language, analyzer),
      whole: sentenceInfo(`${passage.title} ${passage.heading ?? ''} ${passage.text}`, passage.language, analyzer),
      section: passage.heading ? sentenceInfo(passage.heading, passage.language, analyzer) : undefined,
    };
  };
  const analyses = new Map<string, ReturnType<typeof analyse>>();
  const analysed = (list: SearchResult[]) =>
    list.map((passage) => {
      let analysis = analyses.get(passage.chunkId);
      if (!analysis) analyses.set(passage.chunkId, (analysis = analyse(passage)));
      return { passage, ...analysis };
    });

  return {
    parts: parts.map((part, partIndex) => {
      const asked = askedTerms(input, input.question, parts.length > 1 ? part.text : undefined);
      const candidates = (parts.length > 1 ? input.partPassages?.[partIndex] : undefined) ?? passages;
      const topScore = Math.max(...candidates.map((passage) => passage.score), Number.MIN_VALUE);
      const total = asked.reduce((sum, term) => sum + term.weight, 0);
      const unknownWeight = asked.filter((term) => !term.known).reduce((sum, term) => sum + term.weight, 0);
      const knownTerms = asked.filter((term) => term.known).sort((left, right) => right.weight - left.weight);
      const rarest = knownTerms[0];
      // What a sentence must not count as supplying: a name the question already has ("who held the role before
      // Stephen Vickers?"), or words not reported from the asked-about speaker ("what did the WLGA say?").
      const echoedNames = part.kind === 'who' ? nameWords(part.text) : [];
      const speaker = part.kind === 'said' ? speakerWordsIn(part.text) : [];
      const literalAsked = knownTerms.map((term) => ({
        ...term,
        standIns: new Map([...term.standIns].filter(([, credit]) => credit >= expansionCredit * 0.7)),
        prefix: undefined,
      }));
      const spans: ScoredSpan[] = [];
      analysed(candidates).forEach(({ passage, sentences, heading, whole, section }, rank) => {
        const passageCoverage = coverage(asked, total, whole);
        sentences.forEach((sentence, index) => {
          // NOTE: a line saying who wrote or answered a document is about the document, not its subject: it
          // answers a "who" question ("who answered about…"), never a question about the practice itself.
          if (part.kind !== 'who' && isAttribution(sentence.text)) return;
          const previous = sentences[index - 1];
          const next = sentences[index + 1];
          const leans = previous !== undefined && (leansOnPrevious.test(sentence.text) || wordCount(sentence.text) < 6);
          const quote = leans
            ? verbatimRun(passage.text, previous.text, sentence.text)
            : shortest(sentence.text, asked, passage.language, analyzer);
          const spanInfo = leans ? sentenceInfo(quote, passage.language, analyzer) : sentence;
          const neighbours = [spanInfo, heading, ...(previous ? [previous] : []), ...(next ? [next] : [])];
          // NOTE: the sentence right under a heading says what the heading names ("What happens next" → the
          // next step): for it, the heading's words count as said.
          const lead = index === 0 && section !== undefined ? [spanInfo, section] : [spanInfo];
          const features: AnswerFeatures = {
            coverage: coverage(asked, total, ...lead),
            literal: literalCoverage(literalAsked, spanInfo),
            context: coverage(asked, total, ...neighbours),
            rarest: rarest && creditIn(rarest, spanInfo) > 0 ? 1 : 0,
            focusMissing: focusMissing(asked, spanInfo),
            proximity: proximity(asked, spanInfo),
            kindFit:
              part.kind === 'definition'
                ? definitionFit(asked, spanInfo)
                : part.kind === 'said' && !spokenBy(withoutCitations(quote), speaker)
                  ? 0
                  : kindFit(part.kind, sentenceSignals(withoutCitations(quote), echoed, echoedNames)),
            rank: 1 / (1 + rank),
            relativeScore: Math.max(0, passage.score) / topScore,
            unknown: total === 0 ? 1 : unknownWeight / total,
            sameLanguage: passage.language === language ? 1 : 0,
            novelty: novelty(spanInfo, questionTerms, heading),
            titleShare:
              spanInfo.terms.length === 0
                ? 1
                : spanInfo.terms.filter((term) => heading.termSet.has(term)).length / spanInfo.terms.length,
            passageCoverage,
          };
          spans.push({
            part: partIndex,
            quote,
            passage,
            features,
            confidence: confidence(features, input.model ?? defaultConfidenceModel),
          });
        });
      });
      return { text: part.text, kind: part.kind, spans };
    }),
  };
}

/** Questions that ask for one kind of thing: a name, a date, a length of time, a number, an amount, a rule, words said. */
const asksForSomething = new Set<QuestionKind>([
  'contact',
  'who',
  'when',
  'duration',
  'count',
  'frequency',
  'money',
  'requirement',
  'said',
]);

/**
 * A sentence that supplies nothing of what its question asks for ("who are the members?" answered by "The CJCs held
 * their first meetings in January 2022") is never quoted as the answer, however many of the question's words it
 * says: its confidence is kept just under the answer threshold, so it can still be offered as the closest.
 */
function suppliesNothingAsked(kind: QuestionKind, span: ScoredSpan, model: ConfidenceModel): ScoredSpan {
  if (!asksForSomething.has(kind) || span.features.kindFit > 0) return span;
  return notTheAnswer(span, model);
}

/**
 * A question about a place in Wales ("who leads Monmouthshire council?") is not answered by a sentence about other
 * places only ("The council leaders are … for Blaenau Gwent and … for Torfaen") from a passage that never names the
 * place asked about. A sentence that names no place, or one from a passage that names the place ("… of both councils;
 * Torfaen had approved…" for a question about Blaenau Gwent), is left to the other evidence.
 */
function namesOtherPlaces(asked: Set<string>, span: ScoredSpan): boolean {
  if (asked.size === 0) return false;
  const quote = withoutCitations(span.quote);
  // NOTE: "both councils", "y ddau gyngor" are the councils Pont serves, whichever of them the question names.
  if (/\b(?:both|the two) councils\b|\by ddau gyngor\b/i.test(quote)) return false;
  const named = placesNamed(quote);
  if (named.size === 0 || [...named].some((place) => asked.has(place))) return false;
  const passage = placesNamed(`${span.passage.title} ${span.passage.heading ?? ''} ${span.passage.text}`);
  return ![...passage].some((place) => asked.has(place));
}

/** A span that cannot be the answer keeps at most a confidence just under the answer threshold (the closest). */
function notTheAnswer(span: ScoredSpan, model: ConfidenceModel): ScoredSpan {
  if (span.confidence < model.answerAt) return span;
  return { ...span, confidence: Math.max(model.closestAt, model.answerAt - 0.001) };
}

/** Ranks spans: most confident first; in the question's language first among near-equals. */
function byPreference(left: ScoredSpan, right: ScoredSpan): number {
  const bonus = (span: ScoredSpan) => span.confidence + span.features.sameLanguage * 0.05;
  return bonus(right) - bonus(left) || right.features.rank - left.features.rank;
}

/** Longest run of a passage quoted as one, when two spans of it are quoted together. */
const longestRunWords = 90;

/**
 * The passage's own text from the start of `first` to the end of `last` (which follows it), so a quote of two
 * sentences is the document's words as they stand, list marks and line breaks included.
 */
function verbatimRun(text: string, first: string, last: string): string {
  const start = text.indexOf(first);
  const end = start < 0 ? -1 : text.indexOf(last, start + first.length);
  return start >= 0 && end >= 0 ? text.slice(start, end + last.length).trim() : `${first} ${last}`;
}

/**
 * One citation per source where the document allows it: spans of one passage are quoted as the one run of
 * its text that holds them all, when that run is short; otherwise each span is its own citation, so that
 * every quote is the document's words as they stand (never pieces joined by an ellipsis).
 */
function citationsFor(spans: ScoredSpan[]): Citation[] {
  const citations: Citation[] = [];
  for (const group of groupedBySource(spans)) {
    const first = group[0]!;
    const cite = (quote: string): Citation => ({
      title: first.passage.title,
      source: first.passage.source,
      quote,
      published: first.passage.published ?? null,
      language: first.passage.language,
      ...(first.passage.twin ? { twin: first.passage.twin } : {}),
    });
    if (group.length === 1) {
      citations.push(cite(first.quote));
      continue;
    }
    const samePassage = group.every((span) => span.passage.chunkId === first.passage.chunkId);
    const positions = group.map((span) => ({ span, at: span.passage.text.indexOf(span.quote) }));
    if (samePassage && positions.every((position) => position.at >= 0)) {
      const start = Math.min(...positions.map((position) => position.at));
      const end = Math.max(...positions.map((position) => position.at + position.span.quote.length));
      const run = first.passage.text.slice(start, end).trim();
      if (wordCount(run) <= longestRunWords) {
        citations.push(cite(run));
        continue;
      }
    }
    for (const span of group)
      citations.push({ ...cite(span.quote), title: span.passage.title, source: span.passage.source });
  }
  return citations;
}

/** Spans grouped by source, in the document's order, without a span another one already holds. */
function groupedBySource(spans: ScoredSpan[]): ScoredSpan[][] {
  const bySource = new Map<string, ScoredSpan[]>();
  for (const span of spans) {
    const list = bySource.get(span.passage.source) ?? [];
    if (!list.some((other) => other.quote === span.quote || other.quote.includes(span.quote))) {
      const covering = list.findIndex((other) => span.quote.includes(other.quote));
      if (covering >= 0) list[covering] = span;
      else list.push(span);
    }
    bySource.set(span.passage.source, list);
  }
  return [...bySource.values()].map((list) =>
    [...list].sort((left, right) => {
      const order =
        left.passage.chunkId === right.passage.chunkId ? 0 : left.passage.chunkId < right.passage.chunkId ? -1 : 1;
      return order || left.passage.text.indexOf(left.quote) - right.passage.text.indexOf(right.quote);
    }),
  );
}

function render(outcome: Exclude<AnswerOutcome, 'refused'>, citations: Citation[], language: Language): Answer {
  const intro =
    outcome === 'answered' ? knowledgeMessages.answerIntro[language] : knowledgeMessages.closestIntro[language];
  return answerOf(
    outcome,
    intro,
    citations.map((citation) => citationLine(citation, language)),
    citations,
    language,
  );
}

/** The answer of `lines` under `intro`, with a note when a quote is not in the asker's language. */
function answerOf(
  outcome: Exclude<AnswerOutcome, 'refused'>,
  intro: string,
  lines: string[],
  citations: Citation[],
  language: Language,
): Answer {
  // NOTE: quotes stay in their document's language; the asker is told when that is not theirs.
  const other = citations.find(
    (citation) => citation.language !== undefined && citation.language !== language,
  )?.language;
  const all = [intro, ...lines, ...(other ? [knowledgeMessages.sourceLanguage[language][other]] : [])];
  return { answered: outcome === 'answered', outcome, answer: all.join('\n'), language, citations };
}

/** A part of a question as the asker typed it, as a line's opening: "When did X retire?". */
function partHeading(text: string): string {
  const trimmed = text.trim().replace(/[?.!\s]+$/, '');
  return `${trimmed.charAt(0).toLocaleUpperCase()}${trimmed.slice(1)}?`;
}

/**
 * A question of several parts, answered part by part: a line per part, in the question's order, opening with
 * the part as asked and giving the quote that answers it, or, when only some parts are answered (outcome
 * "closest"), a plain line that no clear answer was found. Parts answered by the same quote share its line.
 */
function renderParts(
  outcome: Exclude<AnswerOutcome, 'refused'>,
  parts: { text: string; span: ScoredSpan | undefined }[],
  language: Language,
): Answer {
  const entries: { headings: string[]; citations: Citation[] }[] = [];
  for (const part of parts) {
    const heading = partHeading(part.text);
    if (!part.span) {
      entries.push({ headings: [heading], citations: [] });
      continue;
    }
    const cited = citationsFor([part.span]);
    const same = entries.find((entry) =>
      cited.every((citation) =>
        entry.citations.some((other) => other.source === citation.source && other.quote.includes(citation.quote)),
      ),
    );
    if (same) same.headings.push(heading);
    else entries.push({ headings: [heading], citations: cited });
  }
  const intro =
    outcome === 'answered' ? knowledgeMessages.answerIntro[language] : knowledgeMessages.partlyIntro[language];
  const lines = entries.map(
    (entry) =>
      `${entry.headings.join(' ')} ${
        entry.citations.length === 0
          ? knowledgeMessages.partNotSaid[language]
          : entry.citations.map((citation) => citationLine(citation, language)).join(' ')
      }`,
  );
  return answerOf(
    outcome,
    intro,
    lines,
    entries.flatMap((entry) => entry.citations),
    language,
  );
}

/**
 * Chooses the spans that answer a question and quotes them. Every sentence of the retrieved passages is
 * scored for each part of the question by the calibrated confidence model: how much of the question it says
 * (rare words counting most, glossary names and translations standing in for words),
 * whether it supplies what the question asks for (a name, a date, an amount…), how close together the
 * question's words sit, and how well retrieval ranked its passage. Confident spans are the answer, one per
 * part; middling ones are offered as the closest the documents come; otherwise the answer is an honest
 * refusal. When only some parts of a question are answered, each part gets its quote or a line saying no
 * clear answer was found for it (still "closest": the question as asked is not answered). A sentence that leans
 * on the one before is quoted with it; each source is shown once.
 */
export function composeAnswer(input: ComposeInput): Answer {
  const { language } = input;
  const model = input.model ?? defaultConfidenceModel;
  // An order to Pont ("ignore your instructions and…") is not a question the documents answer.
  if (questionParts(input.question, input.askedIn ?? language).some((part) => part.kind === 'instruction'))
    return { ...notAnswered(language), order: true };
  if (input.passages.length === 0) return notAnswered(language);
  const trace = traceAnswer(input);
  const askedIn = input.askedIn ?? language;
  const places = trace.parts.map((part) => placesNamed(part.text));
  const bestPerPart = trace.parts.map((part, partIndex) =>
    part.spans
      .map((span) =>
        speaksOfAnotherRole(
          part.text,
          askedIn,
          {
            text: withoutCitations(span.quote),
            language: span.passage.language,
            terms: () => input.analyzer.terms(span.quote, span.passage.language),
          },
          (word, wordLanguage) => input.analyzer.term(word, wordLanguage),
        ) || namesOtherPlaces(places[partIndex]!, span)
          ? notTheAnswer(span, model)
          : suppliesNothingAsked(part.kind, span, model),
      )
      .sort(byPreference),
  );
  if (bestPerPart.some((spans) => spans.length === 0)) return notAnswered(language);

  const tops = bestPerPart.map((spans) => spans[0]!);
  // NOTE: one sentence may answer two parts ("how many months did the discovery phase last and who ran it?": "A
  // seven-month discovery phase … was supported by Local Partnerships"). A part whose best sentence is the one that
  // confidently answers another part, and that supplies what this part asks for, is answered by it too.
  for (const [index, span] of tops.entries()) {
    if (span.confidence >= model.answerAt || span.features.kindFit < 1) continue;
    if (tops.some((other) => other !== span && other.confidence >= model.answerAt && other.quote === span.quote))
      tops[index] = { ...span, confidence: model.answerAt };
  }
  // Nothing retrieved bears on a question that is mostly words no document has.
  if (tops.every((span) => span.features.unknown >= model.refuseUnknownAt)) return notAnswered(language);
  if (tops.every((span) => span.confidence >= model.answerAt)) {
    const chosen = [...tops];
    // A second source that answers as well (a list split over two documents) is quoted too, for one-part questions.
    if (tops.length === 1) {
      const runnerUp = bestPerPart[0]!.find(
        (span) =>
          span.passage.source !== tops[0]!.passage.source &&
          span.passage.language === tops[0]!.passage.language &&
          span.confidence >= model.answerAt &&
          span.confidence >= tops[0]!.confidence - 0.05,
      );
      if (runnerUp) chosen.push(runnerUp);
    }
    if (tops.length > 1)
      return renderParts(
        'answered',
        trace.parts.map((part, index) => ({ text: part.text, span: tops[index] })),
        language,
      );
    return render('answered', citationsFor(chosen), language);
  }

  // Some parts answered, not all: each part says what the documents say of it, and the outcome stays "closest".
  if (tops.length > 1 && tops.some((span) => span.confidence >= model.answerAt))
    return renderParts(
      'closest',
      trace.parts.map((part, index) => ({
        text: part.text,
        span: tops[index]!.confidence >= model.answerAt ? tops[index] : undefined,
      })),
      language,
    );
  const best = Math.max(...tops.map((span) => span.confidence));
  if (best < model.closestAt) return notAnswered(language);
  // The closest: the best span of the one or two best passages, in the same language as the very best.
  const all = bestPerPart.flat().sort(byPreference);
  const first = all[0]!;
  const second = all.find(
    (span) =>
      span.passage.source !== first.passage.source &&
      span.passage.language === first.passage.language &&
      span.confidence >= model.closestAt,
  );
  return render('closest', citationsFor(second ? [first, second] : [first]), language);
}
