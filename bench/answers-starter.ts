/**
 * `npm run bench:answers:starter` — grounded answers over the starter corpus (data/), against the local
 * OpenAI-compatible server driven by the real openai SDK. The server's answers quote the passages it was sent
 * (it knows nothing else), so the figures measure Pont's pipeline: retrieval → packing → prompt → streaming
 * → citation checking, not a model's wit.
 *
 * Reports, for the model path and for extractive mode on the same questions: share answered correctly with
 * only valid citations (a refusal is correct for questions the corpus does not answer), prompt tokens per
 * answer (median, p95), time to first token and to the full answer (median, p95).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createKnowledge } from '../src/core/knowledge/create-knowledge.ts';
import { createGroundedAnswerer } from '../src/core/knowledge/grounded-answer.ts';
import type { Answer, KnowledgeService } from '../src/core/knowledge/types.ts';
import type { Language } from '../src/core/language/index.ts';
import { createDocumentReader } from '../src/ingest/index.ts';
import { createLanguageModels, loadPrompts } from '../src/llm/index.ts';
import { migrate, openPglite } from '../src/store/index.ts';
import {
  createDocumentStore,
  defaultEnglishWordsFile,
  defaultLexiconFiles,
  readLexiconFile,
} from '../src/store/knowledge/index.ts';
import { loadConfig } from '../src/config.ts';
import { startFakeOpenAI } from '../test/support/fake-openai.ts';

interface BenchQuestion {
  question: string;
  language: Language;
  /** Words one of which a correct answer's citations must quote; empty = the corpus does not answer it. */
  expect: string[];
}

const questions: BenchQuestion[] = [
  { question: 'Is the federation a merger?', language: 'en', expect: ['not a merger'] },
  { question: 'Who is the permanent Joint Chief Executive?', language: 'en', expect: ['Stephen Vickers'] },
  {
    question: 'When did councillors approve the Joint Chief Executive?',
    language: 'en',
    expect: ['23 January 2025', '21 January'],
  },
  { question: 'What financial pressure did the two councils face?', language: 'en', expect: ['£70 million'] },
  { question: 'Who supported the review of the discovery phase?', language: 'en', expect: ['Local Partnerships'] },
  { question: 'How long was the discovery phase?', language: 'en', expect: ['seven-month'] },
  { question: 'What is Local Partnerships?', language: 'en', expect: ['joint venture'] },
  {
    question: 'What did the review reports recommend?',
    language: 'en',
    expect: ['joint leadership team', 'permanent Joint Chief Executive'],
  },
  { question: 'Who are the council leaders?', language: 'en', expect: ['Steve Thomas', 'Anthony Hunt'] },
  { question: 'When did Damien McCann retire?', language: 'en', expect: ['June 2024'] },
  {
    question: 'What benefits is the federation expected to bring?',
    language: 'en',
    expect: ['financial efficiencies', 'knowledge-sharing'],
  },
  { question: 'Which minister welcomed the federation?', language: 'en', expect: ['Jayne Bryant'] },
  {
    question: 'What did Torfaen approve on 28 October 2025 about Section 113?',
    language: 'en',
    expect: ['Section 113', 'Heads of Terms'],
  },
  { question: 'Were the trade unions involved in the review?', language: 'en', expect: ['trade unions'] },
  { question: 'Ai uno yw’r ffederasiwn?', language: 'cy', expect: ['Nid uno'] },
  { question: 'Pwy yw’r Prif Weithredwr ar y Cyd parhaol?', language: 'cy', expect: ['Stephen Vickers'] },
  { question: 'Pwy gefnogodd adolygiad y cyfnod darganfod?', language: 'cy', expect: ['Partneriaethau Lleol'] },
  { question: 'Beth oedd y pwysau ariannol ar y ddau gyngor?', language: 'cy', expect: ['£70 miliwn'] },
  { question: 'Pryd ymddeolodd Damien McCann?', language: 'cy', expect: ['Mehefin 2024'] },
  { question: 'What is the salary of the Joint Chief Executive?', language: 'en', expect: [] },
  { question: 'Which football team won the league last season?', language: 'en', expect: [] },
  { question: 'How many bins does each household get?', language: 'en', expect: [] },
  { question: 'Faint o staff sydd gan y ddau gyngor?', language: 'cy', expect: [] },
];

function percentile(values: number[], share: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

const normalise = (text: string) => text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');

/** Correct: answered when it should be, every citation's quote is really in the cited document, the quotes hold the fact. */
function isCorrect(item: BenchQuestion, answer: Answer, documents: Map<string, string>): boolean {
  if (item.expect.length === 0) return !answer.answered;
  if (!answer.answered || answer.citations.length === 0) return false;
  const valid = answer.citations.every((citation) =>
    normalise(documents.get(citation.source) ?? '').includes(
      normalise(citation.quote.replace(/^…|…$|^\.\.\.|\.\.\.$/g, '').trim()),
    ),
  );
  const quoted = normalise(answer.citations.map((citation) => citation.quote).join(' '));
  return valid && item.expect.some((phrase) => quoted.includes(normalise(phrase)));
}

interface Run {
  correct: number;
  promptTokens: number[];
  firstTokenMs: number[];
  /** Full answer time of the streamed answers (the same answers as firstTokenMs). */
  streamedTotalMs: number[];
  totalMs: number[];
}

async function run(knowledge: KnowledgeService, documents: Map<string, string>): Promise<Run> {
  const result: Run = { correct: 0, promptTokens: [], firstTokenMs: [], streamedTotalMs: [], totalMs: [] };
  for (const item of questions) {
    const started = performance.now();
    let firstToken: number | undefined;
    const answer = await knowledge.ask(item.question, {
      language: item.language,
      onText: () => void (firstToken ??= performance.now()),
    });
    const total = performance.now() - started;
    result.totalMs.push(total);
    if (firstToken !== undefined) {
      result.firstTokenMs.push(firstToken - started);
      result.streamedTotalMs.push(total);
    }
    if (answer.usage) result.promptTokens.push(answer.usage.promptTokens);
    if (isCorrect(item, answer, documents)) result.correct += 1;
    else if (process.env.BENCH_VERBOSE) console.error(JSON.stringify({ question: item.question, answer }, null, 1));
  }
  return result;
}

async function main(): Promise<void> {
  const server = await startFakeOpenAI();
  const config = loadConfig({
    OPENAI_BASE_URL: server.baseUrl,
    OPENAI_MODEL: 'fake-quoting-model',
    PONT_DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
  });
  const models = createLanguageModels(config.openai)!;
  const prompts = await loadPrompts();
  const dataDir = path.resolve('data');

  const db = await openPglite('memory://');
  await migrate(db);
  const store = createDocumentStore(db);
  const lexiconText = () => readLexiconFile(defaultLexiconFiles);
  const englishWordsText = () => readLexiconFile(defaultEnglishWordsFile);
  const plain = createKnowledge({ store, reader: createDocumentReader(), lexiconText, englishWordsText });
  await plain.ingest([dataDir]);
  const withModel = createKnowledge({
    store,
    reader: createDocumentReader(),
    lexiconText,
    englishWordsText,
    answerWriter: createGroundedAnswerer({ model: models.languageModel, prompt: prompts.answer }),
  });

  const documents = new Map<string, string>();
  for (const chunk of await store.loadChunks())
    documents.set(chunk.source, `${documents.get(chunk.source) ?? ''}\n${chunk.text}`);

  await run(withModel, documents); // warm-up
  const model = await run(withModel, documents);
  const extractive = await run(plain, documents);
  await server.close();
  await db.close();

  const format = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
  const rows = [
    [
      'mode',
      'answered correctly, valid citations',
      'prompt tokens / answer (median, p95)',
      'streamed: first token ms (median, p95)',
      'streamed: full answer ms (median, p95)',
      'every question: answer ms (median, p95)',
    ],
    ['---', '---', '---', '---', '---', '---'],
    [
      'model (local OpenAI-compatible server, streaming)',
      `${model.correct}/${questions.length} (${((100 * model.correct) / questions.length).toFixed(0)}%)`,
      `${percentile(model.promptTokens, 0.5)}, ${percentile(model.promptTokens, 0.95)}`,
      `${format(percentile(model.firstTokenMs, 0.5))}, ${format(percentile(model.firstTokenMs, 0.95))}`,
      `${format(percentile(model.streamedTotalMs, 0.5))}, ${format(percentile(model.streamedTotalMs, 0.95))}`,
      `${format(percentile(model.totalMs, 0.5))}, ${format(percentile(model.totalMs, 0.95))}`,
    ],
    [
      'extractive (no model)',
      `${extractive.correct}/${questions.length} (${((100 * extractive.correct) / questions.length).toFixed(0)}%)`,
      '0, 0',
      '–',
      '–',
      `${format(percentile(extractive.totalMs, 0.5))}, ${format(percentile(extractive.totalMs, 0.95))}`,
    ],
  ];
  console.log(
    `Grounded answers: ${questions.length} questions (${questions.filter((item) => item.language === 'cy').length} Welsh, ${questions.filter((item) => item.expect.length === 0).length} the corpus does not answer) over data/\n`,
  );
  console.log(rows.map((row) => `| ${row.join(' | ')} |`).join('\n'));
  console.log(
    `\nModel answers that streamed: ${model.firstTokenMs.length}; that used the model: ${model.promptTokens.length}.`,
  );
}

await main();
