import { describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../../src/core/assistant/index.ts';
import { createAnalyzer, createGlossary, questionLanguage } from '../../../src/core/knowledge/index.ts';
import { bothLanguages, detectLanguage, normalise, peopleSearchStopWords } from '../../../src/core/language/index.ts';
import { contentWords } from '../../../src/core/people/text.ts';

// The Welsh-language toolkit's outputs, pinned: the copies that were merged into core/language gave these, and the
// one copy must give them too. Where a row changed on purpose its comment says why.

/** [message, detected with an English fallback, detected with a Welsh fallback] */
const detected: [string, string, string][] = [
  // Changed on purpose: the councils' names as written count for neither language, so these read as English.
  ['who knows Blaenau Gwent flood data', 'en', 'en'],
  ['Is Blaenau Gwent merging with Torfaen?', 'en', 'en'],
  ['pwy sy’n gwybod am ddata llifogydd ym Mlaenau Gwent?', 'cy', 'cy'],
  ['Oes rhywun yn Nhorfaen yn gwybod am GIS?', 'cy', 'cy'],
  ['staff wellbeing', 'cy', 'cy'],
  ['Were staff consulted?', 'cy', 'cy'],
  // Changed on purpose: a name alone says nothing, so the fallback decides.
  ['Blaenau Gwent', 'en', 'cy'],
  ['Torfaen', 'en', 'cy'],
  ['head of waste in Torfaen', 'en', 'en'],
  ['counterpart jane.jones@torfaen.gov.uk', 'en', 'cy'],
  ['Diolch yn fawr', 'cy', 'cy'],
  ['What is the federation?', 'en', 'en'],
  ['Beth yw’r ffederasiwn?', 'cy', 'cy'],
  ['a Thorfaen', 'cy', 'cy'],
  ['TCBC and BGCBC budget', 'en', 'en'],
  ['Who leads the joint team?', 'en', 'en'],
  ['', 'en', 'cy'],
  ['GIS', 'en', 'cy'],
];

/** [message, chosen with no locale, chosen with a cy-GB locale] */
const chosen: [string, string, string][] = [
  ['who knows Blaenau Gwent flood data', 'en', 'en'],
  ['Is Blaenau Gwent merging with Torfaen?', 'en', 'en'],
  ['pwy sy’n gwybod am ddata llifogydd ym Mlaenau Gwent?', 'cy', 'cy'],
  ['Oes rhywun yn Nhorfaen yn gwybod am GIS?', 'cy', 'cy'],
  ['staff wellbeing', 'en', 'cy'],
  ['Were staff consulted?', 'en', 'cy'],
  ['Blaenau Gwent', 'en', 'cy'],
  ['Torfaen', 'en', 'cy'],
  ['head of waste in Torfaen', 'en', 'en'],
  ['counterpart jane.jones@torfaen.gov.uk', 'en', 'cy'],
  ['Diolch yn fawr', 'cy', 'cy'],
  ['What is the federation?', 'en', 'en'],
  ['Beth yw’r ffederasiwn?', 'cy', 'cy'],
  ["Pa mor aml mae'r cynghorau'n cyfarfod?", 'cy', 'cy'],
  ["What's the council's plan?", 'en', 'en'],
  ['a Thorfaen', 'cy', 'cy'],
  ['TCBC and BGCBC budget', 'en', 'en'],
  ['Who leads the joint team?', 'en', 'en'],
  ['', 'en', 'cy'],
  ['GIS', 'en', 'cy'],
];

/** [question, its language for retrieval] */
const questions: [string, string][] = [
  ['who knows Blaenau Gwent flood data', 'en'],
  ['Is Blaenau Gwent merging with Torfaen?', 'en'],
  ['pwy sy’n gwybod am ddata llifogydd ym Mlaenau Gwent?', 'cy'],
  ['Oes rhywun yn Nhorfaen yn gwybod am GIS?', 'cy'],
  ['staff wellbeing', 'cy'],
  ['Were staff consulted?', 'en'],
  // Changed on purpose, as for detection above.
  ['Blaenau Gwent', 'en'],
  ['Torfaen', 'en'],
  ['head of waste in Torfaen', 'en'],
  ['counterpart jane.jones@torfaen.gov.uk', 'en'],
  ['Diolch yn fawr', 'cy'],
  ['What is the federation?', 'en'],
  ['Beth yw’r ffederasiwn?', 'cy'],
  ['a Thorfaen', 'cy'],
  ['TCBC and BGCBC budget', 'en'],
  ['Who leads the joint team?', 'en'],
  ['', 'en'],
  ['GIS', 'en'],
];

const normalised: [string, string][] = [
  ['Ŵyn & Ŷd', 'wyn and yd'],
  ["Rhian's  GIS–team", 'rhians gis team'],
  ['Prif Weithredwr', 'prif weithredwr'],
  ['CAFÉ au lait 42', 'cafe au lait 42'],
];

const content: [string, string[]][] = [
  ['someone who knows GIS', ['gis']],
  ['pwy sy efo sgiliau y tîm', ['sgiliau', 'tim']],
  ['the and of', ['the', 'and', 'of']],
  ['Legal and Governance', ['legal', 'governance']],
];

const stopWords: [string, boolean][] = [
  ['the', true],
  ['knows', true],
  ['staff', true],
  ['mewn', true],
  ['not', false],
  ['yw', true],
  ['gis', false],
];

/** [query, its glossary expansion as term:weight] */
const expansions: [string, string[]][] = [
  [
    'TCBC budget',
    ['tcbc:1', 'budget:1', 'torfaen:0.5', 'pudget:0.5', 'financ:0.5', 'pinanc:0.5', 'cyllideb:0.5', 'cyllid:0.5'],
  ],
  ['Blaenau Gwent', ['blaenau:1', 'gwent:1', 'plaenau:0.5', 'cwent:0.5', 'bgcbc:0.5', 'pgcbc:0.5']],
  ['BGCBC', ['bgcbc:1', 'blaenau:0.5', 'gwent:0.5', 'plaenau:0.5', 'cwent:0.5', 'pgcbc:0.5']],
  ['Torfaen', ['torfaen:1', 'tcbc:0.5']],
  ['CBST', ['cbst:1']],
];

describe('the Welsh-language toolkit', () => {
  it("detects a message's language from its words", () => {
    expect(detected.map(([message]) => [message, detectLanguage(message), detectLanguage(message, 'cy')])).toEqual(
      detected,
    );
  });

  it('chooses the language of a reply', () => {
    expect(chosen.map(([message]) => [message, chooseLanguage(message), chooseLanguage(message, 'cy-GB')])).toEqual(
      chosen,
    );
  });

  it('tells the language of a question for retrieval', () => {
    expect(questions.map(([question]) => [question, questionLanguage(question)])).toEqual(questions);
  });

  it('normalises text for matching names and skills', () => {
    expect(normalised.map(([text]) => [text, normalise(text)])).toEqual(normalised);
    expect(content.map(([text]) => [text, contentWords(text)])).toEqual(content);
    expect(stopWords.map(([word]) => [word, peopleSearchStopWords.has(word)])).toEqual(stopWords);
  });

  it('writes a message in both languages, English first', () => {
    expect(bothLanguages({ en: 'Hello', cy: 'Helo' })).toBe('Hello / Helo');
  });

  it("expands the councils' names and abbreviations in a search", () => {
    const analyzer = createAnalyzer();
    const glossary = createGlossary(analyzer);
    const expand = (query: string) =>
      glossary.expand(analyzer.terms(query, 'en'), 'en').map((term) => `${term.term}:${term.weight}`);
    expect(expansions.map(([query]) => [query, expand(query)])).toEqual(expansions);
  });
});
