import { beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge, type KnowledgeService } from '../../../src/core/knowledge/index.ts';
import { createDocumentReader, starterCorpusDir } from '../../../src/ingest/index.ts';
import { createFakeDocumentStore } from './fake-document-store.ts';

let knowledge: KnowledgeService;

beforeAll(async () => {
  knowledge = createKnowledge({ store: createFakeDocumentStore(), reader: createDocumentReader() });
  await knowledge.ingest([starterCorpusDir]);
});

/** Questions people ask in their own words, each with the start of the fact-sheet sentence that answers it. */
const covered: { question: string; language: 'en' | 'cy'; quote: RegExp }[] = [
  {
    question: 'What is the combined financial pressure?',
    language: 'en',
    quote: /^In April 2024 the two councils together faced a projected financial pressure of about £70 million/,
  },
  {
    question: 'How much financial pressure do the councils face?',
    language: 'en',
    quote: /^In April 2024 the two councils together faced a projected financial pressure/,
  },
  {
    question: 'What was the overall projected financial pressure?',
    language: 'en',
    quote: /^In April 2024 the two councils together faced a projected financial pressure/,
  },
  { question: 'Who supported the review?', language: 'en', quote: /review of it was supported by Local Partnerships/ },
  {
    question: 'Which organisation supported the review of the discovery phase?',
    language: 'en',
    quote: /review of it was supported by Local Partnerships/,
  },
  {
    question: 'When was the joint senior management team set up?',
    language: 'en',
    quote: /^A joint senior management team for the two councils was set up in May 2025/,
  },
  {
    question: 'Do the councils keep their own sovereignty?',
    language: 'en',
    quote: /^The federation is not a merger: .*keeps its own financial and democratic sovereignty/,
  },
  {
    question: 'Who leads the councils?',
    language: 'en',
    quote: /^The council leaders are Cllr Steve Thomas for Blaenau Gwent and Cllr Anthony Hunt for Torfaen/,
  },
  {
    question: "Beth yw'r pwysau ariannol?",
    language: 'cy',
    quote: /^Ym mis Ebrill 2024 roedd y ddau gyngor gyda'i gilydd yn wynebu pwysau ariannol/,
  },
  {
    question: "Beth yw'r pwysau ariannol cyfunol?",
    language: 'cy',
    quote: /^Ym mis Ebrill 2024 roedd y ddau gyngor gyda'i gilydd yn wynebu pwysau ariannol/,
  },
  {
    question: "Pwy oedd yn cefnogi'r adolygiad?",
    language: 'cy',
    quote: /adolygiad ohono ei gefnogi gan Partneriaethau Lleol/,
  },
  {
    question: "Ydy'r cynghorau'n cadw eu sofraniaeth?",
    language: 'cy',
    quote: /^Nid uno yw'r ffederasiwn: .*sofraniaeth ariannol/,
  },
  {
    question: 'Pwy yw arweinwyr y cynghorau?',
    language: 'cy',
    quote: /^Arweinwyr y cynghorau yw'r Cynghorydd Steve Thomas/,
  },
];

/** Questions the fact sheet does not answer, some sharing a word or two with it. */
const uncovered: { question: string; language: 'en' | 'cy' }[] = [
  { question: 'What is on the canteen menu?', language: 'en' },
  { question: 'How do I get a parking permit?', language: 'en' },
  { question: 'What are the parking rules for council staff?', language: 'en' },
  { question: 'What will the weather be like tomorrow?', language: 'en' },
  { question: 'Who won the rugby?', language: 'en' },
  { question: 'Who won the rugby in Torfaen?', language: 'en' },
  { question: 'What is the salary of the Joint Chief Executive?', language: 'en' },
  { question: 'What is the total budget of Torfaen?', language: 'en' },
  { question: 'Beth yw bwydlen y ffreutur?', language: 'cy' },
  { question: 'Pwy enillodd y rygbi?', language: 'cy' },
  { question: "Beth yw'r tywydd heddiw?", language: 'cy' },
  { question: "Sut ydw i'n cael trwydded barcio?", language: 'cy' },
];

describe('answering questions in people’s own words over the fact sheet', () => {
  it.each(covered)(
    'answers “$question” by quoting the sentence that says it',
    async ({ question, language, quote }) => {
      const answer = await knowledge.ask(question);
      expect(answer).toMatchObject({ answered: true, language });
      expect(answer.citations[0]!.quote).toMatch(quote);
      expect(answer.citations[0]!.language).toBe(language);
    },
  );

  it.each(uncovered)(
    'refuses “$question”, which the documents do not answer, and quotes nothing',
    async ({ question, language }) => {
      const answer = await knowledge.ask(question);
      expect(answer).toMatchObject({ answered: false, language, citations: [] });
    },
  );
});
