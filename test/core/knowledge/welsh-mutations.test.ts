import { describe, expect, it } from 'vitest';
import { createAnalyzer, foldMutation } from '../../../src/core/knowledge/index.ts';

describe('Welsh mutation folding', () => {
  it.each([
    ['thorfaen', 'torfaen'],
    ['nhorfaen', 'torfaen'],
    ['dorfaen', 'torfaen'],
    ['nghynghorau', 'cynghorau'],
    ['gynghorau', 'cynghorau'],
    ['chynghorau', 'cynghorau'],
    ['gyngor', 'cyngor'],
    ['nghyngor', 'cyngor'],
    ['chyngor', 'cyngor'],
  ])('folds %s onto the same key as its radical form (%s)', (mutated, radical) => {
    expect(foldMutation(mutated)).toBe(foldMutation(radical));
    expect(foldMutation(mutated)).toBe(radical);
  });

  it('folds the soft and nasal mutations of b, p and m together', () => {
    expect(foldMutation('mlaenau')).toBe(foldMutation('blaenau'));
    expect(foldMutation('flaenau')).toBe(foldMutation('blaenau'));
    expect(foldMutation('brif')).toBe(foldMutation('prif'));
    expect(foldMutation('mhrif')).toBe(foldMutation('prif'));
  });

  it('leaves ff, words without a mutable initial and very short words alone', () => {
    expect(foldMutation('ffederasiwn')).toBe('ffederasiwn');
    expect(foldMutation('uno')).toBe('uno');
    expect(foldMutation('yn')).toBe('yn');
  });

  it('makes a Welsh query word match its mutated form in Welsh text, but leaves English text unfolded', () => {
    const analyzer = createAnalyzer();
    expect(analyzer.terms('yn Nhorfaen', 'cy')).toEqual(analyzer.terms('Torfaen', 'cy'));
    expect(analyzer.terms('fy nghyngor', 'cy')).toEqual(analyzer.terms('cyngor', 'cy'));
    expect(analyzer.terms('the Thames', 'en')).toEqual(['thame']);
  });
});
