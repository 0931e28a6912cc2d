/**
 * `npm run bench:answers [-- --split dev|test] [--slips] [--json]` — the answers evaluation (bench/answers-eval/): 45
 * public documents nobody tuned for and staff-style questions, through the product's own entry points. With `--slips`
 * every question is asked with one typing slip in one of its words (bench/answers-eval/slips.ts), the same slips each run.
 *
 * For each mode, extractive (no model) and model (the local OpenAI-compatible server of test/support, driven by the
 * real openai SDK over HTTP), it runs `pont ingest` (the CLI's main, in process) into a fresh temporary data folder,
 * then opens Pont on that folder as `pont ask` does and asks every question through `knowledge.ask`, the call the
 * ask command makes, without a language hint (Pont decides the language, as it does for a user). It reports each
 * outcome by kind, by language and by direction of the cross-language questions, and the time per question.
 *
 * The development half is the default; the test half is for the README's figures only (bench/answers-eval/README.md).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPont } from '../src/app.ts';
import { main as pontCli } from '../src/channels/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import type { Answer } from '../src/core/knowledge/types.ts';
import { silentLogger } from '../src/logger.ts';
import { createDocumentStore } from '../src/store/knowledge/index.ts';
import { startFakeOpenAI } from '../test/support/fake-openai.ts';
import {
  documentsDir,
  isCorrect,
  kinds,
  loadQuestions,
  outcomeOf,
  type EvaluationQuestion,
  type Outcome,
  type Split,
} from './answers-eval/dataset.ts';
import { withSlip } from './answers-eval/slips.ts';

interface QuestionResult {
  id: string;
  kind: EvaluationQuestion['kind'];
  language: EvaluationQuestion['language'];
  answerable: boolean;
  outcome: Outcome;
  correct: boolean;
  /** A citation whose quote is not in the text Pont indexed for the cited document. */
  quoteNotFound: boolean;
  ms: number;
}

interface Tally {
  questions: number;
  correct: number;
  answered: number;
  closest: number;
  refused: number;
}

interface ModeReport {
  mode: 'extractive' | 'model';
  documents: number;
  chunks: number;
  results: QuestionResult[];
  byKind: Record<string, Tally>;
  byLanguage: Record<string, Tally>;
  /** Cross-language questions by the question's language: cy = Welsh question, English document; en = the reverse. */
  crossLanguage: Record<string, Tally>;
  answerable: Tally;
  notAnswerable: Tally;
  quotesNotFound: number;
  msPerQuestion: { p50: number; p99: number };
}

function readOptions(argv: string[]): { split: Split; json: boolean; slips: boolean } {
  let split: Split = 'dev';
  let json = false;
  let slips = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--json') json = true;
    else if (arg === '--slips') slips = true;
    else if (arg === '--split' || arg.startsWith('--split=')) {
      const value = arg.includes('=') ? arg.slice('--split='.length) : argv[++index];
      if (value !== 'dev' && value !== 'test') throw new Error('--split takes dev or test');
      split = value;
    } else throw new Error(`unknown option ${arg}: bench:answers takes --split dev|test, --slips and --json`);
  }
  return { split, json, slips };
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
}

function tally(results: QuestionResult[]): Tally {
  return {
    questions: results.length,
    correct: results.filter((result) => result.correct).length,
    answered: results.filter((result) => result.outcome === 'answered').length,
    closest: results.filter((result) => result.outcome === 'closest').length,
    refused: results.filter((result) => result.outcome === 'refused').length,
  };
}

function groupBy(
  results: QuestionResult[],
  key: (result: QuestionResult) => string,
  order: readonly string[],
): Record<string, Tally> {
  return Object.fromEntries(
    order
      .map((name) => [name, tally(results.filter((result) => key(result) === name))])
      .filter(([, value]) => (value as Tally).questions > 0),
  );
}

const normalise = (text: string) => text.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').toLowerCase();

/** The same rule as the grounded answerer's check: a quote must be found, ellipses aside, in the cited document. */
function quoteFound(quote: string, documentText: string | undefined): boolean {
  const trimmed = normalise(quote.replace(/^\s*(…|\.\.\.)|(…|\.\.\.)\s*$/g, '').trim());
  return documentText !== undefined && normalise(documentText).includes(trimmed);
}

async function runMode(
  mode: ModeReport['mode'],
  questions: EvaluationQuestion[],
  environment: NodeJS.ProcessEnv,
): Promise<ModeReport> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `pont-answers-${mode}-`));
  try {
    let printed = '';
    let errors = '';
    const status = await pontCli(
      ['ingest', documentsDir, '--json', '--data-dir', dataDir],
      { stdout: (text) => void (printed += text), stderr: (text) => void (errors += text) },
      environment,
    );
    if (status !== 0) throw new Error(`pont ingest failed (${status}): ${errors.trim()}`);
    const ingested = JSON.parse(printed) as {
      documents: number;
      chunks: number;
      skipped: { source: string; reason: string }[];
    };
    if (ingested.skipped.length > 0)
      throw new Error(`pont ingest skipped documents: ${JSON.stringify(ingested.skipped)}`);

    const pont = await createPont(loadConfig({ ...environment, PONT_DATA_DIR: dataDir }), { logger: silentLogger });
    try {
      const documentText = new Map<string, string>();
      for (const chunk of await createDocumentStore(pont.db).loadChunks())
        documentText.set(chunk.source, `${documentText.get(chunk.source) ?? ''}\n${chunk.text}`);

      // Warm-up, not counted: the first questions of a process pay for compiling and loading the index.
      for (const question of questions.slice(0, 10)) await pont.knowledge.ask(question.question);

      const results: QuestionResult[] = [];
      for (const question of questions) {
        const started = performance.now();
        const answer: Answer & { outcome?: Outcome } = await pont.knowledge.ask(question.question);
        const ms = performance.now() - started;
        const outcome = outcomeOf(answer);
        results.push({
          id: question.id,
          kind: question.kind,
          language: question.language,
          answerable: question.answerable,
          outcome,
          correct: isCorrect(question, answer),
          quoteNotFound:
            outcome !== 'refused' &&
            answer.citations.some((citation) => !quoteFound(citation.quote, documentText.get(citation.source))),
          ms,
        });
        if (process.env.BENCH_VERBOSE && !results.at(-1)!.correct)
          console.error(
            JSON.stringify({
              mode,
              id: question.id,
              question: question.question,
              outcome,
              answer: answer.answer,
              citations: answer.citations,
            }),
          );
      }
      const times = results.map((result) => result.ms);
      return {
        mode,
        documents: ingested.documents,
        chunks: ingested.chunks,
        results,
        byKind: groupBy(results, (result) => result.kind, kinds),
        byLanguage: groupBy(results, (result) => result.language, ['en', 'cy']),
        crossLanguage: groupBy(
          results.filter((result) => result.kind === 'cross-language'),
          (result) => result.language,
          ['cy', 'en'],
        ),
        answerable: tally(results.filter((result) => result.answerable)),
        notAnswerable: tally(results.filter((result) => !result.answerable)),
        quotesNotFound: results.filter((result) => result.quoteNotFound).length,
        msPerQuestion: { p50: percentile(times, 0.5), p99: percentile(times, 0.99) },
      };
    } finally {
      await pont.close();
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function table(report: ModeReport): string {
  const share = (part: number, whole: number) =>
    whole === 0 ? '–' : `${part}/${whole} (${((100 * part) / whole).toFixed(0)}%)`;
  const row = (name: string, value: Tally) =>
    `| ${name} | ${value.questions} | ${share(value.correct, value.questions)} | ${value.answered} | ${value.closest} | ${value.refused} |`;
  return [
    '| questions | n | correct | answered | closest | refused |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(report.byKind).map(([kind, value]) => row(kind, value)),
    ...Object.entries(report.crossLanguage).map(([language, value]) =>
      row(
        language === 'cy'
          ? 'cross-language: Welsh question, English document'
          : 'cross-language: English question, Welsh document',
        value,
      ),
    ),
    ...Object.entries(report.byLanguage).map(([language, value]) =>
      row(language === 'cy' ? 'all Welsh questions' : 'all English questions', value),
    ),
    row('**answerable (all)**', report.answerable),
    row('**not answerable (unanswerable, off-topic, injection)**', report.notAnswerable),
    `| not answerable: no confident answer (refused or closest) | ${report.notAnswerable.questions} | ${share(report.notAnswerable.refused + report.notAnswerable.closest, report.notAnswerable.questions)} | | | |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const { split, json, slips } = readOptions(process.argv.slice(2));
  const asWritten = loadQuestions(split);
  const questions = slips
    ? asWritten.map((item) => ({ ...item, question: withSlip(item.id, item.question).question }))
    : asWritten;
  const slipped = questions.filter((item, index) => item.question !== asWritten[index]!.question).length;
  const base: NodeJS.ProcessEnv = { LOG_LEVEL: 'silent' };
  const extractive = await runMode('extractive', questions, base);
  const server = await startFakeOpenAI();
  let model: ModeReport;
  try {
    model = await runMode('model', questions, {
      ...base,
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_MODEL: 'fake-quoting-model',
    });
  } finally {
    await server.close();
  }
  const reports = [extractive, model];
  if (json) {
    console.log(JSON.stringify({ split, questions: questions.length, slipped, modes: reports }));
    return;
  }
  console.log(
    `Answers evaluation, ${split} half: ${questions.length} questions (${questions.filter((item) => item.language === 'cy').length} in Welsh) over ${extractive.documents} documents (${extractive.chunks} passages)${slips ? `, ${slipped} of them asked with one typing slip` : ''}.`,
  );
  console.log(
    'Correct = a confident answer citing a right document with the expected words (every part, for two-part questions); for questions the documents do not answer, a refusal. "closest" is counted apart.\n',
  );
  for (const report of reports) {
    console.log(
      report.mode === 'extractive'
        ? '### Extractive (no model)\n'
        : '### Model path: local OpenAI-compatible server (a lexical quoting stand-in, not a language model)\n',
    );
    console.log(table(report));
    console.log(
      `\nms per question (in process, after warm-up): p50 ${report.msPerQuestion.p50.toFixed(1)}, p99 ${report.msPerQuestion.p99.toFixed(1)}. Answers with a quote not found in the cited document: ${report.quotesNotFound}.\n`,
    );
  }
}

await main();
