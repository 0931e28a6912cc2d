/** The knowledge tables: documents, chunks and their embeddings, in SQL that runs on PGlite and PostgreSQL. */
export { createDocumentStore } from './document-store.ts';
