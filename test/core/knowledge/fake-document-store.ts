import type { ChunkRecord, DocumentRecord, DocumentStore, StoredChunk } from '../../../src/core/knowledge/types.ts';

interface FakeChunk extends ChunkRecord {
  id: string;
  embeddingModel?: string;
}

/** An in-memory DocumentStore: the knowledge core's tests run without a database. */
export function createFakeDocumentStore(options: { vectorSearch?: 'pgvector' | 'in-process' } = {}) {
  const documents = new Map<string, DocumentRecord & { id: string; generation: number; chunks: FakeChunk[] }>();
  let nextId = 1;
  let generation = 0;
  const calls = { loadChunks: 0, chunksLoaded: 0 };
  const removed: { id: string; generation: number }[] = [];
  // NOTE: as the real store's, a version is never reused: generations only grow here, and another fake store differs.
  const stamp = Math.random().toString(36).slice(2);

  const store: DocumentStore & { calls: typeof calls; documents: typeof documents } = {
    calls,
    documents,
    vectorSearch: options.vectorSearch ?? 'in-process',
    async contentHash(source) {
      return documents.get(source)?.contentHash;
    },
    async sourceWithContent(contentHash, except) {
      return [...documents.values()].find(
        (document) => document.contentHash === contentHash && document.source !== except,
      )?.source;
    },
    async renameSource(from, to) {
      const document = documents.get(from);
      if (from === to || !document || documents.has(to)) return false;
      generation += 1;
      documents.delete(from);
      documents.set(to, { ...document, source: to, generation });
      return true;
    },
    async saveDocument(document, chunks, embeddingModel) {
      const id = documents.get(document.source)?.id ?? String(nextId++);
      generation += 1;
      documents.set(document.source, {
        ...document,
        id,
        generation,
        chunks: chunks.map((chunk) => ({
          ...chunk,
          id: String(nextId++),
          ...(chunk.embedding ? { embeddingModel } : {}),
        })),
      });
      return { documentId: id, chunks: chunks.length };
    },
    async removeDocuments(sources) {
      const found = sources.filter((source) => documents.has(source));
      if (found.length === 0) return 0;
      generation += 1;
      for (const source of found) {
        removed.push({ id: documents.get(source)!.id, generation });
        documents.delete(source);
      }
      return found.length;
    },
    async removedSince(since) {
      return removed.filter((entry) => entry.generation > since).map((entry) => entry.id);
    },
    async generation() {
      return generation;
    },
    async version() {
      return `${generation}:${stamp}`;
    },
    async countDocuments() {
      return documents.size;
    },
    async loadChunks(options = {}): Promise<StoredChunk[]> {
      calls.loadChunks += 1;
      const chunks = [...documents.values()]
        .filter((document) => document.generation > (options.changedSince ?? -1))
        .flatMap((document) =>
          document.chunks.map((chunk, position) => ({
            id: chunk.id,
            documentId: document.id,
            position,
            heading: chunk.heading,
            text: chunk.text,
            language: chunk.language,
            source: document.source,
            title: document.title,
            published: document.published,
            ...(typeof document.metadata.twin === 'string' ? { twin: document.metadata.twin } : {}),
          })),
        );
      calls.chunksLoaded += chunks.length;
      return chunks;
    },
    async chunksWithoutEmbedding(model, limit) {
      return [...documents.values()]
        .flatMap((document) => document.chunks)
        .filter((chunk) => chunk.embeddingModel !== model || !chunk.embedding)
        .slice(0, limit)
        .map((chunk) => ({ id: chunk.id, text: chunk.text }));
    },
    async saveEmbeddings(model, embeddings) {
      const byId = new Map(embeddings.map((item) => [item.id, item.embedding]));
      for (const document of documents.values()) {
        for (const chunk of document.chunks) {
          const embedding = byId.get(chunk.id);
          if (embedding) Object.assign(chunk, { embedding, embeddingModel: model });
        }
      }
      generation += 1;
    },
    async loadEmbeddings(model) {
      return [...documents.values()]
        .flatMap((document) => document.chunks)
        .filter((chunk) => chunk.embeddingModel === model && chunk.embedding)
        .map((chunk) => ({ id: chunk.id, embedding: chunk.embedding! }));
    },
    async nearest() {
      return [];
    },
  };
  return store;
}
