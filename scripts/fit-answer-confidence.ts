/**
 * `npm run fit:answers -- --documents DIR --questions FILE.jsonl [--documents DIR --questions FILE.jsonl …]` — calibrates the extractive
 * answerer's confidence model on DEVELOPMENT questions (never on a test set) and prints the fitted model for
 * src/core/knowledge/answer-confidence.ts.
 *
 * Each line of a questions file is `{"question": "…", "expected": ["snippet" or "/regex/", …], "source":
 * ["file name", …], "kind": "two-part" | …}`; an empty `expected` means the documents do not answer it, and
 * a two-part question needs every entry. (`expect` is read as `expected` too; without `source` any document
 * counts.) The documents are indexed through the same ingest and answer code `pont ask` runs, in an in-memory
 * database.
 *
 * Fitting: every span the answerer scored is labelled by whether it holds an expected snippet; a logistic
 * regression (L2, class-balanced, gradient descent) is fitted on those spans; then the two thresholds are
 * chosen on the questions: `answerAt` maximises correct answers plus refusals of unanswerable questions,
 * counting a wrong confident answer as a double mistake; `closestAt` is the lowest confidence at which at
 * most a tenth of the unanswerable questions would be offered a closest passage.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  answerFeatureNames,
  type Answer,
  confidence,
  createKnowledge,
  defaultConfidenceModel,
  type AnswerFeatures,
  type AnswerTrace,
  type ConfidenceModel,
} from '../src/core/knowledge/index.ts';
import { createDocumentReader } from '../src/ingest/index.ts';
import { migrate, openPglite } from '../src/store/index.ts';
import { createDocumentStore, defaultLexiconFile, readLexiconFile } from '../src/store/knowledge/index.ts';

interface DevQuestion {
  question: string;
  expect: string[];
  sources: string[];
  everyPart: boolean;
  kind: string;
  language: string;
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
      const expect = (row.expected ?? row.expect ?? []) as unknown;
      const sources = Array.isArray(row.source) ? row.source.map(String) : [];
      return {
        question: String(row.question),
        expect: (Array.isArray(expect) ? expect : [expect]).filter(
          (value): value is string => typeof value === 'string' && value !== '',
        ),
        sources,
        everyPart: row.kind === 'two-part',
        kind:
          typeof row.kind === 'string'
            ? row.kind
            : row.expect && (row.expect as unknown[]).length === 0
              ? 'unanswerable'
              : 'lookup',
        language: typeof row.language === 'string' ? row.language : '?',
      };
    });
}

export interface Collected {
  item: DevQuestion;
  trace: AnswerTrace;
}

/** Indexes the documents and scores every question's spans through the product's ask path. */
export async function collect(
  documents: string[],
  questions: DevQuestion[],
  models: ConfidenceModel[],
): Promise<{ collected: Collected[]; answers: Answer[][] }> {
  const db = await openPglite('memory://');
  await migrate(db);
  let last: AnswerTrace | undefined;
  const knowledge = createKnowledge({
    store: createDocumentStore(db),
    reader: createDocumentReader(),
    lexiconText: () => readLexiconFile(defaultLexiconFile),
    onAnswerTrace: (_question, trace) => (last = trace),
  });
  await knowledge.ingest(documents);
  const collected: Collected[] = [];
  for (const item of questions) {
    last = undefined;
    await knowledge.ask(item.question);
    collected.push({ item, trace: last ?? { parts: [] } });
  }
  const answers: Answer[][] = [];
  for (const model of models) {
    const judged = createKnowledge({
      store: createDocumentStore(db),
      reader: createDocumentReader(),
      lexiconText: () => readLexiconFile(defaultLexiconFile),
      answerModel: model,
    });
    const list: Answer[] = [];
    for (const item of questions) list.push(await judged.ask(item.question));
    answers.push(list);
  }
  await db.close();
  return { collected, answers };
}

function holdsOne(text: string, entry: string): boolean {
  const regex = /^\/(.+)\/$/s.exec(entry);
  if (regex) return new RegExp(regex[1]!, 'iu').test(normaliseForMatch(text));
  return normaliseForMatch(text).includes(normaliseForMatch(entry));
}

const holds = (quote: string, expect: string[]) => expect.some((entry) => holdsOne(quote, entry));

const fromSource = (item: DevQuestion, source: string) =>
  item.sources.length === 0 || item.sources.includes(path.basename(source));

/** Whether an answer's quotes (from a right source) or text hold the expected answer, as the answers benchmark scores it. */
export function answerHolds(item: DevQuestion, answer: Answer): boolean {
  const quotes = answer.citations.filter((citation) => fromSource(item, citation.source));
  if (quotes.length === 0) return false;
  const texts = [...quotes.map((citation) => citation.quote), answer.answer];
  const found = (entry: string) => texts.some((text) => holdsOne(text, entry));
  return item.everyPart ? item.expect.every(found) : item.expect.some(found);
}

function vector(features: AnswerFeatures): number[] {
  return answerFeatureNames.map((name) => features[name]);
}

const signs: Record<string, 1 | -1> = { unknown: -1, focusMissing: -1, titleShare: -1 };
for (const name of answerFeatureNames) signs[name] ??= 1;

function fitLogistic(
  rows: { x: number[]; y: number }[],
  l2 = 0.01,
  steps = 4000,
  rate = 0.5,
): { bias: number; weights: number[] } {
  const size = answerFeatureNames.length;
  let bias = 0;
  const weights = new Array<number>(size).fill(0);
  const positives = rows.filter((row) => row.y === 1).length;
  const negatives = rows.length - positives;
  const classWeight = (y: number) =>
    y === 1 ? rows.length / (2 * Math.max(1, positives)) : rows.length / (2 * Math.max(1, negatives));
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
      const sign = signs[answerFeatureNames[index]!] ?? 0;
      if (weights[index]! * sign < 0) weights[index] = 0;
    }
  }
  return { bias, weights };
}

/**
 * A listwise ranker: per question, the softmax over its spans' scores should put its mass on the spans that
 * hold the answer. Weights only (a bias does not change a ranking); signs held as in `fitLogistic`.
 */
function fitRanker(groups: { x: number[]; y: number }[][], l2 = 0.01, steps = 3000, rate = 0.3): number[] {
  const size = answerFeatureNames.length;
  const weights = new Array<number>(size).fill(0.1);
  const usable = groups.filter((group) => group.some((row) => row.y === 1) && group.some((row) => row.y === 0));
  for (let step = 0; step < steps; step += 1) {
    const gradient = new Array<number>(size).fill(0);
    for (const group of usable) {
      const scores = group.map((row) => row.x.reduce((sum, value, index) => sum + value * weights[index]!, 0));
      const top = Math.max(...scores);
      const exps = scores.map((score) => Math.exp(score - top));
      const all = exps.reduce((sum, value) => sum + value, 0);
      const positive = exps.reduce((sum, value, index) => sum + (group[index]!.y === 1 ? value : 0), 0);
      group.forEach((row, index) => {
        const p = exps[index]! / all;
        const q = row.y === 1 ? exps[index]! / positive : 0;
        for (let feature = 0; feature < size; feature += 1) gradient[feature]! += (p - q) * row.x[feature]!;
      });
    }
    for (let index = 0; index < size; index += 1) {
      weights[index]! -= rate * (gradient[index]! / Math.max(1, usable.length) + l2 * weights[index]!);
      const sign = signs[answerFeatureNames[index]!] ?? 0;
      if (weights[index]! * sign < 0) weights[index] = 0;
    }
  }
  return weights;
}

/** Platt scaling: a and b so that sigmoid(a·score + b) is the chance the top span answers. */
function fitPlatt(points: { score: number; y: number }[], steps = 5000, rate = 0.1): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let step = 0; step < steps; step += 1) {
    let gradientA = 0;
    let gradientB = 0;
    for (const point of points) {
      const error = 1 / (1 + Math.exp(-(a * point.score + b))) - point.y;
      gradientA += error * point.score;
      gradientB += error;
    }
    a -= (rate * gradientA) / points.length;
    b -= (rate * gradientB) / points.length;
  }
  return { a, b };
}

/** Per question: the best span's confidence (the lowest over parts) and whether the chosen spans hold the answer. */
export function judge(collected: Collected[], model: ConfidenceModel) {
  return collected.map(({ item, trace }) => {
    const tops = trace.parts.map(
      (part) =>
        [...part.spans].sort(
          (left, right) =>
            confidence(right.features, model) +
            right.features.sameLanguage * 0.05 -
            confidence(left.features, model) -
            left.features.sameLanguage * 0.05,
        )[0],
    );
    const present = tops.filter((span) => span !== undefined);
    const score = present.length === 0 ? 0 : Math.min(...present.map((span) => confidence(span.features, model)));
    const best = present.length === 0 ? 0 : Math.max(...present.map((span) => confidence(span.features, model)));
    const gated = present.length > 0 && present.every((span) => span.features.unknown >= model.refuseUnknownAt);
    if (gated) return { item, score: 0, best: 0, correct: false, answerable: item.expect.length > 0 };
    const correct =
      item.expect.length > 0 &&
      (item.everyPart
        ? item.expect.every((entry) =>
            present.some((span) => fromSource(item, span.passage.source) && holdsOne(span.quote, entry)),
          )
        : present.some((span) => fromSource(item, span.passage.source) && holds(span.quote, item.expect)));
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
  if (documents.length === 0 || documents.length !== questionFiles.length)
    throw new Error(
      'usage: fit-answer-confidence (--documents DIR --questions FILE.jsonl)…, one questions file for each documents folder',
    );
  // Each documents folder is indexed on its own and asked its own questions.
  const sets = documents.map((document, index) => ({
    documents: [path.resolve(document)],
    questions: readQuestions(questionFiles[index]!),
  }));
  const questions = sets.flatMap((set) => set.questions);
  const collected: Collected[] = [];
  for (const set of sets) collected.push(...(await collect(set.documents, set.questions, [])).collected);

  const rows = collected.flatMap(({ item, trace }) =>
    trace.parts.flatMap((part) =>
      part.spans.map((span) => ({
        x: vector(span.features),
        y: item.expect.length > 0 && fromSource(item, span.passage.source) && holds(span.quote, item.expect) ? 1 : 0,
      })),
    ),
  );
  const groups = collected.flatMap(({ item, trace }) =>
    trace.parts.map((part) =>
      part.spans.map((span) => ({
        x: vector(span.features),
        y: item.expect.length > 0 && fromSource(item, span.passage.source) && holds(span.quote, item.expect) ? 1 : 0,
      })),
    ),
  );
  const useRanker = !args.includes('--pointwise');
  let fitted = fitLogistic(rows);
  if (useRanker) {
    const ranking = fitRanker(groups);
    // Calibrate: the top span's ranking score against whether the question gets a right answer from it.
    const rankOnly: ConfidenceModel = {
      bias: 0,
      weights: Object.fromEntries(answerFeatureNames.map((name, index) => [name, ranking[index]!])) as AnswerFeatures,
      answerAt: 0.5,
      closestAt: 0.5,
      refuseUnknownAt: 2,
    };
    const points = judge(collected, rankOnly).map((row) => ({
      score: Math.log(row.score / (1 - row.score + 1e-12) + 1e-12),
      y: row.correct ? 1 : 0,
    }));
    const { a, b } = fitPlatt(points);
    fitted = { bias: b, weights: ranking.map((weight) => weight * a) };
  }
  {
    const answerableRows = collected.filter(({ item }) => item.expect.length > 0);
    const ceiling = answerableRows.filter(({ item, trace }) =>
      trace.parts.some((part) =>
        part.spans.some((span) => fromSource(item, span.passage.source) && holds(span.quote, item.expect)),
      ),
    ).length;
    console.log(
      `answerable questions with a span that holds the answer among those scored: ${ceiling}/${answerableRows.length}`,
    );
    if (args.includes('--verbose')) {
      for (const { item, trace } of answerableRows) {
        const spans = trace.parts.flatMap((part) => part.spans);
        const good = spans.filter((span) => fromSource(item, span.passage.source) && holds(span.quote, item.expect));
        const top = [...spans].sort((left, right) => right.confidence - left.confidence)[0];
        if (top && good.includes(top)) console.log(`TOP1 ${item.kind} ${item.question}`);
        if (good.length > 0 && top && !good.includes(top)) {
          const best = good.sort((left, right) => right.confidence - left.confidence)[0]!;
          console.log(
            `MISRANKED ${item.kind} ${item.question}\n   top ${top.confidence.toFixed(2)} ${JSON.stringify(top.features)} ${top.quote.slice(0, 120)}\n   want ${best.confidence.toFixed(2)} ${JSON.stringify(best.features)} ${best.quote.slice(0, 120)}`,
          );
        }
        if (good.length === 0) console.log(`NOT RETRIEVED ${item.kind} ${item.question}`);
      }
    }
  }
  const model: ConfidenceModel = {
    bias: fitted.bias,
    weights: Object.fromEntries(
      answerFeatureNames.map((name, index) => [name, fitted.weights[index]!]),
    ) as AnswerFeatures,
    answerAt: 0.5,
    closestAt: 0.2,
    refuseUnknownAt: defaultConfidenceModel.refuseUnknownAt,
  };

  // Both thresholds on a grid: a confident right answer or a refused unanswerable question scores 1; a
  // confident wrong answer -0.25, a confident answer to an unanswerable question -1 (they mislead); a
  // closest passage that holds the answer 0.5, one offered for an unanswerable question -0.5.
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
          if (row.score >= answerAt) objective += row.correct ? 1 : row.answerable ? -0.25 : -1;
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
  const rounded = {
    ...model,
    bias: Math.round(model.bias * 1000) / 1000,
    weights: Object.fromEntries(
      Object.entries(model.weights).map(([name, value]) => [name, Math.round(value * 1000) / 1000]),
    ),
  };

  const report = (label: string, candidate: ConfidenceModel) => {
    const rowsJudged = judge(collected, candidate);
    const answerable = rowsJudged.filter((row) => row.answerable);
    const unanswerableRows = rowsJudged.filter((row) => !row.answerable);
    const right = answerable.filter((row) => row.score >= candidate.answerAt && row.correct).length;
    const closestRight = answerable.filter(
      (row) => row.score < candidate.answerAt && row.best >= candidate.closestAt && row.correct,
    ).length;
    const refused = unanswerableRows.filter((row) => row.best < candidate.closestAt).length;
    const notAnswered = unanswerableRows.filter((row) => row.score < candidate.answerAt).length;
    console.log(
      `${label}: answerable ${answerable.length}: answered correctly ${right} (${((100 * right) / Math.max(1, answerable.length)).toFixed(1)}%), closest holding the answer ${closestRight}; ` +
        `unanswerable ${unanswerableRows.length}: refused ${refused} (${((100 * refused) / Math.max(1, unanswerableRows.length)).toFixed(1)}%), not confidently answered ${notAnswered}`,
    );
  };
  if (args.includes('--verbose')) {
    for (const row of judge(collected, args.includes('--fitted') ? model : defaultConfidenceModel)) {
      console.log(
        `${row.answerable ? (row.correct ? 'RIGHT' : 'WRONG') : 'UNANS'} ${row.score.toFixed(3)} ${row.best.toFixed(3)} ${row.item.question}`,
      );
    }
  }
  for (const [label, candidate] of [
    ['shipped', defaultConfidenceModel],
    ['fitted', model],
  ] as const) {
    const top1 = judge(collected, { ...candidate, refuseUnknownAt: 2 }).filter(
      (row) => row.answerable && row.correct,
    ).length;
    console.log(`${label}: answerable questions whose best span holds the answer (before thresholds): ${top1}`);
  }
  report('shipped model (spans)', defaultConfidenceModel);
  report('fitted model (spans) ', model);
  console.log(JSON.stringify(rounded, null, 2));

  // The figures through `ask` itself, scored as the answers benchmark scores them, by kind.
  if (args.includes('--quick')) return;
  const answers: Answer[][] = [[], []];
  for (const set of sets) {
    const result = await collect(set.documents, set.questions, [defaultConfidenceModel, rounded as ConfidenceModel]);
    answers[0]!.push(...result.answers[0]!);
    answers[1]!.push(...result.answers[1]!);
  }
  for (const [label, list] of [
    ['shipped', answers[0]!],
    ['fitted', answers[1]!],
  ] as const) {
    const byKind = new Map<string, { n: number; correct: number; outcomes: Record<string, number> }>();
    list.forEach((answer, index) => {
      const item = questions[index]!;
      const answerable = item.expect.length > 0;
      const outcome = answer.outcome ?? (answer.answered ? 'answered' : 'refused');
      const correct = answerable ? outcome === 'answered' && answerHolds(item, answer) : outcome === 'refused';
      for (const key of [item.kind, answerable ? 'ANSWERABLE' : 'NOT ANSWERABLE', `language ${item.language}`]) {
        const entry = byKind.get(key) ?? { n: 0, correct: 0, outcomes: { answered: 0, closest: 0, refused: 0 } };
        entry.n += 1;
        if (correct) entry.correct += 1;
        entry.outcomes[outcome] = (entry.outcomes[outcome] ?? 0) + 1;
        byKind.set(key, entry);
      }
      if (args.includes('--verbose') && !correct)
        console.log(
          `  [${label}] ${item.kind} ${outcome}: ${item.question} → ${answer.citations.map((citation) => `${path.basename(citation.source)}: ${citation.quote.slice(0, 140)}`).join(' | ')}`,
        );
    });
    console.log(`through ask, ${label} model:`);
    for (const [key, entry] of byKind)
      console.log(
        `  ${key.padEnd(16)} ${entry.correct}/${entry.n} (${((100 * entry.correct) / entry.n).toFixed(0)}%)  ans/clo/ref ${entry.outcomes.answered}/${entry.outcomes.closest}/${entry.outcomes.refused}`,
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
