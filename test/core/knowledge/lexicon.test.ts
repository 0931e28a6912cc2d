import { describe, expect, it } from 'vitest';
import { createAnalyzer, createLexicon, translationWeight } from '../../../src/core/knowledge/index.ts';
import { defaultLexiconFile, defaultLexiconFiles, readLexiconFile } from '../../../src/store/knowledge/index.ts';

const analyzer = createAnalyzer();

describe('the Welsh–English lexicon', () => {
  it('reads its pairs only when a question is first expanded', () => {
    let reads = 0;
    const lexicon = createLexicon(analyzer, () => {
      reads += 1;
      return '# comment\nllifogydd\tfloods\ngrant\tgrant\n';
    });
    expect(reads).toBe(0);
    expect(lexicon.size).toBe(0);
    lexicon.expand('grant llifogydd', 'cy', new Set());
    lexicon.expand('floods', 'en', new Set());
    expect(reads).toBe(1);
    expect(lexicon.size).toBe(2);
  });

  it('adds translations at a lower weight than the question’s own words, saying what each stands for', () => {
    const lexicon = createLexicon(analyzer, () => 'llifogydd\tfloods\ngweithredwr\texecutive\n');
    const { terms, alternatives } = lexicon.expand('Beth am lifogydd?', 'cy', new Set());
    const flood = terms.find((term) => term.term === analyzer.term('floods', 'en'));
    expect(flood).toMatchObject({ weight: translationWeight, expanded: true });
    expect(flood!.weight).toBeLessThan(1);
    expect(
      alternatives.some((alternative) => alternative.variants.some((variant) => variant.includes(flood!.term))),
    ).toBe(true);
    // A g-initial word loses its g after a soft mutation ("ei weithredwr"): the dropped form translates too.
    expect(lexicon.expand('ei weithredwr', 'cy', new Set()).terms.map((term) => term.term)).toContain(
      analyzer.term('executive', 'en'),
    );
  });

  it('translates English words into Welsh terms', () => {
    const lexicon = createLexicon(analyzer, () => 'llyfr\tbook\n');
    expect(lexicon.expand('library books', 'en', new Set()).terms.map((term) => term.term)).toContain(
      analyzer.term('llyfr', 'cy'),
    );
  });

  it('adds nothing when the file is missing', () => {
    const lexicon = createLexicon(analyzer, () => readLexiconFile('/nonexistent/cy-en.tsv'));
    expect(
      lexicon.expand('grant llifogydd', 'cy', new Set()).terms.filter((term) => term.weight === translationWeight),
    ).toEqual([]);
  });

  it('reads several files in order, leaving out one that is missing', () => {
    const text = readLexiconFile(['/nonexistent/terms.tsv', ...defaultLexiconFiles])!;
    expect(text.indexOf('llesiant\twell-being')).toBeGreaterThan(-1);
    expect(text.indexOf('llesiant\twell-being')).toBeLessThan(text.indexOf('GPL'));
    expect(readLexiconFile(['/nonexistent/a.tsv', '/nonexistent/b.tsv'])).toBeUndefined();
  });

  it('translates the words of Welsh public administration that the dictionary lacks, both ways', () => {
    const lexicon = createLexicon(analyzer, () => readLexiconFile(defaultLexiconFiles));
    const english = (question: string) => lexicon.expand(question, 'cy', new Set()).terms.map((term) => term.term);
    // Words of Welsh public administration the dictionary lacks: well-being, procurement, percentage.
    expect(english('nodau llesiant')).toContain(analyzer.term('well', 'en'));
    expect(english('partneriaeth gymdeithasol a chaffael cyhoeddus')).toContain(analyzer.term('procurement', 'en'));
    expect(english('y cynnydd canrannol')).toContain(analyzer.term('percentage', 'en'));
    const welsh = lexicon.expand('how often must it meet', 'en', new Set()).terms.map((term) => term.term);
    expect(welsh).toContain(analyzer.term('aml', 'cy'));
  });

  it('ships thousands of pairs with their licence', () => {
    const text = readLexiconFile(defaultLexiconFile)!;
    expect(text).toMatch(/GPL|General Public License/);
    const lexicon = createLexicon(analyzer, () => text);
    lexicon.expand('cyngor', 'cy', new Set());
    expect(lexicon.size).toBeGreaterThan(10_000);
  });
});
