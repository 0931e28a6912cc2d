/**
 * `npm run bench:retrieval -- PATH`: keyword retrieval quality and speed on a BEIR-layout dataset (PATH holds
 * corpus.jsonl, queries.jsonl and qrels/test.tsv; e.g. BEIR SciFact). Measures, in one run on one corpus:
 * Pont's in-process BM25F index (the code `pont search` runs, analyser and glossary included), MiniSearch,
 * Orama, and PostgreSQL full-text search in PGlite ranked by ts_rank_cd and by ts_rank. Prints a markdown
 * table: nDCG@10 and Recall@100 over the test queries, indexing documents/second, query latency p50/p99 (wall
 * clock), and the same indexing rate and p99 in CPU time, which a busy machine disturbs much less.
 *
 * Options: --runs N (timed query passes after one warm-up, default 2), --only NAME[,NAME] (pont, minisearch,
 * orama, ts_rank_cd, ts_rank), --k1 X --b-title X --b-text X --title-weight X (Pont's parameters, for tuning).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';
import { createAnalyzer, createBm25Index, createGlossary, defaultBm25Options, englishStopWords, type Bm25Options } from '../src/core/knowledge/index.ts';

interface Document {
  id: string;
  title: string;
  text: string;
}
interface Query {
  id: string;
  text: string;
}
type Qrels = Map<string, Map<string, number>>;

interface Engine {
  name: string;
  /** Indexes the corpus; returns a function that gives ranked document ids for a query. */
  build(documents: Document[]): Promise<(query: string) => Promise<string[]> | string[]>;
  close?(): Promise<void>;
}

function readJsonLines<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

function loadDataset(folder: string): { documents: Document[]; queries: Query[]; qrels: Qrels } {
  const documents = readJsonLines<{ _id: string; title?: string; text?: string }>(path.join(folder, 'corpus.jsonl')).map((row) => ({
    id: String(row._id),
    title: row.title ?? '',
    text: row.text ?? '',
  }));
  const qrels: Qrels = new Map();
  const lines = fs.readFileSync(path.join(folder, 'qrels', 'test.tsv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const [queryId, documentId, score] = line.trim().split('\t');
    if (!queryId || !documentId) continue;
    if (!qrels.has(queryId)) qrels.set(queryId, new Map());
    qrels.get(queryId)!.set(documentId, Number(score));
  }
  const queries = readJsonLines<{ _id: string; text: string }>(path.join(folder, 'queries.jsonl'))
    .map((row) => ({ id: String(row._id), text: row.text }))
    .filter((query) => qrels.has(query.id));
  return { documents, queries, qrels };
}

function ndcgAt10(ranked: string[], relevant: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, rank) => {
    const gain = relevant.get(id) ?? 0;
    if (gain > 0) dcg += (2 ** gain - 1) / Math.log2(rank + 2);
  });
  const ideal = [...relevant.values()].filter((gain) => gain > 0).sort((left, right) => right - left).slice(0, 10);
  const idealDcg = ideal.reduce((sum, gain, rank) => sum + (2 ** gain - 1) / Math.log2(rank + 2), 0);
  return idealDcg === 0 ? 0 : dcg / idealDcg;
}

function recallAt100(ranked: string[], relevant: Map<string, number>): number {
  const wanted = [...relevant].filter(([, gain]) => gain > 0).map(([id]) => id);
  if (wanted.length === 0) return 0;
  const top = new Set(ranked.slice(0, 100));
  return wanted.filter((id) => top.has(id)).length / wanted.length;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

const englishStopWordList = [...englishStopWords];
const porter = (term: string) => (englishStopWords.has(term) ? null : stemmer(term));

function pontEngine(options: Bm25Options): Engine {
  return {
    name: `Pont (in-process BM25F: title ×${options.weight.title}, k1 ${options.k1}, b ${options.b.title}/${options.b.text})`,
    async build(documents) {
      const analyzer = createAnalyzer();
      const glossary = createGlossary(analyzer);
      const index = createBm25Index(options);
      for (const document of documents) index.add(analyzer.terms(document.title, 'en'), analyzer.terms(document.text, 'en'));
      return (query) => index.search(glossary.expand(analyzer.terms(query, 'en'), 'en'), 100).map((hit) => documents[hit.document]!.id);
    },
  };
}

const miniSearchEngine: Engine = {
  name: 'MiniSearch 7.2.0 (title boost 2, stop words + Porter)',
  async build(documents) {
    const index = new MiniSearch<Document>({
      fields: ['title', 'text'],
      idField: 'id',
      processTerm: (term) => porter(term.toLowerCase()),
      searchOptions: { boost: { title: 2 }, combineWith: 'OR' },
    });
    index.addAll(documents);
    return (query) => index.search(query).slice(0, 100).map((result) => String(result.id));
  },
};

const oramaEngine: Engine = {
  name: 'Orama 3.1.18 (English stemming and stop words, title boost 2)',
  async build(documents) {
    const database = create({
      schema: { id: 'string', title: 'string', text: 'string' } as const,
      components: { tokenizer: { stemming: true, stopWords: englishStopWordList } },
    });
    await insertMultiple(database, documents, 1_000);
    return async (query) => {
      const results = await oramaSearch(database, { term: query, properties: ['title', 'text'], boost: { title: 2 }, limit: 100, threshold: 1 });
      return results.hits.map((hit) => String(hit.document.id));
    };
  },
};

function postgresEngine(rank: 'ts_rank_cd' | 'ts_rank'): Engine {
  let database: PGlite | undefined;
  return {
    name: `PostgreSQL FTS in PGlite 0.5.14, ${rank} (title weight A, OR of query lexemes, GIN)`,
    async build(documents) {
      database = await PGlite.create();
      await database.exec(`create table documents (id text primary key, title text, body text,
        search tsvector generated always as (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) stored)`);
      for (let start = 0; start < documents.length; start += 500) {
        const batch = documents.slice(start, start + 500);
        await database.query('insert into documents (id, title, body) select * from unnest($1::text[], $2::text[], $3::text[])', [
          batch.map((document) => document.id),
          batch.map((document) => document.title),
          batch.map((document) => document.text),
        ]);
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

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main() {
  const args = process.argv.slice(2);
  const folder = args.find((arg, index) => !arg.startsWith('--') && (index === 0 || !args[index - 1]!.startsWith('--')));
  if (!folder || !fs.existsSync(path.join(folder, 'corpus.jsonl'))) {
    process.stderr.write('Usage: npm run bench:retrieval -- PATH   (PATH: a BEIR dataset folder with corpus.jsonl, queries.jsonl, qrels/test.tsv)\n');
    process.exit(1);
  }
  const runs = Number(argument(args, '--runs') ?? 2);
  const number = (name: string, fallback: number) => Number(argument(args, name) ?? fallback);
  const options: Bm25Options = {
    k1: number('--k1', defaultBm25Options.k1),
    b: { title: number('--b-title', defaultBm25Options.b.title), text: number('--b-text', defaultBm25Options.b.text) },
    weight: { title: number('--title-weight', defaultBm25Options.weight.title), text: 1 },
  };
  const only = argument(args, '--only')?.split(',');
  const engines: [string, Engine][] = [
    ['pont', pontEngine(options)],
    ['minisearch', miniSearchEngine],
    ['orama', oramaEngine],
    ['ts_rank_cd', postgresEngine('ts_rank_cd')],
    ['ts_rank', postgresEngine('ts_rank')],
  ];

  const { documents, queries, qrels } = loadDataset(folder);
  process.stderr.write(`${path.basename(path.resolve(folder))}: ${documents.length} documents, ${queries.length} test queries\n`);
  const rows: string[] = [];
  for (const [key, engine] of engines) {
    if (only && !only.includes(key)) continue;
    const startedCpu = process.cpuUsage();
    const started = performance.now();
    const run = await engine.build(documents);
    const indexSeconds = (performance.now() - started) / 1_000;
    const indexCpu = process.cpuUsage(startedCpu);
    const indexCpuSeconds = (indexCpu.user + indexCpu.system) / 1_000_000;
    let ndcg = 0;
    let recall = 0;
    const latencies: number[] = [];
    const cpuLatencies: number[] = [];
    for (let pass = 0; pass <= runs; pass += 1) {
      for (const query of queries) {
        const beforeCpu = process.cpuUsage();
        const before = performance.now();
        const ranked = await run(query.text);
        const elapsed = performance.now() - before;
        const cpu = process.cpuUsage(beforeCpu);
        if (pass === 0) {
          ndcg += ndcgAt10(ranked, qrels.get(query.id)!);
          recall += recallAt100(ranked, qrels.get(query.id)!);
        } else {
          latencies.push(elapsed);
          cpuLatencies.push((cpu.user + cpu.system) / 1_000);
        }
      }
    }
    await engine.close?.();
    const row = `| ${engine.name} | ${(ndcg / queries.length).toFixed(4)} | ${(recall / queries.length).toFixed(4)} | ${Math.round(documents.length / indexSeconds).toLocaleString('en-GB')} | ${percentile(latencies, 0.5).toFixed(2)} | ${percentile(latencies, 0.99).toFixed(2)} | ${Math.round(documents.length / indexCpuSeconds).toLocaleString('en-GB')} | ${percentile(cpuLatencies, 0.99).toFixed(2)} |`;
    rows.push(row);
    process.stderr.write(`${row}\n`);
  }
  process.stdout.write(
    [
      `Retrieval on ${path.basename(path.resolve(folder))}: ${documents.length} documents, ${queries.length} test queries, top 100; latency over ${runs} timed pass(es) after a warm-up.`,
      '',
      '| engine | nDCG@10 | Recall@100 | index docs/s | p50 ms | p99 ms | index docs/CPU-s | p99 CPU ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

await main();
