import { beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge, type KnowledgeService } from '../../src/core/knowledge/index.ts';
import { createDocumentReader, indexStarterCorpus } from '../../src/ingest/index.ts';
import { createFakeDocumentStore } from '../core/knowledge/fake-document-store.ts';

/** Paraphrased questions over the starter fact sheet: the sentence a covered one must quote, or null for a refusal. */
const questions: [question: string, quote: RegExp | null][] = [
  ['What is the combined financial pressure?', /projected financial pressure of about £70 million/],
  ['What is the overall financial pressure facing the councils?', /projected financial pressure of about £70 million/],
  ['how much money pressure do the councils face', /projected financial pressure of about £70 million/],
  ['who supported the review', /review of it was supported by Local Partnerships/],
  ['what is a Section 113 agreement for here', /Section 113 agreement .* to share senior roles/],
  ['do the councils keep their own budgets', /each council still makes its own budget decisions/],
  ['when was the joint senior management team set up', /joint senior management team .* set up in May 2025/],
  ['Pryd sefydlwyd yr uwch dîm rheoli ar y cyd?', /uwch dîm rheoli ar y cyd .* Mai 2025/],
  ['Is the federation a merger?', /The federation is not a merger/],
  ["Beth yw'r pwysau ariannol?", /pwysau ariannol rhagamcanol o tua £70 miliwn/],
  ["Beth yw'r pwysau ariannol cyfunol?", /pwysau ariannol rhagamcanol o tua £70 miliwn/],
  ['Pwy gefnogodd adolygiad y cyfnod darganfod?', /adolygiad ohono ei gefnogi gan Partneriaethau Lleol/],
  ['Ydy pob cyngor yn gwneud ei benderfyniadau ei hun am ei gyllideb?', /benderfyniadau ei hun am ei gyllideb/],
  ['Beth yw cytundeb Adran 113?', /cytundeb Adran 113/],
  ['What is on the canteen menu?', null],
  ['What is the canteen menu?', null],
  ['How do I get parking permits?', null],
  ['What is the weather today?', null],
  ['Who won the rugby?', null],
  ["Beth yw'r fwydlen yn y ffreutur?", null],
  ["Beth yw'r tywydd heddiw?", null],
  ['Pwy enillodd y rygbi?', null],
];

describe('questions over the starter fact sheet', () => {
  let knowledge: KnowledgeService;
  beforeAll(async () => {
    knowledge = createKnowledge({ store: createFakeDocumentStore(), reader: createDocumentReader() });
    await indexStarterCorpus(knowledge);
  });

  it.each(questions.filter((row): row is [string, RegExp] => row[1] !== null))('%s → %s', async (question, quote) => {
    const answer = await knowledge.ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]!.quote).toMatch(quote);
  });

  it.each(questions.filter(([, quote]) => quote === null).map(([question]) => question))(
    '%s → refused',
    async (question) => {
      expect(await knowledge.ask(question)).toMatchObject({ answered: false, citations: [] });
    },
  );
});
