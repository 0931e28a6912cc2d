import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  answerFeatureNames,
  checkedModel,
  defaultConfidenceModel,
} from '../../../src/core/knowledge/answer-confidence.ts';

const modelFile = new URL('../../../src/core/knowledge/answer-model.json', import.meta.url);

describe('the fitted answer model file', () => {
  it('is what the answerer uses, with a weight for every feature', () => {
    const fromFile = JSON.parse(fs.readFileSync(modelFile, 'utf8')) as Record<string, unknown>;
    expect(defaultConfidenceModel).toEqual(fromFile);
    for (const name of answerFeatureNames) expect(typeof defaultConfidenceModel.weights[name]).toBe('number');
    expect(defaultConfidenceModel.closestAt).toBeLessThanOrEqual(defaultConfidenceModel.answerAt);
  });

  it('is refused, naming what is missing, when a weight or a threshold is absent', () => {
    const fromFile = JSON.parse(fs.readFileSync(modelFile, 'utf8')) as {
      weights: Record<string, unknown>;
      answerAt?: unknown;
    };
    delete fromFile.weights.kindFit;
    fromFile.answerAt = 'high';
    expect(() => checkedModel(fromFile)).toThrow(/answerAt, weights\.kindFit/);
  });
});
