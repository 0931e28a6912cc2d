import { describe, expect, it } from 'vitest';
import { createAnalyzer, createGlossary, questionLanguage } from '../../../src/core/knowledge/index.ts';

describe('the retrieval analyzer', () => {
  const analyzer = createAnalyzer();

  it('drops English stop words and stems what is left', () => {
    expect(analyzer.terms('What are the councils recommending?', 'en')).toEqual(['council', 'recommend']);
  });

  it('drops Welsh stop words and the letters left by elisions', () => {
    expect(analyzer.terms("Ai uno yw'r ffederasiwn?", 'cy')).toEqual(['uno', 'ffederasiwn']);
  });

  it("drops the possessive s of council's", () => {
    expect(analyzer.terms("my council's budget", 'en')).toEqual(['council', 'budget']);
  });
});

describe('the federation glossary', () => {
  const analyzer = createAnalyzer();
  const glossary = createGlossary(analyzer);
  const expanded = (query: string, language: 'en' | 'cy') =>
    glossary
      .expand(analyzer.terms(query, language), language)
      .filter((term) => term.expanded)
      .map((term) => term.term);

  it('expands an acronym to the council it names', () => {
    expect(expanded('TCBC budget', 'en')).toContain('torfaen');
    expect(expanded('BGCBC', 'en')).toEqual(expect.arrayContaining(['blaenau', 'gwent']));
  });

  it('expands English names to Welsh ones and back', () => {
    expect(expanded('Who is the Chief Executive?', 'en')).toEqual(
      expect.arrayContaining(['prif', 'weithredwr', 'ceo']),
    );
    expect(expanded('Pwy yw’r Prif Weithredwr?', 'cy')).toEqual(expect.arrayContaining(['chief', 'execut']));
    expect(expanded('CLlLC', 'cy')).toContain('wlga');
    expect(expanded('Local Partnerships', 'en')).toEqual(expect.arrayContaining(['partneriaethau', 'lleol']));
    expect(expanded('Is this a merger?', 'en')).toContain('uno');
    expect(expanded('Cyd-Brif Weithredwr', 'cy')).toEqual(expect.arrayContaining(['joint', 'chief', 'execut']));
  });

  it('weights expansions below the words of the question', () => {
    const terms = glossary.expand(analyzer.terms('WLGA', 'en'), 'en');
    expect(terms.find((term) => term.term === 'wlga')).toMatchObject({ weight: 1, expanded: false });
    expect(terms.find((term) => term.term === 'clllc')).toMatchObject({ weight: 0.5, expanded: true });
  });

  it('adds nothing to a query that names nothing in the glossary', () => {
    expect(expanded('canteen menu', 'en')).toEqual([]);
  });

  it('matches a body named "… for Wales" or "… Cymru" without those words, and no other name by its start', () => {
    const named = createGlossary(analyzer, [
      { en: ['Social Partnership Council for Wales'], cy: ['Cyngor Partneriaeth Gymdeithasol Cymru'], both: ['SPC'] },
      { en: ['Welsh Local Government Association'], cy: [], both: ['WLGA'] },
    ]);
    const through = (query: string, language: 'en' | 'cy') =>
      named
        .expand(analyzer.terms(query, language), language)
        .filter((term) => term.expanded)
        .map((term) => term.term);
    expect(through('how often does the social partnership council meet', 'en')).toContain('spc');
    expect(through('pa mor aml mae’r Cyngor Partneriaeth Gymdeithasol yn cyfarfod', 'cy')).toContain('spc');
    expect(through('who sits on the partnership council', 'en')).toEqual([]);
    expect(through('welsh local government reform', 'en')).toEqual([]);
    const careAndGovernment = createGlossary(analyzer, [
      { en: ['Social Care Wales'], cy: [], both: ['SCW'] },
      { en: ['Local Government Association'], cy: ['Cymdeithas Llywodraeth Leol'], both: ['LGA'] },
      { en: ['Welsh Local Government Association'], cy: ['Cymdeithas Llywodraeth Leol Cymru'], both: ['WLGA'] },
    ]);
    const expandedBy = (query: string, language: 'en' | 'cy') =>
      careAndGovernment
        .expand(analyzer.terms(query, language), language)
        .filter((term) => term.expanded)
        .map((term) => term.term);
    // Two words left are too few ("social care"), and a name that is another entry's is that entry's.
    expect(expandedBy('who pays for social care', 'en')).not.toContain('scw');
    expect(expandedBy('Beth mae Cymdeithas Llywodraeth Leol yn ei wneud?', 'cy')).not.toContain('wlga');
  });
});

describe('the language of a question', () => {
  it.each([
    ['Were staff consulted?', 'en'],
    ['Is Blaenau Gwent merging with Torfaen?', 'en'],
    ['Who leads Torfaen?', 'en'],
    ['Beth ddywedodd Llywodraeth Cymru?', 'cy'],
    ["Pwy yw'r Prif Weithredwr ar y Cyd?", 'cy'],
    ['A yw pob cyngor yn cadw ei sofraniaeth?', 'cy'],
  ] as const)('reads "%s" as %s', (question, language) => {
    expect(questionLanguage(question)).toBe(language);
  });
});
