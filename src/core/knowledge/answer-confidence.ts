import fittedModel from './answer-model.json' with { type: 'json' };

/**
 * The calibrated confidence that a quoted span answers a question: a logistic function of a few features of
 * the span, its passage and the question. The weights and the two thresholds are fitted on development
 * questions only (`npm run fit:answers -- … --write`, which writes them to answer-model.json); never on a test
 * set.
 */
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
] as const;

export type AnswerFeature = (typeof answerFeatureNames)[number];
export type AnswerFeatures = Record<AnswerFeature, number>;

export interface ConfidenceModel {
  bias: number;
  weights: AnswerFeatures;
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
 * Fitted by `npm run fit:answers -- … --write` on development questions only: the development half of the
 * answers evaluation (45 public documents, 84 questions) and scripts/answer-calibration/starter-dev.jsonl over
 * the starter corpus (46 questions); never on the evaluation's test half. The script writes answer-model.json;
 * this checks that it names a weight for every feature.
 */
export const defaultConfidenceModel: ConfidenceModel = checkedModel(fittedModel);

/** The fitted model as read from its file, refused when a weight or threshold is missing or not a number. */
export function checkedModel(value: unknown): ConfidenceModel {
  const model = value as Partial<ConfidenceModel> | undefined;
  const numeric = (number: unknown) => typeof number === 'number' && Number.isFinite(number);
  const weights = model?.weights as Record<string, unknown> | undefined;
  const missing = [
    ...(['bias', 'answerAt', 'closestAt', 'refuseUnknownAt'] as const).filter((name) => !numeric(model?.[name])),
    ...answerFeatureNames.filter((name) => !numeric(weights?.[name])).map((name) => `weights.${name}`),
  ];
  if (missing.length > 0) throw new Error(`the answer confidence model lacks ${missing.join(', ')}`);
  return model as ConfidenceModel;
}

/** The model's confidence, from 0 to 1, that a span with these features answers the question. */
export function confidence(features: AnswerFeatures, model: ConfidenceModel = defaultConfidenceModel): number {
  let sum = model.bias;
  for (const name of answerFeatureNames) sum += model.weights[name] * features[name];
  return 1 / (1 + Math.exp(-sum));
}
