/** The knowledge tables: documents, chunks and their embeddings, in SQL that runs on PGlite and PostgreSQL; and the lexicon's file. */
export { createDocumentStore } from './document-store.ts';
export { defaultEnglishWordsFile, defaultLexiconFile, defaultLexiconFiles, readLexiconFile } from './lexicon-file.ts';
export { createKnowledgeCaches, type KnowledgeCaches } from './index-cache.ts';
