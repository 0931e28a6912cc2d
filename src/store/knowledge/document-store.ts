import type { ChunkRecord, DocumentRecord, DocumentStore, StoredChunk } from '../../core/knowledge/index.ts';
import type { Language } from '../../core/language/index.ts';
import type { Database, Queryable } from '../database.ts';

function vectorLiteral(values: number[], open: string, close: string): string {
  return `${open}${values.map((value) => (Number.isFinite(value) ? value : 0)).join(',')}${close}`;
}

/**
 * Moves the generation counter on and returns the new value. NOTE: the row lock this takes is held until the
 * transaction ends, so writers take turns and generations follow commit order.
 */
async function bumpGeneration(tx: Queryable): Promise<number> {
  const [row] = await tx.query<{ generation: number }>(
    `update knowledge_generation set generation = generation + 1, stamp = md5(random()::text || clock_timestamp()::text)
     where id = 1 returning generation`,
  );
  return row!.generation;
}

interface ChunkRow {
  id: number;
  document_id: number;
  position: number;
  heading: string;
  text: string;
  language: Language;
  source: string;
  title: string;
  published: string | null;
  twin: string | null;
}

/**
 * The knowledge tables in SQL, the same statements on PGlite and PostgreSQL. A document and all its chunks
 * are written in one transaction, so a process killed mid-ingest leaves each document whole or absent.
 */
export function createDocumentStore(db: Database): DocumentStore {
  const readVersion = async (from: Queryable) => {
    const [row] = await from.query<{ generation: number; stamp: string }>(
      'select generation, stamp from knowledge_generation where id = 1',
    );
    return row ? `${row.generation}:${row.stamp}` : '0:';
  };
  // NOTE: the embedded database records the version when it closes, so the next command can use an index saved on
  // disk at that version without starting the engine (see `unchangedValue`).
  db.recordOnClose?.('knowledge-version', readVersion);
  const version = async () => db.unchangedValue?.('knowledge-version') ?? readVersion(db);
  return {
    vectorSearch: db.vectorSupport ? 'pgvector' : 'in-process',

    async contentHash(source) {
      const rows = await db.query<{ content_hash: string }>(
        'select content_hash from knowledge_documents where source = $1',
        [source],
      );
      return rows[0]?.content_hash;
    },

    async sourceWithContent(contentHash, except) {
      const rows = await db.query<{ source: string }>(
        'select source from knowledge_documents where content_hash = $1 and source <> $2 order by id limit 1',
        [contentHash, except],
      );
      return rows[0]?.source;
    },

    async renameSource(from, to) {
      if (from === to) return false;
      return db.transaction(async (tx) => {
        const taken = await tx.query<{ id: number }>('select id from knowledge_documents where source = $1', [to]);
        if (taken.length > 0) return false;
        const found = await tx.query<{ id: number }>('select id from knowledge_documents where source = $1', [from]);
        if (found.length === 0) return false;
        // The passages are reloaded under the new source by every process, as after any other write.
        const generation = await bumpGeneration(tx);
        await tx.query('update knowledge_documents set source = $1, generation = $2 where id = $3', [
          to,
          generation,
          found[0]!.id,
        ]);
        return true;
      });
    },

    async saveDocument(document: DocumentRecord, chunks: ChunkRecord[], embeddingModel?: string) {
      return db.transaction(async (tx) => {
        const generation = await bumpGeneration(tx);
        const [row] = await tx.query<{ id: number }>(
          `insert into knowledge_documents (source, title, language, kind, published, content_hash, metadata, generation)
           values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
           on conflict (source) do update set title = excluded.title, language = excluded.language, kind = excluded.kind,
             published = excluded.published, content_hash = excluded.content_hash, metadata = excluded.metadata,
             generation = excluded.generation, indexed_at = now()
           returning id`,
          [
            document.source,
            document.title,
            document.language,
            document.kind,
            document.published,
            document.contentHash,
            JSON.stringify(document.metadata),
            generation,
          ],
        );
        const documentId = row!.id;
        await tx.query('delete from knowledge_chunks where document_id = $1', [documentId]);
        if (chunks.length > 0) {
          await tx.query(
            `insert into knowledge_chunks (document_id, position, heading, text, language, embedding_model, embedding)
             select $1, chunk.position, chunk.heading, chunk.text, chunk.language,
               case when chunk.embedding is null then null else $7::text end, chunk.embedding::real[]
             from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
               as chunk (position, heading, text, language, embedding)`,
            [
              documentId,
              chunks.map((_, index) => index),
              chunks.map((chunk) => chunk.heading),
              chunks.map((chunk) => chunk.text),
              chunks.map((chunk) => chunk.language),
              chunks.map((chunk) =>
                chunk.embedding && embeddingModel ? vectorLiteral(chunk.embedding, '{', '}') : null,
              ),
              embeddingModel ?? null,
            ],
          );
        }
        return { documentId: String(documentId), chunks: chunks.length };
      });
    },

    async removeDocuments(sources) {
      if (sources.length === 0) return 0;
      return db.transaction(async (tx) => {
        const found = await tx.query<{ id: number }>(
          'select id from knowledge_documents where source = any($1::text[])',
          [sources],
        );
        if (found.length === 0) return 0;
        const generation = await bumpGeneration(tx);
        const ids = found.map((row) => row.id);
        await tx.query(
          'insert into knowledge_removed (document_id, generation) select id, $2 from unnest($1::bigint[]) as removed (id)',
          [ids, generation],
        );
        await tx.query('delete from knowledge_documents where id = any($1::bigint[])', [ids]);
        return ids.length;
      });
    },

    async removedSince(generation) {
      const rows = await db.query<{ document_id: number }>(
        'select document_id from knowledge_removed where generation > $1',
        [generation],
      );
      return rows.map((row) => String(row.document_id));
    },

    async generation() {
      return Number.parseInt(await version(), 10);
    },

    version,

    async countDocuments() {
      const rows = await db.query<{ count: number }>('select count(*)::int as count from knowledge_documents');
      return rows[0]?.count ?? 0;
    },

    async loadChunks(options = {}): Promise<StoredChunk[]> {
      const rows = await db.query<ChunkRow>(
        `select chunk.id, chunk.document_id, chunk.position, chunk.heading, chunk.text, chunk.language,
           document.source, document.title, document.published, document.metadata->>'twin' as twin
         from knowledge_chunks chunk join knowledge_documents document on document.id = chunk.document_id
         where document.generation > $1
         order by chunk.document_id, chunk.position`,
        [options.changedSince ?? -1],
      );
      return rows.map((row) => ({
        id: String(row.id),
        documentId: String(row.document_id),
        position: row.position,
        heading: row.heading,
        text: row.text,
        language: row.language,
        source: row.source,
        title: row.title,
        published: row.published,
        ...(row.twin ? { twin: row.twin } : {}),
      }));
    },

    async chunksWithoutEmbedding(model, limit) {
      const rows = await db.query<{ id: number; text: string }>(
        'select id, text from knowledge_chunks where embedding_model is distinct from $1 or embedding is null order by id limit $2',
        [model, limit],
      );
      return rows.map((row) => ({ id: String(row.id), text: row.text }));
    },

    async saveEmbeddings(model, embeddings) {
      if (embeddings.length === 0) return;
      await db.transaction(async (tx) => {
        await tx.query(
          `update knowledge_chunks set embedding_model = $1, embedding = item.embedding::real[]
           from unnest($2::bigint[], $3::text[]) as item (id, embedding)
           where knowledge_chunks.id = item.id`,
          [
            model,
            embeddings.map((item) => Number(item.id)),
            embeddings.map((item) => vectorLiteral(item.embedding, '{', '}')),
          ],
        );
        await bumpGeneration(tx);
      });
    },

    async loadEmbeddings(model) {
      const rows = await db.query<{ id: number; embedding: number[] }>(
        'select id, embedding from knowledge_chunks where embedding_model = $1 and embedding is not null',
        [model],
      );
      return rows.map((row) => ({ id: String(row.id), embedding: row.embedding.map(Number) }));
    },

    async nearest(model, embedding, limit) {
      if (!db.vectorSupport) return [];
      const rows = await db.query<{ id: number; distance: number }>(
        `select id, (embedding::vector <=> $2::vector) as distance from knowledge_chunks
         where embedding_model = $1 and embedding is not null and cardinality(embedding) = $4
         order by distance limit $3`,
        [model, vectorLiteral(embedding, '[', ']'), limit, embedding.length],
      );
      return rows.map((row) => ({ id: String(row.id), distance: Number(row.distance) }));
    },
  };
}
