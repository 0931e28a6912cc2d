/**
 * The calibrated confidence that a quoted span answers a question: a logistic function of a few features of
 * the span, its passage and the question. The weights and the two thresholds are fitted on development
 * questions only (`npm run fit:answers`, which prints this table); never on a test set.
 */
import { fittedAnswerModel } from './answer-model.data.ts';

export const answerFeatureNames = [
  /** Share of the question's words (weighted by rarity) the span itself says. */
  'coverage',
  /** Share of the question's words the documents have that the span says word for word (or by a glossary name). */
  'literal',
  /** The same, counting the span's neighbours and its passage's title and heading. */
  'context',
  /** 1 when the span says the question's rarest word that the documents have. */
  'rarest',
  /** How much the question's weightiest word the span does not say weighs, next to the weightiest word (0 = says them all). */
  'focusMissing',
  /** How close together the question's words sit in the span (1 = side by side). */
  'proximity',
  /** How well what the span supplies fits what the question asks for (a name for "who"…). */
  'kindFit',
  /** 1 / (1 + the passage's retrieval rank). */
  'rank',
  /** The passage's retrieval score over the best passage's. */
  'relativeScore',
  /** Share of the question's words (weighted) that no indexed document has at all. */
  'unknown',
  /** Share of the span's words that are neither the question's nor its document's title: what it adds. */
  'novelty',
  /** Share of the span's words that are its document's title or heading: a title line repeats, it does not answer. */
  'titleShare',
  /** 1 when the span is in the question's language. */
  'sameLanguage',
  /** Share of the question's words the whole passage (with its title) has. */
  'passageCoverage',
  /** BM25 of the span against the question's words (stand-ins credited, shorter spans favoured), over the question's weight. */
  'bm25',
  /** The span's BM25 next to the best span's for this question part (1 = the best). */
  'bm25Lead',
  /** The span's coverage next to the best coverage among spans in its own language (1 = the best in that language). */
  'coverageLead',
  /** How specifically the span supplies what a precise question asks for (a name and role, a full date, a figure). */
  'typeStrength',
  /** 1 / (1 + the span's place among its passage's sentences). */
  'position',
  /** 1 when the span is a short line without a sentence's end: a heading, a name line, a list label. */
  'fragment',
  /** The span's length in words over 30, at most 1. */
  'length',
  /** The span's coverage when it is in the other language than the question's (0 in the question's language). */
  'otherCoverage',
  /** 1 when the question asks for a name, date, figure, amount or period and the span supplies none. */
  'typeMissing',
  /** Coverage times `typeStrength`: the question's words said by a span that also supplies what is asked. */
  'typedCoverage',
] as const;

export type AnswerFeature = (typeof answerFeatureNames)[number];
export type AnswerFeatures = Record<AnswerFeature, number>;

/**
 * Two fitted parts. The ranker orders the spans of one question part (a linear score of their features,
 * fitted listwise: the spans that answer should come first). The confidence then says how likely the span
 * is to answer: a logistic function of its features, its ranking score and its lead over the best other
 * span, so a span far ahead of the rest is surer than one among equals.
 */
/** A regression tree over the features: a leaf is a number, a split sends a span left when its feature is below the threshold. */
export type AnswerTree = number | { feature: AnswerFeature; below: number; left: AnswerTree; right: AnswerTree };

export interface ConfidenceModel {
  /** Boosted trees added to the ranker's linear score (fitted listwise on what the linear part misses). */
  rankingTrees?: AnswerTree[];
  /** The ranker's weights. Without them the confidence's own weights rank. A feature without a weight counts 0. */
  ranking?: Partial<AnswerFeatures>;
  bias: number;
  /** The confidence's weights. */
  weights: Partial<AnswerFeatures>;
  /** Weight of the span's ranking score in the confidence. */
  scoreWeight?: number;
  /** Weight of the span's lead over the best other span's ranking score (negative for all but the first). */
  leadWeight?: number;
  /** At or above this confidence the span is quoted as the answer. */
  answerAt: number;
  /** At or above this (and below `answerAt`) the best spans are offered as the closest the documents come. */
  closestAt: number;
  /**
   * When at least this share of the question (weighted) is words no document has, nothing retrieved bears
   * on it ("who won the rugby in Torfaen?"): refused, whatever the passages hold.
   */
  refuseUnknownAt: number;
}

/**
 * Fitted by `npm run fit:answers` on development questions only (never on the evaluation's test half); the
 * script writes `answer-model.data.ts`, which is not edited by hand.
 */
export const defaultConfidenceModel: ConfidenceModel = fittedAnswerModel as ConfidenceModel;

function linear(weights: Partial<AnswerFeatures>, features: AnswerFeatures): number {
  let sum = 0;
  for (const name of answerFeatureNames) sum += (weights[name] ?? 0) * features[name];
  return sum;
}

/** The ranker's score of a span (higher ranks first). */
export function rankingScore(features: AnswerFeatures, model: ConfidenceModel = defaultConfidenceModel): number {
  let score = linear(model.ranking ?? model.weights, features);
  for (const tree of model.rankingTrees ?? []) score += treeValue(tree, features);
  return score;
}

export function treeValue(tree: AnswerTree, features: AnswerFeatures): number {
  let node = tree;
  while (typeof node !== 'number') node = features[node.feature] < node.below ? node.left : node.right;
  return node;
}

/** The model's confidence, from 0 to 1, that a span with these features (and this ranking score and lead) answers the question. */
export function confidence(features: AnswerFeatures, model: ConfidenceModel = defaultConfidenceModel, score = rankingScore(features, model), lead = 0): number {
  const sum = model.bias + linear(model.weights, features) + (model.scoreWeight ?? 0) * score + (model.leadWeight ?? 0) * lead;
  return 1 / (1 + Math.exp(-sum));
}

/**
 * Scores the spans of one question part: each one's ranking score, its lead over the best other span
 * (the first's lead over the second; a negative gap to the first for the rest) and its confidence.
 */
export function scoreSpans(features: AnswerFeatures[], model: ConfidenceModel = defaultConfidenceModel): { score: number; lead: number; confidence: number }[] {
  const scores = features.map((entry) => rankingScore(entry, model));
  let best = -Infinity;
  let second = -Infinity;
  for (const value of scores) {
    if (value > best) [best, second] = [value, best];
    else if (value > second) second = value;
  }
  return features.map((entry, index) => {
    const score = scores[index]!;
    const lead = score >= best ? (Number.isFinite(second) ? score - second : 1) : score - best;
    return { score, lead, confidence: confidence(entry, model, score, lead) };
  });
}
