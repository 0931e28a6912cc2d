import { createHash } from 'node:crypto';
import { ValidationError } from '../../errors.ts';
import type { EmbeddingModel } from '../model/index.ts';
import { bothLanguages, type Language } from '../language/index.ts';
import { createBm25Index, defaultBm25Options, type Bm25Index, type Bm25Options } from './bm25-index.ts';
import { chunkSections, sectionsFromText, type Chunk } from './chunk.ts';
import type { ConfidenceModel } from './answer-confidence.ts';
import { composeAnswer, otherPartWeight, traceAnswer, type AnswerTrace } from './compose-answer.ts';
import { questionParts } from './question-shape.ts';
import { languageOfFunctionWords, questionLanguage, type WordsOf } from './question-language.ts';
import { knowledgeMessages } from './messages.ts';
import {
  abbreviationEntries,
  abbreviationsIn,
  councilGlossary,
  createAnalyzer,
  createGlossary,
  correctSpelling,
  createLexicon,
  createWordList,
  englishStopWords,
  sameNameInBothLanguages,
  federationGlossary,
  welshStopWords,
  words,
  type DefinedAbbreviation,
  type Expansion,
  type Glossary,
  type Lexicon,
  type LexiconCache,
  type WeightedTerm,
} from './text/index.ts';
import type {
  Answer,
  AnswerWriter,
  ChunkRecord,
  DocumentReader,
  IndexCache,
  IndexSnapshot,
  DocumentStore,
  IngestReport,
  KnowledgeService,
  ParsedDocument,
  RetrievalMode,
  SearchResult,
  StoredChunk,
} from './types.ts';
import { nearestInProcess, normalise, reciprocalRankFusion } from './vectors.ts';

/** The little of a logger the knowledge capability uses (pino's logger fits). */
export interface KnowledgeLogger {
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
}

export interface CreateKnowledgeOptions {
  store: DocumentStore;
  reader: DocumentReader;
  /** When given, chunks are embedded and vector search is fused with keyword search. */
  embeddingModel?: EmbeddingModel;
  /** When given, `ask` hands the passages and the extractive answer to it for a written answer. */
  answerWriter?: AnswerWriter;
  logger?: KnowledgeLogger;
  bm25?: Bm25Options;
  /** Welsh–English word pairs for questions in one language over documents in the other; built from `lexiconText` otherwise. */
  lexicon?: Lexicon;
  /**
   * The text of the word pairs (`Welsh<TAB>English` lines), asked for when a question first needs it, or undefined
   * when there are none (`readLexiconFile` in the store reads Pont's own file). Without either, each language is
   * searched on its own.
   */
  lexiconText?: () => string | undefined;
  /**
   * English words, one a line (`lexicon/en-words.txt`, read with `readLexiconFile`): a question's word that no
   * document has is read as a typing slip only when it is not one of these. Without it, only the Welsh–English word
   * pairs say what is a word.
   */
  englishWordsText?: () => string | undefined;
  /** Where the analysed word pairs are kept between processes. */
  lexiconCache?: LexiconCache;
  /**
   * Where the built index is kept between processes: a process whose store is at the version an index was saved at
   * uses it instead of reading and analysing every passage again. Not used with in-process vectors.
   */
  indexCache?: IndexCache;
  /** The answer confidence model; the fitted one by default (calibration passes candidates here). */
  answerModel?: ConfidenceModel;
  /** Receives every span the extractive answerer scored, per question (for calibrating the model). */
  onAnswerTrace?: (question: string, trace: AnswerTrace) => void;
}

/** Longest question `ask` takes. */
export const maximumQuestionLength = 2_000;
const embeddingBatchSize = 64;
const candidateCount = 50;
const passagesForAnswer = 8;
/** Passages in the other language, found by the question's translation, added to those for an answer. */
const translatedForAnswer = 3;
/** For each part of a two-part question: passages of its own search, and of its translation, put before the question's. */
const passagesForPart = 4;
const translatedForPart = 1;

interface IndexState {
  generation: number;
  chunks: StoredChunk[];
  byId: Map<string, StoredChunk>;
  /** Index positions of each document's chunks, to retire them when the document changes. */
  positions: Map<string, number[]>;
  bm25: Bm25Index;
  /** Whole documents (title; every passage's heading and text), to rank documents rather than passages. */
  documents: Bm25Index;
  /** The document id at each position of `documents`, and back. */
  documentIds: string[];
  documentPositions: Map<string, number>;
  /** Passages indexed in each language (retired ones included): a question is translated only when the other language has some. */
  passagesIn: Record<Language, number>;
  vectors: Map<string, Float32Array> | undefined;
  /** The abbreviations each document defines ("corporate joint committees, or CJCs"). */
  abbreviations: Map<string, DefinedAbbreviation[]>;
  /** The glossary with those abbreviations, made when first needed after a change. */
  glossary?: Glossary;
  /** The passages' words in each language, with how many passages have each: what a typing slip is read as. */
  vocabulary?: Record<Language, Map<string, number>>;
}

/** The words a slip may be read as besides the passages' own: the function words of each language. */
const commonWords: Record<Language, ReadonlySet<string>> = {
  en: englishStopWords,
  cy: new Set([...welshStopWords, ...englishStopWords]),
};

/** The generation in a store version (`"42:9f…"`). */
function generationOf(version: string): number {
  return Number.parseInt(version, 10);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function normalisedText(text: string): string {
  return words(text).join(' ');
}

/** A 53-bit FNV-1a style hash of a string: a compact key for spotting identical passages. */
function hashText(text: string): number {
  let high = 0x811c9dc5;
  let low = 0x01000193;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193);
    low = Math.imul(low ^ code, 0x5bd1e995);
  }
  return (high >>> 0) * 0x200000 + ((low >>> 0) & 0x1fffff);
}

/**
 * Builds the knowledge capability over a document store and a reader: ingest, search, ask.
 *
 * The keyword index lives in this process and is a cache of the database: it is rebuilt when the store's
 * generation counter moves, which one cheap query checks before each search, so several replicas sharing a
 * database all see each other's documents.
 */
export function createKnowledge(options: CreateKnowledgeOptions): KnowledgeService {
  const { store, reader, embeddingModel, answerWriter, logger } = options;
  const analyzer = createAnalyzer();
  const glossaryEntries = [...councilGlossary(), ...federationGlossary];
  const lexicon =
    options.lexicon ?? createLexicon(analyzer, options.lexiconText ?? (() => undefined), options.lexiconCache);
  const englishWords = createWordList(options.englishWordsText ?? (() => undefined));
  /** The words of each language, as far as Pont knows them: the English word list and the Welsh–English pairs. */
  const wordsOf: WordsOf = {
    en: (word) => /^\p{L}{2,}$/u.test(word) && englishWords.has(word),
    cy: (word) => {
      const term = /^\p{L}{2,}$/u.test(word) ? analyzer.term(word, 'cy') : undefined;
      return term !== undefined && lexicon.knows(term, 'cy');
    },
  };
  const languageOfQuestion = (text: string): Language => questionLanguage(text, 'en', wordsOf);
  /**
   * The federation glossary and the abbreviations the indexed documents define; with documents in both languages,
   * an abbreviation defined in each whose names translate word for word is one entry ("CBC" and "CJC").
   */
  const glossaryOf = (index: IndexState): Glossary =>
    (index.glossary ??= createGlossary(analyzer, [
      ...glossaryEntries,
      ...abbreviationEntries(
        [...index.abbreviations.values()].flat(),
        index.passagesIn.en > 0 && index.passagesIn.cy > 0
          ? (welsh, english) => sameNameInBothLanguages(lexicon, analyzer, welsh, english)
          : undefined,
      ),
    ]));
  const mode: RetrievalMode = !embeddingModel
    ? 'keyword'
    : store.vectorSearch === 'pgvector'
      ? 'hybrid-pgvector'
      : 'hybrid-in-process';
  let state: IndexState | undefined;
  let building: Promise<IndexState> | undefined;

  async function embed(texts: string[]): Promise<number[][] | undefined> {
    if (!embeddingModel || texts.length === 0) return undefined;
    try {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += embeddingBatchSize) {
        const batch = texts.slice(start, start + embeddingBatchSize);
        const embedded = await embeddingModel.embed(batch);
        if (embedded.length !== batch.length)
          throw new Error(`the model returned ${embedded.length} vectors for ${batch.length} texts`);
        vectors.push(...embedded);
      }
      return vectors;
    } catch (error) {
      logger?.warn(
        { err: error, model: embeddingModel.name },
        'Embedding failed; keyword search still works and the chunks are embedded later',
      );
      return undefined;
    }
  }

  /** Embeds chunks that have no embedding from the current model (new, or embedded by an older model). */
  async function fillEmbeddings(): Promise<void> {
    if (!embeddingModel) return;
    for (;;) {
      const missing = await store.chunksWithoutEmbedding(embeddingModel.name, embeddingBatchSize * 4);
      if (missing.length === 0) return;
      const vectors = await embed(missing.map((chunk) => chunk.text));
      if (!vectors) return;
      await store.saveEmbeddings(
        embeddingModel.name,
        missing.map((chunk, index) => ({ id: chunk.id, embedding: vectors[index]! })),
      );
    }
  }

  /** Keeps the abbreviations a passage defines, under its document. */
  function learnAbbreviations(index: IndexState, chunk: StoredChunk): void {
    const defined = abbreviationsIn(chunk.text, chunk.language);
    if (defined.length === 0) return;
    index.abbreviations.set(chunk.documentId, [...(index.abbreviations.get(chunk.documentId) ?? []), ...defined]);
    index.glossary = undefined;
  }

  /** Indexes chunks as passages and, grouped by document, as whole documents. */
  function addChunks(index: IndexState, chunks: StoredChunk[]): void {
    index.vocabulary = undefined;
    const documents = new Map<string, { first: StoredChunk; terms: string[]; headings: Set<string> }>();
    for (const chunk of chunks) {
      // NOTE: a passage under the document's title as its heading (a `#` title, a title line) counts the title once.
      const heading = chunk.heading && chunk.heading !== chunk.title ? chunk.heading : '';
      const textTerms = analyzer.terms(chunk.text, chunk.language);
      const position = index.bm25.add(
        analyzer.terms(heading ? `${chunk.title} ${heading}` : chunk.title, chunk.language),
        textTerms,
      );
      index.chunks[position] = chunk;
      index.byId.set(chunk.id, chunk);
      index.passagesIn[chunk.language] += 1;
      learnAbbreviations(index, chunk);
      const positions = index.positions.get(chunk.documentId);
      if (positions) positions.push(position);
      else index.positions.set(chunk.documentId, [position]);
      let document = documents.get(chunk.documentId);
      if (!document) documents.set(chunk.documentId, (document = { first: chunk, terms: [], headings: new Set() }));
      if (heading && !document.headings.has(heading)) {
        document.headings.add(heading);
        document.terms.push(...analyzer.terms(heading, chunk.language));
      }
      for (const term of textTerms) document.terms.push(term);
    }
    for (const [documentId, { first, terms }] of documents) {
      const position = index.documents.add(analyzer.terms(first.title, first.language), terms);
      index.documentIds[position] = documentId;
      index.documentPositions.set(documentId, position);
    }
  }

  /** The index's passages, documents and counts as plain data, for `indexCache`. */
  function snapshotOf(index: IndexState): IndexSnapshot {
    return {
      // NOTE: copies: a server brings its index up to date in place while the snapshot may still be being written.
      chunks: [...index.chunks],
      passages: index.bm25.snapshot(),
      documents: index.documents.snapshot(),
      documentIds: [...index.documentIds],
      passagesIn: { ...index.passagesIn },
    };
  }

  /** The index a snapshot holds, as `build` would have made it at `generation`. */
  function restore(snapshot: IndexSnapshot, generation: number): IndexState {
    const bm25 = createBm25Index(options.bm25 ?? defaultBm25Options, snapshot.passages);
    const documents = createBm25Index(options.bm25 ?? defaultBm25Options, snapshot.documents);
    const index: IndexState = {
      generation,
      chunks: snapshot.chunks,
      byId: new Map(),
      positions: new Map(),
      bm25,
      documents,
      documentIds: snapshot.documentIds,
      documentPositions: new Map(),
      passagesIn: { ...snapshot.passagesIn },
      vectors: undefined,
      abbreviations: new Map(),
    };
    const retiredPassages = new Set(snapshot.passages.removed);
    for (const [position, chunk] of snapshot.chunks.entries()) {
      if (retiredPassages.has(position)) continue;
      index.byId.set(chunk.id, chunk);
      learnAbbreviations(index, chunk);
      const positions = index.positions.get(chunk.documentId);
      if (positions) positions.push(position);
      else index.positions.set(chunk.documentId, [position]);
    }
    const retiredDocuments = new Set(snapshot.documents.removed);
    for (const [position, documentId] of snapshot.documentIds.entries())
      if (!retiredDocuments.has(position)) index.documentPositions.set(documentId, position);
    return index;
  }

  /** Whether the index can be kept on disk: in-process vectors are not part of a snapshot. */
  const cacheable = options.indexCache !== undefined && !(embeddingModel && store.vectorSearch === 'in-process');

  /** The index saved at the store's current version, if `indexCache` has one. */
  async function saved(): Promise<IndexState | undefined> {
    if (!cacheable) return undefined;
    await fillEmbeddings();
    const version = await store.version();
    const snapshot = await options.indexCache!.load(version);
    return snapshot ? restore(snapshot, generationOf(version)) : undefined;
  }

  async function build(): Promise<IndexState> {
    await fillEmbeddings();
    const version = await store.version();
    const index: IndexState = {
      generation: generationOf(version),
      chunks: [],
      byId: new Map(),
      positions: new Map(),
      bm25: createBm25Index(options.bm25 ?? defaultBm25Options),
      documents: createBm25Index(options.bm25 ?? defaultBm25Options),
      documentIds: [],
      documentPositions: new Map(),
      passagesIn: { en: 0, cy: 0 },
      vectors: undefined,
      abbreviations: new Map(),
    };
    addChunks(index, await store.loadChunks());
    if (embeddingModel && store.vectorSearch === 'in-process') {
      index.vectors = new Map(
        (await store.loadEmbeddings(embeddingModel.name)).map((row) => [row.id, normalise(row.embedding)]),
      );
    }
    // NOTE: only a full build is saved: one brought up to date in place still counts retired passages in its
    // statistics, and a process loading it must get what a build would give.
    if (cacheable) options.indexCache!.save(version, snapshotOf(index));
    return index;
  }

  /**
   * Brings the index up to `generation` by loading only the documents written since it was built: their old
   * chunks stop matching and the new ones are added. Returns false when a full rebuild is the better choice.
   */
  async function refresh(index: IndexState, generation: number): Promise<boolean> {
    // NOTE: in-process vectors change without a document changing (re-embedding), and too many retired
    // chunks skew idf and average lengths: both cases rebuild from scratch.
    if (index.vectors || index.bm25.removed > index.bm25.size / 4 || index.documents.removed > index.documents.size / 4)
      return false;
    await fillEmbeddings();
    const changed = await store.loadChunks({ changedSince: index.generation });
    const removed = await store.removedSince(index.generation);
    index.vocabulary = undefined;
    for (const documentId of new Set([...changed.map((chunk) => chunk.documentId), ...removed])) {
      for (const position of index.positions.get(documentId) ?? []) {
        index.bm25.remove(position);
        index.byId.delete(index.chunks[position]!.id);
      }
      index.positions.delete(documentId);
      if (index.abbreviations.delete(documentId)) index.glossary = undefined;
      const documentPosition = index.documentPositions.get(documentId);
      if (documentPosition !== undefined) index.documents.remove(documentPosition);
      index.documentPositions.delete(documentId);
    }
    addChunks(index, changed);
    index.generation = generation;
    return true;
  }

  async function current(): Promise<IndexState> {
    if (!state) {
      // NOTE: the first index of a process is the saved one when the store is still at its version, else a build;
      // either holds the store as it is now, so it needs no further check.
      building ??= (async () => (await saved()) ?? build())().finally(() => {
        building = undefined;
      });
      state = await building;
      return state;
    }
    const generation = await store.generation();
    if (state && state.generation >= generation) return state;
    const existing = state;
    building ??= (async () => (existing && (await refresh(existing, generation)) ? existing : build()))().finally(
      () => {
        building = undefined;
      },
    );
    state = await building;
    return state;
  }

  async function vectorRanking(query: string, index: IndexState): Promise<string[] | undefined> {
    if (!embeddingModel) return undefined;
    const [vector] = (await embed([query])) ?? [];
    if (!vector) return undefined;
    if (store.vectorSearch === 'pgvector') {
      return (await store.nearest(embeddingModel.name, vector, candidateCount)).map((row) => row.id);
    }
    return nearestInProcess(normalise(vector), index.vectors ?? new Map(), candidateCount).map((row) => row.id);
  }

  function searchResult(chunk: StoredChunk, score: number): SearchResult {
    return {
      chunkId: chunk.id,
      documentId: chunk.documentId,
      source: chunk.source,
      title: chunk.title,
      text: chunk.text,
      score,
      language: chunk.language,
      published: chunk.published,
      heading: chunk.heading,
      ...(chunk.twin ? { twin: chunk.twin } : {}),
    };
  }

  /** Passages best first: keyword hits, fused with the nearest vectors when an embedding model is configured. */
  async function rankPassages(
    query: string,
    terms: WeightedTerm[],
    index: IndexState,
    candidates: number,
  ): Promise<{ chunk: StoredChunk; score: number }[]> {
    const ranked = index.bm25
      .search(terms, candidates)
      .map((hit) => ({ chunk: index.chunks[hit.document]!, score: hit.score }));
    const vectorIds = await vectorRanking(query, index);
    if (!vectorIds) return ranked;
    const fused = reciprocalRankFusion([ranked.map((entry) => entry.chunk.id), vectorIds]);
    return [...fused]
      .map(([id, score]) => ({ chunk: index.byId.get(id)!, score }))
      .filter((entry) => entry.chunk !== undefined)
      .sort((left, right) => right.score - left.score);
  }

  /**
   * Documents best first, each to be shown by its best passage (`bestPassage`). Documents are ranked as wholes
   * (title and all their text), so a long document's passages neither crowd out the others nor lose the words
   * its other passages hold.
   */
  async function rankDocuments(
    query: string,
    terms: WeightedTerm[],
    index: IndexState,
    limit: number,
  ): Promise<{ ranked: { documentId: string; score: number }[]; nearestPassage: Map<string, StoredChunk> }> {
    let ranked = index.documents
      .search(terms, Math.max(limit * 2, 20))
      .map((hit) => ({ documentId: index.documentIds[hit.document]!, score: hit.score }));
    const vectorIds = await vectorRanking(query, index);
    const nearestPassage = new Map<string, StoredChunk>();
    if (vectorIds) {
      for (const id of vectorIds) {
        const chunk = index.byId.get(id);
        if (chunk && !nearestPassage.has(chunk.documentId)) nearestPassage.set(chunk.documentId, chunk);
      }
      const fused = reciprocalRankFusion([ranked.map((entry) => entry.documentId), [...nearestPassage.keys()]]);
      ranked = [...fused]
        .map(([documentId, score]) => ({ documentId, score }))
        .sort((left, right) => right.score - left.score);
    }
    return { ranked, nearestPassage };
  }

  /** The passage of a document that scores best for the query's terms. */
  function bestPassage(index: IndexState, documentId: string, terms: WeightedTerm[]): StoredChunk | undefined {
    let best: StoredChunk | undefined;
    let bestScore = 0;
    for (const position of index.positions.get(documentId) ?? []) {
      const score = index.bm25.scoreOf(terms, position);
      if (score > bestScore) {
        best = index.chunks[position];
        bestScore = score;
      }
    }
    return best;
  }

  /** A passage's words, hashed: the same statement published twice (a page and its copy) gets the same key. */
  const textKeys = new WeakMap<StoredChunk, number>();
  function textKey(chunk: StoredChunk): number {
    let key = textKeys.get(chunk);
    if (key === undefined) {
      key = hashText(normalisedText(chunk.text));
      textKeys.set(chunk, key);
    }
    return key;
  }

  /**
   * Only the translations some passage has: the others cannot match, and a word whose translations are all unknown
   * stays an unknown word for the answer composer.
   */
  function indexedOnly(index: IndexState, terms: WeightedTerm[]): WeightedTerm[] {
    return terms.filter((term) => index.bm25.has(term.term));
  }

  /** The passages' words by language, counted once a passage; made when first needed after a change. */
  function vocabularyOf(index: IndexState): Record<Language, Map<string, number>> {
    if (index.vocabulary) return index.vocabulary;
    const vocabulary: Record<Language, Map<string, number>> = { en: new Map(), cy: new Map() };
    for (const chunk of index.byId.values()) {
      const counts = vocabulary[chunk.language];
      const text = `${chunk.title} ${chunk.heading ?? ''} ${chunk.text}`;
      // NOTE: as in the analysis, a cited address is not the passage's words.
      for (const word of new Set(words(text.includes('http') ? text.replace(/\bhttps?:\/\/\S+/g, ' ') : text)))
        counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    return (index.vocabulary = vocabulary);
  }

  /**
   * The question with its typing slips read as the words meant (`text/spelling.ts`): a word is left as typed when
   * a passage has it, the analysis drops it (a stop word), or it is a word of either language (the English word list,
   * the Welsh–English word pairs), so "rugby" and "reply" are not read as words of the documents.
   */
  function spelled(index: IndexState, question: string, language: Language): string {
    if (index.byId.size === 0) return question;
    const common = language === 'cy' ? commonWords.cy : commonWords.en;
    // NOTE: a passage's word is indexed under its term, so the index itself says which words the passages have.
    const isWord = (word: string) => {
      const term = analyzer.term(word, language);
      return (
        term === undefined ||
        index.bm25.has(term) ||
        // NOTE: a Welsh question often carries English words (names, loanwords), never read as Welsh slips.
        englishWords.has(word) ||
        lexicon.knows(term, language)
      );
    };
    return correctSpelling(question, () => vocabularyOf(index)[language], common, isWord);
  }

  /**
   * The best passages for a query. With `perDocument`, the best documents, each given by its best passage.
   */
  async function retrieve(
    query: string,
    language: Language,
    limit: number,
    perDocument = false,
    given?: IndexState,
  ): Promise<{ expansion: Expansion; results: SearchResult[]; index: IndexState; translatedTerms: WeightedTerm[] }> {
    const index = given ?? (await current());
    const glossary = glossaryOf(index);
    const expansion = glossary.expandWithAlternatives(analyzer.terms(query, language), language);
    let translatedTerms: WeightedTerm[] = [];
    if (index.passagesIn[language === 'cy' ? 'en' : 'cy'] > 0) {
      const translated = lexicon.expand(query, language, new Set(expansion.terms.map((term) => term.term)));
      const indexed = (term: string) => index.bm25.has(term);
      translatedTerms = indexedOnly(index, translated.terms);
      expansion.terms.push(...translatedTerms);
      // NOTE: kept apart from the glossary's alternatives: a glossary name is the same thing under another
      // name, a dictionary translation only may be.
      expansion.translations = [];
      for (const alternative of translated.alternatives) {
        const variants = alternative.variants.filter((variant) => variant.every(indexed));
        if (variants.length > 0) expansion.translations.push({ ...alternative, variants });
      }
    }
    const seen = new Set<number>();
    const results: SearchResult[] = [];
    const take = (chunk: StoredChunk, score: number) => {
      // NOTE: the same statement published twice (a page and its copy) is one result, not two.
      const key = textKey(chunk);
      if (seen.has(key)) return;
      seen.add(key);
      results.push(searchResult(chunk, score));
    };
    if (perDocument) {
      const { ranked, nearestPassage } = await rankDocuments(query, expansion.terms, index, limit);
      for (const { documentId, score } of ranked) {
        if (results.length >= limit) break;
        const chunk = bestPassage(index, documentId, expansion.terms) ?? nearestPassage.get(documentId);
        if (chunk) take(chunk, score);
      }
    } else {
      for (const { chunk, score } of await rankPassages(
        query,
        expansion.terms,
        index,
        Math.max(limit * 3, candidateCount),
      )) {
        if (results.length >= limit) break;
        take(chunk, score);
      }
    }
    return { expansion, results, index, translatedTerms };
  }

  /**
   * The question put wholly in the other language: its translated words (and names, read in that language),
   * weighted as given (the whole question's at full weight), searched on their own, keeping passages in the
   * other language only. Mixed into the question's own results, these give an answer composer the other language's best passages even when passages in the
   * question's language share more of its words (a Welsh question whose answer is only in an English document).
   */
  function translatedPassages(
    index: IndexState,
    language: Language,
    translatedTerms: WeightedTerm[],
    have: SearchResult[],
    limit: number,
  ): SearchResult[] {
    if (translatedTerms.length === 0 || limit === 0) return [];
    const other: Language = language === 'cy' ? 'en' : 'cy';
    const seen = new Set(have.map((result) => result.chunkId));
    const found: SearchResult[] = [];
    for (const hit of index.bm25.search(translatedTerms, candidateCount)) {
      const chunk = index.chunks[hit.document]!;
      if (chunk.language !== other || seen.has(chunk.id)) continue;
      seen.add(chunk.id);
      found.push(searchResult(chunk, hit.score));
      if (found.length >= limit) break;
    }
    // NOTE: scores of two searches are not on one scale: the best translated passage is put level with the
    // question's own best, and the rest in proportion.
    const top = Math.max(...have.map((result) => result.score), 0);
    const translatedTop = found[0]?.score ?? 0;
    return found.map((result) => ({
      ...result,
      score: translatedTop > 0 && top > 0 ? (result.score / translatedTop) * top : result.score,
    }));
  }

  /**
   * The passages one part of a two-part question is answered from: the part searched on its own ("…and who
   * chairs it?" carries the question's other words, at a lower weight, for the subject it leaves out), with its
   * translation's best passage in the other language, taken in turn with the whole question's passages.
   */
  function partPassages(
    index: IndexState,
    language: Language,
    part: string,
    rest: string,
    whole: SearchResult[],
  ): SearchResult[] {
    const glossary = glossaryOf(index);
    const own = glossary.expand(analyzer.terms(part, language), language);
    const ownTerms = new Set(own.map((term) => term.term));
    const carried = glossary
      .expand(analyzer.terms(rest, language), language)
      .filter((term) => !ownTerms.has(term.term))
      .map((term) => ({ ...term, weight: term.weight * otherPartWeight }));
    const terms = [...own, ...carried];
    // The part in the other language: its own words' translations at full weight, the carried words' lower.
    const translated: WeightedTerm[] = [];
    if (index.passagesIn[language === 'cy' ? 'en' : 'cy'] > 0) {
      const known = new Set(terms.map((term) => term.term));
      const translate = (text: string) => indexedOnly(index, lexicon.expand(text, language, known).terms);
      const ownTranslations = translate(part);
      terms.push(...ownTranslations);
      translated.push(...ownTranslations.map((term) => ({ ...term, weight: 1 })));
      const inOwn = new Set(ownTranslations.map((term) => term.term));
      for (const term of translate(rest))
        if (!inOwn.has(term.term)) translated.push({ ...term, weight: otherPartWeight });
    }
    const seen = new Set<number>();
    const found: SearchResult[] = [];
    for (const hit of index.bm25.search(terms, candidateCount)) {
      const chunk = index.chunks[hit.document]!;
      const key = textKey(chunk);
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(searchResult(chunk, hit.score));
      if (found.length >= passagesForPart) break;
    }
    // NOTE: the part's scores are put on the question's scale (its best level with the question's best).
    const top = Math.max(...whole.map((result) => result.score), 0);
    const partTop = found[0]?.score ?? 0;
    const scaled = found.map((result) => ({
      ...result,
      score: partTop > 0 && top > 0 ? (result.score / partTop) * top : result.score,
    }));
    const other = translatedPassages(index, language, translated, scaled, translatedForPart);
    const merged: SearchResult[] = [];
    const taken = new Set<string>();
    for (const result of interleave(interleave(scaled, other), whole)) {
      if (taken.has(result.chunkId)) continue;
      taken.add(result.chunkId);
      merged.push(result);
    }
    return merged;
  }

  /** The question's own passages and the translated ones, taken in turn (own first). */
  function interleave(own: SearchResult[], translated: SearchResult[]): SearchResult[] {
    const merged: SearchResult[] = [];
    for (let index = 0; index < Math.max(own.length, translated.length); index += 1) {
      if (own[index]) merged.push(own[index]!);
      if (translated[index]) merged.push(translated[index]!);
    }
    return merged;
  }

  async function save(
    document: ParsedDocument,
    chunks: Chunk[],
    checkUnchanged: boolean,
  ): Promise<{ documentId: string; chunks: number } | { reason: string }> {
    const body = chunks.map((chunk) => `${chunk.heading}\n${chunk.text}`).join('\n\n');
    const contentHash = sha256(
      JSON.stringify([document.title, document.published, document.language, document.kind, body]),
    );
    if (checkUnchanged) {
      if ((await store.contentHash(document.source)) === contentHash) return { reason: 'unchanged' };
      const copyOf = await store.sourceWithContent(contentHash, document.source);
      if (copyOf) return { reason: `same content as ${copyOf}` };
    }
    const vectors = await embed(chunks.map((chunk) => chunk.text));
    const records: ChunkRecord[] = chunks.map((chunk, index) => ({
      heading: chunk.heading,
      text: chunk.text,
      language: document.language,
      ...(vectors ? { embedding: vectors[index]! } : {}),
    }));
    return store.saveDocument(
      {
        source: document.source,
        title: document.title,
        language: document.language,
        kind: document.kind,
        published: document.published,
        contentHash,
        metadata: document.metadata ?? {},
      },
      records,
      vectors ? embeddingModel!.name : undefined,
    );
  }

  function checkQuestion(question: string): string {
    const trimmed = question.trim();
    if (trimmed === '')
      throw new ValidationError(bothLanguages(knowledgeMessages.emptyQuestion), {
        text: knowledgeMessages.emptyQuestion,
      });
    if (trimmed.length > maximumQuestionLength)
      throw new ValidationError(bothLanguages(knowledgeMessages.longQuestion), {
        text: knowledgeMessages.longQuestion,
      });
    return trimmed;
  }

  return {
    mode,
    countDocuments: () => store.countDocuments(),

    async ingest(sources: string[]): Promise<IngestReport> {
      const report: IngestReport = { documents: 0, chunks: 0, skipped: [] };
      for await (const outcome of reader.read(sources)) {
        if ('skipped' in outcome) {
          report.skipped.push(outcome.skipped);
          continue;
        }
        // NOTE: a file indexed under an earlier name (its absolute path) takes the new name, so it is not indexed twice.
        for (const former of outcome.document.formerSources ?? []) {
          if (former !== outcome.document.source && (await store.renameSource(former, outcome.document.source))) break;
        }
        const chunks = chunkSections(outcome.document.sections);
        if (chunks.length === 0) {
          report.skipped.push({ source: outcome.document.source, reason: 'no text found in the document' });
          continue;
        }
        const result = await save(outcome.document, chunks, true);
        if ('reason' in result) report.skipped.push({ source: outcome.document.source, reason: result.reason });
        else {
          report.documents += 1;
          report.chunks += result.chunks;
        }
      }
      return report;
    },

    async putDocument(document) {
      const chunks = chunkSections(document.sections);
      if (chunks.length === 0) return { status: 'empty', reason: 'no text found in the document' };
      const existing = await store.contentHash(document.source);
      const result = await save(document, chunks, true);
      if ('reason' in result) return { status: 'unchanged', chunks: 0 };
      return { status: existing === undefined ? 'added' : 'updated', chunks: result.chunks };
    },

    removeDocuments: (sources) => store.removeDocuments(sources),

    async addDocument(document) {
      const chunks = chunkSections(sectionsFromText(document.body));
      if (chunks.length === 0)
        throw new ValidationError(`The document "${document.title}" has no text: add its text and try again.`);
      const result = await save(
        {
          source: document.source,
          title: document.title,
          language: document.language,
          published: document.published ?? null,
          kind: document.kind,
          sections: [],
          metadata: document.metadata,
        },
        chunks,
        false,
      );
      if ('reason' in result) throw new Error(`unreachable: ${result.reason}`);
      return result;
    },

    async search(query, searchOptions = {}) {
      const trimmed = query.trim();
      if (trimmed === '')
        throw new ValidationError(bothLanguages(knowledgeMessages.emptyQuery), { text: knowledgeMessages.emptyQuery });
      const language = searchOptions.language ?? languageOfQuestion(trimmed);
      const latest = await current();
      return (
        await retrieve(
          spelled(latest, trimmed, language),
          language,
          searchOptions.limit ?? 10,
          !searchOptions.passages,
          latest,
        )
      ).results;
    },

    async ask(question, askOptions = {}): Promise<Answer> {
      const asked = checkQuestion(question);
      const language = askOptions.language ?? languageOfQuestion(asked);
      // NOTE: an answer asked for in one language may be asked in the other ("--language cy" on an English
      // question): the question's words are read in the language they are written in, when that is clear.
      const askedIn = askOptions.language ? (languageOfFunctionWords(asked) ?? language) : language;
      const latest = await current();
      // NOTE: the question with its typing slips read: what retrieval and the extractive answer work from.
      const meant = spelled(latest, asked, askedIn);
      const {
        expansion,
        results: own,
        index,
        translatedTerms,
      } = await retrieve(meant, askedIn, passagesForAnswer, false, latest);
      const wholly = translatedTerms.map((term) => ({ ...term, weight: 1 }));
      const results = interleave(own, translatedPassages(index, askedIn, wholly, own, translatedForAnswer));
      // NOTE: with nothing indexed, "the documents don't answer" would mislead: say how to add documents instead.
      if (index.byId.size === 0)
        return {
          answered: false,
          outcome: 'refused',
          answer: knowledgeMessages.nothingIndexed[language],
          language,
          citations: [],
        };
      const parts = questionParts(meant, askedIn);
      const composeInput = {
        question: meant,
        language,
        ...(askedIn !== language ? { askedIn } : {}),
        terms: expansion.terms,
        alternatives: expansion.alternatives,
        passages: results,
        ...(parts.length > 1 && results.length > 0 && parts.every((part) => part.kind !== 'instruction')
          ? {
              partPassages: parts.map((part, at) =>
                partPassages(
                  index,
                  askedIn,
                  part.text,
                  parts
                    .filter((_, other) => other !== at)
                    .map((other) => other.text)
                    .join(' '),
                  results,
                ),
              ),
            }
          : {}),
        analyzer,
        idf: (term: string) => index.bm25.idf(term),
        indexed: (term: string) => index.bm25.has(term),
        ...(options.answerModel ? { model: options.answerModel } : {}),
      };
      options.onAnswerTrace?.(meant, traceAnswer(composeInput));
      const extractive = composeAnswer(composeInput);
      // NOTE: an order to Pont is refused as it stands; it is not passed on to a language model to obey or not.
      if (!answerWriter || results.length === 0 || extractive.order) return extractive;
      // NOTE: the writer is given what each part's own search found as well, after the question's passages.
      const given = new Set(results.map((result) => result.chunkId));
      const partOnly: SearchResult[] = [];
      for (const result of (composeInput.partPassages ?? []).flat()) {
        if (given.has(result.chunkId)) continue;
        given.add(result.chunkId);
        partOnly.push(result);
      }
      return answerWriter.write({
        // NOTE: the model reads the question as typed; slips were read only to find the passages.
        question: asked,
        language,
        passages: [...results, ...partOnly],
        extractive,
        ...(askOptions.onText ? { onText: askOptions.onText } : {}),
      });
    },
  };
}
