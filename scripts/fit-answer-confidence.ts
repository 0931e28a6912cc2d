/**
 * `npm run fit:answers -- --documents DIR --questions FILE.jsonl [--questions …]` — calibrates the extractive
 * answerer's confidence model on DEVELOPMENT questions (never on a test set) and prints the fitted model for
 * src/core/knowledge/answer-confidence.ts.
 *
 * Each line of a questions file is `{"question": "…", "expect": ["snippet", …]}`; an empty `expect` means
 * the documents do not answer it. (`answers` or `expected` are read as `expect` too.) The documents are
 * indexed through the same ingest and answer code `pont ask` runs, in an in-memory database.
 *
 * Fitting: every span the answerer scored is labelled by whether it holds an expected snippet; a logistic
 * regression (L2, class-balanced, gradient descent) is fitted on those spans; then the two thresholds are
 * chosen on the questions: `answerAt` maximises correct answers plus refusals of unanswerable questions,
 * counting a wrong confident answer as a double mistake; `closestAt` is the lowest confidence at which at
 * most a tenth of the unanswerable questions would be offered a closest passage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { answerFeatureNames, confidence, createKnowledge, defaultConfidenceModel, type AnswerFeatures, type AnswerTrace, type ConfidenceModel } from '../src/core/knowledge/index.ts';
import { createDocumentReader } from '../src/ingest/index.ts';
import { migrate, openPglite } from '../src/store/index.ts';
import { createDocumentStore } from '../src/store/knowledge/index.ts';

interface DevQuestion {
  question: string;
  expect: string[];
}

export const normaliseForMatch = (text: string): string =>
  text.toLowerCase().normalize('NFC').replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

export function readQuestions(file: string): DevQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const expect = (row.expect ?? row.answers ?? row.expected ?? []) as unknown;
      return { question: String(row.question), expect: (Array.isArray(expect) ? expect : [expect]).filter((value): value is string => typeof value === 'string' && value !== '') };
    });
}

export interface Collected {
  item: DevQuestion;
  trace: AnswerTrace;
}

/** Indexes the documents and scores every question's spans through the product's ask path. */
export async function collect(documents: string[], questions: DevQuestion[]): Promise<Collected[]> {
  const db = await openPglite('memory://');
  await migrate(db);
  let last: AnswerTrace | undefined;
  const knowledge = createKnowledge({ store: createDocumentStore(db), reader: createDocumentReader(), onAnswerTrace: (_question, trace) => (last = trace) });
  await knowledge.ingest(documents);
  const collected: Collected[] = [];
  for (const item of questions) {
    last = undefined;
    await knowledge.ask(item.question);
    collected.push({ item, trace: last ?? { parts: [] } });
  }
  await db.close();
  return collected;
}

const holds = (quote: string, expect: string[]) => expect.some((snippet) => normaliseForMatch(quote).includes(normaliseForMatch(snippet)));

function vector(features: AnswerFeatures): number[] {
  return answerFeatureNames.map((name) => features[name]);
}

const signs: Record<string, 1 | -1> = { unknown: -1, focusMissing: -1 };
for (const name of answerFeatureNames) signs[name] ??= 1;

function fitLogistic(rows: { x: number[]; y: number }[], l2 = 0.01, steps = 4000, rate = 0.5): { bias: number; weights: number[] } {
  const size = answerFeatureNames.length;
  let bias = 0;
  const weights = new Array<number>(size).fill(0);
  const positives = rows.filter((row) => row.y === 1).length;
  const negatives = rows.length - positives;
  const classWeight = (y: number) => (y === 1 ? rows.length / (2 * Math.max(1, positives)) : rows.length / (2 * Math.max(1, negatives)));
  for (let step = 0; step < steps; step += 1) {
    let gradientBias = 0;
    const gradient = new Array<number>(size).fill(0);
    for (const row of rows) {
      let sum = bias;
      for (let index = 0; index < size; index += 1) sum += weights[index]! * row.x[index]!;
      const error = (1 / (1 + Math.exp(-sum)) - row.y) * classWeight(row.y);
      gradientBias += error;
      for (let index = 0; index < size; index += 1) gradient[index]! += error * row.x[index]!;
    }
    bias -= (rate * gradientBias) / rows.length;
    for (let index = 0; index < size; index += 1) {
      weights[index]! -= rate * (gradient[index]! / rows.length + l2 * weights[index]!);
      // NOTE: each feature's sign is known (more coverage never lowers confidence; an unknown word never
      // raises it); holding the signs keeps a small development set from fitting noise.
      const sign = signs[answerFeatureNames[index]!];
      if (weights[index]! * sign < 0) weights[index] = 0;
    }
  }
  return { bias, weights };
}

/** Per question: the best span's confidence (the lowest over parts) and whether the chosen spans hold the answer. */
export function judge(collected: Collected[], model: ConfidenceModel) {
  return collected.map(({ item, trace }) => {
    const tops = trace.parts.map((part) => [...part.spans].sort((left, right) => confidence(right.features, model) + right.features.sameLanguage * 0.05 - confidence(left.features, model) - left.features.sameLanguage * 0.05)[0]);
    const present = tops.filter((span) => span !== undefined);
    const score = present.length === 0 ? 0 : Math.min(...present.map((span) => confidence(span.features, model)));
    const best = present.length === 0 ? 0 : Math.max(...present.map((span) => confidence(span.features, model)));
    const gated = present.length > 0 && present.every((span) => span.features.unknown >= model.refuseUnknownAt);
    if (gated) return { item, score: 0, best: 0, correct: false, answerable: item.expect.length > 0 };
    const correct = item.expect.length > 0 && present.some((span) => holds(span.quote, item.expect));
    return { item, score, best, correct, answerable: item.expect.length > 0 };
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const documents: string[] = [];
  const questionFiles: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] === '--documents') documents.push(args[++index]!);
    else if (args[index] === '--questions') questionFiles.push(args[++index]!);
  }
  if (documents.length === 0 || questionFiles.length === 0) throw new Error('usage: fit-answer-confidence --documents DIR --questions FILE.jsonl');
  const questions = questionFiles.flatMap(readQuestions);
  const collected = await collect(documents.map((document) => path.resolve(document)), questions);

  const rows = collected.flatMap(({ item, trace }) =>
    trace.parts.flatMap((part) => part.spans.map((span) => ({ x: vector(span.features), y: item.expect.length > 0 && holds(span.quote, item.expect) ? 1 : 0 }))),
  );
  const fitted = fitLogistic(rows);
  const model: ConfidenceModel = {
    bias: fitted.bias,
    weights: Object.fromEntries(answerFeatureNames.map((name, index) => [name, fitted.weights[index]!])) as AnswerFeatures,
    answerAt: 0.5,
    closestAt: 0.2,
    refuseUnknownAt: defaultConfidenceModel.refuseUnknownAt,
  };

  // Both thresholds on a grid: a confident right answer or a refused unanswerable question scores 1, a
  // closest passage that holds the answer 0.5, a confident wrong answer -2, a closest passage for an
  // unanswerable question -0.5 (it is not the refusal it should be).
  let bestAnswerAt = 0.5;
  let closestAt = 0.2;
  let refuseUnknownAt = model.refuseUnknownAt;
  let bestObjective = -Infinity;
  for (const gate of [0.34, 0.5, 0.67, 0.8, 1.01]) {
  const judged = judge(collected, { ...model, refuseUnknownAt: gate });
  for (let answerAt = 0.1; answerAt < 0.99; answerAt += 0.01) {
    for (let closest = 0.02; closest <= answerAt; closest += 0.01) {
      let objective = 0;
      for (const row of judged) {
        if (row.score >= answerAt) objective += row.correct ? 1 : -2;
        else if (row.best >= closest) objective += row.answerable ? (row.correct ? 0.5 : 0) : -0.5;
        else if (!row.answerable) objective += 1;
      }
      if (objective > bestObjective + 1e-9) {
        bestObjective = objective;
        bestAnswerAt = answerAt;
        closestAt = closest;
        refuseUnknownAt = gate;
      }
    }
  }
  }
  model.refuseUnknownAt = refuseUnknownAt;
  model.answerAt = Math.round(bestAnswerAt * 1000) / 1000;
  model.closestAt = Math.round(closestAt * 1000) / 1000;
  const rounded = { ...model, bias: Math.round(model.bias * 1000) / 1000, weights: Object.fromEntries(Object.entries(model.weights).map(([name, value]) => [name, Math.round(value * 1000) / 1000])) };

  const report = (label: string, candidate: ConfidenceModel) => {
    const rowsJudged = judge(collected, candidate);
    const answerable = rowsJudged.filter((row) => row.answerable);
    const unanswerableRows = rowsJudged.filter((row) => !row.answerable);
    const right = answerable.filter((row) => row.score >= candidate.answerAt && row.correct).length;
    const closestRight = answerable.filter((row) => row.score < candidate.answerAt && row.best >= candidate.closestAt && row.correct).length;
    const refused = unanswerableRows.filter((row) => row.best < candidate.closestAt).length;
    const notAnswered = unanswerableRows.filter((row) => row.score < candidate.answerAt).length;
    console.log(
      `${label}: answerable ${answerable.length}: answered correctly ${right} (${((100 * right) / Math.max(1, answerable.length)).toFixed(1)}%), closest holding the answer ${closestRight}; ` +
        `unanswerable ${unanswerableRows.length}: refused ${refused} (${((100 * refused) / Math.max(1, unanswerableRows.length)).toFixed(1)}%), not confidently answered ${notAnswered}`,
    );
  };
  if (args.includes('--verbose')) {
    for (const row of judge(collected, args.includes('--fitted') ? model : defaultConfidenceModel)) {
      console.log(`${row.answerable ? (row.correct ? 'RIGHT' : 'WRONG') : 'UNANS'} ${row.score.toFixed(3)} ${row.best.toFixed(3)} ${row.item.question}`);
    }
  }
  report('shipped model', defaultConfidenceModel);
  report('fitted model ', model);
  console.log(JSON.stringify(rounded, null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
