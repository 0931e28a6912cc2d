/**
 * `npm run bench:ask-scale [-- --documents N]` — how long `pont ask` takes per question inside one process at
 * about 5,000 documents (the issue's target: p99 ≤ 50 ms).
 *
 * The documents: the 45 of the answers evaluation (bench/answers-eval/documents, both languages, PDF, DOCX, HTML
 * and text) and enough SciFact abstracts (shared/data/scifact/corpus.jsonl, or PONT_BENCH_DATA/scifact) written
 * out as one `.txt` file each (title on the first line) to make N in all (5,000 by default). They go in through
 * `pont ingest`, as a user would add them. Then `pont ask --batch FILE` runs once over the development questions
 * of the answers evaluation (84, English and Welsh), each asked three times: the first pass warms the process
 * (it loads and indexes the store), the other two are timed (168 timings). A question's time is the gap between its JSON line and the
 * one before it, as the `--batch` loop prints them; so it is the whole of `pont ask` for one question
 * (retrieval, answer, JSON) and nothing of start-up.
 *
 * Extractive mode (no model). Prints p50, p90, p99 and the maximum in ms, the document and passage counts and
 * the load average (a figure from a busy machine is not one from a quiet one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { main as pontCli } from '../src/channels/cli/main.ts';
import { documentsDir, loadQuestions } from './answers-eval/dataset.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function dataRoot(): string | undefined {
  if (process.env.PONT_BENCH_DATA) return process.env.PONT_BENCH_DATA;
  for (let folder = path.resolve(here, '..'); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'shared', 'data');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--documents');
  const wanted = at >= 0 ? Number(args[at + 1]) : 5_000;
  if (!Number.isInteger(wanted) || wanted < 45) throw new Error('--documents takes a whole number of at least 45');
  const root = dataRoot();
  const corpus = root ? path.join(root, 'scifact', 'corpus.jsonl') : undefined;
  if (!corpus || !fs.existsSync(corpus)) {
    console.log(
      'bench:ask-scale skipped: no scifact/corpus.jsonl in a shared/data folder above the repository (or PONT_BENCH_DATA).',
    );
    return;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-ask-scale-'));
  try {
    const folder = path.join(work, 'documents');
    fs.mkdirSync(folder);
    fs.cpSync(documentsDir, path.join(folder, 'answers-eval'), { recursive: true });
    const evaluationCount = fs.readdirSync(documentsDir).length;
    const abstracts = fs
      .readFileSync(corpus, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, Math.max(0, wanted - evaluationCount));
    fs.mkdirSync(path.join(folder, 'scifact'));
    for (const line of abstracts) {
      const row = JSON.parse(line) as { _id: string; title?: string; text?: string };
      fs.writeFileSync(
        path.join(folder, 'scifact', `${row._id}.txt`),
        `${row.title ?? row._id}\n\n${row.text ?? ''}\n`,
      );
    }

    const dataDir = path.join(work, 'data');
    const environment: NodeJS.ProcessEnv = { LOG_LEVEL: 'silent' };
    let printed = '';
    let errors = '';
    const ingestStarted = performance.now();
    const status = await pontCli(
      ['ingest', folder, '--json', '--data-dir', dataDir],
      { stdout: (text) => void (printed += text), stderr: (text) => void (errors += text) },
      environment,
    );
    if (status !== 0) throw new Error(`pont ingest failed (${status}): ${errors.trim()}`);
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    const ingested = JSON.parse(printed) as { documents: number; chunks: number; skipped: unknown[] };

    const questions = loadQuestions('dev').map((question) => question.question);
    const batchFile = path.join(work, 'questions.txt');
    const passes = 3;
    fs.writeFileSync(batchFile, `${Array.from({ length: passes }, () => questions.join('\n')).join('\n')}\n`);
    const arrivals: number[] = [];
    let batchErrors = '';
    const batchStatus = await pontCli(
      ['ask', '--batch', batchFile, '--data-dir', dataDir],
      {
        stdout: (text) => {
          for (const line of text.split('\n')) if (line.trim() !== '') arrivals.push(performance.now());
        },
        stderr: (text) => void (batchErrors += text),
      },
      environment,
    );
    if (batchStatus !== 0) throw new Error(`pont ask --batch failed (${batchStatus}): ${batchErrors.trim()}`);
    if (arrivals.length !== passes * questions.length)
      throw new Error(`expected ${passes * questions.length} answer lines, got ${arrivals.length}`);
    // The passes after the first, timed: each answer line's gap from the one before it.
    const times = arrivals.slice(questions.length).map((time, index) => time - arrivals[questions.length + index - 1]!);
    const slowest = times
      .map((ms, index) => ({ ms, question: questions[index % questions.length]! }))
      .sort((left, right) => right.ms - left.ms)
      .slice(0, 3);
    const load = os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(', ');
    console.log(
      `pont ask --batch at ${ingested.documents} documents (${ingested.chunks} passages; ${ingested.skipped.length} skipped), extractive, ${times.length} timed answers (${passes - 1} passes over ${questions.length} questions) after a warm pass:`,
    );
    console.log(
      `ms per question: p50 ${percentile(times, 0.5).toFixed(1)}, p90 ${percentile(times, 0.9).toFixed(1)}, p99 ${percentile(times, 0.99).toFixed(1)}, max ${Math.max(...times).toFixed(1)}`,
    );
    console.log(`slowest: ${slowest.map((entry) => `${entry.ms.toFixed(1)} ms "${entry.question}"`).join('; ')}`);
    console.log(
      `pont ingest took ${ingestSeconds.toFixed(0)} s. Load average (1, 5, 15 min): ${load} on ${os.cpus().length} CPUs.`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
