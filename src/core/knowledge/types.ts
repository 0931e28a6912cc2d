import type { Language } from '../language/index.ts';

/** A quoted passage that supports an answer. `source` is a path or URL a person can open. */
export interface Citation {
  title: string;
  source: string;
  quote: string;
  published?: string | null;
  language?: Language;
}

/** What `pont ask` prints with --json. `answered: false` means the documents do not answer. */
export interface Answer {
  answered: boolean;
  answer: string;
  language: Language;
  citations: Citation[];
  /** Set when the answer came from the language model; absent in extractive mode. */
  model?: string;
  /** A one-line note for the user, e.g. that the model was unavailable and this is the extractive answer. */
  note?: string;
  /** Prompt and completion tokens, when a model was used. */
  usage?: { promptTokens: number; completionTokens: number };
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
  search(query: string, options?: { limit?: number; language?: Language }): Promise<SearchResult[]>;
  ask(question: string, options?: { language?: Language }): Promise<Answer>;
}
