/**
 * Bare-index reference engines for `npm run bench:retrieval -- --compare`: MiniSearch, Orama, and PostgreSQL
 * full-text search in PGlite ranked by ts_rank_cd and by ts_rank, each given the corpus directly (no files, no
 * passages). They show where Pont's product path stands against libraries a team might pick instead.
 */
import { PGlite } from '@electric-sql/pglite';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { englishStopWords } from '../src/core/knowledge/index.ts';

export interface BenchDocument {
  id: string;
  title: string;
  text: string;
}

export interface Engine {
  name: string;
  /** Indexes the corpus; returns a function that gives ranked document ids for a query. */
  build(documents: BenchDocument[]): Promise<(query: string) => Promise<string[]> | string[]>;
  close?(): Promise<void>;
}

const englishStopWordList = [...englishStopWords];
const porter = (term: string) => (englishStopWords.has(term) ? null : stemmer(term));

export const miniSearchEngine: Engine = {
  name: 'MiniSearch 7.2.0 (title boost 2, stop words + Porter)',
  async build(documents) {
    const index = new MiniSearch<BenchDocument>({
      fields: ['title', 'text'],
      idField: 'id',
      processTerm: (term) => porter(term.toLowerCase()),
      searchOptions: { boost: { title: 2 }, combineWith: 'OR' },
    });
    index.addAll(documents);
    return (query) =>
      index
        .search(query)
        .slice(0, 100)
        .map((result) => String(result.id));
  },
};

export const oramaEngine: Engine = {
  name: 'Orama 3.1.18 (English stemming and stop words, title boost 2)',
  async build(documents) {
    const database = create({
      schema: { id: 'string', title: 'string', text: 'string' } as const,
      components: { tokenizer: { stemming: true, stopWords: englishStopWordList } },
    });
    await insertMultiple(database, documents, 1_000);
    return async (query) => {
      const results = await oramaSearch(database, {
        term: query,
        properties: ['title', 'text'],
        boost: { title: 2 },
        limit: 100,
        threshold: 1,
      });
      return results.hits.map((hit) => String(hit.document.id));
    };
  },
};

export function postgresEngine(rank: 'ts_rank_cd' | 'ts_rank'): Engine {
  let database: PGlite | undefined;
  return {
    name: `PostgreSQL FTS in PGlite 0.5.14, ${rank} (title weight A, OR of query lexemes, GIN)`,
    async build(documents) {
      database = await PGlite.create();
      await database.exec(`create table documents (id text primary key, title text, body text,
        search tsvector generated always as (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) stored)`);
      for (let start = 0; start < documents.length; start += 500) {
        const batch = documents.slice(start, start + 500);
        await database.query(
          'insert into documents (id, title, body) select * from unnest($1::text[], $2::text[], $3::text[])',
          [
            batch.map((document) => document.id),
            batch.map((document) => document.title),
            batch.map((document) => document.text),
          ],
        );
      }
      await database.exec('create index documents_search on documents using gin (search)');
      const db = database;
      return async (query) => {
        const result = await db.query<{ id: string }>(
          `with q as (select nullif(replace(plainto_tsquery('english', $1)::text, '&', '|'), '')::tsquery as query)
           select id from documents, q where q.query is not null and search @@ q.query
           order by ${rank}(search, q.query) desc, id limit 100`,
          [query],
        );
        return result.rows.map((row) => row.id);
      };
    },
    async close() {
      await database?.close();
    },
  };
}
