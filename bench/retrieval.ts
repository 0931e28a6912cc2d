/**
 * `npm run bench:retrieval`: keyword retrieval quality and speed through the product path. Each collection
 * (BEIR layout: corpus.jsonl, queries.jsonl, qrels/*.tsv) is written out as one text file per document, the
 * title on its first line, then indexed with `knowledge.ingest` and queried with `knowledge.search`: the
 * functions `pont ingest` and `pont search` call, on the same embedded database, in one process. A result
 * is a document (the best passage of each), as `pont search` returns by default.
 *
 * Collections are read from `PONT_BENCH_DATA` or else the nearest `shared/data` folder above the repository
 * (never from the repository: SciFact is CC BY-NC and the held-out sets are for evaluation only):
 * - `scifact/`: the parameters (src/core/knowledge/bm25-index.ts) were chosen on its TRAIN split
 *   (qrels/train.tsv, 809 queries) with `--tune`; the TEST split (qrels/test.tsv, 300 queries) is reported.
 * - `heldout-retrieval/cisi` and `heldout-retrieval/dbpedia-entity-subset`: reported unchanged, never tuned on.
 *
 * Options: `--tune` (search the parameters on SciFact train and print the best; reports test with them),
 * `--only NAME[,NAME]` (scifact, cisi, dbpedia-entity-subset), `--runs N` (timed query passes after the
 * scored one, default 2), `--compare` (also bare-index MiniSearch, Orama and PostgreSQL FTS on SciFact test),
 * `--k1 X --b-title X --b-text X --title-weight X` (score other parameters).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createPont, type Pont } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { defaultBm25Options, type Bm25Options } from '../src/core/knowledge/index.ts';
import { miniSearchEngine, oramaEngine, postgresEngine, type BenchDocument, type Engine } from './retrieval-engines.ts';

interface Query {
  id: string;
  text: string;
}
type Qrels = Map<string, Map<string, number>>;

interface Collection {
  name: string;
  folder: string;
  documents: BenchDocument[];
  queries: Query[];
}

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function readJsonLines<T>(file: string): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

function loadCollection(name: string, folder: string): Collection {
  const documents = readJsonLines<{ _id: string; title?: string; text?: string }>(
    path.join(folder, 'corpus.jsonl'),
  ).map((row) => ({
    id: String(row._id),
    title: (row.title ?? '').replace(/\s+/g, ' ').trim(),
    text: row.text ?? '',
  }));
  const queries = readJsonLines<{ _id: string; text: string }>(path.join(folder, 'queries.jsonl')).map((row) => ({
    id: String(row._id),
    text: row.text,
  }));
  return { name, folder, documents, queries };
}

function loadQrels(file: string): Qrels {
  const qrels: Qrels = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [queryId, documentId, score] = line.trim().split('\t');
    if (!queryId || !documentId) continue;
    if (!qrels.has(queryId)) qrels.set(queryId, new Map());
    qrels.get(queryId)!.set(documentId, Number(score));
  }
  return qrels;
}

/** The folder holding the benchmark collections: PONT_BENCH_DATA, else the nearest shared/data above the repository. */
function dataRoot(): string | undefined {
  if (process.env.PONT_BENCH_DATA) return path.resolve(process.env.PONT_BENCH_DATA);
  for (let folder = path.dirname(repository); ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'shared', 'data');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(folder) === folder) return undefined;
  }
}

function ndcgAt10(ranked: string[], relevant: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, rank) => {
    const gain = relevant.get(id) ?? 0;
    if (gain > 0) dcg += (2 ** gain - 1) / Math.log2(rank + 2);
  });
  const ideal = [...relevant.values()]
    .filter((gain) => gain > 0)
    .sort((left, right) => right - left)
    .slice(0, 10);
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

const silentConfig = (dataDir: string) => loadConfig({ PONT_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });

/** An ingested collection: Pont over its files, and the way back from a result's source to the document id. */
interface Ingested {
  collection: Collection;
  pont: Pont;
  idBySource: Map<string, string>;
  ingestSeconds: number;
  skipped: number;
  workFolder: string;
}

async function ingest(collection: Collection): Promise<Ingested> {
  const workFolder = fs.mkdtempSync(path.join(os.tmpdir(), `pont-bench-${collection.name}-`));
  const files = path.join(workFolder, 'files');
  fs.mkdirSync(files);
  const idBySource = new Map<string, string>();
  collection.documents.forEach((document, index) => {
    const file = path.join(files, `${String(index).padStart(6, '0')}.txt`);
    // NOTE: one text file a document, its title alone on the first line, as a person would save it.
    fs.writeFileSync(file, document.title ? `${document.title}\n\n${document.text}\n` : `${document.text}\n`);
    idBySource.set(file, document.id);
  });
  const pont = await createPont(silentConfig(path.join(workFolder, 'data')));
  const started = performance.now();
  const report = await pont.knowledge.ingest([files]);
  const ingestSeconds = (performance.now() - started) / 1_000;
  return { collection, pont, idBySource, ingestSeconds, skipped: report.skipped.length, workFolder };
}

interface Score {
  ndcg: number;
  recall: number;
  queries: number;
  latencies: number[];
  cpuLatencies: number[];
}

/** Runs every judged query through `knowledge.search` (top 100 documents); later passes only time it. */
async function evaluate(pont: Pont, ingested: Ingested, qrels: Qrels, runs: number): Promise<Score> {
  const queries = ingested.collection.queries.filter((query) => qrels.has(query.id));
  const score: Score = { ndcg: 0, recall: 0, queries: queries.length, latencies: [], cpuLatencies: [] };
  for (let pass = 0; pass <= runs; pass += 1) {
    for (const query of queries) {
      const beforeCpu = process.cpuUsage();
      const before = performance.now();
      const results = await pont.knowledge.search(query.text, { limit: 100, language: 'en' });
      const elapsed = performance.now() - before;
      const cpu = process.cpuUsage(beforeCpu);
      if (pass === 0) {
        const ranked = results.map((result) => ingested.idBySource.get(result.source) ?? result.source);
        score.ndcg += ndcgAt10(ranked, qrels.get(query.id)!);
        score.recall += recallAt100(ranked, qrels.get(query.id)!);
      } else {
        score.latencies.push(elapsed);
        score.cpuLatencies.push((cpu.user + cpu.system) / 1_000);
      }
    }
  }
  score.ndcg /= Math.max(queries.length, 1);
  score.recall /= Math.max(queries.length, 1);
  return score;
}

/** Pont over an already-ingested database with other ranking parameters (the same composition, new index). */
async function withParameters<T>(ingested: Ingested, bm25: Bm25Options, use: (pont: Pont) => Promise<T>): Promise<T> {
  const pont = await createPont(silentConfig(path.join(ingested.workFolder, 'data')), { db: ingested.pont.db, bm25 });
  try {
    return await use(pont);
  } finally {
    await pont.close();
  }
}

function describe(options: Bm25Options): string {
  return `k1 ${options.k1}, b title ${options.b.title} / text ${options.b.text}, title ×${options.weight.title}`;
}

/**
 * Coordinate ascent on SciFact train: each parameter in turn over its grid, keeping the best, for two rounds.
 * Scored by nDCG@10 on the train queries only.
 */
async function tune(ingested: Ingested, train: Qrels, start: Bm25Options): Promise<Bm25Options> {
  const grids: { name: string; values: number[]; set: (options: Bm25Options, value: number) => Bm25Options }[] = [
    { name: 'k1', values: [0.9, 1.2, 1.5, 1.8, 2.2], set: (options, value) => ({ ...options, k1: value }) },
    {
      name: 'b text',
      values: [0.6, 0.75, 0.9, 1],
      set: (options, value) => ({ ...options, b: { ...options.b, text: value } }),
    },
    {
      name: 'b title',
      values: [0.3, 0.6, 0.9],
      set: (options, value) => ({ ...options, b: { ...options.b, title: value } }),
    },
    {
      name: 'title weight',
      values: [1.5, 2, 3, 4],
      set: (options, value) => ({ ...options, weight: { ...options.weight, title: value } }),
    },
  ];
  const cache = new Map<string, number>();
  const scoreOf = async (options: Bm25Options) => {
    const key = describe(options);
    const known = cache.get(key);
    if (known !== undefined) return known;
    const { ndcg } = await withParameters(ingested, options, (pont) => evaluate(pont, ingested, train, 0));
    cache.set(key, ndcg);
    process.stderr.write(`  train nDCG@10 ${ndcg.toFixed(4)}  ${key}\n`);
    return ndcg;
  };
  let best = start;
  let bestScore = await scoreOf(best);
  for (let round = 0; round < 2; round += 1) {
    for (const grid of grids) {
      for (const value of grid.values) {
        const candidate = grid.set(best, value);
        const candidateScore = await scoreOf(candidate);
        if (candidateScore > bestScore + 1e-9) {
          best = candidate;
          bestScore = candidateScore;
        }
      }
    }
  }
  process.stderr.write(`best on SciFact train: nDCG@10 ${bestScore.toFixed(4)} with ${describe(best)}\n`);
  return best;
}

function argument(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

function row(label: string, split: string, score: Score, docsPerSecond: number): string {
  const timing =
    score.latencies.length > 0
      ? `${percentile(score.latencies, 0.5).toFixed(2)} | ${percentile(score.latencies, 0.99).toFixed(2)} | ${percentile(score.cpuLatencies, 0.99).toFixed(2)}`
      : '– | – | –';
  return `| ${label} | ${split} | ${score.queries} | ${score.ndcg.toFixed(4)} | ${score.recall.toFixed(4)} | ${timing} | ${Math.round(docsPerSecond).toLocaleString('en-GB')} |`;
}

async function compare(collection: Collection, qrels: Qrels): Promise<string[]> {
  const engines: Engine[] = [miniSearchEngine, oramaEngine, postgresEngine('ts_rank_cd'), postgresEngine('ts_rank')];
  const queries = collection.queries.filter((query) => qrels.has(query.id));
  const rows: string[] = [];
  for (const engine of engines) {
    const run = await engine.build(collection.documents);
    let ndcg = 0;
    let recall = 0;
    for (const query of queries) {
      const ranked = await run(query.text);
      ndcg += ndcgAt10(ranked, qrels.get(query.id)!);
      recall += recallAt100(ranked, qrels.get(query.id)!);
    }
    await engine.close?.();
    rows.push(
      `| ${engine.name} (bare index) | test | ${queries.length} | ${(ndcg / queries.length).toFixed(4)} | ${(recall / queries.length).toFixed(4)} | – | – | – | – |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
  return rows;
}

async function main() {
  const args = process.argv.slice(2);
  const root = dataRoot();
  if (!root || !fs.existsSync(root)) {
    process.stdout.write(
      `Retrieval benchmark skipped: ${root ? `${root} does not exist` : 'no shared/data folder above the repository'}. Put scifact/ and heldout-retrieval/ (BEIR layout) in a shared/data folder above the repository, or set PONT_BENCH_DATA to the folder that holds them.\n`,
    );
    return;
  }
  const runs = Number(argument(args, '--runs') ?? 2);
  const only = argument(args, '--only')?.split(',');
  const number = (name: string, fallback: number) => Number(argument(args, name) ?? fallback);
  let options: Bm25Options = {
    k1: number('--k1', defaultBm25Options.k1),
    b: { title: number('--b-title', defaultBm25Options.b.title), text: number('--b-text', defaultBm25Options.b.text) },
    weight: { title: number('--title-weight', defaultBm25Options.weight.title), text: 1 },
  };
  const custom = ['--k1', '--b-title', '--b-text', '--title-weight'].some((name) => args.includes(name));

  const wanted = [
    { name: 'scifact', folder: path.join(root, 'scifact') },
    { name: 'cisi', folder: path.join(root, 'heldout-retrieval', 'cisi') },
    { name: 'dbpedia-entity-subset', folder: path.join(root, 'heldout-retrieval', 'dbpedia-entity-subset') },
  ].filter((entry) => !only || only.includes(entry.name));

  const rows: string[] = [];
  const notes: string[] = [];
  for (const { name, folder } of wanted) {
    if (!fs.existsSync(path.join(folder, 'corpus.jsonl'))) {
      notes.push(`${name}: skipped, ${folder} is missing (corpus.jsonl, queries.jsonl, qrels/).`);
      process.stderr.write(`${notes.at(-1)}\n`);
      continue;
    }
    const collection = loadCollection(name, folder);
    process.stderr.write(`${name}: writing ${collection.documents.length} files and ingesting them…\n`);
    const ingested = await ingest(collection);
    const docsPerSecond = collection.documents.length / ingested.ingestSeconds;
    process.stderr.write(`${name}: ingested in ${ingested.ingestSeconds.toFixed(1)} s (${ingested.skipped} skipped)\n`);
    rows.push(`| **${name}** (${collection.documents.length.toLocaleString('en-GB')} documents) | | | | | | | | |`);
    try {
      const test = loadQrels(path.join(folder, 'qrels', 'test.tsv'));
      const train =
        name === 'scifact' && fs.existsSync(path.join(folder, 'qrels', 'train.tsv'))
          ? loadQrels(path.join(folder, 'qrels', 'train.tsv'))
          : undefined;
      if (name === 'scifact' && args.includes('--tune')) {
        if (!train) throw new Error(`--tune needs ${path.join(folder, 'qrels', 'train.tsv')}`);
        options = await tune(ingested, train, options);
      }
      const label = `Pont, product path (${describe(options)})`;
      await withParameters(ingested, options, async (pont) => {
        if (train) rows.push(row(label, 'train (tuned on)', await evaluate(pont, ingested, train, 0), docsPerSecond));
        const split = name === 'scifact' ? 'test (not tuned on)' : 'test (held out, never tuned on)';
        rows.push(row(label, split, await evaluate(pont, ingested, test, runs), docsPerSecond));
        process.stderr.write(`${rows.at(-1)}\n`);
      });
      if (name === 'scifact' && args.includes('--compare')) rows.push(...(await compare(collection, test)));
      if (ingested.skipped > 0)
        notes.push(
          `${name}: ${ingested.skipped} document file(s) skipped by ingest (empty, or the same text as another).`,
        );
    } finally {
      await ingested.pont.close();
      fs.rmSync(ingested.workFolder, { recursive: true, force: true });
    }
  }

  const origin = custom
    ? `parameters given on the command line (${describe(options)})`
    : args.includes('--tune')
      ? `parameters chosen now on SciFact TRAIN (${describe(options)})`
      : `the shipped parameters (${describe(options)}), chosen on SciFact TRAIN with --tune`;
  process.stdout.write(
    [
      `Retrieval through the product path: each document a text file (title on its first line) → knowledge.ingest → knowledge.search, top 100 documents (best passage of each); ${origin}. SciFact TEST and the held-out collections were not used to choose anything. Latency over ${runs} timed pass(es) after the scored one; data from ${root}.`,
      '',
      '| engine | split | queries | nDCG@10 | Recall@100 | search p50 ms | p99 ms | p99 CPU ms | ingest docs/s |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      ...notes,
    ].join('\n') + '\n',
  );
}

await main();
