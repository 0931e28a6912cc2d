import { describe, expect, it } from 'vitest';
import { createKnowledge } from '../../../src/core/knowledge/index.ts';
import { defaultLexiconFiles, readLexiconFile } from '../../../src/store/knowledge/index.ts';
import { abbreviationEntries, abbreviationsIn } from '../../../src/core/knowledge/text/abbreviations.ts';
import { createAnalyzer, createLexicon, sameNameInBothLanguages } from '../../../src/core/knowledge/text/index.ts';
import { createFakeDocumentStore } from './fake-document-store.ts';
import { createFakeReader } from './fake-reader.ts';

describe('abbreviations a document defines', () => {
  it.each([
    [
      'Regulations establish four new corporate joint committees, or CJCs, in Wales.',
      'CJCs',
      'corporate joint committees',
    ],
    ['The Social Partnership Council for Wales ("SPC") is established.', 'SPC', 'Social Partnership Council for Wales'],
    ['Sefydlir Cyngor Partneriaeth Gymdeithasol Cymru (“CPG”).', 'CPG', 'Cyngor Partneriaeth Gymdeithasol Cymru'],
    ['Mae Cyd-bwyllgorau Corfforedig (CBCau) yn gyrff newydd.', 'CBCau', 'Cyd-bwyllgorau Corfforedig'],
    ['Cymdeithas Llywodraeth Leol Cymru (CLlLC) a ddywedodd', 'CLlLC', 'Cymdeithas Llywodraeth Leol Cymru'],
    ['£5.7bn from the Welsh Government Revenue Support Grant (RSG).', 'RSG', 'Revenue Support Grant'],
  ])('reads “%s”', (text, short, long) => {
    expect(abbreviationsIn(text, 'en')).toEqual([{ short, long, language: 'en' }]);
  });

  it('does not take a bracket that is not an abbreviation of the words before it', () => {
    expect(abbreviationsIn('The Local Government and Elections (Wales) Act 2021 was passed.', 'en')).toEqual([]);
    expect(abbreviationsIn('Torfaen council (TCBC is another name) met.', 'en')).toEqual([]);
    expect(abbreviationsIn('Staff from the health board (NHS) joined the review.', 'en')).toEqual([]);
    expect(abbreviationsIn('The new system (NOT the old one) starts today.', 'en')).toEqual([]);
  });

  it('does not read a name with an abbreviation in it as a second meaning', () => {
    const text =
      'The Corporate Joint Committee (CJC) met. Members of the South East Wales CJC, the committee (CJC) agreed.';
    expect(abbreviationEntries(abbreviationsIn(text, 'en')).map((entry) => entry.en)).toEqual([
      ['Corporate Joint Committee'],
    ]);
  });
});

describe('which defined abbreviations stand in for their names', () => {
  it('leaves out two-letter ones and those the documents give two meanings', () => {
    const entries = abbreviationEntries([
      { short: 'CJCs', long: 'corporate joint committees', language: 'en' },
      { short: 'CJC', long: 'Corporate Joint Committee', language: 'en' },
      { short: 'AD', long: 'Alzheimer disease', language: 'en' },
      { short: 'CBT', long: 'cognitive behavioural therapy', language: 'en' },
      { short: 'CBT', long: 'computer based training', language: 'en' },
    ]);
    expect(entries.map((entry) => entry.both)).toEqual([['CJCs', 'CJC'], ['CJC']]);
  });
});

describe('an abbreviation defined in Welsh and one defined in English for the same name', () => {
  const analyzer = createAnalyzer();
  const lexicon = createLexicon(analyzer, () => readLexiconFile(defaultLexiconFiles));
  const same = (welsh: string, english: string) => sameNameInBothLanguages(lexicon, analyzer, welsh, english);

  it('judges names the same when every word of each translates to a word of the other, in any order', () => {
    expect(same('Cyd-bwyllgorau Corfforedig', 'Corporate Joint Committees')).toBe(true);
    expect(same('Cyngor Partneriaeth Gymdeithasol Cymru', 'Social Partnership Council for Wales')).toBe(true);
  });

  it('does not when a word of either is left over, or the names differ', () => {
    expect(same('Cyngor Partneriaeth Gymdeithasol', 'Social Partnership Council for Wales')).toBe(false);
    expect(same('Cyngor Partneriaeth Gymdeithasol Cymru', 'Social Partnership Council')).toBe(false);
    expect(same('Cyd-bwyllgorau Corfforedig', 'Social Partnership Council for Wales')).toBe(false);
    // NOTE: one word is never enough: "cyngor" also translates "advice".
    expect(same('Cyngor', 'Council')).toBe(false);
  });

  const welshCommittees = { short: 'CBCau', long: 'Cyd-bwyllgorau Corfforedig', language: 'cy' as const };
  const englishCommittees = { short: 'CJCs', long: 'Corporate Joint Committees', language: 'en' as const };

  it('makes them one glossary entry, each short form standing in for both names', () => {
    expect(abbreviationEntries([welshCommittees, englishCommittees], same)).toEqual([
      { en: ['Corporate Joint Committees'], cy: ['Cyd-bwyllgorau Corfforedig'], both: ['CJCs', 'CJC', 'CBCau', 'CBC'] },
    ]);
  });

  it('links the Welsh name to an English one defined in both its singular and its plural', () => {
    const singular = { short: 'CJC', long: 'Corporate Joint Committee', language: 'en' as const };
    expect(abbreviationEntries([welshCommittees, englishCommittees, singular], same)).toEqual([
      {
        en: ['Corporate Joint Committees', 'Corporate Joint Committee'],
        cy: ['Cyd-bwyllgorau Corfforedig'],
        both: ['CJCs', 'CJC', 'CBCau', 'CBC'],
      },
    ]);
  });

  it('keeps them apart without the judgement, or when two names of the other language would match', () => {
    expect(abbreviationEntries([welshCommittees, englishCommittees])).toHaveLength(2);
    const twice = [
      welshCommittees,
      englishCommittees,
      { short: 'JCCs', long: 'Joint Corporate Committees', language: 'en' as const },
    ];
    expect(abbreviationEntries(twice, same)).toHaveLength(3);
  });
});

describe('asking with an abbreviation', () => {
  const statement = {
    title: 'Regional working',
    language: 'en' as const,
    body: [
      'In March the Senedd approved regulations establishing four new corporate joint committees, or CJCs, in Wales.',
      '',
      'The weather in March was unusually wet across the region.',
      '',
      'Corporate joint committees can employ staff and hold assets in their own name.',
    ].join('\n'),
  };

  it('finds the sentence that spells the name out, through the abbreviation the document defines', async () => {
    const knowledge = createKnowledge({
      store: createFakeDocumentStore(),
      reader: createFakeReader({ 'regional.en.md': statement }),
    });
    await knowledge.ingest(['regional.en.md']);
    const answer = await knowledge.ask('can cjcs employ staff?');
    expect(answer).toMatchObject({ answered: true, outcome: 'answered' });
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'Corporate joint committees can employ staff and hold assets in their own name.',
    ]);
  });

  it('forgets the abbreviation when the document that defined it is removed', async () => {
    const definition = { ...statement, body: statement.body.split('\n')[0]! };
    const powers = {
      title: 'Powers',
      language: 'en' as const,
      body: 'Corporate joint committees can employ staff and hold assets in their own name.',
    };
    const knowledge = createKnowledge({
      store: createFakeDocumentStore(),
      reader: createFakeReader({ 'definition.en.md': definition, 'powers.en.md': powers }),
    });
    await knowledge.ingest(['definition.en.md', 'powers.en.md']);
    const sources = async () => (await knowledge.search('cjcs')).map((result) => result.source);
    expect(await sources()).toContain('powers.en.md');
    await knowledge.removeDocuments(['definition.en.md']);
    expect(await sources()).toEqual([]);
  });
});

describe('a body named "… for Wales", asked about without those words', () => {
  it('finds what the other language says of it, through the abbreviations each language defines', async () => {
    const knowledge = createKnowledge({
      store: createFakeDocumentStore(),
      reader: createFakeReader({
        'deddf.cy.md': {
          title: 'Y Ddeddf',
          language: 'cy' as const,
          body: [
            'Mae’r Ddeddf yn sefydlu Cyngor Partneriaeth Gymdeithasol Cymru (CPG).',
            '',
            'Rhaid i’r CPG gyfarfod o leiaf 3 gwaith ym mhob cyfnod o 12 mis.',
          ].join('\n'),
        },
        'news.en.md': {
          title: 'News',
          language: 'en' as const,
          body: 'The Social Partnership Council for Wales (SPC) advises the Welsh Ministers on fair work.',
        },
      }),
      lexiconText: () => readLexiconFile(defaultLexiconFiles),
    });
    await knowledge.ingest(['deddf.cy.md', 'news.en.md']);
    const answer = await knowledge.ask('how often must the social partnership council meet?');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'Rhaid i’r CPG gyfarfod o leiaf 3 gwaith ym mhob cyfnod o 12 mis.',
    ]);
  });
});
