/**
 * `npm run fit:answers -- --documents DIR --questions FILE.jsonl [--documents DIR --questions FILE.jsonl …]` — calibrates the extractive
 * answerer's sentence ranker and confidence on DEVELOPMENT questions (never on a test set) and prints the model.
 *
 * Each line of a questions file is `{"question": "…", "expected": ["snippet" or "/regex/", …], "source":
 * ["file name", …], "kind": "two-part" | …}`; an empty `expected` means the documents do not answer it, and
 * a two-part question needs every entry. (`expect` is read as `expected` too; without `source` any document
 * counts.) The documents are indexed through the same ingest and answer code `pont ask` runs, in an in-memory
 * database.
 *
 * Fitting: every span the answerer scored is labelled by whether it holds an expected snippet. A listwise
 * linear ranker is fitted over each question part's spans (softmax loss, L2, signs held where known); then the
 * confidence, a logistic regression (Newton's method, L2) over each part's top span: a few of its features, its
 * ranking score and its lead over the next span; then the thresholds on a grid (see `train`). Without
 * `--no-cv` it first reports 5-fold cross-validation by question inside the development questions. `--write`
 * writes the model to src/core/knowledge/answer-model.data.ts, the file the answerer reads; `--quick` skips
 * the figures through `ask`; `--verbose` lists misranked questions. FIT_TREE_ROUNDS=N adds N boosted trees to
 * the ranker (tried; they did not help under cross-validation, so the shipped model has none).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerFeatureNames, type Answer, byPreference, createKnowledge, defaultConfidenceModel, scoreSpans, type AnswerFeatures, type AnswerTrace, type AnswerTree, treeValue, type ConfidenceModel, type ScoredSpan } from '../src/core/knowledge/index.ts';
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
        expect: (Array.isArray(expect) ? expect : [expect]).filter((value): value is string => typeof value === 'string' && value !== ''),
        sources,
        everyPart: row.kind === 'two-part',
        kind: typeof row.kind === 'string' ? row.kind : row.expect && (row.expect as unknown[]).length === 0 ? 'unanswerable' : 'lookup',
        language: typeof row.language === 'string' ? row.language : '?',
      };
    });
}

export interface Collected {
  item: DevQuestion;
  trace: AnswerTrace;
}

/** Indexes the documents and scores every question's spans through the product's ask path. */
export async function collect(documents: string[], questions: DevQuestion[], models: ConfidenceModel[]): Promise<{ collected: Collected[]; answers: Answer[][] }> {
  const db = await openPglite('memory://');
  await migrate(db);
  let last: AnswerTrace | undefined;
  const knowledge = createKnowledge({ store: createDocumentStore(db), reader: createDocumentReader(), lexiconText: () => readLexiconFile(defaultLexiconFile), onAnswerTrace: (_question, trace) => (last = trace) });
  await knowledge.ingest(documents);
  const collected: Collected[] = [];
  for (const item of questions) {
    last = undefined;
    await knowledge.ask(item.question);
    collected.push({ item, trace: last ?? { parts: [] } });
  }
  const answers: Answer[][] = [];
  for (const model of models) {
    const judged = createKnowledge({ store: createDocumentStore(db), reader: createDocumentReader(), lexiconText: () => readLexiconFile(defaultLexiconFile), answerModel: model });
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

const fromSource = (item: DevQuestion, source: string) => item.sources.length === 0 || item.sources.includes(path.basename(source));

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

// NOTE: a sign is held where it is known (more coverage never lowers confidence; an unknown word never raises
// it); 0 leaves a feature free (where a span sits, its length, whether it is a short line, its language).
const signs: Record<string, 1 | -1 | 0> = { unknown: -1, focusMissing: -1, titleShare: -1, typeMissing: -1, position: 0, fragment: 0, length: 0, otherCoverage: 0, sameLanguage: 0, novelty: 0, proximity: 0 };
for (const name of answerFeatureNames) signs[name] ??= 1;

/**
 * A listwise ranker: per question, the softmax over its spans' scores should put its mass on the spans that
 * hold the answer. Weights only (a bias does not change a ranking); signs held where known.
 */
function fitRanker(groups: { x: number[]; y: number }[][], mask: boolean[], l2 = Number(process.env.FIT_RANK_L2 ?? 0.01), steps = Number(process.env.FIT_RANK_STEPS ?? 3000), rate = Number(process.env.FIT_RANK_RATE ?? 0.3)): number[] {
  const size = answerFeatureNames.length;
  const weights = mask.map((use) => (use ? 0.1 : 0));
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
      if (!mask[index]) continue;
      weights[index]! -= rate * (gradient[index]! / Math.max(1, usable.length) + l2 * weights[index]!);
      const sign = signs[answerFeatureNames[index]!]!;
      if (weights[index]! * sign < 0) weights[index] = 0;
    }
  }
  return weights;
}

/**
 * Boosted regression trees on top of the linear ranker, fitted listwise like it: each round fits a small tree
 * to the gradient of the softmax loss over each question part's spans (Newton leaf values), so the trees add
 * what the linear score misses (a feature that matters only for some kinds of question).
 */
function fitTrees(groups: { x: number[]; y: number }[][], base: number[][], rounds = Number(process.env.FIT_TREE_ROUNDS ?? 0), depth = Number(process.env.FIT_TREE_DEPTH ?? 2), eta = Number(process.env.FIT_TREE_ETA ?? 0.1), lambda = 1, minHessian = 0.5): AnswerTree[] {
  const usable = groups.map((group, index) => ({ group, score: [...base[index]!] })).filter(({ group }) => group.some((row) => row.y === 1) && group.some((row) => row.y === 0));
  const rows = usable.flatMap(({ group }, g) => group.map((row, i) => ({ x: row.x, g, i })));
  const size = answerFeatureNames.length;
  // Candidate thresholds: a feature's distinct values, at most 16 evenly spaced quantiles.
  const cuts = answerFeatureNames.map((_, feature) => {
    const values = [...new Set(rows.map((row) => row.x[feature]!))].sort((a, b) => a - b);
    if (values.length <= 16) return values.slice(1);
    return [...new Set(Array.from({ length: 15 }, (_, k) => values[Math.floor(((k + 1) * values.length) / 16)]!))];
  });
  const bins = rows.map((row) => cuts.map((featureCuts, feature) => {
    let bin = 0;
    while (bin < featureCuts.length && row.x[feature]! >= featureCuts[bin]!) bin += 1;
    return bin;
  }));
  const trees: AnswerTree[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const gradient: number[] = [];
    const hessian: number[] = [];
    for (const { group, score } of usable) {
      const top = Math.max(...score);
      const exps = score.map((value) => Math.exp(value - top));
      const all = exps.reduce((sum, value) => sum + value, 0);
      const positive = group.reduce((sum, entry, index) => sum + (entry.y === 1 ? exps[index]! : 0), 0);
      group.forEach((entry, index) => {
        const p = exps[index]! / all;
        gradient.push(p - (entry.y === 1 ? exps[index]! / positive : 0));
        hessian.push(Math.max(p * (1 - p), 1e-6));
      });
    }
    const build = (members: number[], level: number): AnswerTree => {
      const G = members.reduce((sum, m) => sum + gradient[m]!, 0);
      const H = members.reduce((sum, m) => sum + hessian[m]!, 0);
      const leaf = -G / (H + lambda);
      if (level >= depth) return eta * leaf;
      let best: { feature: number; below: number; gain: number } | undefined;
      for (let feature = 0; feature < size; feature += 1) {
        const featureCuts = cuts[feature]!;
        // A histogram over the feature's bins: bin k holds values below cut k (and at or above cut k-1).
        const gBins = new Array<number>(featureCuts.length + 1).fill(0);
        const hBins = new Array<number>(featureCuts.length + 1).fill(0);
        for (const m of members) {
          const bin = bins[m]![feature]!;
          gBins[bin]! += gradient[m]!;
          hBins[bin]! += hessian[m]!;
        }
        let gl = 0;
        let hl = 0;
        for (let k = 0; k < featureCuts.length; k += 1) {
          gl += gBins[k]!;
          hl += hBins[k]!;
          const gr = G - gl;
          const hr = H - hl;
          if (hl < minHessian || hr < minHessian) continue;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - (G * G) / (H + lambda);
          if (gain > (best?.gain ?? 1e-9)) best = { feature, below: featureCuts[k]!, gain };
        }
      }
      if (!best) return eta * leaf;
      const left = members.filter((m) => rows[m]!.x[best.feature]! < best.below);
      const right = members.filter((m) => rows[m]!.x[best.feature]! >= best.below);
      return { feature: answerFeatureNames[best.feature]!, below: best.below, left: build(left, level + 1), right: build(right, level + 1) };
    };
    const tree = build(rows.map((_, index) => index), 0);
    trees.push(tree);
    for (const row of rows) usable[row.g]!.score[row.i]! += treeValue(tree, Object.fromEntries(answerFeatureNames.map((name, index) => [name, row.x[index]!])) as AnswerFeatures);
  }
  return trees;
}

/** Per question: the best span's confidence (the lowest over parts) and whether the chosen spans hold the answer. */
export function judge(collected: Collected[], model: ConfidenceModel) {
  return collected.map(({ item, trace }) => {
    const tops = trace.parts.map((part) => topSpan(part.spans, model));
    const present = tops.filter((span) => span !== undefined);
    const refusedOutright = present.length === 0 || trace.parts.some((part) => part.kind === 'instruction') || present.every((span) => span.features.unknown >= model.refuseUnknownAt);
    if (refusedOutright) return { item, score: 0, best: 0, correct: false, answerable: item.expect.length > 0 };
    const score = Math.min(...present.map((span) => span.confidence));
    const best = Math.max(...present.map((span) => span.confidence));
    const correct = item.expect.length > 0 && (item.everyPart ? item.expect.every((entry) => present.some((span) => fromSource(item, span.passage.source) && holdsOne(span.quote, entry))) : present.some((span) => fromSource(item, span.passage.source) && holds(span.quote, item.expect)));
    return { item, score, best, correct, answerable: item.expect.length > 0 };
  });
}

/** A part's spans scored by a model, best first (as the answerer orders them). */
function rescored(spans: ScoredSpan[], model: ConfidenceModel): (ScoredSpan & { lead: number })[] {
  const scored = scoreSpans(
    spans.map((span) => span.features),
    model,
  );
  return spans.map((span, index) => ({ ...span, ...scored[index]! })).sort(byPreference);
}

function topSpan(spans: ScoredSpan[], model: ConfidenceModel): (ScoredSpan & { lead: number }) | undefined {
  return rescored(spans, model)[0];
}

const isGood = (item: DevQuestion, span: { quote: string; passage: { source: string } }) => item.expect.length > 0 && fromSource(item, span.passage.source) && holds(span.quote, item.expect);

/**
 * The confidence reads only a few features besides the ranking score and lead: how much of the question
 * the span and its passage say, words no document has, how retrieval rated the passage, the span's language
 * and whether it supplies the kind of thing asked. More overfits about 140 development question parts.
 */
const confidenceFeatures = new Set((process.env.FIT_CONF_FEATURES ?? 'coverage,context,passageCoverage,relativeScore,sameLanguage,typeMissing,typeStrength').split(','));

/** Features the earlier model had: the CV compares the ranker on them with the ranker on every feature. */
const earlierFeatures = new Set(['coverage', 'literal', 'context', 'rarest', 'focusMissing', 'proximity', 'kindFit', 'rank', 'relativeScore', 'unknown', 'novelty', 'titleShare', 'sameLanguage', 'passageCoverage']);

/**
 * Fits a whole model on some development questions: the listwise ranker, Platt scaling of the best span's
 * score against whether it answers, then the thresholds on a grid: a confident right answer or a refused
 * unanswerable question scores 1; a confident wrong answer -0.25, a confident answer to an unanswerable
 * question -1 (they mislead); a closest passage that holds the answer 0.5, one offered for an unanswerable
 * question -0.5.
 */
function train(collected: Collected[], mask: boolean[]): ConfidenceModel {
  const groups = collected.flatMap(({ item, trace }) => trace.parts.map((part) => part.spans.map((span) => ({ x: vector(span.features), y: isGood(item, span) ? 1 : 0 }))));
  const weightsOf = (values: number[]) => Object.fromEntries(answerFeatureNames.map((name, index) => [name, Math.round(values[index]! * 1000) / 1000])) as AnswerFeatures;
  const ranking = weightsOf(fitRanker(groups, mask));
  const base = groups.map((group) => group.map((row) => row.x.reduce((sum, value, index) => sum + value * (ranking[answerFeatureNames[index]!] ?? 0), 0)));
  const rankingTrees = fitTrees(
    groups.map((group) => group.map((row) => ({ ...row, x: row.x.map((value, index) => (mask[index] ? value : 0)) }))),
    base,
  );
  // The confidence: a logistic regression over each part's top span (by the ranker): its features, its
  // score and its lead, against whether it holds the answer (never, for an unanswerable question).
  const rankOnly: ConfidenceModel = { ranking, ...(rankingTrees.length > 0 ? { rankingTrees } : {}), bias: 0, weights: {}, answerAt: 0.5, closestAt: 0.5, refuseUnknownAt: 2 };
  const rows = collected.flatMap(({ item, trace }) =>
    trace.parts
      .filter((part) => part.kind !== 'instruction')
      .map((part) => topSpan(part.spans, rankOnly))
      .filter((span) => span !== undefined)
      .map((span) => ({ x: [...answerFeatureNames.map((name, index) => (mask[index] && confidenceFeatures.has(name) ? span.features[name] : 0)), span.score, span.lead], y: isGood(item, span) ? 1 : 0 })),
  );
  const fitted = fitLogistic(rows);
  const model: ConfidenceModel = {
    ranking,
    ...(rankingTrees.length > 0 ? { rankingTrees: roundTrees(rankingTrees) } : {}),
    bias: Math.round(fitted.bias * 1000) / 1000,
    weights: weightsOf(fitted.weights.slice(0, answerFeatureNames.length)),
    scoreWeight: Math.round(fitted.weights[answerFeatureNames.length]! * 1000) / 1000,
    leadWeight: Math.round(fitted.weights[answerFeatureNames.length + 1]! * 1000) / 1000,
    answerAt: 0.5,
    closestAt: 0.2,
    refuseUnknownAt: defaultConfidenceModel.refuseUnknownAt,
  };
  // The thresholds on a grid: a confident right answer or a refused unanswerable question scores 1; a
  // confident wrong answer -0.25, a confident answer to an unanswerable question -1 (they mislead); a closest
  // passage that holds the answer 0.5, one offered for an unanswerable question -0.5.
  // NOTE: thresholds that tie on the development questions form a plateau; the middle of it is chosen, so
  // that a threshold does not sit at the edge of what the development questions happen to allow.
  let bestObjective = -Infinity;
  let ties: { answerAt: number; closest: number; gate: number }[] = [];
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
          ties = [];
        }
        if (objective > bestObjective - 1e-9) ties.push({ answerAt, closest, gate });
      }
    }
  }
  const gate = ties[0]!.gate;
  const sameGate = ties.filter((tie) => tie.gate === gate);
  const answerAts = [...new Set(sameGate.map((tie) => Math.round(tie.answerAt * 100)))].sort((a, b) => a - b);
  const answerAt = answerAts[Math.floor((answerAts.length - 1) / 2)]! / 100;
  const closests = sameGate.filter((tie) => Math.round(tie.answerAt * 100) === Math.round(answerAt * 100)).map((tie) => tie.closest);
  model.answerAt = Math.round(answerAt * 1000) / 1000;
  model.closestAt = Math.round(closests[Math.floor((closests.length - 1) / 2)]! * 1000) / 1000;
  model.refuseUnknownAt = gate;
  return model;
}

/**
 * A logistic regression for the confidence, by Newton's method on standardised inputs with an L2 penalty
 * (class-balanced), returned on the inputs' own scale.
 */
function fitLogistic(rows: { x: number[]; y: number }[], l2 = Number(process.env.FIT_CONF_L2 ?? 1), steps = 30): { bias: number; weights: number[] } {
  const size = rows[0]?.x.length ?? 0;
  const mean = new Array<number>(size).fill(0);
  const spread = new Array<number>(size).fill(0);
  for (const row of rows) row.x.forEach((value, index) => (mean[index]! += value / rows.length));
  for (const row of rows) row.x.forEach((value, index) => (spread[index]! += (value - mean[index]!) ** 2 / rows.length));
  const sd = spread.map((value) => (value > 1e-12 ? Math.sqrt(value) : 0));
  const z = rows.map((row) => [1, ...row.x.map((value, index) => (sd[index]! > 0 ? (value - mean[index]!) / sd[index]! : 0))]);
  const positives = rows.filter((row) => row.y === 1).length;
  const classWeight = (y: number) => (y === 1 ? rows.length / (2 * Math.max(1, positives)) : rows.length / (2 * Math.max(1, rows.length - positives)));
  const n = size + 1;
  let beta = new Array<number>(n).fill(0);
  for (let step = 0; step < steps; step += 1) {
    const gradient = new Array<number>(n).fill(0);
    const hessian = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    rows.forEach((row, r) => {
      const x = z[r]!;
      const p = 1 / (1 + Math.exp(-x.reduce((sum, value, index) => sum + value * beta[index]!, 0)));
      const c = classWeight(row.y);
      for (let i = 0; i < n; i += 1) {
        gradient[i]! += c * (p - row.y) * x[i]!;
        for (let j = 0; j < n; j += 1) hessian[i]![j]! += c * p * (1 - p) * x[i]! * x[j]!;
      }
    });
    for (let i = 1; i < n; i += 1) {
      gradient[i]! += l2 * beta[i]!;
      hessian[i]![i]! += l2;
    }
    hessian[0]![0]! += 1e-9;
    const delta = solve(hessian, gradient);
    beta = beta.map((value, index) => value - delta[index]!);
    if (Math.max(...delta.map(Math.abs)) < 1e-7) break;
  }
  const weights = beta.slice(1).map((value, index) => (sd[index]! > 0 ? value / sd[index]! : 0));
  const bias = beta[0]! - weights.reduce((sum, value, index) => sum + value * mean[index]!, 0);
  return { bias, weights };
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, index) => [...row, vector[index]!]);
  for (let column = 0; column < n; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < n; row += 1) if (Math.abs(a[row]![column]!) > Math.abs(a[pivot]![column]!)) pivot = row;
    [a[column], a[pivot]] = [a[pivot]!, a[column]!];
    const lead = a[column]![column]! || 1e-12;
    for (let row = column + 1; row < n; row += 1) {
      const factor = a[row]![column]! / lead;
      for (let k = column; k <= n; k += 1) a[row]![k]! -= factor * a[column]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row -= 1) {
    let sum = a[row]![n]!;
    for (let k = row + 1; k < n; k += 1) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / (a[row]![row]! || 1e-12);
  }
  return x;
}

function roundTrees(trees: AnswerTree[]): AnswerTree[] {
  const round = (tree: AnswerTree): AnswerTree => (typeof tree === 'number' ? Math.round(tree * 10000) / 10000 : { ...tree, left: round(tree.left), right: round(tree.right) });
  return trees.map(round);
}

/** Span-level figures of a model on some questions: best span right, confident right answers, refusals. */
function score(collected: Collected[], model: ConfidenceModel) {
  const rows = judge(collected, model);
  const top1 = judge(collected, { ...model, refuseUnknownAt: 2 }).filter((row) => row.answerable && row.correct).length;
  const answerable = rows.filter((row) => row.answerable);
  const unanswerable = rows.filter((row) => !row.answerable);
  return {
    answerable: answerable.length,
    top1,
    right: answerable.filter((row) => row.score >= model.answerAt && row.correct).length,
    closestRight: answerable.filter((row) => row.score < model.answerAt && row.best >= model.closestAt && row.correct).length,
    unanswerable: unanswerable.length,
    refused: unanswerable.filter((row) => row.best < model.closestAt).length,
  };
}

type Score = ReturnType<typeof score>;

function describe(label: string, figures: Score): string {
  const share = (count: number, of: number) => `${count}/${of} (${((100 * count) / Math.max(1, of)).toFixed(0)}%)`;
  return `${label}: best span holds the answer ${share(figures.top1, figures.answerable)}; answered correctly ${share(figures.right, figures.answerable)}, closest holding it ${figures.closestRight}; unanswerable refused ${share(figures.refused, figures.unanswerable)}`;
}

/** K-fold cross-validation by question (seeded shuffle): each fold scored by a model fitted on the others. */
function crossValidate(collected: Collected[], mask: boolean[], folds = 5, seed = 12): Score {
  const order = collected.map((_, index) => index);
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  const total: Score = { answerable: 0, top1: 0, right: 0, closestRight: 0, unanswerable: 0, refused: 0 };
  for (let fold = 0; fold < folds; fold += 1) {
    const held = new Set(order.filter((_, position) => position % folds === fold));
    const model = train(collected.filter((_, index) => !held.has(index)), mask);
    const figures = score(collected.filter((_, index) => held.has(index)), model);
    for (const key of Object.keys(total) as (keyof Score)[]) total[key] += figures[key];
  }
  return total;
}

/** The data file the answerer reads its model from. */
function writeModel(model: ConfidenceModel, file: string): void {
  const body = JSON.stringify(model, null, 2);
  fs.writeFileSync(file, `// Generated by \`npm run fit:answers\` from development questions only. Do not edit by hand: refit instead.\nexport const fittedAnswerModel = ${body} as const;\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const documents: string[] = [];
  const questionFiles: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] === '--documents') documents.push(args[++index]!);
    else if (args[index] === '--questions') questionFiles.push(args[++index]!);
  }
  if (documents.length === 0 || documents.length !== questionFiles.length) throw new Error('usage: fit-answer-confidence (--documents DIR --questions FILE.jsonl)…, one questions file for each documents folder');
  // Each documents folder is indexed on its own and asked its own questions.
  const sets = documents.map((document, index) => ({ documents: [path.resolve(document)], questions: readQuestions(questionFiles[index]!) }));
  const questions = sets.flatMap((set) => set.questions);
  const collected: Collected[] = [];
  for (const set of sets) collected.push(...(await collect(set.documents, set.questions, [])).collected);

  const allFeatures = answerFeatureNames.map(() => true);
  const earlier = answerFeatureNames.map((name) => earlierFeatures.has(name));
  const answerableRows = collected.filter(({ item }) => item.expect.length > 0);
  const ceiling = answerableRows.filter(({ item, trace }) => trace.parts.some((part) => part.spans.some((span) => isGood(item, span)))).length;
  console.log(`answerable questions with a span that holds the answer among those scored: ${ceiling}/${answerableRows.length}`);
  if (!args.includes('--no-cv')) {
    console.log(describe('5-fold CV, earlier features', crossValidate(collected, earlier)));
    console.log(describe('5-fold CV, every feature  ', crossValidate(collected, allFeatures)));
  }
  const model = train(collected, allFeatures);
  console.log(describe('shipped model, in sample  ', score(collected, defaultConfidenceModel)));
  console.log(describe('fitted model, in sample   ', score(collected, model)));
  console.log(JSON.stringify(model, null, 2));
  if (args.includes('--verbose')) {
    for (const { item, trace } of answerableRows) {
      const ordered = trace.parts.flatMap((part) => rescored(part.spans, model));
      const conf = (span: (typeof ordered)[number]) => span.confidence;
      const good = ordered.filter((span) => isGood(item, span));
      const top = [...ordered].sort(byPreference)[0];
      if (good.length > 0 && top && !good.includes(top)) {
        const best = good.sort((left, right) => conf(right) - conf(left))[0]!;
        console.log(`MISRANKED at ${[...ordered].sort(byPreference).findIndex((span) => isGood(item, span)) + 1} ${item.kind} ${item.question}\n   top ${conf(top).toFixed(2)} ${top.quote.slice(0, 140)}\n   want ${conf(best).toFixed(2)} ${best.quote.slice(0, 140)}`);
      }
      if (good.length === 0) console.log(`NOT RETRIEVED ${item.kind} ${item.question}`);
    }
  }
  if (args.includes('--write')) {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/core/knowledge/answer-model.data.ts');
    writeModel(model, file);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  const rounded = model;

  // The figures through `ask` itself, scored as the answers benchmark scores them, by kind.
  if (args.includes('--quick')) return;
  const answers: Answer[][] = [[], []];
  for (const set of sets) {
    const result = await collect(set.documents, set.questions, [defaultConfidenceModel, rounded as ConfidenceModel]);
    answers[0]!.push(...result.answers[0]!);
    answers[1]!.push(...result.answers[1]!);
  }
  for (const [label, list] of [['shipped', answers[0]!], ['fitted', answers[1]!]] as const) {
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
      if (args.includes('--verbose') && !correct) console.log(`  [${label}] ${item.kind} ${outcome}: ${item.question} → ${answer.citations.map((citation) => `${path.basename(citation.source)}: ${citation.quote.slice(0, 140)}`).join(' | ')}`);
    });
    console.log(`through ask, ${label} model:`);
    for (const [key, entry] of byKind) console.log(`  ${key.padEnd(16)} ${entry.correct}/${entry.n} (${((100 * entry.correct) / entry.n).toFixed(0)}%)  ans/clo/ref ${entry.outcomes.answered}/${entry.outcomes.closest}/${entry.outcomes.refused}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
