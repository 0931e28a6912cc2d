/**
 * `npm run fit:answers -- --documents DIR --questions FILE.jsonl [--documents DIR --questions FILE.jsonl …]` — calibrates the extractive
 * answerer's confidence model on DEVELOPMENT questions (never on a test set) and prints the fitted model; with
 * `--write` it replaces src/core/knowledge/answer-model.json, the model `pont ask` reads.
 *
 * Other options: `--cv K` estimates, by K-fold cross-validation over the questions, what the fitting procedure
 * gives on questions it was not fitted on (`ANSWER_CV_SEEDS=N` repeats it with N different fold draws);
 * `--diagnose` sorts every miss of the shipped model by why it is missed; `--without a,b` fits without some
 * features; `--quick` skips the figures through `ask`; `--verbose` lists misranked questions. Experiments:
 * `ANSWER_FIT_FREE_SIGNS=1` lets every weight take either sign, `ANSWER_LANGUAGE_BONUS=x` changes the
 * same-language tie-break the judging applies (`ask` applies 0.05).
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
import { fileURLToPath } from 'node:url';
import {
  answerFeatureNames,
  type Answer,
  confidence,
  createKnowledge,
  defaultConfidenceModel,
  type AnswerFeatures,
  type AnswerTrace,
  type ConfidenceModel,
  splitSentences,
} from '../src/core/knowledge/index.ts';
import { createRandom } from '../bench/random.ts';
import { createDocumentReader } from '../src/ingest/index.ts';
import { migrate, openPglite } from '../src/store/index.ts';
import {
  createDocumentStore,
  defaultEnglishWordsFile,
  defaultLexiconFiles,
  readLexiconFile,
} from '../src/store/knowledge/index.ts';

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
    lexiconText: () => readLexiconFile(defaultLexiconFiles),
    englishWordsText: () => readLexiconFile(defaultEnglishWordsFile),
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
      lexiconText: () => readLexiconFile(defaultLexiconFiles),
      englishWordsText: () => readLexiconFile(defaultEnglishWordsFile),
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

/** Where `--write` puts the fitted model, the file the answerer reads. */
const modelFile = fileURLToPath(new URL('../src/core/knowledge/answer-model.json', import.meta.url));

/** Features left out of a fit (`--without a,b`), to measure what each one brings. */
const leftOut = new Set<string>();

function vector(features: AnswerFeatures): number[] {
  return answerFeatureNames.map((name) => (leftOut.has(name) ? 0 : features[name]));
}

const signs: Record<string, 1 | -1> = { unknown: -1, focusMissing: -1, titleShare: -1 };
for (const name of answerFeatureNames) signs[name] ??= 1;
// NOTE: `ANSWER_FIT_FREE_SIGNS=1` lets every weight take either sign (an experiment; the shipped fit holds them).
if (process.env.ANSWER_FIT_FREE_SIGNS === '1') for (const name of answerFeatureNames) delete signs[name];

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
/** The same-language tie-break `ask` applies (`ANSWER_LANGUAGE_BONUS` to try another in an experiment). */
const languageBonus = Number(process.env.ANSWER_LANGUAGE_BONUS ?? 0.05);

export function judge(collected: Collected[], model: ConfidenceModel) {
  return collected.map(({ item, trace }) => {
    const tops = trace.parts.map(
      (part) =>
        [...part.spans].sort(
          (left, right) =>
            confidence(right.features, model) +
            right.features.sameLanguage * languageBonus -
            confidence(left.features, model) -
            left.features.sameLanguage * languageBonus,
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

/** Labels every span by whether it holds the answer (from a right source). */
function spanLabel(item: DevQuestion, span: { quote: string; passage: { source: string } }): number {
  return item.expect.length > 0 && fromSource(item, span.passage.source) && holds(span.quote, item.expect) ? 1 : 0;
}

/**
 * Fits the whole model on some development questions: the listwise ranker (or, with `pointwise`, a logistic
 * regression over spans), its Platt calibration, then the thresholds on a grid.
 */
export function fitModel(collected: Collected[], pointwise = false): ConfidenceModel {
  const rows = collected.flatMap(({ item, trace }) =>
    trace.parts.flatMap((part) =>
      part.spans.map((span) => ({
        x: vector(span.features),
        y: spanLabel(item, span),
      })),
    ),
  );
  const groups = collected.flatMap(({ item, trace }) =>
    trace.parts.map((part) =>
      part.spans.map((span) => ({
        x: vector(span.features),
        y: spanLabel(item, span),
      })),
    ),
  );
  const useRanker = !pointwise;
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
  const rounded: ConfidenceModel = {
    ...model,
    bias: Math.round(model.bias * 1000) / 1000,
    weights: Object.fromEntries(
      Object.entries(model.weights).map(([name, value]) => [name, Math.round(value * 1000) / 1000]),
    ) as AnswerFeatures,
  };
  return rounded;
}

/** A seeded shuffle (mulberry32, as the benchmarks use), so the folds are the same on every run. */
function shuffled<T>(items: T[], seed: number): T[] {
  const random = createRandom(seed).next;
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * K-fold cross-validation by question (answerable and unanswerable questions spread evenly over the folds):
 * the model is fitted on K-1 folds and judged on the one left out, so the figures are what the fitting
 * procedure gives on questions it did not see.
 */
export function crossValidate(collected: Collected[], folds: number, pointwise = false, seed = 12) {
  const answerable = shuffled(
    collected.filter((row) => row.item.expect.length > 0),
    seed,
  );
  const unanswerable = shuffled(
    collected.filter((row) => row.item.expect.length === 0),
    seed + 1,
  );
  const foldOf = new Map<Collected, number>();
  [...answerable, ...unanswerable].forEach((row, index) => foldOf.set(row, index % folds));
  const totals = { first: 0, answered: 0, closestRight: 0, wrong: 0, refused: 0, unanswerableAnswered: 0 };
  for (let fold = 0; fold < folds; fold += 1) {
    const train = collected.filter((row) => foldOf.get(row) !== fold);
    const held = collected.filter((row) => foldOf.get(row) === fold);
    const model = fitModel(train, pointwise);
    for (const row of judge(held, { ...model, refuseUnknownAt: 2 }))
      if (row.answerable && row.correct) totals.first += 1;
    for (const row of judge(held, model)) {
      if (row.answerable) {
        if (row.score >= model.answerAt) {
          if (row.correct) totals.answered += 1;
          else totals.wrong += 1;
        } else if (row.best >= model.closestAt && row.correct) totals.closestRight += 1;
      } else if (row.score >= model.answerAt) totals.unanswerableAnswered += 1;
      else if (row.best < model.closestAt) totals.refused += 1;
    }
  }
  return { ...totals, answerable: answerable.length, unanswerable: unanswerable.length };
}

/** Why an answerable question is not answered correctly (span level, as `judge` scores it). */
export function diagnose(collected: Collected[], model: ConfidenceModel) {
  const judged = judge(collected, model);
  return collected.flatMap(({ item, trace }, index) => {
    const row = judged[index]!;
    if (!row.answerable) return row.score >= model.answerAt ? [{ item, why: 'unanswerable, answered' }] : [];
    if (row.correct && row.score >= model.answerAt) return [];
    if (item.kind === 'two-part') return [{ item, why: 'two-part' }];
    const spans = trace.parts
      .flatMap((part) => part.spans)
      .sort((left, right) => confidence(right.features, model) - confidence(left.features, model));
    const right = spans.filter((span) => spanLabel(item, span) === 1);
    const cross = item.kind === 'cross-language' ? 'cross-language: ' : '';
    if (right.length === 0) return [{ item, why: `${cross}no candidate holds the answer` }];
    if (row.correct) return [{ item, why: `${cross}right span first, refused by the gate` }];
    const top = spans[0]!;
    if (fromSource(item, top.passage.source) && holds(top.passage.text, item.expect)) {
      const sentence = splitSentences(top.passage.text).find((text) => text.includes(top.quote));
      if (sentence !== undefined && sentence !== top.quote && holds(sentence, item.expect))
        return [{ item, why: `${cross}right sentence, cut too short` }];
      return [{ item, why: `${cross}right passage, another span of it quoted` }];
    }
    const position = spans.indexOf(right[0]!) + 1;
    return [{ item, why: `${cross}wrong sentence chosen (right one ${position <= 3 ? 'in the top 3' : 'below 3rd'})` }];
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
  const without = args.indexOf('--without');
  if (without >= 0) for (const name of args[without + 1]!.split(',')) leftOut.add(name);
  if (args.includes('--diagnose')) {
    const rows = diagnose(collected, defaultConfidenceModel);
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.why, (counts.get(row.why) ?? 0) + 1);
    for (const row of rows) console.log(`MISS ${row.why} | ${row.item.kind} | ${row.item.question}`);
    for (const [why, count] of [...counts].sort((left, right) => right[1] - left[1])) console.log(`  ${count}  ${why}`);
  }
  const cv = args.indexOf('--cv');
  if (cv >= 0) {
    const folds = Number(args[cv + 1]);
    const seeds = Number(process.env.ANSWER_CV_SEEDS ?? 1);
    for (let seed = 12; seed < 12 + seeds; seed += 1) {
      const result = crossValidate(collected, folds, args.includes('--pointwise'), seed);
      console.log(
        `${folds}-fold cross-validation: right span first ${result.first}/${result.answerable}, answered correctly ${result.answered}, wrong answers ${result.wrong}, closest holding the answer ${result.closestRight}; unanswerable refused ${result.refused}/${result.unanswerable}, answered ${result.unanswerableAnswered}`,
      );
    }
  }
  const rounded = fitModel(collected, args.includes('--pointwise'));
  const model = rounded;

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
  if (args.includes('--write')) {
    fs.writeFileSync(modelFile, `${JSON.stringify(rounded, null, 2)}\n`);
    console.log(`written to ${path.relative(process.cwd(), modelFile)}`);
  }

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
