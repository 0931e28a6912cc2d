import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../../src/core/assistant/index.ts';
import { councilsFileSchema, defaultCouncils, useCouncils } from '../../../src/core/councils/index.ts';
import {
  createAnalyzer,
  createGlossary,
  createKnowledge,
  questionLanguage,
} from '../../../src/core/knowledge/index.ts';
import { detectLanguage, mentionsMutatedCouncilName } from '../../../src/core/language/index.ts';
import { createFakeDocumentStore } from '../knowledge/fake-document-store.ts';
import { createFakeReader } from '../knowledge/fake-reader.ts';

// A third council added in the councils file is a name like the first two: written as it is, it does not make an
// English message look Welsh; mutated, it is Welsh; and a search by one of its names finds the others.
const caerphilly = {
  id: 'caerphilly',
  name: { en: 'Caerphilly', cy: 'Caerffili' },
  abbreviation: { en: 'CCBC', cy: 'CBSC' },
  domains: ['caerphilly.gov.uk'],
};

beforeEach(() => useCouncils(councilsFileSchema.parse({ councils: [...defaultCouncils, caerphilly] }).councils));
afterEach(() => useCouncils(defaultCouncils));

describe("a third council's name", () => {
  it('does not make an English message look Welsh', () => {
    // NOTE: "Caerffili" has Welsh letters (ff, ae) that the detector counts; as a configured name it counts for neither.
    expect(detectLanguage('Caerffili flood data')).toBe('en');
    expect(questionLanguage('Caerffili budget 2024')).toBe('en');
    expect(chooseLanguage('who knows Caerffili flood data')).toBe('en');
  });

  it('counts as Welsh when mutated', () => {
    expect(mentionsMutatedCouncilName('data llifogydd yng Nghaerffili')).toBe(1);
    expect(mentionsMutatedCouncilName('staff o Gaerffili a Thorfaen')).toBe(2);
    expect(detectLanguage('data llifogydd yng Nghaerffili')).toBe('cy');
  });

  it('is no name once the council leaves the councils file', () => {
    useCouncils(defaultCouncils);
    expect(detectLanguage('Caerffili flood data')).toBe('cy');
    expect(mentionsMutatedCouncilName('yng Nghaerffili')).toBe(0);
  });

  it('is in the search glossary: its abbreviation finds its names in both languages', () => {
    const analyzer = createAnalyzer();
    const expanded = createGlossary(analyzer)
      .expand(analyzer.terms('CCBC', 'en'), 'en')
      .map((term) => term.term);
    expect(expanded).toEqual(
      expect.arrayContaining([...analyzer.terms('Caerphilly', 'en'), ...analyzer.terms('Caerffili', 'cy')]),
    );
  });

  it('is found by a search that uses another of its names', async () => {
    const reader = createFakeReader({
      'garden.en.md': {
        title: 'Garden waste',
        language: 'en',
        published: '2025-03-01',
        body: '# Garden waste\n\nCaerphilly runs a paid garden waste collection from March to November.',
      },
      'parking.en.md': {
        title: 'Parking',
        language: 'en',
        published: '2025-03-01',
        body: '# Parking\n\nTorfaen charges for parking in town centres on weekdays.',
      },
    });
    const knowledge = createKnowledge({ store: createFakeDocumentStore(), reader });
    await knowledge.ingest(['garden.en.md', 'parking.en.md']);
    const results = await knowledge.search('CCBC');
    expect(results.map((result) => result.title)).toEqual(['Garden waste']);
  });
});
