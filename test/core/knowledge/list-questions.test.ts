import { beforeAll, describe, expect, it } from 'vitest';
import { createKnowledge, type KnowledgeService } from '../../../src/core/knowledge/index.ts';
import { createFakeDocumentStore } from './fake-document-store.ts';
import { createFakeReader } from './fake-reader.ts';

let knowledge: KnowledgeService;

beforeAll(async () => {
  knowledge = createKnowledge({
    store: createFakeDocumentStore(),
    reader: createFakeReader({
      'regions.en.md': {
        title: 'Regional working',
        language: 'en',
        body: [
          'In 2021 regulations set up four corporate joint committees in Wales to plan transport and land use.',
          '',
          'The corporate joint committees are those of North Wales, Mid Wales, South West Wales and South East Wales.',
          '',
          'Each of the four corporate joint committees must publish a strategic development plan by 2026.',
        ].join('\n'),
      },
    }),
  });
  await knowledge.ingest(['regions.en.md']);
});

describe('a question that asks for so many things', () => {
  it('quotes the sentence that names them, not one that only says how many there are', async () => {
    const answer = await knowledge.ask('what are the four corporate joint committees?');
    expect(answer.outcome).toBe('answered');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'The corporate joint committees are those of North Wales, Mid Wales, South West Wales and South East Wales.',
    ]);
  });

  it('reads "name the…" the same way', async () => {
    const answer = await knowledge.ask('name the four corporate joint committees');
    expect(answer.citations.map((citation) => citation.quote)).toEqual([
      'The corporate joint committees are those of North Wales, Mid Wales, South West Wales and South East Wales.',
    ]);
  });
});
