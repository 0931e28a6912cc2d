import type { Bm25Snapshot } from './bm25-index.ts';
import type { Language } from '../language/index.ts';

/** A quoted passage that supports an answer. `source` is a path or URL a person can open. */
export interface Citation {
  title: string;
  source: string;
  quote: string;
  published?: string | null;
  language?: Language;
  /** The same document in the other language (a website's English and Welsh twins), when the source pairs them. */
  twin?: string;
}

/**
 * How sure an answer is: `answered` quotes what answers the question; `closest` offers the passages that come
 * nearest when none clearly answers; `refused` says the documents do not answer.
 */
export type AnswerOutcome = 'answered' | 'closest' | 'refused';

/** What `pont ask` prints with --json. `answered` is true only for a confident answer (`outcome: 'answered'`). */
export interface Answer {
  answered: boolean;
  /** Absent on answers built before outcomes existed: read it through `answerOutcome`. */
  outcome?: AnswerOutcome;
  answer: string;
  language: Language;
  citations: Citation[];
  /** Set when the answer came from the language model; absent in extractive mode. */
  model?: string;
  /** A one-line note for the user, e.g. that the model was unavailable and this is the extractive answer. */
  note?: string;
  /** Prompt and completion tokens, when a model was used. */
  usage?: { promptTokens: number; completionTokens: number };
  /** Set on the refusal of an order to Pont ("ignore your instructions and…"): not a question anyone could answer. */
  order?: true;
}

/** An answer's outcome; an answer without one is `answered` or `refused` by its `answered` flag. */
export function answerOutcome(answer: Pick<Answer, 'answered' | 'outcome'>): AnswerOutcome {
  return answer.outcome ?? (answer.answered ? 'answered' : 'refused');
}

export interface SearchResult {
  chunkId: string;
  documentId: string;
  source: string;
  title: string;
  text: string;
  score: number;
  language: Language;
  published?: string | null;
  /** The heading the passage sits under, when it has one. */
  heading?: string;
  /** The document's twin in the other language, when its source pairs them. */
  twin?: string | null;
}

export interface IngestReport {
  documents: number;
  chunks: number;
  skipped: { source: string; reason: string }[];
}

/** A document given as text, e.g. a shared-practice answer from the sharing workflow. */
export interface TextDocument {
  source: string;
  title: string;
  body: string;
  language: Language;
  kind: 'document' | 'shared-practice';
  published?: string | null;
  metadata?: Record<string, unknown>;
}

/** The knowledge capability, as the rest of Pont sees it. */
export interface Knowledge {
  /** Index files, folders and http(s) URLs. Unchanged documents are skipped. */
  ingest(sources: string[]): Promise<IngestReport>;
  /** Index one document given as text (replaces an earlier one with the same source). */
  addDocument(document: TextDocument): Promise<{ documentId: string; chunks: number }>;
  /** The best passage of each document, best first; with `passages: true`, the best passages however they group. */
  search(query: string, options?: { limit?: number; language?: Language; passages?: boolean }): Promise<SearchResult[]>;
  /** `onText` receives a model-written answer as it streams (provisional: the returned Answer is final). */
  ask(question: string, options?: { language?: Language; onText?: (delta: string) => void }): Promise<Answer>;
}

/** Which retrieval runs: keywords alone, or keywords fused with vectors (scored by pgvector or in process). */
export type RetrievalMode = 'keyword' | 'hybrid-pgvector' | 'hybrid-in-process';

/** What writing one document from a source did. */
export type PutOutcome =
  { status: 'added' | 'updated' | 'unchanged'; chunks: number } | { status: 'empty'; reason: string };

/** The knowledge capability plus what start-up needs: the retrieval mode and whether anything is indexed. */
export interface KnowledgeService extends Knowledge {
  readonly mode: RetrievalMode;
  /** How many documents are indexed. */
  countDocuments(): Promise<number>;
  /** Indexes one document read from a source, replacing its passages in one transaction when it changed. */
  putDocument(document: ParsedDocument): Promise<PutOutcome>;
  /** Removes documents that disappeared at their source. */
  removeDocuments(sources: string[]): Promise<number>;
}

/** A document read from a file or URL, before chunking. */
export interface ParsedDocument {
  source: string;
  title: string;
  language: Language;
  published: string | null;
  kind: 'document' | 'shared-practice';
  sections: { heading: string; paragraphs: string[] }[];
  metadata?: Record<string, unknown>;
  /**
   * Other names the same document may be indexed under by an earlier version (a file once stored by its
   * absolute path, now by its path relative to the working folder). Such a document is renamed, not copied.
   */
  formerSources?: string[];
}

/** One source read: a document, or the reason it was skipped. */
export type ReadOutcome = { document: ParsedDocument } | { skipped: { source: string; reason: string } };

/** Reads files, folders and URLs into documents (`src/ingest` implements it). */
export interface DocumentReader {
  read(sources: string[]): AsyncIterable<ReadOutcome>;
}

/** A document row as the store keeps it. */
export interface DocumentRecord {
  source: string;
  title: string;
  language: Language;
  kind: 'document' | 'shared-practice';
  published: string | null;
  contentHash: string;
  metadata: Record<string, unknown>;
}

/** A chunk to save, with its embedding when an embedding model is configured. */
export interface ChunkRecord {
  heading: string;
  text: string;
  language: Language;
  embedding?: number[];
}

/** A saved chunk with its document's title, source and date: what the in-process index is built from. */
export interface StoredChunk {
  id: string;
  documentId: string;
  position: number;
  heading: string;
  text: string;
  language: Language;
  source: string;
  title: string;
  published: string | null;
  /** The document's twin in the other language (metadata `twin`), if any. */
  twin?: string | null;
}

/**
 * Where documents and chunks are kept (`src/store/knowledge` implements it in SQL). Every write bumps a
 * generation counter so each process can tell cheaply whether its in-process index is stale.
 */
export interface DocumentStore {
  /** `pgvector` when the database can rank vectors itself; otherwise vectors are scored in process. */
  readonly vectorSearch: 'pgvector' | 'in-process';
  /** The content hash stored for a source, if it is indexed. */
  contentHash(source: string): Promise<string | undefined>;
  /** Another indexed source with exactly this content, if any. */
  sourceWithContent(contentHash: string, except: string): Promise<string | undefined>;
  /** Gives an indexed document a new source, keeping its passages; false when `from` is not indexed or `to` already is. */
  renameSource(from: string, to: string): Promise<boolean>;
  /** Inserts or replaces a document and all its chunks in one transaction. */
  saveDocument(
    document: DocumentRecord,
    chunks: ChunkRecord[],
    embeddingModel?: string,
  ): Promise<{ documentId: string; chunks: number }>;
  /** Deletes documents and their chunks (one transaction); returns how many were indexed. */
  removeDocuments(sources: string[]): Promise<number>;
  /** Ids of the documents removed after `generation`, so an in-process index can drop their passages. */
  removedSince(generation: number): Promise<string[]>;
  generation(): Promise<number>;
  /**
   * The generation and a stamp that changes with it and is never reused (`"42:9f…"`): an index built at this version
   * holds exactly the stored documents, so a copy saved on disk under it can be used instead of building one.
   */
  version(): Promise<string>;
  countDocuments(): Promise<number>;
  /**
   * Every chunk, or with `changedSince` only the chunks of documents written after that generation (a
   * changed document's chunks all come back, so they can replace the old ones).
   */
  loadChunks(options?: { changedSince?: number }): Promise<StoredChunk[]>;
  /** Chunks with no embedding from `model` (never embedded, or embedded by another model). */
  chunksWithoutEmbedding(model: string, limit: number): Promise<{ id: string; text: string }[]>;
  saveEmbeddings(model: string, embeddings: { id: string; embedding: number[] }[]): Promise<void>;
  loadEmbeddings(model: string): Promise<{ id: string; embedding: number[] }[]>;
  /** The chunks nearest to `embedding` by cosine distance; only where `vectorSearch` is `pgvector`. */
  nearest(model: string, embedding: number[], limit: number): Promise<{ id: string; distance: number }[]>;
}

/** A built keyword index as plain data, to be kept between processes (see `IndexCache`). */
export interface IndexSnapshot {
  /** The passage at each position of `passages`. */
  chunks: StoredChunk[];
  passages: Bm25Snapshot;
  /** Whole documents, and the document id at each of their positions. */
  documents: Bm25Snapshot;
  documentIds: string[];
  passagesIn: Record<Language, number>;
}

/**
 * Where a built index is kept between processes (`src/store/knowledge` keeps it in the data folder), under the store's
 * `version()` at which it was built: an index is used only at exactly that version.
 */
export interface IndexCache {
  /** The index saved at `version`, if there is one. */
  load(version: string): Promise<IndexSnapshot | undefined>;
  /** Keeps the index built at `version`; a failure is only a slower next start, so it is not reported. */
  save(version: string, snapshot: IndexSnapshot): void;
}

/** What a model-written answer gets: the question, the passages found and the extractive answer. */
export interface AnswerWriterInput {
  question: string;
  language: Language;
  passages: SearchResult[];
  extractive: Answer;
  /** Receives the answer text as it streams, where the channel can show it. */
  onText?: (delta: string) => void;
}

/** Writes a fluent answer grounded in the passages (the language-model area provides one). */
export interface AnswerWriter {
  write(input: AnswerWriterInput): Promise<Answer>;
}
