import { beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge, knowledgeMessages, type KnowledgeService } from '../../../src/core/knowledge/index.ts';
import type { AnswerWriterInput } from '../../../src/core/knowledge/types.ts';
import { createDocumentReader } from '../../../src/ingest/index.ts';
import { createFakeDocumentStore } from './fake-document-store.ts';

// NOTE: ten notes say when the committee was set up, in the words of the question's first part; the minutes
// of one meeting say who chairs it. Searched as a whole, the question's best passages are all set-up notes.
const question =
  'When was the South East Wales Corporate Joint Committee for regional planning set up and who chairs it?';
const chairNote = 'Councillor Mary Ann Brocklesby was elected to chair the committee.';

const store = createFakeDocumentStore();
let knowledge: KnowledgeService;

beforeAll(async () => {
  knowledge = createKnowledge({ store, reader: createDocumentReader() });
  const add = (source: string, title: string, body: string) =>
    knowledge.addDocument({ source, title, body, language: 'en', kind: 'document' });
  for (let index = 1; index <= 10; index += 1)
    await add(
      `setup-${index}.md`,
      `South East Wales Corporate Joint Committee: establishment note ${index}`,
      `The committee for regional planning was set up by regulations made in March 2021 (note ${index}).`,
    );
  await add('meeting.md', 'South East Wales Corporate Joint Committee: meeting of 5 May 2025', chairNote);
  for (let index = 1; index <= 40; index += 1)
    await add(
      `library-${index}.md`,
      `Library opening hours ${index}`,
      `Branch library ${index} opens at nine on weekdays and at ten on Saturdays.`,
    );
});

describe('a two-part question', () => {
  it('searches each part on its own, carrying the subject the second part leaves out', async () => {
    // The whole question's passages (as many as an answer is chosen from) do not hold who chairs it.
    const whole = await knowledge.search(question, { passages: true, limit: 8 });
    expect(whole.map((passage) => passage.source)).not.toContain('meeting.md');

    const answer = await knowledge.ask(question);
    expect(answer).toMatchObject({ answered: true, outcome: 'answered', language: 'en' });
    const [intro, first, second, ...rest] = answer.answer.split('\n');
    expect(intro).toBe(knowledgeMessages.answerIntro.en);
    expect(first).toMatch(
      /^When was the South East Wales Corporate Joint Committee for regional planning set up\? “[^”]*March 2021/,
    );
    expect(second).toBe(
      `Who chairs it? “${chairNote}” (South East Wales Corporate Joint Committee: meeting of 5 May 2025; meeting.md)`,
    );
    expect(rest).toEqual([]);
  });

  it('gives a language model the passage a part’s own search found, as well as the question’s', async () => {
    const given: AnswerWriterInput[] = [];
    const withModel = createKnowledge({
      store,
      reader: createDocumentReader(),
      answerWriter: {
        async write(input) {
          given.push(input);
          return input.extractive;
        },
      },
    });
    await withModel.ask(question);
    expect(given).toHaveLength(1);
    expect(given[0]!.passages.map((passage) => passage.source)).toContain('meeting.md');
  });
});
